/**
 * Normal-score (Gaussian quantile) encoding: a value becomes Φ⁻¹ of its empirical CDF, so every
 * continuous marginal — skewed, heavy-tailed, with a spike at zero — looks like N(0, 1) to the
 * generator, and the inverse maps generated scores back through the observed quantiles (values
 * stay within the observed range). Columns related by a monotone function (a radius, its
 * perimeter and its area) get nearly identical scores, so their relation becomes linear, which
 * the decorrelating rotation (decorrelate.ts) then captures exactly.
 *
 * The map is piecewise linear between knots: m observed values (all of them up to `maxKnots`,
 * else evenly spaced order statistics including the minimum and maximum) paired with the normal
 * scores of their plotting positions (r + ½)/n. Encoding and decoding are exact inverses on the
 * knots, so transformed training data decode back to themselves; tied values (a block of equal
 * knots) encode to the score of their mid-rank (average ranks), inside the block.
 */

import { SortedGrid } from '../util/sorted-grid.js';

export interface QuantileState {
  /** Non-missing values the knots were taken from. */
  rows: number;
  /** Knot values (ascending): the quantile function's points. */
  knots: number[];
  /**
   * The cumulative probability of each knot (non-decreasing). Present: the knots are the points of
   * a piecewise-linear quantile function in which a repeated value (an atom: a zero spike, an
   * integer count, a floor value) is a flat segment between two knots of equal value, from the share
   * of values below it to the share at or below it. Encoding draws a point of that segment, so the
   * scores of a column with atoms are still exactly N(0, 1) (the randomised probability integral
   * transform; SDV's GaussianCopula does the same for categories), and decoding returns the atom's
   * value for its whole share of the normal line: the marginal comes back exactly. Absent (models of
   * format ≤ 0.x written before atoms): knots are order statistics at rankOfKnot, ties score their
   * mid-rank.
   */
  probs?: number[];
}

/** Most knots kept per column (like scikit-learn's QuantileTransformer n_quantiles). */
export const DEFAULT_MAX_KNOTS = 1000;

/**
 * Φ⁻¹(p), the standard normal quantile: Wichura's algorithm AS 241 (PPND16, Applied Statistics
 * 37(3), 1988), accurate to about 1e-16 relative. p ≤ 0 → −∞, p ≥ 1 → +∞.
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p)) return NaN;
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r + 45921.953931549871457) * r +
          13731.693765509461125) * r + 1971.5909503065514427) * r + 133.14166789178437745) * r + 3.387132872796366608)) /
      (((((((5226.495278852854561 * r + 28729.085735721942674) * r + 39307.89580009271061) * r + 21213.794301586595867) * r +
        5394.1960214247511077) * r + 687.1870074920579083) * r + 42.313330701600911252) * r + 1)
    );
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let v: number;
  if (r <= 5) {
    r -= 1.6;
    v =
      (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r + 1.27045825245236838258) * r +
        3.64784832476320460504) * r + 5.7694972214606914055) * r + 4.6303378461565452959) * r + 1.42343711074968357734) /
      (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r + 0.14810397642748007459) * r +
        0.68976733498510000455) * r + 1.6763848301838038494) * r + 2.05319162663775882187) * r + 1);
  } else {
    r -= 5;
    v =
      (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r + 0.026532189526576123093) * r +
        0.29656057182850489123) * r + 1.7848265399172913358) * r + 5.4637849111641143699) * r + 6.6579046435011037772) /
      (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r +
        0.0148753612908506148525) * r + 0.13692988092273580531) * r + 0.59983220655588793769) * r + 1);
  }
  return q < 0 ? -v : v;
}

/** Rank (0-based, among `rows` sorted values) of knot k of m: evenly spaced, first = min, last = max. */
function rankOfKnot(k: number, m: number, rows: number): number {
  return m === rows ? k : m === 1 ? 0 : Math.round((k * (rows - 1)) / (m - 1));
}

/**
 * Fits the quantile function of `values` (NaN ignored). Distinct values are points at their mid
 * cumulative probability, repeated ones flat segments (see QuantileState.probs); past `maxKnots`
 * points, atoms holding at least 1/maxKnots of the values stay flat and the other points are
 * thinned evenly (the first and last always kept, so the range stays exact).
 */
