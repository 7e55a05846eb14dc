/** Add, Sub, Mul, Div, Neg, Pow with broadcasting; gradients summed back to each input's shape. */
import { GraphError } from '../../util/errors.js';
import type { Tensor } from '../graph.js';
import { broadcastShapes, sumToShape } from './broadcast.js';
import { registerOp } from './registry.js';
import { log } from './unary.js';

export type TensorLike = Tensor | number;

/** Turns numbers into scalar constants of the other operand's dtype. */
export function lift(a: TensorLike, b: TensorLike, op: string): [Tensor, Tensor] {
  if (typeof a === 'number' && typeof b === 'number') throw new GraphError('GRAPH_NO_TENSOR', 'both operands are numbers', op);
  const ta = typeof a === 'number' ? (b as Tensor).graph.scalar(a, (b as Tensor).dtype) : a;
  const tb = typeof b === 'number' ? ta.graph.scalar(b, ta.dtype) : b;
  if (ta.dtype !== tb.dtype) {
    throw new GraphError('GRAPH_DTYPE_MISMATCH', `operands have dtypes ${ta.dtype} (${ta.name}) and ${tb.dtype} (${tb.name})`, op, 'cast one of them');
  }
  return [ta, tb];
}

function binary(op: string, a: TensorLike, b: TensorLike): Tensor {
  const [ta, tb] = lift(a, b, op);
  return ta.graph.node(op, [ta, tb], {}, broadcastShapes(ta.shape, tb.shape, op), ta.dtype);
}

export const add = (a: TensorLike, b: TensorLike): Tensor => binary('Add', a, b);
export const sub = (a: TensorLike, b: TensorLike): Tensor => binary('Sub', a, b);
export const mul = (a: TensorLike, b: TensorLike): Tensor => binary('Mul', a, b);
export const div = (a: TensorLike, b: TensorLike): Tensor => binary('Div', a, b);
/** a ** b, elementwise with broadcasting. */
export const pow = (a: TensorLike, b: TensorLike): Tensor => binary('Pow', a, b);
export const neg = (x: Tensor): Tensor => x.graph.node('Neg', [x], {}, x.shape, x.dtype);
export const square = (x: Tensor): Tensor => mul(x, x);

registerOp('Add', {
  grad: ({ inputs: [a, b] }, _out, g) => [sumToShape(g, a!.shape), sumToShape(g, b!.shape)],
});
registerOp('Sub', {
  grad: ({ inputs: [a, b] }, _out, g) => [sumToShape(g, a!.shape), sumToShape(neg(g), b!.shape)],
});
registerOp('Mul', {
  grad: ({ inputs: [a, b] }, _out, g) => [sumToShape(mul(g, b!), a!.shape), sumToShape(mul(g, a!), b!.shape)],
});
registerOp('Div', {
  // d(a/b)/da = 1/b; d(a/b)/db = -a/b² = -out/b
  grad: ({ inputs: [a, b] }, out, g) => [sumToShape(div(g, b!), a!.shape), sumToShape(neg(div(mul(g, out), b!)), b!.shape)],
});
registerOp('Neg', { grad: (_n, _out, g) => [neg(g)] });
registerOp('Pow', {
  // d(a^b)/da = b·a^(b−1); d(a^b)/db = a^b·ln a (only needed when b is not a constant)
  grad: ({ inputs: [a, b] }, out, g) => [
    sumToShape(mul(g, mul(b!, pow(a!, sub(b!, 1)))), a!.shape),
    b!.kind === 'constant' ? null : sumToShape(mul(g, mul(out, log(a!))), b!.shape),
  ],
});
