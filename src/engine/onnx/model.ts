/**
 * ONNX graphs as plain data, and their encoding as an ONNX ModelProto
 * (field numbers from onnx/onnx.proto, IR version 8, default-domain opset 17).
 */
import type { AttrValue, DType } from '../graph.js';
import { onnxDtypeCode } from '../ops/compare.js';
import { ProtoWriter } from './protobuf.js';

export const OPSET = 17;
export const IR_VERSION = 8;

export interface OnnxValueInfo {
  name: string;
  dtype: DType;
  /** Fixed sizes, or a name for a dimension fixed only at run time (e.g. 'N' rows). */
  shape: readonly (number | string)[];
}

export interface OnnxInitializer {
  name: string;
  dtype: DType;
  shape: readonly number[];
  data: Float32Array | Float64Array | BigInt64Array | Uint8Array;
}

export type OnnxAttr = AttrValue | OnnxGraph;

export interface OnnxNode {
  opType: string;
  inputs: readonly string[];
  outputs: readonly string[];
  attrs: Readonly<Record<string, OnnxAttr>>;
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: OnnxInitializer[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
}

/** Attributes ONNX defines as floats; every other numeric attribute is an int. */
const FLOAT_ATTRS = new Set(['alpha', 'beta', 'mean', 'scale', 'low', 'high', 'seed', 'epsilon', 'momentum', 'ratio', 'min', 'max']);

function isGraph(v: OnnxAttr): v is OnnxGraph {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function writeAttr(w: ProtoWriter, name: string, v: OnnxAttr): void {
  w.string(1, name);
  if (isGraph(v)) {
    w.int(20, 5).message(6, (g) => writeGraph(g, v));
  } else if (typeof v === 'string') {
    w.int(20, 3).string(4, v);
  } else if (typeof v === 'number') {
    if (FLOAT_ATTRS.has(name)) w.int(20, 1).float(2, v);
    else w.int(20, 2).int(3, v);
  } else if (v.length > 0 && typeof v[0] === 'string') {
    w.int(20, 8);
    for (const s of v as string[]) w.string(9, s);
  } else if (FLOAT_ATTRS.has(name)) {
    w.int(20, 6).packedFloats(7, v as number[]);
  } else {
    w.int(20, 7).packedInts(8, v as number[]);
  }
}

function writeValueInfo(w: ProtoWriter, v: OnnxValueInfo): void {
  w.string(1, v.name);
  w.message(2, (type) =>
    type.message(1, (tt) => {
      tt.int(1, onnxDtypeCode(v.dtype));
      tt.message(2, (shape) => {
        for (const d of v.shape) shape.message(1, (dim) => (typeof d === 'string' ? dim.string(2, d) : dim.int(1, d)));
      });
    }),
  );
}

function writeTensor(w: ProtoWriter, t: OnnxInitializer): void {
  if (t.shape.length) w.packedInts(1, t.shape);
  w.int(2, onnxDtypeCode(t.dtype));
  w.string(8, t.name);
  w.bytes(9, new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
}

function writeGraph(w: ProtoWriter, g: OnnxGraph): void {
  for (const n of g.nodes) {
    w.message(1, (nw) => {
      for (const i of n.inputs) nw.string(1, i);
      for (const o of n.outputs) nw.string(2, o);
      nw.string(4, n.opType);
      for (const [k, v] of Object.entries(n.attrs)) nw.message(5, (aw) => writeAttr(aw, k, v));
    });
  }
  w.string(2, g.name);
  for (const t of g.initializers) w.message(5, (tw) => writeTensor(tw, t));
  for (const i of g.inputs) w.message(11, (vw) => writeValueInfo(vw, i));
  for (const o of g.outputs) w.message(12, (vw) => writeValueInfo(vw, o));
}

export function encodeModel(graph: OnnxGraph, producerVersion = '0'): Uint8Array {
  const w = new ProtoWriter();
  w.int(1, IR_VERSION);
  w.string(2, 'ganforge');
  w.string(3, producerVersion);
  w.message(7, (gw) => writeGraph(gw, graph));
  w.message(8, (ow) => ow.string(1, '').int(2, OPSET));
  return w.finish();
}
