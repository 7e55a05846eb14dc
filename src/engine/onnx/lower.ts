/** Lowers the part of a Graph that some outputs need into an ONNX graph (plain data). */
import { GraphError } from '../../util/errors.js';
import type { Attrs, Graph, Tensor } from '../graph.js';
import { opDef, type LoweringContext } from '../ops/registry.js';
import type { OnnxGraph, OnnxNode } from './model.js';

export interface LowerSpec {
  /** Tensors that become graph inputs, with the input names to use. */
  inputs: readonly { tensor: Tensor; name: string }[];
  /** Tensors already in scope under these names (outer-scope values, values made by extra nodes). */
  bound?: ReadonlyMap<Tensor, string>;
  outputs: readonly { tensor: Tensor; name: string }[];
  /** Variables baked into the model as initializers (a standalone model), with their values. */
  embed?: ReadonlyMap<Tensor, Float32Array | Float64Array>;
}

/** Follows alias ops (StopGradient) back to the tensor that holds the value. */
function resolve(t: Tensor): Tensor {
  while (t.node && opDef(t.node.op)?.alias) t = t.node.inputs[0]!;
  return t;
}

export function lowerGraph(graph: Graph, spec: LowerSpec, graphName: string): OnnxGraph {
  const names = new Map<number, string>();
  for (const { tensor, name } of spec.inputs) names.set(tensor.id, name);
  for (const [tensor, name] of spec.bound ?? []) names.set(tensor.id, name);

  // Name an op's result directly after the output it is, so no Identity copy is needed.
  for (const { tensor, name } of spec.outputs) {
    const t = resolve(tensor);
    if (t.kind === 'op' && !names.has(t.id)) names.set(t.id, name);
  }

  const out: OnnxGraph = { name: graphName, nodes: [], initializers: [], inputs: [], outputs: [] };
  for (const { tensor, name } of spec.inputs) out.inputs.push({ name, dtype: tensor.dtype, shape: tensor.shape });

  let k = 0;
  const constCache = new Map<string, string>();
  const ctx: LoweringContext = {
    emit(opType: string, inputs: readonly string[], attrs: Attrs = {}, output?: string): string {
      const o = output ?? `${graphName}_x${k++}`;
      const node: OnnxNode = { opType, inputs: [...inputs], outputs: [o], attrs };
      out.nodes.push(node);
      return o;
    },
    int64(values: readonly number[], scalar = false): string {
      const key = `${scalar ? 's' : 'v'}${values.join(',')}`;
      let name = constCache.get(key);
      if (!name) {
        name = `${graphName}_i64_${constCache.size}`;
        constCache.set(key, name);
        out.initializers.push({ name, dtype: 'int64', shape: scalar ? [] : [values.length], data: BigInt64Array.from(values.map(BigInt)) });
      }
      return name;
    },
    ones(shape: readonly number[]): string {
      const key = `ones${shape.join('x')}`;
      let name = constCache.get(key);
      if (!name) {
        name = `${graphName}_ones_${shape.join('x')}`;
        constCache.set(key, name);
        const size = shape.reduce((p, d) => p * d, 1);
        out.initializers.push({ name, dtype: 'float32', shape: [...shape], data: new Float32Array(size).fill(1) });
      }
      return name;
    },
  };

  const nameOf = (t: Tensor): string => {
    const r = resolve(t);
    return names.get(r.id) ?? `${graphName}_t${r.id}`;
  };
  for (const t of graph.ancestors(spec.outputs.map((o) => o.tensor))) {
    if (names.has(t.id) && t.kind !== 'op') continue;
    if (t.node && opDef(t.node.op)?.alias) continue;
    const embedded = spec.embed?.get(t);
    if (embedded) {
      out.initializers.push({ name: nameOf(t), dtype: t.dtype, shape: t.shape, data: embedded });
      continue;
    }
    if (t.kind === 'input' || t.kind === 'variable') {
      throw new GraphError('GRAPH_MISSING_INPUT', `the program needs ${t.kind} ${t.name} but it is not among its inputs`, t.name);
    }
    if (t.kind === 'constant') {
      out.initializers.push({ name: nameOf(t), dtype: t.dtype, shape: t.shape, data: t.constant!.values });
      continue;
    }
    const node = t.node!;
    const def = opDef(node.op);
    if (!def) throw new GraphError('GRAPH_UNKNOWN_OP', `op ${node.op} is not registered`, t.name);
    const inputs = node.inputs.map(nameOf);
    if (def.lower) def.lower(node, inputs, nameOf(t), ctx);
    else ctx.emit(node.op, inputs, node.attrs, nameOf(t));
  }

  spec.outputs.forEach(({ tensor, name }) => {
    if (nameOf(tensor) !== name) ctx.emit('Identity', [nameOf(tensor)], {}, name);
    out.outputs.push({ name, dtype: tensor.dtype, shape: tensor.shape });
  });
  return out;
}
