/** ReduceSum over axes (ReduceMean derived from it), and Expand, its gradient's partner. */
import { GraphError } from '../../util/errors.js';
import type { Tensor } from '../graph.js';
import { mul } from './arithmetic.js';
import { sumToShape } from './broadcast.js';
import { registerOp } from './registry.js';
import { reshape } from './shape.js';

function normAxes(x: Tensor, axes: readonly number[] | undefined, op: string): number[] {
  const all = axes ?? x.shape.map((_, i) => i);
  const out = all.map((a) => (a < 0 ? a + x.rank : a));
  for (const a of out) {
    if (a < 0 || a >= x.rank) throw new GraphError('GRAPH_BAD_AXIS', `axis ${a} out of range for ${x}`, op);
  }
  return [...new Set(out)].sort((p, q) => p - q);
}

export function reduceSum(x: Tensor, axes?: readonly number[], keepDims = false): Tensor {
  const ax = normAxes(x, axes, 'ReduceSum');
  const shape = keepDims ? x.shape.map((d, i) => (ax.includes(i) ? 1 : d)) : x.shape.filter((_, i) => !ax.includes(i));
  return x.graph.node('ReduceSum', [x], { axes: ax, keepdims: keepDims ? 1 : 0 }, shape, x.dtype);
}

/** Derived: the mean is a sum times 1/n, so it needs no rule of its own. */
export function reduceMean(x: Tensor, axes?: readonly number[], keepDims = false): Tensor {
  const ax = normAxes(x, axes, 'ReduceMean');
  const n = ax.reduce((p, a) => p * x.shape[a]!, 1);
  return mul(reduceSum(x, ax, keepDims), 1 / n);
}

registerOp('ReduceSum', {
  lower: (node, [x], out, ctx) => {
    const axes = node.attrs['axes'] as number[];
    const keep = node.attrs['keepdims'] as number;
    const xt = node.inputs[0]!;
    if (xt.dtype === 'float32' && xt.rank === 2 && axes.length === 1) {
      // A sum over one axis of a matrix is a product with a ones vector: MLAS's Gemm does it
      // several times faster than ORT's ReduceSum (bias gradients, batch statistics).
      const [m, n] = xt.shape as [number, number];
      const across = axes[0] === 0;
      const prod = across
        ? ctx.emit('Gemm', [ctx.ones([1, m]), x!], {}, keep ? out : undefined)
        : ctx.emit('Gemm', [x!, ctx.ones([n, 1])], {}, keep ? out : undefined);
      if (!keep) ctx.emit('Reshape', [prod, ctx.int64([across ? n : m])], {}, out);
      return;
    }
    ctx.emit('ReduceSum', [x!, ctx.int64(axes)], { keepdims: keep }, out);
  },
  grad: ({ inputs: [x], attrs }, _out, g) => {
    const ax = attrs['axes'] as number[];
    const kept = x!.shape.map((d, i) => (ax.includes(i) ? 1 : d));
    return [expand(reshape(g, kept), x!.shape)];
  },
});

/** Broadcasts x to `shape`. */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  if (x.shape.length === shape.length && x.shape.every((d, i) => d === shape[i])) return x;
  const lead = shape.length - x.rank;
  x.shape.forEach((d, i) => {
    if (lead < 0 || (d !== 1 && d !== shape[lead + i])) {
      throw new GraphError('GRAPH_SHAPE_MISMATCH', `cannot expand ${x} to [${shape.join(', ')}]`, 'Expand');
    }
  });
  return x.graph.node('Expand', [x], { shape: [...shape] }, shape, x.dtype);
}
registerOp('Expand', {
  lower: (node, [x], out, ctx) => {
    ctx.emit('Expand', [x!, ctx.int64(node.attrs['shape'] as number[])], {}, out);
  },
  grad: ({ inputs: [x] }, _out, g) => [sumToShape(g, x!.shape)],
});
