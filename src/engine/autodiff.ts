/**
 * Reverse-mode autodiff at graph-construction time: walks the nodes between `wrt` and `y` in
 * reverse topological order and asks each op's rule for its inputs' gradients. The rules build
 * ordinary graph nodes, so the result can be differentiated again (WGAN-GP needs that).
 */
import { GraphError } from '../util/errors.js';
import { isFloat, type Tensor } from './graph.js';
import { add } from './ops/arithmetic.js';
import { opDef } from './ops/registry.js';
import { expand } from './ops/reduce.js';
import { concat, pad } from './ops/shape.js';

export interface GradOptions {
  /** Gradient of the output (default: ones, i.e. d(sum y)/dx). */
  seed?: Tensor;
  /** Return null instead of failing for a `wrt` tensor that `y` does not depend on. */
  allowUnused?: boolean;
}

export function gradients(y: Tensor, wrt: readonly Tensor[], opts: GradOptions & { allowUnused: true }): (Tensor | null)[];
export function gradients(y: Tensor, wrt: readonly Tensor[], opts?: GradOptions): Tensor[];
export function gradients(y: Tensor, wrt: readonly Tensor[], opts: GradOptions = {}): (Tensor | null)[] {
  const graph = y.graph;
  if (!isFloat(y.dtype)) throw new GraphError('GRAPH_NOT_DIFFERENTIABLE', `cannot differentiate ${y} of dtype ${y.dtype}`);
  const n = y.id + 1;

  // Tensors that depend on some wrt tensor (forward reachability, in id order).
  const fromWrt = new Uint8Array(n);
  for (const w of wrt) if (w.id < n) fromWrt[w.id] = 1;
  for (let id = 0; id < n; id++) {
    const t = graph.tensors[id]!;
    if (!fromWrt[id] && t.node && t.node.inputs.some((i) => fromWrt[i.id])) fromWrt[id] = 1;
  }

  const needs = (t: Tensor): boolean => t.id < n && fromWrt[t.id] === 1 && isFloat(t.dtype);

  // Every consumer's contribution to a tensor's gradient, summed when the walk reaches the tensor
  // (all its consumers have larger ids, so by then every contribution is in).
  const parts = new Map<number, Tensor[]>();
  parts.set(y.id, [opts.seed ?? expand(graph.scalar(1, y.dtype), y.shape)]);
  const grads = new Map<number, Tensor>();
  const gradOf = (id: number): Tensor | undefined => {
    let g = grads.get(id);
    if (!g) {
      const list = parts.get(id);
      if (!list) return undefined;
      g = sumGradients(list);
      grads.set(id, g);
      parts.delete(id);
    }
    return g;
  };

  for (let id = y.id; id >= 0; id--) {
    const g = gradOf(id);
    const t = graph.tensors[id]!;
    if (!g || !t.node || !fromWrt[id]) continue;
    const def = opDef(t.node.op);
    if (!def) throw new GraphError('GRAPH_UNKNOWN_OP', `op ${t.node.op} is not registered`, t.name);
    if (def.nonDifferentiable) continue;
    if (!def.grad) throw new GraphError('GRAPH_NO_GRADIENT', `no gradient for ${t.node.op}`, t.name, 'use a differentiable op or stop the gradient before it');
    const inputGrads = def.grad(t.node, t, g, needs);
    t.node.inputs.forEach((inp, k) => {
      const gi = inputGrads[k];
      if (!gi || !fromWrt[inp.id] || !isFloat(inp.dtype)) return;
      if (gi.shape.length !== inp.shape.length || gi.shape.some((d, j) => d !== inp.shape[j])) {
        throw new GraphError('GRAPH_GRAD_SHAPE', `gradient rule of ${t.node!.op} gave ${gi} for input ${inp}`, t.name);
      }
      const list = parts.get(inp.id);
      if (list) list.push(gi);
      else parts.set(inp.id, [gi]);
    });
  }

  return wrt.map((w) => {
    const g = gradOf(w.id);
    if (g) return g;
    if (opts.allowUnused) return null;
    throw new GraphError('GRAPH_NO_PATH', `${y.name} does not depend on ${w.name}, so it has no gradient`, w.name,
      'remove it from the list or pass allowUnused');
  });
}

