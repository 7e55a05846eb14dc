/** Transforms applied to a batch before the discriminator sees it. */
import { GraphError } from '../util/errors.js';
import { concat, div, mul, reduceMean, reshape, sqrt, square, sub, add, type Tensor } from '../engine/index.js';

/**
 * Per-row sample moments of x [B, N] → [B, 4]: mean, population std, skewness E[z³] and excess
 * kurtosis E[z⁴] − 3 with z = (x − mean)/std (as the 1-D Gaussian experiment's discriminator sees them).
 */
export function moments(x: Tensor): Tensor {
  const mean = reduceMean(x, [1], true);
  const d = sub(x, mean);
  const variance = reduceMean(square(d), [1], true);
  const std = sqrt(add(variance, 1e-12));
  const z = div(d, std);
  const z2 = square(z);
  const skew = reduceMean(mul(z2, z), [1], true);
  const kurt = sub(reduceMean(square(z2), [1], true), 3);
  return concat([mean, std, skew, kurt], 1);
}

/** PacGAN packing (Lin et al. 2018): k consecutive rows become one discriminator input [B/k, k·d]. */
export function pack(x: Tensor, k: number): Tensor {
  if (k === 1) return x;
  const [b, d] = x.shape as [number, number];
  if (b % k !== 0) throw new GraphError('GRAPH_SHAPE_MISMATCH', `batch of ${b} rows is not a multiple of pac = ${k}`, 'pack', 'choose a batch size divisible by pac');
  return reshape(x, [b / k, k * d]);
}

export type DiscriminatorFeatures = 'raw' | 'moments';

export function featureWidth(kind: DiscriminatorFeatures, dataDim: number, pac: number): number {
  return (kind === 'moments' ? 4 : dataDim) * pac;
}

export function discriminatorInput(kind: DiscriminatorFeatures, x: Tensor, pac: number): Tensor {
  return pack(kind === 'moments' ? moments(x) : x, pac);
}

