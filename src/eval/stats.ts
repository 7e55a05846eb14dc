/**
 * Descriptive statistics of one numeric sample, with the conventions pandas uses so numbers
 * match `DataFrame.describe()`: sample standard deviation (ddof = 1) and quantiles by linear
 * interpolation between order statistics (numpy's default "linear" method, Hyndman & Fan type 7).
 * Skewness and excess kurtosis are the population moment ratios g1 = m3 / m2^1.5 and
 * g2 = m4 / m2² − 3 (scipy.stats.skew / kurtosis with bias=True, their default).
 * Every function here ignores NaN (missing) values.
 */

/** The non-missing values of a sample, as a new array. */
export function dropNaN(values: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) n++;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) out[k++] = v;
  }
  return out;
}

/** Non-missing values sorted ascending. */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  return dropNaN(values).sort();
}

export function mean(values: ArrayLike<number>): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) {
      s += v;
      n++;
    }
  }
  return n ? s / n : NaN;
}

/** Central moment sums about the mean: [n, mean, Σd², Σd³, Σd⁴] (two passes for accuracy). */
function centralSums(values: ArrayLike<number>): [number, number, number, number, number] {
  const m = mean(values);
  let n = 0;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    const d = v - m;
    const d2 = d * d;
    n++;
    s2 += d2;
    s3 += d2 * d;
    s4 += d2 * d2;
  }
  return [n, m, s2, s3, s4];
}

/** Sample standard deviation (ddof = 1); NaN for fewer than two values. */
export function std(values: ArrayLike<number>, ddof = 1): number {
  const [n, , s2] = centralSums(values);
  return n - ddof > 0 ? Math.sqrt(s2 / (n - ddof)) : NaN;
}

export interface Moments {
  mean: number;
  /** Sample standard deviation, ddof = 1. */
  std: number;
  /** g1 = m3 / m2^(3/2) (biased, scipy default); NaN when the sample is constant. */
  skewness: number;
  /** Excess kurtosis g2 = m4 / m2² − 3 (biased, scipy default); NaN when the sample is constant. */
  kurtosis: number;
}

/** The four moments of a 1-D sample (missing values ignored). */
export function moments(values: ArrayLike<number>): Moments {
  const [n, m, s2, s3, s4] = centralSums(values);
  const m2 = n ? s2 / n : NaN;
  // scipy's test for a constant sample: m2 <= (float64 resolution · mean)²; its shape is undefined.
  const flat = !(m2 > 0) || m2 <= (1e-15 * m) ** 2;
  return {
    mean: n ? m : NaN,
    std: n > 1 ? Math.sqrt(s2 / (n - 1)) : NaN,
    skewness: flat ? NaN : s3 / n / Math.pow(m2, 1.5),
    kurtosis: flat ? NaN : s4 / n / (m2 * m2) - 3,
  };
}

/** Quantile q ∈ [0, 1] of an ascending sorted sample by linear interpolation (numpy "linear"). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo]!;
  return a + (h - lo) * (sorted[hi]! - a);
}

/** Median of the non-missing values. */
export function median(values: ArrayLike<number>): number {
  return quantileSorted(sortedFinite(values), 0.5);
}
