/**
 * One-dimensional Gaussian mixtures fitted by expectation–maximisation, with the number of
 * components chosen by the Bayesian information criterion (Schwarz 1978):
 * BIC = −2·logL + (3K − 1)·ln n for K means, K variances and K − 1 free weights.
 * Initialisation is deterministic (means at the sample quantiles), so a fit depends only on the
 * sample it is given. Components lighter than `minWeight` are dropped afterwards, as CTGAN does
 * with its Bayesian mixture (weight threshold 0.005).
 */

import { fitBayesianMixture } from './vbgmm.js';

export interface Mixture1D {
  weights: number[];
  means: number[];
  stds: number[];
}

export interface GmmOptions {
  /**
   * 'bayesian' (default): variational Dirichlet-process mixture, as in CTGAN (see vbgmm.ts).
   * 'bic': maximum-likelihood EM for K = 1..maxComponents, the K with the lowest BIC kept.
   */
  method?: 'bayesian' | 'bic';
  /** Largest number of components tried (default 10). */
  maxComponents?: number;
  /** Components with less weight are dropped after the fit (default 0.005). */
  minWeight?: number;
  maxIterations?: number;
  /** Stop when the mean log-likelihood per point improves by less than this. */
  tolerance?: number;
}

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

interface FitResult {
  mix: Mixture1D;
  logLik: number;
}

/**
 * EM for a fixed K on distinct sorted values `x` with multiplicities `cnt` (repeated values —
 * integers, rounded measurements — cost one evaluation, not one per row). `n` = Σ cnt.
 */
function fitK(x: Float64Array, cnt: Float64Array, n: number, k: number, stdFloor: number, maxIter: number, tol: number): FitResult {
  const u = x.length;
  const w = new Float64Array(k).fill(1 / k);
  const mu = new Float64Array(k);
  const sd = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < u; i++) total += cnt[i]! * x[i]!;
  const mean = total / n;
  let ss = 0;
  for (let i = 0; i < u; i++) ss += cnt[i]! * (x[i]! - mean) ** 2;
  const overallSd = Math.max(Math.sqrt(ss / n), stdFloor);
  // Means start at the (c + ½)/K quantiles of the data.
  let c = 0;
  let seen = 0;
  for (let i = 0; i < u && c < k; i++) {
    seen += cnt[i]!;
    while (c < k && seen >= ((c + 0.5) / k) * n) mu[c++] = x[i]!;
  }
  while (c < k) mu[c++] = x[u - 1]!;
  for (let c2 = 0; c2 < k; c2++) sd[c2] = Math.max(overallSd / k, stdFloor);
  const logp = new Float64Array(k);
  const nk = new Float64Array(k);
  const sx = new Float64Array(k);
  const sxx = new Float64Array(k);
  let prev = -Infinity;
  let logLik = -Infinity;
  for (let iter = 0; iter < maxIter; iter++) {
    nk.fill(0);
    sx.fill(0);
    sxx.fill(0);
    logLik = 0;
    const logW = Array.from(w, (v) => Math.log(v));
    const logSd = Array.from(sd, (v) => Math.log(v));
    for (let i = 0; i < u; i++) {
      const xi = x[i]!;
      const ci = cnt[i]!;
      let m = -Infinity;
      for (let c = 0; c < k; c++) {
        const z = (xi - mu[c]!) / sd[c]!;
        const l = logW[c]! - logSd[c]! - LOG_SQRT_2PI - 0.5 * z * z;
        logp[c] = l;
        if (l > m) m = l;
      }
      let s = 0;
      for (let c = 0; c < k; c++) s += Math.exp(logp[c]! - m);
      const lse = m + Math.log(s);
      logLik += ci * lse;
      for (let c = 0; c < k; c++) {
        const r = ci * Math.exp(logp[c]! - lse);
        nk[c] += r;
        sx[c] += r * xi;
        sxx[c] += r * xi * xi;
      }
    }
    for (let c = 0; c < k; c++) {
      const nc = Math.max(nk[c]!, 1e-12);
      w[c] = nc / n;
      mu[c] = sx[c]! / nc;
      sd[c] = Math.max(Math.sqrt(Math.max(sxx[c]! / nc - mu[c]! * mu[c]!, 0)), stdFloor);
    }
    if (logLik / n - prev / n < tol) break;
    prev = logLik;
  }
  return { mix: { weights: [...w], means: [...mu], stds: [...sd] }, logLik };
}

