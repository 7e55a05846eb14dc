/**
 * Mode-specific normalisation (Xu et al., "Modeling Tabular Data using Conditional GAN",
 * NeurIPS 2019, §4.2): a Gaussian mixture per continuous column; a value x in mode k becomes
 * the pair (α, one-hot k) with α = (x − μ_k) / (4σ_k) clipped to [−0.99, 0.99].
 */
import type { Rng } from '../util/rng.js';
import { fitGaussianMixture, mostLikelyComponent } from './gmm.js';

export interface ModeState {
  weights: number[];
  means: number[];
  stds: number[];
  /**
   * Per-mode half-width that maps to α = ±0.99: 4σ_k, widened where a fitted value assigned to
   * mode k lies further out, so the fitted data round-trip exactly instead of being clipped.
   */
  scales: number[];
}

export interface ModeFitOptions {
  maxModes?: number;
  /** The mixture is fitted on a random sample of at most this many values (default 10,000). */
  sampleSize?: number;
  /** Mixture fit: 'bayesian' (default, CTGAN's variational DP mixture) or 'bic' (EM + BIC). */
  mixture?: 'bayesian' | 'bic';
  rng: Rng;
}

const ALPHA_LIMIT = 0.99;

export function fitModeNormalizer(values: Float64Array, opts: ModeFitOptions): ModeState {
  const present: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) present.push(i);
  const size = Math.min(present.length, opts.sampleSize ?? 10_000);
  // Partial Fisher–Yates: the first `size` entries become a uniform sample without replacement.
  for (let i = 0; i < size && size < present.length; i++) {
    const j = i + opts.rng.int(present.length - i);
    const t = present[i]!;
    present[i] = present[j]!;
    present[j] = t;
  }
  const sample = new Float64Array(size);
  for (let i = 0; i < size; i++) sample[i] = values[present[i]!]!;
  const mix = fitGaussianMixture(sample, { maxComponents: opts.maxModes ?? 10, method: opts.mixture ?? 'bayesian' });
  const state: ModeState = { ...mix, scales: mix.stds.map((s) => 4 * s) };
  const pre = prepared(state);
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (Number.isNaN(x)) continue;
    const k = mostLikelyComponent(pre, x);
    const need = Math.abs(x - state.means[k]!) / ALPHA_LIMIT;
    if (need > state.scales[k]!) state.scales[k] = need;
  }
  return state;
}

interface Prepared {
  logWeights: number[];
  logStds: number[];
  means: number[];
  stds: number[];
}

const preparedCache = new WeakMap<ModeState, Prepared>();

function prepared(s: ModeState): Prepared {
  let p = preparedCache.get(s);
  if (!p) {
    p = { logWeights: s.weights.map(Math.log), logStds: s.stds.map(Math.log), means: s.means, stds: s.stds };
    preparedCache.set(s, p);
  }
  return p;
}

/**
 * An encoder for one column: returns the mode of x and writes its α to `alpha[0]` (a reused
 * one-element buffer, so encoding a million values allocates nothing).
 */
export function modeEncoder(s: ModeState): (x: number, alpha: Float64Array) => number {
  const pre = prepared(s);
  return (x, alpha) => {
    const mode = mostLikelyComponent(pre, x);
    const a = (x - s.means[mode]!) / s.scales[mode]!;
    alpha[0] = Math.max(-ALPHA_LIMIT, Math.min(ALPHA_LIMIT, a));
    return mode;
  };
}

export function decodeMode(s: ModeState, alpha: number, mode: number): number {
  const a = Math.max(-1, Math.min(1, alpha));
  return a * s.scales[mode]! + s.means[mode]!;
}
