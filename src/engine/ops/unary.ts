/** Elementwise unary math and activations, each with its gradient rule. */
import type { Tensor } from '../graph.js';
import { div, mul, neg, sub } from './arithmetic.js';
import { greater, where } from './compare.js';
import { registerOp } from './registry.js';

const unary = (op: string, x: Tensor, attrs: Record<string, number> = {}): Tensor => x.graph.node(op, [x], attrs, x.shape, x.dtype);

export const sqrt = (x: Tensor): Tensor => unary('Sqrt', x);
export const exp = (x: Tensor): Tensor => unary('Exp', x);
export const log = (x: Tensor): Tensor => unary('Log', x);
export const abs = (x: Tensor): Tensor => unary('Abs', x);
export const sign = (x: Tensor): Tensor => unary('Sign', x);
export const relu = (x: Tensor): Tensor => unary('Relu', x);
export const leakyRelu = (x: Tensor, alpha = 0.01): Tensor => unary('LeakyRelu', x, { alpha });
export const tanh = (x: Tensor): Tensor => unary('Tanh', x);
export const sigmoid = (x: Tensor): Tensor => unary('Sigmoid', x);
/** log(1 + e^x), computed stably by ONNX Runtime. */
export const softplus = (x: Tensor): Tensor => unary('Softplus', x);
export const cos = (x: Tensor): Tensor => unary('Cos', x);
export const sin = (x: Tensor): Tensor => unary('Sin', x);

registerOp('Sqrt', { grad: (_n, out, g) => [div(mul(g, 0.5), out)] });
registerOp('Exp', { grad: (_n, out, g) => [mul(g, out)] });
registerOp('Log', { grad: ({ inputs: [x] }, _out, g) => [div(g, x!)] });
registerOp('Abs', { grad: ({ inputs: [x] }, _out, g) => [mul(g, sign(x!))] });
registerOp('Sign', { nonDifferentiable: true });
registerOp('Cos', { grad: ({ inputs: [x] }, _out, g) => [neg(mul(g, sin(x!)))] });
registerOp('Sin', { grad: ({ inputs: [x] }, _out, g) => [mul(g, cos(x!))] });
// Relu'(x) = [x > 0]; the mask is a constant of the graph, so second derivatives are zero as they should be.
registerOp('Relu', { grad: ({ inputs: [x] }, _out, g) => [where(greater(x!, 0), g, 0)] });
registerOp('LeakyRelu', {
  grad: ({ inputs: [x], attrs }, _out, g) => [where(greater(x!, 0), g, mul(g, attrs['alpha'] as number))],
});
registerOp('Tanh', { grad: (_n, out, g) => [mul(g, sub(1, mul(out, out)))] });
registerOp('Sigmoid', { grad: (_n, out, g) => [mul(g, mul(out, sub(1, out)))] });
registerOp('Softplus', {
  // ONNX Runtime has no float64 Softplus kernel: there, use relu(x) + log(1 + e^−|x|), also stable.
  lower: (node, [x], out, ctx) => {
    if (node.inputs[0]!.dtype !== 'float64') {
      ctx.emit('Softplus', [x!], {}, out);
      return;
    }
    const one = ctx.emit('Cast', [ctx.int64([1], true)], { to: 11 });
    const e = ctx.emit('Exp', [ctx.emit('Neg', [ctx.emit('Abs', [x!])])]);
    ctx.emit('Add', [ctx.emit('Relu', [x!]), ctx.emit('Log', [ctx.emit('Add', [one, e])])], {}, out);
  },
  grad: ({ inputs: [x] }, _out, g) => [mul(g, sigmoid(x!))],
});

/** Derived: a stable log-sigmoid, log σ(x) = −softplus(−x). */
export const logSigmoid = (x: Tensor): Tensor => neg(softplus(neg(x)));
