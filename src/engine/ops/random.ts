/**
 * In-graph random draws (ONNX RandomNormalLike / RandomUniformLike). Training feeds its noise and
 * dropout masks from the explicit JS Rng instead, so that runs are reproducible across sessions
 * and resumes; these are for graphs that must be self-contained. Each always takes a runtime
 * tensor as input (ONNX Runtime would otherwise constant-fold the draw).
 */
import type { Tensor } from '../graph.js';
import { registerOp } from './registry.js';
import { onnxDtypeCode } from './compare.js';

export function randomNormalLike(like: Tensor, seed: number, mean = 0, scale = 1): Tensor {
  return like.graph.node('RandomNormalLike', [like], { seed, mean, scale, dtype: onnxDtypeCode(like.dtype) }, like.shape, like.dtype);
}

export function randomUniformLike(like: Tensor, seed: number, low = 0, high = 1): Tensor {
  return like.graph.node('RandomUniformLike', [like], { seed, low, high, dtype: onnxDtypeCode(like.dtype) }, like.shape, like.dtype);
}

registerOp('RandomNormalLike', { nonDifferentiable: true });
registerOp('RandomUniformLike', { nonDifferentiable: true });
