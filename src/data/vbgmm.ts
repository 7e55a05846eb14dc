/**
 * One-dimensional variational Bayesian Gaussian mixture with a Dirichlet-process (stick-breaking)
 * prior on the weights — the model CTGAN fits per continuous column (scikit-learn's
 * BayesianGaussianMixture, n_components=10, weight_concentration_prior=0.001). Updates follow
 * Bishop, "Pattern Recognition and Machine Learning" §10.2, and Blei & Jordan (2006) for the
 * stick-breaking weights, with scikit-learn's default priors: mean prior = data mean, mean
 * precision prior 1, degrees of freedom prior 1, covariance prior = data variance.
 * Works on distinct values with multiplicities; initialised deterministically by 1-D k-means.
 */
import type { Mixture1D } from './gmm.js';

export interface BayesianMixtureOptions {
  maxComponents?: number;
  /** Dirichlet-process concentration γ₀: small values switch unneeded components off. */
  weightConcentration?: number;
  maxIterations?: number;
}

/** ψ(x) for x > 0: recurrence up to x ≥ 6, then the asymptotic series. */
export function digamma(x: number): number {
  let r = 0;
  while (x < 6) {
    r -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  return r + Math.log(x) - 0.5 / x - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))));
}

/** Hard 1-D k-means on weighted distinct sorted values (means start at quantiles); returns labels. */
function kmeans1d(x: Float64Array, cnt: Float64Array, n: number, k: number): Int32Array {
  const mu = new Float64Array(k);
  let c = 0;
  let seen = 0;
  for (let i = 0; i < x.length && c < k; i++) {
    seen += cnt[i]!;
    while (c < k && seen >= ((c + 0.5) / k) * n) mu[c++] = x[i]!;
  }
  while (c < k) mu[c++] = x[x.length - 1]!;
  const label = new Int32Array(x.length);
  for (let iter = 0; iter < 50; iter++) {
    let changed = false;
    for (let i = 0; i < x.length; i++) {
      let best = 0;
      for (let j = 1; j < k; j++) if (Math.abs(x[i]! - mu[j]!) < Math.abs(x[i]! - mu[best]!)) best = j;
      if (best !== label[i]) {
        label[i] = best;
        changed = true;
      }
    }
    const s = new Float64Array(k);
    const w = new Float64Array(k);
    for (let i = 0; i < x.length; i++) {
      s[label[i]!] += cnt[i]! * x[i]!;
      w[label[i]!] += cnt[i]!;
    }
    for (let j = 0; j < k; j++) if (w[j]! > 0) mu[j] = s[j]! / w[j]!;
    if (!changed && iter > 0) break;
  }
  return label;
}

