/** Numpy-style broadcasting of shapes, and summing a broadcast gradient back to an input's shape. */
import { GraphError } from '../../util/errors.js';
import type { Tensor } from '../graph.js';
import { reduceSum } from './reduce.js';
import { reshape } from './shape.js';

export function broadcastShapes(a: readonly number[], b: readonly number[], op: string): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new GraphError('GRAPH_SHAPE_MISMATCH', `cannot broadcast shapes [${a.join(', ')}] and [${b.join(', ')}]`, op,
        'make the trailing dimensions equal or 1');
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Sums `g` (of a broadcast result shape) down to `shape`: the gradient rule of broadcasting. */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (g.shape.length === shape.length && g.shape.every((d, i) => d === shape[i])) return g;
  const lead = g.shape.length - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.shape.length; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  const summed = axes.length ? reduceSum(g, axes, true) : g;
  return reshape(summed, shape);
}
