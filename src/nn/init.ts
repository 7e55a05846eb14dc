/** Weight initialisers, in PyTorch's [out, in] layout. */
import type { Rng } from '../util/rng.js';

export type InitKind = 'xavier_uniform' | 'he_uniform' | 'torch_default' | 'zeros';
export const INIT_KINDS: readonly InitKind[] = ['xavier_uniform', 'he_uniform', 'torch_default', 'zeros'];

/**
 * - xavier_uniform: U(±√(6/(fan_in+fan_out))), zero bias (Glorot & Bengio 2010; torch.nn.init.xavier_uniform_).
 * - he_uniform: U(±√(6/fan_in)), zero bias (He et al. 2015; Keras he_uniform, torch kaiming_uniform_ for ReLU).
 * - torch_default: nn.Linear's own reset_parameters: weight and bias U(±1/√fan_in).
 * - zeros: weight and bias 0 (an output layer that starts as no correction to a skip path; draws nothing).
 */
export function initLinear(kind: InitKind, fanOut: number, fanIn: number, rng: Rng): { weight: Float32Array; bias: Float32Array } {
  const weight = new Float32Array(fanOut * fanIn);
  const bias = new Float32Array(fanOut);
  if (kind === 'zeros') return { weight, bias };
  const bound = kind === 'xavier_uniform' ? Math.sqrt(6 / (fanIn + fanOut)) : kind === 'he_uniform' ? Math.sqrt(6 / fanIn) : 1 / Math.sqrt(fanIn);
  rng.fillUniform(weight, -bound, bound);
  if (kind === 'torch_default') rng.fillUniform(bias, -bound, bound);
  return { weight, bias };
}