export function fitBayesianMixture(x: Float64Array, cnt: Float64Array, opts: BayesianMixtureOptions = {}): Mixture1D {
  const u = x.length;
  const k = Math.max(1, Math.min(opts.maxComponents ?? 10, u));
  const gamma0 = opts.weightConcentration ?? 0.001;
  let n = 0;
  let sum = 0;
  for (let i = 0; i < u; i++) {
    n += cnt[i]!;
    sum += cnt[i]! * x[i]!;
  }
  const m0 = sum / n;
  let ss = 0;
  for (let i = 0; i < u; i++) ss += cnt[i]! * (x[i]! - m0) ** 2;
  const var0 = Math.max(ss / n, 1e-12);
  const beta0 = 1;
  const nu0 = 1;
  const regCovar = 1e-6;

  const resp = new Float64Array(u * k);
  const labels = kmeans1d(x, cnt, n, k);
  for (let i = 0; i < u; i++) resp[i * k + labels[i]!] = 1;

  const Nk = new Float64Array(k);
  const a = new Float64Array(k);
  const b = new Float64Array(k);
  const beta = new Float64Array(k);
  const m = new Float64Array(k);
  const nu = new Float64Array(k);
  const cov = new Float64Array(k);
  const logw = new Float64Array(k);
  const maxIter = opts.maxIterations ?? 100;
  for (let iter = 0; iter <= maxIter; iter++) {
    // M step: sufficient statistics, then the posterior of each component's parameters.
    const sx = new Float64Array(k);
    Nk.fill(0);
    for (let i = 0; i < u; i++) {
      for (let j = 0; j < k; j++) {
        const r = cnt[i]! * resp[i * k + j]!;
        Nk[j] += r;
        sx[j] += r * x[i]!;
      }
    }
    const xbar = new Float64Array(k);
    for (let j = 0; j < k; j++) {
      Nk[j] += 10 * Number.EPSILON;
      xbar[j] = sx[j]! / Nk[j]!;
    }
    const sk = new Float64Array(k);
    for (let i = 0; i < u; i++) for (let j = 0; j < k; j++) sk[j] += cnt[i]! * resp[i * k + j]! * (x[i]! - xbar[j]!) ** 2;
    let tail = 0;
    for (let j = k - 1; j >= 0; j--) {
      a[j] = 1 + Nk[j]!;
      b[j] = gamma0 + tail;
      tail += Nk[j]!;
    }
    const prevMeans = Float64Array.from(m);
    for (let j = 0; j < k; j++) {
      const S = sk[j]! / Nk[j]! + regCovar;
      beta[j] = beta0 + Nk[j]!;
      m[j] = (beta0 * m0 + Nk[j]! * xbar[j]!) / beta[j]!;
      nu[j] = nu0 + Nk[j]!;
      cov[j] = (var0 + Nk[j]! * S + ((Nk[j]! * beta0) / beta[j]!) * (xbar[j]! - m0) ** 2) / nu[j]!;
    }
    // Expected log stick-breaking weights: E[log v_j] + Σ_{l<j} E[log(1 − v_l)].
    let acc = 0;
    for (let j = 0; j < k; j++) {
      const dsum = digamma(a[j]! + b[j]!);
      logw[j] = digamma(a[j]!) - dsum + acc;
      acc += digamma(b[j]!) - dsum;
    }
    let moved = 0;
    for (let j = 0; j < k; j++) moved = Math.max(moved, Math.abs(m[j]! - prevMeans[j]!) / Math.sqrt(var0));
    if (iter === maxIter || (iter > 1 && moved < 1e-6)) break;
    // E step: responsibilities from the expected log joint (Bishop eq. 10.46–10.49 in 1-D).
    const row = new Float64Array(k);
    const prec = new Float64Array(k);
    const constTerm = new Float64Array(k);
    for (let j = 0; j < k; j++) {
      prec[j] = 1 / cov[j]!;
      const logLambda = Math.log(2) + digamma(0.5 * nu[j]!);
      constTerm[j] = logw[j]! - 0.5 * Math.log(2 * Math.PI) + 0.5 * Math.log(prec[j]!) - 0.5 * Math.log(nu[j]!) + 0.5 * (logLambda - 1 / beta[j]!);
    }
    for (let i = 0; i < u; i++) {
      const xi = x[i]!;
      let mx = -Infinity;
      for (let j = 0; j < k; j++) {
        const d = xi - m[j]!;
        const l = constTerm[j]! - 0.5 * d * d * prec[j]!;
        row[j] = l;
        if (l > mx) mx = l;
      }
      let s = 0;
      for (let j = 0; j < k; j++) {
        const e = Math.exp(row[j]! - mx);
        row[j] = e;
        s += e;
      }
      const inv = 1 / s;
      for (let j = 0; j < k; j++) resp[i * k + j] = row[j]! * inv;
    }
  }
  // Weights = each component's share of the data. (The posterior-mean stick weights would give
  // every unused component a prior-only weight around 1/n, just above CTGAN's 0.005 cut for
  // small tables, and so keep empty modes.)
  const weights = Array.from(Nk, (v) => v / n);
  return { weights, means: [...m], stds: Array.from(cov, (c) => Math.sqrt(c)) };
}