/** Fits mixtures with 1..maxComponents components to `sample` and keeps the one with the lowest BIC. */
export function fitGaussianMixture(sample: Float64Array, opts: GmmOptions = {}): Mixture1D {
  const maxK = Math.max(1, opts.maxComponents ?? 10);
  const minWeight = opts.minWeight ?? 0.005;
  const x = Float64Array.from(sample).sort();
  const n = x.length;
  if (n === 0) return { weights: [1], means: [0], stds: [1] };
  const range = x[n - 1]! - x[0]!;
  // Without a floor, a component can collapse onto one repeated value and the likelihood diverges.
  const stdFloor = Math.max(range * 1e-3, Math.abs(x[n >> 1]!) * 1e-9, 1e-12);
  let best: FitResult | null = null;
  let bestBic = Infinity;
  let worse = 0;
  const { values, counts } = distinctWithCounts(x);
  if ((opts.method ?? 'bayesian') === 'bayesian') {
    const vb = fitBayesianMixture(values, counts, { maxComponents: maxK });
    return prune({ ...vb, stds: vb.stds.map((sd) => Math.max(sd, stdFloor)) }, minWeight);
  }
  for (let k = 1; k <= Math.min(maxK, values.length); k++) {
    const fit = fitK(values, counts, n, k, stdFloor, opts.maxIterations ?? 200, opts.tolerance ?? 1e-7);
    const bic = -2 * fit.logLik + (3 * k - 1) * Math.log(n);
    if (bic < bestBic) {
      bestBic = bic;
      best = fit;
      worse = 0;
    } else if (++worse >= 2) break; // BIC got worse twice in a row: more components will not pay.
  }
  return prune(best!.mix, minWeight);
}

function prune(mix: Mixture1D, minWeight: number): Mixture1D {
  const keep = mix.weights.map((w, c) => (w >= minWeight ? c : -1)).filter((c) => c >= 0);
  const total = keep.reduce((s, c) => s + mix.weights[c]!, 0);
  return {
    weights: keep.map((c) => mix.weights[c]! / total),
    means: keep.map((c) => mix.means[c]!),
    stds: keep.map((c) => mix.stds[c]!),
  };
}

function distinctWithCounts(sorted: Float64Array): { values: Float64Array; counts: Float64Array } {
  const values: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0 && sorted[i] === sorted[i - 1]) counts[counts.length - 1]!++;
    else {
      values.push(sorted[i]!);
      counts.push(1);
    }
  }
  return { values: Float64Array.from(values), counts: Float64Array.from(counts) };
}

/**
 * Local maxima of the mixture's density, found on a fine grid over μ ± 4σ: the "modes" in the
 * everyday sense (two overlapping components can make a single peak).
 */
export function densityPeaks(mix: Mixture1D, gridSize = 2000): number[] {
  const lo = Math.min(...mix.means.map((m, c) => m - 4 * mix.stds[c]!));
  const hi = Math.max(...mix.means.map((m, c) => m + 4 * mix.stds[c]!));
  const density = (x: number): number =>
    mix.means.reduce((s, m, c) => s + (mix.weights[c]! / mix.stds[c]!) * Math.exp(-0.5 * ((x - m) / mix.stds[c]!) ** 2), 0);
  const step = (hi - lo) / gridSize;
  const peaks: number[] = [];
  let prev = density(lo - step);
  let cur = density(lo);
  for (let g = 0; g <= gridSize; g++) {
    const next = density(lo + (g + 1) * step);
    if (cur > prev && cur >= next) peaks.push(lo + g * step);
    prev = cur;
    cur = next;
  }
  return peaks;
}

/**
 * The component a value belongs to: the largest posterior log-density log w − log σ − z²/2.
 * Deterministic (CTGAN samples the component instead; a pure transform cannot).
 */
export function mostLikelyComponent(mix: { logWeights: number[]; logStds: number[]; means: number[]; stds: number[] }, x: number): number {
  let best = 0;
  let bestL = -Infinity;
  for (let c = 0; c < mix.means.length; c++) {
    const z = (x - mix.means[c]!) / mix.stds[c]!;
    const l = mix.logWeights[c]! - mix.logStds[c]! - 0.5 * z * z;
    if (l > bestL) {
      bestL = l;
      best = c;
    }
  }
  return best;
}
