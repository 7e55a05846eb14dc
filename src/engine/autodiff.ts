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
  if (!isFloat(y.dtype)) throw new GraphError('NOT_DIFFERENTIABLE', `cannot differentiate ${y} of dtype ${y.dtype}`);
  const n = y.id + 1;

  // Tensors that depend on some wrt tensor (forward reachability, in id order).
  const fromWrt = new Uint8Array(n);
  for (const w of wrt) if (w.id < n) fromWrt[w.id] = 1;
  for (let id = 0; id < n; id++) {
    const t = graph.tensors[id]!;
    if (!fromWrt[id] && t.node && t.node.inputs.some((i) => fromWrt[i.id])) fromWrt[id] = 1;
  }

  const grads = new Map<number, Tensor>();
  grads.set(y.id, opts.seed ?? expand(graph.scalar(1, y.dtype), y.shape));

  for (let id = y.id; id >= 0; id--) {
    const g = grads.get(id);
    const t = graph.tensors[id]!;
    if (!g || !t.node || !fromWrt[id]) continue;
    const def = opDef(t.node.op);
    if (!def) throw new GraphError('UNKNOWN_OP', `op ${t.node.op} is not registered`, t.name);
    if (def.nonDifferentiable) continue;
    if (!def.grad) throw new GraphError('NO_GRADIENT', `no gradient for ${t.node.op}`, t.name, 'use a differentiable op or stop the gradient before it');
    const inputGrads = def.grad(t.node, t, g);
    t.node.inputs.forEach((inp, k) => {
      const gi = inputGrads[k];
      if (!gi || !fromWrt[inp.id] || !isFloat(inp.dtype)) return;
      if (gi.shape.length !== inp.shape.length || gi.shape.some((d, j) => d !== inp.shape[j])) {
        throw new GraphError('GRAD_SHAPE', `gradient rule of ${t.node!.op} gave ${gi} for input ${inp}`, t.name);
      }
      const prev = grads.get(inp.id);
      grads.set(inp.id, prev ? add(prev, gi) : gi);
    });
  }

  return wrt.map((w) => {
    const g = grads.get(w.id);
    if (g) return g;
    if (opts.allowUnused) return null;
    throw new GraphError('NO_PATH', `${y.name} does not depend on ${w.name}, so it has no gradient`, w.name,
      'remove it from the list or pass allowUnused');
  });
}