export function fitQuantile(values: Float64Array, maxKnots = DEFAULT_MAX_KNOTS): QuantileState {
  const sorted = Float64Array.from(values.filter((x) => !Number.isNaN(x))).sort();
  const rows = sorted.length;
  if (rows === 0) return { rows: 1, knots: [0], probs: [0.5] };
  // Runs of equal values: [value, count].
  const runs: [number, number][] = [];
  for (let i = 0; i < rows; ) {
    let j = i + 1;
    while (j < rows && sorted[j] === sorted[i]) j++;
    runs.push([sorted[i]!, j - i]);
    i = j;
  }
  const cap = Math.max(2, maxKnots);
  const pointsOf = (flatMin: number): { knots: number[]; probs: number[] } => {
    const knots: number[] = [];
    const probs: number[] = [];
    let below = 0;
    for (const [v, c] of runs) {
      if (c >= 2 && c >= flatMin) {
        knots.push(v, v);
        probs.push(below / rows, (below + c) / rows);
      } else {
        knots.push(v);
        probs.push((below + c / 2) / rows);
      }
      below += c;
    }
    return { knots, probs };
  };
  const full = pointsOf(2);
  if (full.knots.length <= cap) return { rows, ...full };
  // Too many points: keep the large atoms flat, thin the rest evenly.
  const big = Math.ceil(rows / cap);
  const all = pointsOf(big);
  const isFlat = (k: number): boolean => all.knots[k] === all.knots[k + 1] || (k > 0 && all.knots[k] === all.knots[k - 1]);
  const single: number[] = [];
  for (let k = 0; k < all.knots.length; k++) if (!isFlat(k)) single.push(k);
  const budget = Math.max(2, cap - (all.knots.length - single.length));
  const keep = new Set<number>();
  for (let t = 0; t < budget; t++) keep.add(single[Math.round((t * (single.length - 1)) / (budget - 1))]!);
  const knots: number[] = [];
  const probs: number[] = [];
  for (let k = 0; k < all.knots.length; k++) {
    if (!isFlat(k) && !keep.has(k) && k !== 0 && k !== all.knots.length - 1) continue;
    knots.push(all.knots[k]!);
    probs.push(all.probs[k]!);
  }
  return { rows, knots, probs };
}

const scoreCache = new WeakMap<QuantileState, Float64Array>();

/** Probabilities kept half a row inside (0, 1), where Φ⁻¹ is finite: the scores of the extreme plotting positions. */
function clampProb(p: number, rows: number): number {
  return Math.min(1 - 0.5 / rows, Math.max(0.5 / rows, p));
}

/** Per quantile state: its decoder (quantileDecoder), for decodeQuantile one value at a time. */
const decoders = new WeakMap<QuantileState, (v: number) => number>();

/** The normal scores paired with the knots: Φ⁻¹((rank + ½) / rows), strictly increasing. */
function scoresOf(s: QuantileState): Float64Array {
  let z = scoreCache.get(s);
  if (!z) {
    const m = s.knots.length;
    z = new Float64Array(m);
    if (s.probs) for (let k = 0; k < m; k++) z[k] = normalQuantile(clampProb(s.probs[k]!, s.rows));
    else for (let k = 0; k < m; k++) z[k] = normalQuantile((rankOfKnot(k, m, s.rows) + 0.5) / s.rows);
    scoreCache.set(s, z);
  }
  return z;
}

/** Largest k with a[k] ≤ x (−1 when x < a[0]). */
function floorIndex(a: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = a.length - 1;
  if (!(x >= a[0]!)) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (a[mid]! <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Smallest k with a[k] ≥ x (a.length when none). */
function ceilIndex(a: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A value's normal score. `u` ∈ [0, 1) places a value that is an atom (a flat segment of the
 * quantile function) within its share of probability; without it the atom scores its middle.
 */
export function encodeQuantile(s: QuantileState, x: number, u = 0.5): number {
  const z = scoresOf(s);
  const knots = s.knots;
  const m = knots.length;
  if (m === 1) return 0;
  if (x < knots[0]!) return z[0]!;
  if (x > knots[m - 1]!) return z[m - 1]!;
  const hi = floorIndex(knots, x);
  if (knots[hi] === x) {
    // A block of equal knots [lo, hi] (found by search: few distinct values make long blocks).
    const lo = ceilIndex(knots, x);
    if (lo === hi) return z[hi]!;
    if (s.probs) return normalQuantile(clampProb(s.probs[lo]! + u * (s.probs[hi]! - s.probs[lo]!), s.rows));
    return normalQuantile(((rankOfKnot(lo, m, s.rows) + rankOfKnot(hi, m, s.rows)) / 2 + 0.5) / s.rows);
  }
  const t = (x - knots[hi]!) / (knots[hi + 1]! - knots[hi]!);
  return z[hi]! + t * (z[hi + 1]! - z[hi]!);
}

/** A uniform number in [0, 1) fixed by (row, column): the placement of row `row`'s value in its atom (pure: no random state). */
export function atomPlacement(row: number, column: number): number {
  let h = Math.imul(row ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(column + 1, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** decodeQuantile for one state, its tables looked up once (for decoding a whole column). */
export function quantileDecoder(s: QuantileState): (v: number) => number {
  const z = scoresOf(s);
  const grid = new SortedGrid(z);
  const knots = s.knots;
  const m = knots.length;
  const z0 = z[0]!, zl = z[m - 1]!, k0 = knots[0]!, kl = knots[m - 1]!;
  return (v) => {
    if (m === 1 || v <= z0) return k0;
    if (v >= zl) return kl;
    const k = grid.floor(v);
    const t = (v - z[k]!) / (z[k + 1]! - z[k]!);
    return knots[k]! + t * (knots[k + 1]! - knots[k]!);
  };
}

export function decodeQuantile(s: QuantileState, v: number): number {
  let d = decoders.get(s);
  if (!d) decoders.set(s, (d = quantileDecoder(s)));
  return d(v);
}

/** The normal score of each knot (the quantile map's points on the normal line), e.g. to rebuild the map elsewhere (sampler.onnx). */
export function quantileScores(s: QuantileState): Float64Array {
  return scoresOf(s);
}
