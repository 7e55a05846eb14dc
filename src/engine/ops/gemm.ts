/**
 * Gemm: Y = alpha·op(A)·op(B) + beta·C, op = optional transpose; MatMul is Gemm without C.
 * Weights are kept in PyTorch layout [out, in] and used with transB = 1.
 */
import { GraphError } from '../../util/errors.js';
import type { Tensor } from '../graph.js';
import { mul } from './arithmetic.js';
import { expand } from './reduce.js';
import { concat, slice } from './shape.js';
import { broadcastShapes, sumToShape } from './broadcast.js';
import { registerOp } from './registry.js';

export interface GemmOptions {
  transA?: boolean;
  transB?: boolean;
  alpha?: number;
  beta?: number;
}

export function gemm(a: Tensor, b: Tensor, c: Tensor | null = null, o: GemmOptions = {}): Tensor {
  const transA = o.transA ? 1 : 0;
  const transB = o.transB ? 1 : 0;
  if (a.rank !== 2 || b.rank !== 2) throw new GraphError('GRAPH_SHAPE_MISMATCH', `gemm needs matrices, got ${a} and ${b}`, 'Gemm');
  const [m, k] = transA ? [a.shape[1]!, a.shape[0]!] : [a.shape[0]!, a.shape[1]!];
  const [k2, n] = transB ? [b.shape[1]!, b.shape[0]!] : [b.shape[0]!, b.shape[1]!];
  if (k !== k2) {
    throw new GraphError('GRAPH_SHAPE_MISMATCH', `inner dimensions differ: ${a}${transA ? 'ᵀ' : ''} · ${b}${transB ? 'ᵀ' : ''}`, 'Gemm');
  }
  if (a.dtype !== b.dtype || (c && c.dtype !== a.dtype)) throw new GraphError('GRAPH_DTYPE_MISMATCH', `gemm operands ${a}, ${b} differ in dtype`, 'Gemm');
  const inputs = [a, b];
  if (c) {
    if (broadcastShapes(c.shape, [m, n], 'Gemm').some((d, i) => d !== [m, n][i])) {
      throw new GraphError('GRAPH_SHAPE_MISMATCH', `bias ${c} does not broadcast to [${m}, ${n}]`, 'Gemm');
    }
    inputs.push(c);
  }
  const attrs = { transA, transB, alpha: o.alpha ?? 1, beta: o.beta ?? 1 };
  return a.graph.node('Gemm', inputs, attrs, [m, n], a.dtype);
}

export const matmul = (a: Tensor, b: Tensor, o: GemmOptions = {}): Tensor => gemm(a, b, null, o);

registerOp('Gemm', {
  grad: ({ inputs: [a, b, c], attrs }, _out, g, needs) => {
    const tA = attrs['transA'] === 1;
    const tB = attrs['transB'] === 1;
    const alpha = attrs['alpha'] as number;
    const beta = attrs['beta'] as number;
    // With Y = op(A)·op(B): dop(A) = G·op(B)ᵀ and dop(B) = op(A)ᵀ·G, then undo each op.
    const ga = (!tA && partialInputGradient(a!, b!, g, tB, alpha, needs)) || (tA ? gemm(b!, g, null, { transA: tB, transB: true, alpha }) : gemm(g, b!, null, { transB: !tB, alpha }));
    const gb = tB ? gemm(g, a!, null, { transA: true, transB: tA, alpha }) : gemm(a!, g, null, { transA: !tA, alpha });
    const grads: (Tensor | null)[] = [ga, gb];
    if (c) grads.push(sumToShape(beta === 1 ? g : mul(g, beta), c.shape));
    return grads;
  },
});

/**
 * dA of Y = A·op(B) where A is a concatenation of columns (a residual block's [h, x], nested)
 * some of which need no gradient (the generator's noise, condition and prior): only the columns
 * that do, each as G·op(B)ᵀ over its own rows of op(B), zeros for the rest, so the matrix product
 * skips those columns. null where every column needs its gradient (the one full product is cheaper).
 */
function partialInputGradient(a: Tensor, b: Tensor, g: Tensor, tB: boolean, alpha: number, needs: (t: Tensor) => boolean): Tensor | null {
  const leaves: Tensor[] = [];
  const flatten = (t: Tensor): void => {
    if (t.node?.op === 'Concat' && t.node.attrs['axis'] === 1 && t.rank === 2) t.node.inputs.forEach(flatten);
    else leaves.push(t);
  };
  flatten(a);
  if (leaves.length < 2 || leaves.every(needs) || !leaves.some(needs)) return null;
  const pieces: Tensor[] = [];
  let at = 0, unneeded = 0;
  const zeros = (): void => {
    if (unneeded) pieces.push(expand(g.graph.scalar(0, g.dtype), [g.shape[0]!, unneeded]));
    unneeded = 0;
  };
  for (const leaf of leaves) {
    const w = leaf.shape[1]!;
    if (needs(leaf)) {
      zeros();
      // op(B)'s rows at..at+w: B's columns (transB, the [out, in] weight layout) or rows.
      const part = tB ? slice(b, [at], [at + w], [1]) : slice(b, [at], [at + w], [0]);
      pieces.push(gemm(g, part, null, { transB: !tB, alpha }));
    } else {
      unneeded += w;
    }
    at += w;
  }
  zeros();
  return concat(pieces, 1);
}