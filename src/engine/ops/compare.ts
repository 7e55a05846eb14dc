/** Comparisons (bool outputs, no gradient), Where, Clip and Cast. */
import { GraphError } from '../../util/errors.js';
import type { DType, Tensor } from '../graph.js';
import { lift, type TensorLike } from './arithmetic.js';
import { broadcastShapes, sumToShape } from './broadcast.js';
import { registerOp } from './registry.js';

function compare(op: string, a: TensorLike, b: TensorLike): Tensor {
  const [ta, tb] = lift(a, b, op);
  return ta.graph.node(op, [ta, tb], {}, broadcastShapes(ta.shape, tb.shape, op), 'bool');
}

export const greater = (a: TensorLike, b: TensorLike): Tensor => compare('Greater', a, b);
export const less = (a: TensorLike, b: TensorLike): Tensor => compare('Less', a, b);
export const equal = (a: TensorLike, b: TensorLike): Tensor => compare('Equal', a, b);
for (const op of ['Greater', 'Less', 'Equal']) registerOp(op, { nonDifferentiable: true });

/** cond ? a : b, elementwise with broadcasting. */
export function where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor {
  if (cond.dtype !== 'bool') throw new GraphError('GRAPH_DTYPE_MISMATCH', `condition ${cond.name} must be bool, is ${cond.dtype}`, 'Where');
  const [ta, tb] = lift(a, b, 'Where');
  const shape = broadcastShapes(cond.shape, broadcastShapes(ta.shape, tb.shape, 'Where'), 'Where');
  return cond.graph.node('Where', [cond, ta, tb], {}, shape, ta.dtype);
}
registerOp('Where', {
  grad: ({ inputs: [c, a, b] }, _out, g) => [null, sumToShape(where(c!, g, 0), a!.shape), sumToShape(where(c!, 0, g), b!.shape)],
});

/** Clamps to [lo, hi]; the gradient passes only where the input was inside the range. */
export function clip(x: Tensor, lo: number, hi: number): Tensor {
  if (!(lo <= hi)) throw new GraphError('GRAPH_BAD_ATTR', `clip range [${lo}, ${hi}] is empty`, 'Clip');
  return x.graph.node('Clip', [x, x.graph.scalar(lo, x.dtype), x.graph.scalar(hi, x.dtype)], {}, x.shape, x.dtype);
}
registerOp('Clip', {
  grad: ({ inputs: [x, lo, hi] }, _out, g) => [where(less(x!, lo!), 0, where(greater(x!, hi!), 0, g)), null, null],
});

const ONNX_DTYPE: Record<DType, number> = { float32: 1, float64: 11, int64: 7, bool: 9 };
export const onnxDtypeCode = (d: DType): number => ONNX_DTYPE[d];

export function cast(x: Tensor, to: DType): Tensor {
  if (x.dtype === to) return x;
  return x.graph.node('Cast', [x], { to: ONNX_DTYPE[to] }, x.shape, to);
}
registerOp('Cast', {
  grad: ({ inputs: [x] }, out, g) => (out.dtype === 'bool' || x!.dtype === 'bool' || x!.dtype === 'int64' ? [null] : [cast(g, x!.dtype)]),
});
