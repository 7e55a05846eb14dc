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

/**
 * softmax(x) with every probability raised to at least `floor` (a normal float32, e.g. 1e-30), and
 * the softmax gradient taken at the floored y. A plain Softmax underflows into float32 denormals
 * once a logit trails the largest by more than ~87, and its gradient y ⊙ (g − Σ g⊙y) inherits
 * them: x86 cores run the products over denormals on microcode assists, many times slower. The
 * values change by at most `floor` each, the gradients by at most `floor` times g's scale.
 */
export const flooredSoftmax = (x: Tensor, floor: number, axis = -1): Tensor =>
  x.graph.node('FlooredSoftmax', [x, x.graph.scalar(floor, x.dtype)], { axis: normAxis(x, axis) }, x.shape, x.dtype);

// y = softmax(x): dx = y ⊙ (g − Σ_axis g⊙y)
const softmaxGrad = (y: Tensor, g: Tensor, axis: number): Tensor => mul(y, sub(g, reduceSum(mul(g, y), [axis], true)));
registerOp('Softmax', {
  grad: ({ attrs }, y, g) => [softmaxGrad(y, g, attrs['axis'] as number)],
});
registerOp('FlooredSoftmax', {
  lower: (node, [x, floor], out, ctx) => {
    ctx.emit('Max', [ctx.emit('Softmax', [x!], { axis: node.attrs['axis']! }), floor!], {}, out);
  },
  grad: ({ attrs }, y, g) => [softmaxGrad(y, g, attrs['axis'] as number), null],
});
// y = log softmax(x): dx = g − softmax(x) ⊙ Σ_axis g, and softmax(x) = exp(y)
registerOp('LogSoftmax', {
  grad: ({ attrs }, y, g) => [sub(g, mul(exp(y), reduceSum(g, [attrs['axis'] as number], true)))],
});