/** A zero-padded gradient along one axis (a Slice's gradient): the axis, the slice's range and the unpadded part. */
function paddedPart(g: Tensor): { axis: number; start: number; end: number; part: Tensor } | null {
  if (g.node?.op !== 'Pad') return null;
  const pads = g.node.attrs['pads'] as number[];
  const r = g.rank;
  const axes = g.shape.map((_, i) => i).filter((i) => pads[i]! !== 0 || pads[r + i]! !== 0);
  if (axes.length !== 1) return null;
  const a = axes[0]!;
  return { axis: a, start: pads[a]!, end: g.shape[a]! - pads[r + a]!, part: g.node.inputs[0]! };
}

/**
 * Sums a tensor's gradient contributions. The gradients of several slices of one tensor (output
 * heads per column span, the conditional loss per category block) are put side by side with one
 * Concat — parts of the same range summed first, zeros between — instead of padding each part to
 * the full width and adding them up (a full-size Pad and Add per slice).
 */
function sumGradients(list: readonly Tensor[]): Tensor {
  if (list.length === 1) return list[0]!;
  const pieces = alignedPieces(list);
  if (pieces) return concat(pieces, 1);
  const padded = list.map(paddedPart);
  const axis = padded.find((p) => p)?.axis;
  const ranges = new Map<string, { start: number; end: number; part: Tensor }>();
  const rest: Tensor[] = [];
  list.forEach((g, i) => {
    const p = padded[i];
    if (!p || p.axis !== axis) return void rest.push(g);
    const key = `${p.start}:${p.end}`;
    const r = ranges.get(key);
    if (r) r.part = add(r.part, p.part);
    else ranges.set(key, { start: p.start, end: p.end, part: p.part });
  });
  const sorted = [...ranges.values()].sort((a, b) => a.start - b.start);
  if (sorted.length === 0) return rest.reduce((a, b) => add(a, b));
  const full = list[padded.findIndex((p) => p)]!;
  const ax = axis!;
  const padTo = (part: Tensor, start: number, end: number): Tensor => {
    const before = full.shape.map(() => 0), after = full.shape.map(() => 0);
    before[ax] = start;
    after[ax] = full.shape[ax]! - end;
    return pad(part, before, after);
  };
  if (sorted.length === 1) {
    rest.unshift(padTo(sorted[0]!.part, sorted[0]!.start, sorted[0]!.end));
  } else {
    const pieces: Tensor[] = [];
    let at = 0;
    const zeros = (from: number, to: number): Tensor => expand(full.graph.scalar(0, full.dtype), full.shape.map((d, i) => (i === ax ? to - from : d)));
    for (const r of sorted) {
      // A range overlapping the previous one is padded and added as before.
      if (r.start < at) {
        rest.push(padTo(r.part, r.start, r.end));
        continue;
      }
      if (r.start > at) pieces.push(zeros(at, r.start));
      pieces.push(r.part);
      at = r.end;
    }
    if (at < full.shape[ax]!) pieces.push(zeros(at, full.shape[ax]!));
    rest.unshift(concat(pieces, ax));
  }
  return rest.reduce((a, b) => add(a, b));
}

/** A tensor of zeros made by expanding the scalar 0 (the gradient of parts nothing needs). */
function isZeros(t: Tensor): boolean {
  const x = t.node?.op === 'Expand' ? t.node.inputs[0]! : null;
  return x !== null && x.kind === 'constant' && x.rank === 0 && Number(x.constant!.values[0]) === 0;
}

/**
 * Gradient contributions that are all concatenations along axis 1 with the same piece widths (a
 * Gemm's partial input gradient, see ops/gemm.ts): summed piece by piece, pieces of zeros left
 * out, so that slicing the sum at its pieces' edges takes a piece and nothing full-width is made.
 */
function alignedPieces(list: readonly Tensor[]): Tensor[] | null {
  const parts = list.map((g) => (g.rank === 2 && g.node?.op === 'Concat' && g.node.attrs['axis'] === 1 ? g.node.inputs : null));
  const first = parts[0];
  if (!first || parts.some((p) => !p || p.length !== first.length || p.some((x, i) => x.shape[1] !== first[i]!.shape[1]))) return null;
  return first.map((_, i) => {
    const terms = parts.map((p) => p![i]!).filter((x) => !isZeros(x));
    return terms.length ? terms.reduce((a, b) => add(a, b)) : parts[0]![i]!;
  });
}
