/** Softmax and LogSoftmax over one axis. */
import type { Tensor } from '../graph.js';
import { mul, sub } from './arithmetic.js';
import { reduceSum } from './reduce.js';
import { registerOp } from './registry.js';
import { exp } from './unary.js';

const normAxis = (x: Tensor, axis: number): number => (axis < 0 ? axis + x.rank : axis);

export const softmax = (x: Tensor, axis = -1): Tensor => x.graph.node('Softmax', [x], { axis: normAxis(x, axis) }, x.shape, x.dtype);
export const logSoftmax = (x: Tensor, axis = -1): Tensor =>
  x.graph.node('LogSoftmax', [x], { axis: normAxis(x, axis) }, x.shape, x.dtype);

// y = softmax(x): dx = y ⊙ (g − Σ_axis g⊙y)
registerOp('Softmax', {
  grad: ({ attrs }, y, g) => [mul(y, sub(g, reduceSum(mul(g, y), [attrs['axis'] as number], true)))],
});
// y = log softmax(x): dx = g − softmax(x) ⊙ Σ_axis g, and softmax(x) = exp(y)
registerOp('LogSoftmax', {
  grad: ({ attrs }, y, g) => [sub(g, mul(exp(y), reduceSum(g, [attrs['axis'] as number], true)))],
});
