/**
 * A Gaussian copula synthesizer: the floor every GAN recipe must clear (SDV's GaussianCopula is the
 * simplest peer people use). Each column becomes normal scores — numeric columns through the
 * transformer's atom-aware quantile map, categorical columns as SDV's UniformEncoder does it (each
 * category an interval of [0, 1] as wide as its share, a value drawn uniformly inside it, then Φ⁻¹),
 * missing indicators likewise — and the scores' correlation matrix is the whole model of how
 * columns relate. Sampling draws correlated normals and decodes them back through the same
 * transformer, so types, units, rounding and missing values come out as the GAN's do.
 * Unlike SDV (parametric marginals, beta by default) the marginals are empirical: they come back
 * essentially exact.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { Rng } from '../util/rng.js';
import { DataError } from '../util/errors.js';
import { fitTransformer, inverseTransform, spanLayout, transform, type TransformerState } from '../data/transformer.js';
import { inferSchema, WIDE_CATEGORY_ROWS, type SchemaOverrides } from '../data/schema.js';
import type { CondSpan, SpanLayout } from '../data/spans.js';
import type { Table } from '../data/table.js';
import type { PriorSampler } from '../train/trainer.js';
import { normalQuantile } from '../data/quantile.js';
import { centredCrossProducts } from '../data/decorrelate.js';
import { sortOrder } from '../eval/correlation.js';

/** One copula dimension: a value span (its normal score as is) or a one-hot span (slot intervals). */
export interface Dimension {
  start: number;
  /** One-hot spans: Φ⁻¹ of the cumulative slot shares (width − 1 thresholds); value spans: null. */
  thresholds: number[] | null;
  /** One-hot spans: the slot shares' cumulative sums, starting at 0 (width + 1 entries), in interval order. */
  cumulative: number[] | null;
  /**
   * One-hot spans: the slot of each interval of the normal line, left to right (fitCopulaOn orders
   * a column's categories by the other columns' scores). Absent: slot order (models before it).
   */
  order?: number[];
}

/** The interval of each slot of a one-hot dimension (the inverse of its order). */
export function intervalOfSlot(dim: Dimension): Int32Array {
  const width = dim.cumulative!.length - 1;
  const pos = Int32Array.from({ length: width }, (_, k) => k);
  dim.order?.forEach((slot, k) => (pos[slot] = k));
  return pos;
}

/** The slot of interval k of a one-hot dimension. */
function slotOfInterval(dim: Dimension, k: number): number {
  return dim.order ? dim.order[k]! : k;
}

/** A one-hot span's categories need an order of their own from this many slots on (two can only swap, which flips a sign). */
const ORDERED_FROM = 3;

/** Categories are ordered by a value column only if it explains this share of that column's variance (below: slot order). */
const MIN_ORDER_ETA = 0.05;

/** The value columns' scores [n, k] (row-major), with each column's mean and variance. */
interface ValueScores {
  values: Float64Array;
  k: number;
  mean: Float64Array;
  variance: Float64Array;
}

/**
 * The order of a categorical column's slots along the normal line: by each category's mean score
 * of the value column that the categories explain most (the largest correlation ratio η², if at
 * least MIN_ORDER_ETA). The copula is a monotone model of each
 * pair, so a category that goes with a column's value (education with years of schooling, a
 * sub-grade with its interest rate) must sit in that column's order: in the order of their
 * frequencies such a pair scored 0.19–0.24 (SDMetrics contingency), as SDV's copula does.
 * `slotOf`: each row's slot; `counts`: the rows in each slot.
 */
function categoryOrder({ values, k, mean, variance }: ValueScores, slotOf: Int32Array, counts: Float64Array): number[] | undefined {
  const n = slotOf.length, width = counts.length;
  if (width < ORDERED_FROM || k === 0) return undefined;
  const sums = new Float64Array(width * k);
  for (let i = 0; i < n; i++) {
    const s = slotOf[i]!;
    for (let c = 0; c < k; c++) sums[s * k + c]! += values[i * k + c]!;
  }
  // The value column the categories determine most: the largest correlation ratio η² = Σ_s p_s (m_s − m̄)² / var.
  let best = -1, bestEta = 0;
  for (let c = 0; c < k; c++) {
    let between = 0;
    for (let s = 0; s < width; s++) if (counts[s]) between += (counts[s]! / n) * (sums[s * k + c]! / counts[s]! - mean[c]!) ** 2;
    const eta = variance[c]! > 0 ? between / variance[c]! : 0;
    if (eta > bestEta) [best, bestEta] = [c, eta];
  }
  if (best < 0 || bestEta < MIN_ORDER_ETA) return undefined;
  // Empty slots last, in slot order.
  const score = Float64Array.from({ length: width }, (_, s) => (counts[s] ? sums[s * k + best]! / counts[s]! : Infinity));
  return Array.from({ length: width }, (_, s) => s).sort((a, b) => score[a]! - score[b]! || a - b);
}

/** The value spans' scores of `encoded` and their means and variances (what categoryOrder compares categories by). */
function valueScores(layout: SpanLayout, encoded: Float32Array, n: number): ValueScores {
  const w = layout.width;
  const starts = layout.spans.filter((s) => s.activation !== 'softmax').map((s) => s.start);
  const k = starts.length;
  const values = new Float64Array(n * k), mean = new Float64Array(k), variance = new Float64Array(k);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) mean[c]! += (values[i * k + c] = encoded[i * w + starts[c]!]!) / n;
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) variance[c]! += (values[i * k + c]! - mean[c]!) ** 2 / n;
  return { values, k, mean, variance };
}

export interface CopulaState extends CopulaFit {
  format: 'ganforge.copula';
  version: 1;
  transformer: TransformerState;
}

export interface CopulaOptions {
  seed?: number;
  schema?: SchemaOverrides;
  /**
   * Stratify (one copula per frequent category of the column that explains the others most,
   * chooseStrata) where that gains. Default false: the plain Gaussian copula, SDV's model, which
   * bench:fidelity reports as the baseline.
   */
  strata?: boolean;
}

/** Latent correlations are kept inside ±this (a category cannot determine a continuous column exactly). */
const MAX_CORRELATION = 0.995;

/**
 * Correlation of the columns of `z` [rows, d] (row-major), each divided by its column's `attenuation`
 * (see fitCopulaOn), clipped inside ±1 and made positive semi-definite, as a factor L (L·Lᵀ = R).
 */
function correlationFactor(z: Float64Array, rows: number, d: number, attenuation: Float64Array): number[] {
  const { acc } = centredCrossProducts(z, rows, d);
  const r = Matrix.zeros(d, d);
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const den = Math.sqrt(acc[a * d + a]! * acc[b * d + b]!);
      const v = a === b ? 1 : den > 0 ? Math.max(-MAX_CORRELATION, Math.min(MAX_CORRELATION, acc[a * d + b]! / den / (attenuation[a]! * attenuation[b]!))) : 0;
      r.set(a, b, v);
      r.set(b, a, v);
    }
  }
  // R = V Λ Vᵀ ⇒ L = V √Λ (negative eigenvalues from rounding clipped to 0), rows rescaled to unit variance.
  const eig = new EigenvalueDecomposition(r, { assumeSymmetric: true });
  const lambda = eig.realEigenvalues.map((v) => Math.sqrt(Math.max(v, 0)));
  const V = eig.eigenvectorMatrix;
  const factor = new Array<number>(d * d).fill(0);
  for (let a = 0; a < d; a++) {
    let norm = 0;
    for (let k = 0; k < d; k++) {
      const v = V.get(a, k) * lambda[k]!;
      factor[a * d + k] = v;
      norm += v * v;
    }
    const s = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let k = 0; k < d; k++) factor[a * d + k]! *= s;
  }
  return factor;
}

/** The copula of model-space rows: one dimension per span, and their normal scores' correlation. */
export interface CopulaFit {
  dimensions: Dimension[];
  /** Row-major d × d factor L with L·Lᵀ = the scores' correlation matrix. */
  factor: number[];
  /** A copula per category of one column (absent: the one copula above is the whole model). */
  strata?: CopulaStrata;
}

/**
 * A stratified copula: the rows of each frequent category of one categorical column (the anchor)
 * get a copula of their own, the rare categories' rows one together. A row draws its stratum by
 * share (or, given conditions, by share × each condition's probability in the stratum), then its
 * scores from that stratum's copula: within-stratum normal scores mapped through the stratum's own
 * quantiles of each value column's score, so a stratum's marginals (and with them the table's) come
 * back from its own rows, and every column's relation to the anchor is kept exactly, where one
 * Gaussian copula puts all the anchor's categories on one line (letter: 26 letters against 16
 * features scored 0.96 pair trends, 0.98 with strata).
 */
export interface CopulaStrata {
  /** The anchor's copula dimension; −1: the strata are row clusters (clusterStrata). */
  dim: number;
  /** When the strata are the cells of several anchors' categories (chooseStrata), their dimensions, `dim` first. */
  dims?: number[];
  components: Stratum[];
}

/** One stratum's copula over the same dimensions (one-hot dimensions with its own shares, order and thresholds). */
export interface Stratum extends Omit<CopulaFit, 'strata'> {
  /** The stratum's share of the training rows. */
  share: number;
  /** The within-stratum normal scores at which `knots` are given (STRATUM_KNOTS increasing numbers). */
  grid: number[];
  /** Per dimension: a value dimension's global score at each grid point (its stratum quantiles); null for one-hot dimensions. */
  knots: (number[] | null)[];
}

/**
 * Fits the copula of `encoded` ([rows, layout.width], a transformer's output whose value spans are
 * normal scores): a one-hot span's slots become intervals of the normal line, a value span is used as is.
 */
export function fitCopulaOn(layout: SpanLayout, encoded: Float32Array, n: number): CopulaFit {
  const w = layout.width;
  const scores = valueScores(layout, encoded, n);
  // Each row's slot in each one-hot span (the order and the category scores below both read it).
  const slotsOf = layout.spans.map((s) => (s.activation === 'softmax' ? rowSlots(encoded, w, s, n) : null));
  const dimensions: Dimension[] = layout.spans.map((s, j) => {
    if (s.activation !== 'softmax') return { start: s.start, thresholds: null, cumulative: null };
    const slotOf = slotsOf[j]!;
    const counts = new Float64Array(s.width);
    for (let i = 0; i < n; i++) counts[slotOf[i]!]!++;
    const order = categoryOrder(scores, slotOf, counts);
    const cumulative = [0];
    // Rounding can carry a sum past 1 before the last slots (a stratum's categories without rows, last in its order).
    for (let q = 0; q < s.width; q++) cumulative.push(Math.min(1, cumulative[q]! + counts[order ? order[q]! : q]! / n));
    cumulative[s.width] = 1;
    return { start: s.start, thresholds: cumulative.slice(1, -1).map((p) => normalQuantile(p)), cumulative, ...(order ? { order } : {}) };
  });
  const d = dimensions.length;
  // A category's score is the mean of the latent normal over its interval, E[z | a < z ≤ b] =
  // (φ(a) − φ(b)) / (Φ(b) − Φ(a)). If the latent scores are jointly normal with correlation ρ,
  // these means correlate with another column's score at ρ·sd(mean): dividing by sd(mean)
  // recovers ρ (a first-order polyserial/polychoric estimate). SDV's uniform draw inside the
  // interval attenuates every correlation with a category instead (sign(x) against x: 0.8, not 1).
  const means = dimensions.map((dim) => (dim.cumulative ? categoryMeans(dim.cumulative) : null));
  const attenuation = Float64Array.from(dimensions, (dim, j) => {
    const m = means[j];
    const v = m ? meansVariance(dim.cumulative!, m) : 0;
    return v > 0 ? Math.sqrt(v) : 1;
  });
  const positions = dimensions.map((dim) => (dim.cumulative ? intervalOfSlot(dim) : null));
  const z = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const dim = dimensions[j]!;
      const m = means[j];
      if (!m) {
        z[i * d + j] = encoded[i * w + dim.start]!;
        continue;
      }
      z[i * d + j] = m[positions[j]![slotsOf[j]![i]!]!]!;
    }
  }
  return { dimensions, factor: correlationFactor(z, n, d, attenuation) };
}

/** Each row's slot of one-hot span `s` (its set slot; the last if none is set). */
function rowSlots(encoded: Float32Array, w: number, s: { start: number; width: number }, n: number): Int32Array {
  const slotOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let slot = 0;
    while (slot < s.width - 1 && encoded[i * w + s.start + slot] !== 1) slot++;
    slotOf[i] = slot;
  }
  return slotOf;
}

/** The variance of a one-hot dimension's category means Σ p_k m_k² (the square of its attenuation, see fitCopulaOn). */
function meansVariance(cumulative: readonly number[], m: readonly number[]): number {
  let v = 0;
  for (let k = 0; k < m.length; k++) v += (cumulative[k + 1]! - cumulative[k]!) * m[k]! ** 2;
  return v;
}

/** R = L·Lᵀ of a row-major d × d factor. */
function correlationOf(L: ArrayLike<number>, d: number): Float64Array {
  const corr = new Float64Array(d * d);
  for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) {
    let acc = 0;
    for (let k = 0; k < d; k++) acc += L[a * d + k]! * L[b * d + k]!;
    corr[a * d + b] = acc;
  }
  return corr;
}

/** E[z | z in slot k's interval] for a standard normal z, from the slots' cumulative shares. */
function categoryMeans(cumulative: readonly number[]): number[] {
  const pdf = (p: number): number => (p <= 0 || p >= 1 ? 0 : Math.exp(-0.5 * normalQuantile(p) ** 2) / Math.sqrt(2 * Math.PI));
  const m: number[] = [];
  for (let k = 0; k + 1 < cumulative.length; k++) {
    const p = cumulative[k + 1]! - cumulative[k]!;
    m.push(p > 0 ? (pdf(cumulative[k]!) - pdf(cumulative[k + 1]!)) / p : 0);
  }
  return m;
}

/** Knots of a stratum's quantile map of each value dimension. */
export const STRATUM_KNOTS = 65;

/**
 * How much each one-hot dimension would gain as a stratification anchor: the share of the other
 * spans' variance its categories explain (correlation ratio η², every slot of a one-hot span
 * counted as an indicator) beyond what the one copula's latent correlation gives them (ρ² with the
 * anchor's category means), summed over the other spans; value dimensions get 0.
 */
export function anchorGains(layout: SpanLayout, encoded: Float32Array, n: number, global: CopulaFit, minRows: number, maxGroups = Infinity): number[] {
  const w = layout.width;
  const d = layout.spans.length;
  const corr = correlationOf(global.factor, d);
  // Each encoded column's mean and variance (the same for every candidate).
  const mean = new Float64Array(w), variance = new Float64Array(w);
  for (let col = 0; col < w; col++) {
    let sum = 0, sq = 0;
    for (let i = 0; i < n; i++) {
      const v = encoded[i * w + col]!;
      sum += v;
      sq += v * v;
    }
    mean[col] = sum / n;
    variance[col] = sq / n - mean[col]! * mean[col]!;
  }
  return layout.spans.map((span, a) => {
    if (span.activation !== 'softmax' || span.width < 2) return 0;
    const { groups, rowGroup } = strataOf(layout, encoded, n, [a], minRows, maxGroups);
    if (groups < 2) return 0;
    const counts = new Float64Array(groups);
    for (let i = 0; i < n; i++) counts[rowGroup[i]!]!++;
    const dimA = global.dimensions[a]!;
    const att = meansVariance(dimA.cumulative!, categoryMeans(dimA.cumulative!));
    let gain = 0;
    const sums = new Float64Array(groups);
    layout.spans.forEach((other, b) => {
      if (b === a) return;
      let between = 0, total = 0;
      for (let col = other.start; col < other.start + other.width; col++) {
        sums.fill(0);
        for (let i = 0; i < n; i++) sums[rowGroup[i]!]! += encoded[i * w + col]!;
        total += variance[col]!;
        for (let k = 0; k < groups; k++) if (counts[k]) between += (counts[k]! / n) * (sums[k]! / counts[k]! - mean[col]!) ** 2;
      }
      if (!(total > 0)) return;
      gain += Math.max(0, between / total - corr[a * d + b]! ** 2 * att);
    });
    return gain;
  });
}

/**
 * The strata of one-hot dimensions `anchors`: the cells of their categories (one anchor: its
 * slots), numbered in the order of their slots (the first anchor's slot most significant); each
 * cell with at least minRows rows its own, the other rows pooled into one (or, if fewer than
 * minRows, into the largest).
 */
function strataOf(layout: SpanLayout, encoded: Float32Array, n: number, anchors: readonly number[], minRows: number, maxGroups = Infinity): { groups: number; rowGroup: Int32Array } {
  const cellOf = new Float64Array(n);
  for (const a of anchors) {
    const span = layout.spans[a]!;
    const slotOf = rowSlots(encoded, layout.width, span, n);
    for (let i = 0; i < n; i++) cellOf[i] = cellOf[i]! * span.width + slotOf[i]!;
  }
  const counted = new Map<number, number>();
  for (let i = 0; i < n; i++) counted.set(cellOf[i]!, (counted.get(cellOf[i]!) ?? 0) + 1);
  const keys = [...counted.keys()].sort((a, b) => a - b);
  const count = (k: number): number => counted.get(k) ?? 0;
  // Frequent cells beyond the maxGroups − 1 most frequent are pooled.
  const frequent = keys.filter((k) => count(k) >= minRows).sort((a, b) => count(b) - count(a) || a - b);
  const own = new Set(frequent.length > maxGroups ? frequent.slice(0, Math.max(1, maxGroups - 1)) : frequent);
  const groupOf = new Map<number, number>();
  let groups = 0, largest = -1, rare = 0;
  for (const k of keys) {
    if (own.has(k)) {
      if (largest < 0 || count(k) > count(largest)) largest = k;
      groupOf.set(k, groups++);
    } else rare += count(k);
  }
  // The rare cells' rows are a stratum of their own if they are enough for one, else they join the largest.
  const pool = rare >= minRows || largest < 0 ? groups++ : groupOf.get(largest)!;
  return { groups, rowGroup: Int32Array.from(cellOf, (k) => groupOf.get(k) ?? pool) };
}

/** A row cluster (clusterStrata) has at least this many rows, and at least STRATUM_ROWS_PER_SPAN per span of the layout (its correlation matrix is d × d). */
export const STRATUM_MIN_ROWS = 50;
export const STRATUM_ROWS_PER_SPAN = 4;

/**
 * A category's stratum (chooseStrata) needs fewer: its rows share a label, not a k-means cell, and
 * a country of 57 yearly rows (51 after the held-back rows) has a copula of its own. Measured on 9
 * tables, 3 seeds, against 50 and 4: quality equal or higher on every one (gapminder 0.952 → 0.971 with
 * categorySlots, wine +0.004, ames +0.002). The same count gives a rarer category a one-hot slot
 * of its own (categorySlots, schema.ts), so that every category with a slot beyond the first 99 can have a stratum.
 */
export const ANCHOR_MIN_ROWS = WIDE_CATEGORY_ROWS;
export const ANCHOR_ROWS_PER_SPAN = 2;

/** Stratify only when the best anchor's gain (anchorGains) is at least this. */
export const MIN_ANCHOR_GAIN = 0.1;

/**
 * A stratum's fewest rows for a layout of d spans, and the most strata: the model file holds
 * d² + STRATUM_KNOTS·d numbers per stratum, at most MAX_STRATA_NUMBERS in all.
 */
function strataLimits(d: number, of: 'categories' | 'clusters'): { minRows: number; maxGroups: number } {
  const minRows = of === 'categories' ? Math.max(ANCHOR_MIN_ROWS, ANCHOR_ROWS_PER_SPAN * d) : Math.max(STRATUM_MIN_ROWS, STRATUM_ROWS_PER_SPAN * d);
  return { minRows, maxGroups: Math.floor(MAX_STRATA_NUMBERS / (d * d + STRATUM_KNOTS * d)) };
}

/**
 * The strata of the anchor with the largest gain (anchorGains), or null when none gains
 * MIN_ANCHOR_GAIN. Given `trials`, the cells of that anchor and up to MAX_ANCHORS − 1 more
 * (crossAnchors) where they score higher on held-out halves.
 */
export function chooseStrata(layout: SpanLayout, encoded: Float32Array, n: number, global: CopulaFit, trials?: StrataTrialOptions): CopulaStrata | null {
  const { minRows, maxGroups } = strataLimits(layout.spans.length, 'categories');
  if (maxGroups < 2) return null;
  // Gains from at most GAIN_ROWS evenly spaced rows (a stratum's minimum scaled alike), fewer
  // where candidates × encoded width would make it more than GAIN_WORK passes over a value.
  const w = layout.width;
  const candidates = layout.spans.filter((s) => s.activation === 'softmax' && s.width > 1).length;
  if (!candidates) return null;
  const m = Math.min(n, GAIN_ROWS, Math.max(1000, Math.floor(GAIN_WORK / (candidates * w))));
  const sub = m === n ? encoded : new Float32Array(m * w);
  if (m < n) for (let i = 0; i < m; i++) sub.set(encoded.subarray(Math.floor((i * n) / m) * w, (Math.floor((i * n) / m) + 1) * w), i * w);
  const gains = anchorGains(layout, sub, m, global, (minRows * m) / n, maxGroups);
  let best = -1;
  gains.forEach((g, j) => { if (g >= MIN_ANCHOR_GAIN && (best < 0 || g > gains[best]!)) best = j; });
  if (best < 0) return null;
  return fitStrata(layout, encoded, n, trials ? crossAnchors(layout, encoded, n, gains, best, minRows, maxGroups, trials) : [best], minRows, maxGroups);
}

/** Strata are the cells of at most this many anchors. */
export const MAX_ANCHORS = 3;

/** Anchors tried beside those chosen, the next by gain (anchorGains ≥ MIN_ANCHOR_GAIN). */
const CROSS_CANDIDATES = 3;

/** Cells of one more anchor must beat the strata without it by this much on held-out halves (two halves' mean). */
const MIN_CROSS_GAIN = 0.005;

/** A trial's strata need at least this many rows of each half. */
const MIN_TRIAL_ROWS = 10;

/** Rows (at most) whose halves try cells: CELL_TRIAL_WORK / spans, at least CLUSTER_TRIAL_ROWS. */
const CELL_TRIAL_ROWS = 20_000;
const CELL_TRIAL_WORK = 400_000;

/**
 * The anchors whose category cells are the strata: `first`, then greedily the candidate (the
 * next CROSS_CANDIDATES by gain) whose cells with those chosen score highest on held-out halves
 * (halfTrials), while that beats the strata without it by MIN_CROSS_GAIN. One copula per anchor
 * category keeps every column's relation to that one column; the cells also keep what two
 * columns decide together (a telephone customer's internet service and each of its add-ons,
 * "No internet service" in every add-on exactly when there is none: one anchor scored 0.72 on
 * those pairs' contingency similarity).
 */
function crossAnchors(layout: SpanLayout, encoded: Float32Array, n: number, gains: readonly number[], first: number, minRows: number, maxGroups: number, o: StrataTrialOptions): number[] {
  const candidates = gains.map((g, j) => [g, j] as const).filter(([g, j]) => j !== first && g >= MIN_ANCHOR_GAIN)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]).slice(0, CROSS_CANDIDATES).map(([, j]) => j);
  const anchors = [first];
  if (!candidates.length) return anchors;
  const d = layout.spans.length, w = layout.width;
  const t = halfTrials(layout, encoded, n, Math.min(CELL_TRIAL_ROWS, Math.max(CLUSTER_TRIAL_ROWS, Math.floor(CELL_TRIAL_WORK / d))), new Rng(o.seed).fork('copula-cells'), o);
  // The trial's cells are those of its own rows, with the fewest rows of a stratum scaled to them.
  const both = new Float32Array(2 * t.h * w);
  t.halves.forEach((x, f) => both.set(x, f * t.h * w));
  const trialMin = Math.max(2 * MIN_TRIAL_ROWS, (minRows * 2 * t.h) / n);
  // The same draws for every candidate, so that their scores differ by the strata more than by the draw.
  const draw = (f: number): Rng => new Rng(o.seed).fork(`copula-cells-trial-${f}`);
  const scoreOf = (cells: readonly number[]): number => {
    const g = strataOf(layout, both, 2 * t.h, cells, trialMin, maxGroups);
    let total = 0;
    for (const [f, x] of t.halves.entries()) {
      const local = g.rowGroup.slice(f * t.h, (f + 1) * t.h);
      if (!countsAtLeast(local, g.groups, MIN_TRIAL_ROWS)) return -Infinity;
      total += t.trial({ ...t.fits[f]!, strata: { dim: -1, components: fitGroups(layout, x, t.h, g.groups, local) } }, f, draw(f), draw(f).fork('decode'));
    }
    return total / 2;
  };
  let groups = strataOf(layout, encoded, n, anchors, minRows, maxGroups).groups, current = scoreOf(anchors);
  // Strata the halves cannot try: the one anchor.
  if (current === -Infinity) return anchors;
  while (anchors.length < MAX_ANCHORS) {
    let next = -1, nextScore = current + MIN_CROSS_GAIN, nextGroups = 0;
    for (const b of candidates) {
      if (anchors.includes(b)) continue;
      const cells = strataOf(layout, encoded, n, [...anchors, b], minRows, maxGroups);
      if (cells.groups <= groups) continue;
      const score = scoreOf([...anchors, b]);
      if (score > nextScore) [next, nextScore, nextGroups] = [b, score, cells.groups];
    }
    if (next < 0) break;
    anchors.push(next);
    [current, groups] = [nextScore, nextGroups];
  }
  return anchors;
}

/** The most numbers a stratified copula may hold (factors and knots of every stratum): a few MB of manifest. */
const MAX_STRATA_NUMBERS = 1_000_000;

/** Anchor gains are measured on at most this many rows, and in at most about this many steps. */
const GAIN_ROWS = 20_000;
const GAIN_WORK = 200_000_000;

/** Knots at each of this many extreme ranks of a stratum: rare extreme values (a table's range) come back as often as in the data. */
const TAIL_KNOTS = 16;

/** The ranks of a stratum of m rows that its knots sit at: each of the TAIL_KNOTS lowest and highest, the rest evenly between. */
function knotRanks(m: number): number[] {
  const K = STRATUM_KNOTS, T = TAIL_KNOTS;
  if (m < K) return Array.from({ length: K }, (_, k) => (k * (m - 1)) / (K - 1));
  const mid = K - 2 * T;
  return Array.from({ length: K }, (_, k) => (k < T ? k : k >= K - T ? m - K + k : T + ((k - T) * (m - 1 - 2 * T)) / (mid - 1)));
}

/** Thresholds of slots a stratum lacks (Φ⁻¹ of 0 or 1) are kept finite, so that they survive JSON. */
const FAR = 1e300;

/**
 * Fits a copula per stratum of `anchors` (one-hot dimensions): each cell of their categories with
 * at least `minRows` rows, and the rest pooled. Value dimensions are re-scored within the stratum
 * (average ranks → normal scores) and mapped back by the stratum's quantiles at STRATUM_KNOTS points.
 */
export function fitStrata(layout: SpanLayout, encoded: Float32Array, n: number, anchors: readonly number[], minRows: number, maxGroups = Infinity): CopulaStrata {
  const { groups, rowGroup } = strataOf(layout, encoded, n, anchors, minRows, maxGroups);
  return { dim: anchors[0]!, ...(anchors.length > 1 ? { dims: [...anchors] } : {}), components: fitGroups(layout, encoded, n, groups, rowGroup) };
}

/** A copula per group of rows (rowGroup[i] in 0 … groups − 1), as fitStrata describes. */
function fitGroups(layout: SpanLayout, encoded: Float32Array, n: number, groups: number, rowGroup: Int32Array): Stratum[] {
  const w = layout.width;
  const members: number[][] = Array.from({ length: groups }, () => []);
  for (let i = 0; i < n; i++) members[rowGroup[i]!]!.push(i);
  const valueDims = layout.spans.map((s) => s.activation !== 'softmax');
  return members.map((rows): Stratum => {
    const m = rows.length;
    const sub = new Float32Array(m * w);
    rows.forEach((r, i) => sub.set(encoded.subarray(r * w, (r + 1) * w), i * w));
    const ranks = knotRanks(m);
    const grid = ranks.map((r) => normalQuantile((r + 0.5) / m));
    const knots = layout.spans.map((s, j) => {
      if (!valueDims[j]) return null;
      // Rows whose value is missing hold a filler score (0, the median): they score 0 here too and leave the quantiles alone.
      const miss = layout.spans.find((o) => o.column === s.column && o.role === 'missing');
      const present = miss ? rows.map((r, i) => (encoded[r * w + miss.start + 1] === 1 ? -1 : i)).filter((i) => i >= 0) : rows.map((_, i) => i);
      const p = present.length;
      if (p < m) for (let i = 0; i < m; i++) sub[i * w + s.start] = 0;
      if (p === 0) return ranks.map(() => 0);
      const x = Float64Array.from(present, (i) => encoded[rows[i]! * w + s.start]!);
      // Ascending, ties in row order (what a stable comparator sort gives), by a native sort: 1M rows of 7 columns took 3 s the other way.
      const order = sortOrder(x);
      const sorted = Float64Array.from(order, (i) => x[i]!);
      // Within-stratum scores from average ranks (ties share one score: an atom stays an atom).
      for (let a = 0; a < p; ) {
        let b = a;
        while (b + 1 < p && sorted[b + 1] === sorted[a]) b++;
        const score = normalQuantile(((a + b) / 2 + 0.5) / p);
        for (let t = a; t <= b; t++) sub[present[order[t]!]! * w + s.start] = score;
        a = b + 1;
      }
      // The knots sit at the grid's ranks of m rows, read at the same quantile levels of the p present ones.
      return ranks.map((r) => {
        const q = ((r + 0.5) / m) * p - 0.5;
        const at = Math.min(p - 1, Math.max(0, q));
        const lo = Math.floor(at), hi = Math.min(p - 1, lo + 1);
        return sorted[lo]! + (at - lo) * (sorted[hi]! - sorted[lo]!);
      });
    });
    const fit = fitCopulaOn(layout, sub, m);
    const dimensions = fit.dimensions.map((d) => (d.thresholds ? { ...d, thresholds: d.thresholds.map((t) => Math.max(-FAR, Math.min(FAR, t))) } : d));
    return { share: m / n, dimensions, factor: fit.factor, grid, knots };
  });
}

/** Cluster counts tried for a table without an anchor (clusterStrata), and the most a model file may hold. */
const CLUSTER_COUNTS = [2, 3, 4];
export const MAX_CLUSTERS = 16;

/** A clustered copula must beat the one copula by this much on held-out halves (a half's score moves by ~0.005 from draw to draw). */
const MIN_CLUSTER_GAIN = 0.01;

/** Rows (at most) whose halves score the cluster counts. */
const CLUSTER_TRIAL_ROWS = 6000;

/** What trying strata on held-out halves needs: a seed, a score (higher is better, e.g. the eval layer's quality) and a decoder of model-space rows into a table. */
export interface StrataTrialOptions {
  seed: number;
  score: (real: Table, synthetic: Table) => number;
  decode: (rows: Float32Array, n: number, rng: Rng) => Table;
}

/**
 * Two halves of at most `rows` rows together (a permutation from `rng`), their plain copulas,
 * and `trial(fit, fold, draw)`: the score of `fit`'s draw of a half's size (from `draw`) against
 * the other half, the one `fit` was not fitted on.
 */
function halfTrials(layout: SpanLayout, encoded: Float32Array, n: number, rows: number, rng: Rng, o: StrataTrialOptions) {
  const w = layout.width;
  const m = Math.min(n, rows), h = m >> 1;
  const perm = rng.permutation(n).subarray(0, 2 * h);
  const half = (from: number): Float32Array => {
    const out = new Float32Array(h * w);
    for (let i = 0; i < h; i++) out.set(encoded.subarray(perm[from + i]! * w, (perm[from + i]! + 1) * w), i * w);
    return out;
  };
  const halves = [half(0), half(h)];
  const tables = halves.map((x) => o.decode(x, h, rng.fork('decode')));
  const trial = (fit: CopulaFit, fold: number, draw: Rng, decodeRng: Rng = rng.fork('decode')): number => {
    const rows = new Float32Array(h * w);
    new CopulaPrior(fit, w, 0, []).fill(h, null, rows, 0, draw);
    return o.score(tables[1 - fold]!, o.decode(rows, h, decodeRng));
  };
  const fits = halves.map((x) => fitCopulaOn(layout, x, h));
  return { h, halves, fits, trial };
}

/**
 * Row clusters as strata, for a table where no column serves as an anchor (a geyser's two kinds of
 * eruption, columns that are non-monotone functions of one another): k-means (k-means++ start) on
 * the value spans' scores, with k from CLUSTER_COUNTS chosen by `score` (higher is better, e.g.
 * the quality score of the eval layer) of each half of at most CLUSTER_TRIAL_ROWS rows against a
 * copula fitted on the other half, kept only if it beats the one copula by MIN_CLUSTER_GAIN;
 * each cluster has at least as many rows as a stratum needs. `decode` turns model-space rows into
 * a table. Null: the one copula.
 */
export function clusterStrata(layout: SpanLayout, encoded: Float32Array, n: number, o: StrataTrialOptions): CopulaStrata | null {
  const values = layout.spans.filter((s) => s.activation !== 'softmax').length;
  if (values < 2) return null;
  const { minRows, maxGroups } = strataLimits(layout.spans.length, 'clusters');
  const rng = new Rng(o.seed).fork('copula-clusters');
  const m = Math.min(n, CLUSTER_TRIAL_ROWS), h = m >> 1;
  const ks = CLUSTER_COUNTS.filter((k) => k <= maxGroups && h >= k * minRows);
  if (!ks.length) return null;
  const { halves, fits, trial } = halfTrials(layout, encoded, n, CLUSTER_TRIAL_ROWS, rng, o);
  const plain = fits.reduce((t, fit, f) => t + trial(fit, f, rng.fork(`trial-${f}`)), 0) / 2;
  let best = 0, bestScore = plain + MIN_CLUSTER_GAIN;
  for (const k of ks) {
    let total = 0;
    for (const [f, x] of halves.entries()) {
      const g = kmeans(layout, x, h, k, rng.fork(`kmeans-${k}-${f}`));
      if (!g) {
        total = -Infinity;
        break;
      }
      total += trial({ ...fits[f]!, strata: { dim: -1, components: fitGroups(layout, x, h, k, g) } }, f, rng.fork(`trial-${f}`));
    }
    if (total / 2 > bestScore) [best, bestScore] = [k, total / 2];
  }
  if (!best) return null;
  const g = kmeans(layout, encoded, n, best, rng.fork('kmeans'));
  return g && countsAtLeast(g, best, minRows) ? { dim: -1, components: fitGroups(layout, encoded, n, best, g) } : null;
}

function countsAtLeast(g: Int32Array, k: number, min: number): boolean {
  const c = new Float64Array(k);
  for (const v of g) c[v]!++;
  return c.every((v) => v >= min);
}

/** k-means of the value spans' scores (k-means++ start from `rng`, 30 Lloyd steps): each row's cluster, or null if a cluster empties. */
function kmeans(layout: SpanLayout, encoded: Float32Array, n: number, k: number, rng: Rng): Int32Array | null {
  const w = layout.width;
  const starts = layout.spans.filter((s) => s.activation !== 'softmax').map((s) => s.start);
  const p = starts.length;
  const x = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let c = 0; c < p; c++) x[i * p + c] = encoded[i * w + starts[c]!]!;
  const centres = new Float64Array(k * p);
  const sq = (i: number, j: number): number => {
    let s = 0;
    for (let c = 0; c < p; c++) s += (x[i * p + c]! - centres[j * p + c]!) ** 2;
    return s;
  };
  const first = Math.min(n - 1, Math.floor(rng.uniform() * n));
  centres.set(x.subarray(first * p, (first + 1) * p), 0);
  const near = new Float64Array(n).fill(Infinity);
  for (let j = 1; j < k; j++) {
    let total = 0;
    for (let i = 0; i < n; i++) total += (near[i] = Math.min(near[i]!, sq(i, j - 1)));
    let r = rng.uniform() * total, pick = n - 1;
    for (let i = 0; i < n; i++) if ((r -= near[i]!) <= 0) {
      pick = i;
      break;
    }
    centres.set(x.subarray(pick * p, (pick + 1) * p), j * p);
  }
  const g = new Int32Array(n);
  const counts = new Float64Array(k);
  for (let step = 0; step < 30; step++) {
    let moved = false;
    for (let i = 0; i < n; i++) {
      let best = 0, bd = Infinity;
      for (let j = 0; j < k; j++) {
        const v = sq(i, j);
        if (v < bd) [best, bd] = [j, v];
      }
      if (g[i] !== best || step === 0) moved = true;
      g[i] = best;
    }
    counts.fill(0);
    centres.fill(0);
    for (let i = 0; i < n; i++) {
      counts[g[i]!]!++;
      for (let c = 0; c < p; c++) centres[g[i]! * p + c]! += x[i * p + c]!;
    }
    if (counts.some((c) => c === 0)) return null;
    for (let j = 0; j < k; j++) for (let c = 0; c < p; c++) centres[j * p + c]! /= counts[j]!;
    if (!moved) break;
  }
  return g;
}

/**
 * Copula draws as the generator's prior rows (GanConfig.prior). A row whose condition vector picks
 * category c of a column gets the copula's conditional draw given that column's score lies in c's
 * interval: the score t from the truncated normal (by inversion), the others shifted by
 * R[:, j]·(t − z_j), which for a Gaussian is exactly the conditional distribution given z_j = t.
 */
export class CopulaPrior implements PriorSampler {
  private readonly d: number;
  /** The correlation matrix R = L·Lᵀ, row-major (the unstratified copula's, or the first stratum's). */
  private readonly corr: Float64Array;
  private readonly blockDims: { block: CondSpan; dim: number }[];
  /** The copulas a row can be drawn from: the one copula, or one per stratum. */
  private readonly parts: PartView[];
  private readonly z: Float64Array;
  private readonly e: Float64Array;
  private readonly slots: Int32Array;
  /** Strata: each part's share, the weights of a row's strata, and per condition block its slot shares [slot × parts] (null: no dimension). */
  private readonly shares: Float64Array;
  private readonly weights: Float64Array;
  private readonly slotTables: (Float64Array | null)[];
  /** fill's uniforms for the conditioned blocks. */
  private readonly cu: Float64Array;
  /** The strata's running sums with no condition, and with each block's each slot as the one condition. */
  private readonly plainSums: { sums: Float64Array; total: number };
  private readonly slotSums: ({ sums: Float64Array; total: number }[] | null)[];

  /** `blocks`: where each condition block sits in a row and in the condition vector (ConditionalSampler.blocks). */
  constructor(private readonly fit: CopulaFit, private readonly width: number, private readonly condWidth: number, blocks: readonly CondSpan[]) {
    const d = (this.d = fit.dimensions.length);
    this.blockDims = blocks.map((block) => ({ block, dim: fit.dimensions.findIndex((x) => x.start === block.start) }));
    const fits: (Omit<CopulaFit, 'strata'> & Partial<Stratum>)[] = fit.strata ? fit.strata.components : [fit];
    this.parts = fits.map((f) => part(f, d, this.blockDims));
    this.corr = this.parts[0]!.corr;
    this.z = new Float64Array(d);
    this.e = new Float64Array(d);
    this.slots = new Int32Array(blocks.length);
    const S = this.parts.length;
    this.shares = Float64Array.from(this.parts, (p) => p.share);
    this.weights = new Float64Array(S);
    this.slotTables = this.blockDims.map(({ block, dim }, b) => (dim < 0 ? null : Float64Array.from({ length: block.width * S }, (_, i) => this.parts[i % S]!.slotShare[b]![Math.floor(i / S)]!)));
    this.cu = new Float64Array(blocks.length);
    this.plainSums = runningSums(this.shares, this.shares);
    this.slotSums = this.slotTables.map((table, b) => (table ? Array.from({ length: this.blockDims[b]!.block.width }, (_, k) => runningSums(Float64Array.from(this.shares, (v, s) => v * table[k * S + s]!), this.shares)) : null));
  }

  /** Uniforms per row that fillGiven reads: one per dimension, one per condition block, and one for the stratum (stratified copulas). */
  get uniformWidth(): number {
    return this.d + this.blockDims.length + (this.fit.strata ? 1 : 0);
  }

  /**
   * The same draws as fill, from given uniforms instead of an Rng (u: [rows, uniformWidth], U(0, 1)
   * strictly inside): the stratum from u_{d+blocks}, ε_k = Φ⁻¹(u_k) for the d dimensions, then
   * condition block b's truncated score from u_{d+b}. Every step is a fixed function of a row's own
   * numbers, so sampler.onnx (the same steps as ONNX ops) and any shard of a table compute the same prior rows.
   */
  fillGiven(rows: number, cond: Float32Array | null, u: Float32Array, out: Float32Array): void {
    const { d, e } = this;
    const uw = this.uniformWidth;
    const nb = this.blockDims.length;
    for (let i = 0; i < rows; i++) {
      const ui = i * uw;
      this.readSlots(cond, i);
      const p = this.parts[this.fit.strata ? this.stratum(u[ui + d + nb]!) : 0]!;
      for (let k = 0; k < d; k++) e[k] = normalQuantile(u[ui + k]!);
      this.draw(p, u, ui + d, out, i * this.width);
    }
  }

  /** Each block's slot in row i's condition vector (−1: not conditioned) into this.slots. */
  private readSlots(cond: Float32Array | null, i: number): void {
    for (let b = 0; b < this.blockDims.length; b++) this.slots[b] = cond ? hotSlot(cond, i * this.condWidth + this.blockDims[b]!.block.condStart, this.blockDims[b]!.block.width) : -1;
  }

  /**
   * The stratum of a row with this.slots' conditions: the first whose cumulative weight exceeds
   * u·total, weights = share × each condition's probability in the stratum (no stratum has them
   * all: shares alone).
   */
  private stratum(u: number): number {
    const S = this.parts.length;
    // One condition or none (training's rows, plain sampling): its running sums were made once.
    let one = -1, conditions = 0;
    for (let b = 0; b < this.blockDims.length; b++) {
      if (this.slots[b]! >= 0 && this.slotTables[b]) {
        one = b;
        conditions++;
      }
    }
    if (conditions <= 1) {
      const { sums, total } = one < 0 ? this.plainSums : this.slotSums[one]![this.slots[one]!]!;
      return upperBound(sums, u * total);
    }
    const w = this.weights;
    w.set(this.shares);
    for (let b = 0; b < this.blockDims.length; b++) {
      const slot = this.slots[b]!;
      const table = this.slotTables[b]!;
      if (slot < 0 || !table) continue;
      for (let s = 0, at = slot * S; s < S; s++) w[s]! *= table[at + s]!;
    }
    const { sums, total } = runningSums(w, this.shares);
    return upperBound(sums, u * total);
  }

  /** z = L·ε of part p, each conditioned block b's truncated score (uniform cu[at + b]), then the model-space row at out[row ..]. */
  private draw(p: PartView, cu: ArrayLike<number>, at: number, out: Float32Array, row: number): void {
    const { d, z, e } = this;
    const L = p.L;
    // Four of z's sums at a time, each still added in k's order (the same numbers as one at a
    // time): one sum alone waits on each addition's latency, four keep the adder busy.
    let j = 0;
    for (; j + 4 <= d; j += 4) {
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      for (let k = 0, r = j * d; k < d; k++, r++) {
        const x = e[k]!;
        a0 += L[r]! * x;
        a1 += L[r + d]! * x;
        a2 += L[r + 2 * d]! * x;
        a3 += L[r + 3 * d]! * x;
      }
      z[j] = a0;
      z[j + 1] = a1;
      z[j + 2] = a2;
      z[j + 3] = a3;
    }
    for (; j < d; j++) {
      let acc = 0;
      for (let k = 0; k < d; k++) acc += L[j * d + k]! * e[k]!;
      z[j] = acc;
    }
    for (let b = 0; b < this.blockDims.length; b++) {
      const slot = this.slots[b]!;
      if (this.blockDims[b]!.dim >= 0 && slot >= 0) this.condition(p, b, slot, cu[at + b]!);
    }
    for (let j = row; j < row + this.width; j++) out[j] = 0;
    writeRow(p.plan, z, out, row, p.grid);
    this.writeConditions(out, row);
  }

  /**
   * z given that block b's category is `slot`: that dimension's score becomes Φ⁻¹ of the point
   * `u` of the category's interval, and every dimension moves by its correlation with the change.
   */
  private condition(p: PartView, b: number, slot: number, u: number): void {
    const { d, z } = this;
    const corr = p.corr;
    const dim = this.blockDims[b]!.dim;
    const cum = p.dims[dim]!.cumulative!;
    const at = p.intervals[b]![slot]!;
    const lo = cum[at]!, hi = cum[at + 1]!;
    const t = normalQuantile(Math.min(1 - 1e-12, Math.max(1e-12, lo + u * (hi - lo))));
    const shift = t - z[dim]!;
    for (let j = 0; j < d; j++) z[j]! += corr[j * d + dim]! * shift;
  }

  /** The condition is the truth for its column (float rounding of the shift cannot move it to a neighbour slot): this.slots into the row. */
  private writeConditions(out: Float32Array, row: number): void {
    for (let b = 0; b < this.blockDims.length; b++) {
      const slot = this.slots[b]!;
      if (slot < 0) continue;
      const { block } = this.blockDims[b]!;
      for (let j = row + block.start; j < row + block.start + block.width; j++) out[j] = 0;
      out[row + block.start + slot] = 1;
    }
  }

  /** Per part (the copula, or each stratum): its correlation matrix R = L·Lᵀ and each block's slot shares; and per condition block, its copula dimension (−1: none). */
  get conditioning(): { fit: CopulaFit; corr: Float64Array; parts: readonly PartView[]; blockDims: readonly { block: CondSpan; dim: number }[] } {
    return { fit: this.fit, corr: this.corr, parts: this.parts, blockDims: this.blockDims };
  }

  fill(rows: number, cond: Float32Array | null, out: Float32Array, offset: number, rng: Rng): void {
    const { d, e, cu } = this;
    for (let i = 0; i < rows; i++) {
      this.readSlots(cond, i);
      const p = this.parts[this.fit.strata ? this.stratum(rng.uniform()) : 0]!;
      for (let k = 0; k < d; k++) e[k] = rng.normal();
      for (let b = 0; b < this.blockDims.length; b++) if (this.blockDims[b]!.dim >= 0 && this.slots[b]! >= 0) cu[b] = rng.uniform();
      this.draw(p, cu, 0, out, offset + i * this.width);
    }
  }
}

/**
 * The running sums w₀, w₀ + w₁, … of all but the last weight, and their total (left to right, as
 * sampler.onnx adds them); weights that sum to nothing fall back to `shares`.
 */
function runningSums(weights: Float64Array, shares: Float64Array): { sums: Float64Array; total: number } {
  let total = 0;
  for (let s = 0; s < weights.length; s++) total += weights[s]!;
  const w = total > 0 ? weights : shares;
  if (!(total > 0)) {
    total = 0;
    for (let s = 0; s < w.length; s++) total += w[s]!;
  }
  const sums = new Float64Array(Math.max(0, w.length - 1));
  let acc = 0;
  for (let s = 0; s < sums.length; s++) sums[s] = acc += w[s]!;
  return { sums, total };
}

/** How many of the non-decreasing `sums` are ≤ x (the stratum of a row whose point is x). */
function upperBound(sums: Float64Array, x: number): number {
  let lo = 0, hi = sums.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sums[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** What sampler.onnx reads of a part of the prior. */
export interface PartView {
  share: number;
  corr: Float64Array;
  dims: readonly Dimension[];
  /** Per condition block: the probability of each slot in this part (empty: no dimension). */
  slotShare: readonly Float64Array[];
  knots: readonly (Float64Array | null)[] | null;
  grid: Float64Array | null;
  /** The factor L (row-major d × d). */
  L: Float64Array;
  /** Per condition block: the interval of each slot of its dimension (null: no dimension). */
  intervals: (Int32Array | null)[];
  /** The dimensions as flat arrays, for writing rows (RowPlan). */
  plan: RowPlan;
}

/**
 * A part's dimensions as flat typed arrays: per dimension its span start, and for a one-hot span
 * its thresholds and the slot of each interval at [at[j], at[j] + thresholds + 1), for a value
 * span its knots at knots[at[j] ..] (stratified parts). One object shape and no optional fields,
 * so writing a row does no property lookups (sampling spent most of its prior's time there).
 */
interface RowPlan {
  start: Int32Array;
  /** One-hot spans: the number of thresholds; value spans: −1. */
  thresholdCount: Int32Array;
  at: Int32Array;
  thresholds: Float64Array;
  slots: Int32Array;
  knots: Float64Array | null;
}

function rowPlan(dims: readonly Dimension[], knots: PartView['knots']): RowPlan {
  const d = dims.length;
  const start = Int32Array.from(dims, (x) => x.start);
  const thresholdCount = Int32Array.from(dims, (x) => (x.thresholds ? x.thresholds.length : -1));
  const at = new Int32Array(d);
  // A one-hot span's thresholds sit at the offsets of its first slots (one slot more than thresholds: the last offset holds 0).
  const thresholds: number[] = [], slots: number[] = [], flatKnots: number[] = [];
  dims.forEach((x, j) => {
    if (x.thresholds) {
      at[j] = slots.length;
      thresholds.push(...x.thresholds, 0);
      for (let k = 0; k <= x.thresholds.length; k++) slots.push(slotOfInterval(x, k));
    } else if (knots) {
      at[j] = flatKnots.length;
      flatKnots.push(...knots[j]!);
    }
  });
  return { start, thresholdCount, at, thresholds: Float64Array.from(thresholds), slots: Int32Array.from(slots), knots: knots ? Float64Array.from(flatKnots) : null };
}

function part(f: Omit<CopulaFit, 'strata'> & Partial<Stratum>, d: number, blockDims: readonly { dim: number }[]): PartView {
  const L = Float64Array.from(f.factor);
  const corr = correlationOf(L, d);
  const intervals = blockDims.map(({ dim }) => (dim >= 0 ? intervalOfSlot(f.dimensions[dim]!) : null));
  const slotShare = blockDims.map(({ dim }, b) => {
    if (dim < 0) return new Float64Array(0);
    const cum = f.dimensions[dim]!.cumulative!;
    return Float64Array.from(intervals[b]!, (at) => cum[at + 1]! - cum[at]!);
  });
  const knots = f.knots ? f.knots.map((k) => (k ? Float64Array.from(k) : null)) : null;
  return { L, corr, dims: f.dimensions, intervals, slotShare, share: f.share ?? 1, knots, grid: f.grid ? Float64Array.from(f.grid) : null, plan: rowPlan(f.dimensions, knots) };
}

/** A stratum's global score at within-stratum score v: linear between the grid's knots, its extremes outside. */
export function stratumScore(grid: ArrayLike<number>, knots: ArrayLike<number>, v: number, from = 0): number {
  // i = the count of inner grid points ≤ v (sampler.onnx counts them), by bisection.
  let i = 0, hi = grid.length - 2;
  while (i < hi) {
    const mid = (i + hi + 1) >> 1;
    if (v >= grid[mid]!) i = mid;
    else hi = mid - 1;
  }
  const t = Math.min(1, Math.max(0, (v - grid[i]!) / (grid[i + 1]! - grid[i]!)));
  return knots[from + i]! + t * (knots[from + i + 1]! - knots[from + i]!);
}

/** The last slot of cond[at .. at + width) that is set, or −1. */
function hotSlot(cond: Float32Array, at: number, width: number): number {
  let slot = -1;
  for (let k = 0; k < width; k++) if (cond[at + k]! > 0.5) slot = k;
  return slot;
}

/** Model-space row from copula scores: value spans get the score (through the stratum's knots), one-hot spans the slot whose interval holds it. */
function writeRow(plan: RowPlan, z: ArrayLike<number>, out: Float32Array, row: number, grid: Float64Array | null): void {
  const { start, thresholdCount, at, thresholds, slots, knots } = plan;
  for (let j = 0; j < start.length; j++) {
    const n = thresholdCount[j]!;
    const v = z[j]!;
    if (n < 0) {
      out[row + start[j]!] = knots ? stratumScore(grid!, knots, v, at[j]!) : v;
      continue;
    }
    const base = at[j]!;
    let k = 0;
    while (k < n && v >= thresholds[base + k]!) k++;
    out[row + start[j]! + slots[base + k]!] = 1;
  }
}

/** Fits the copula synthesizer: the transformer (normal scores, no rotation) and the scores' correlation. */
export function fitCopula(table: Table, o: CopulaOptions = {}): CopulaState {
  if (table.rowCount < 2) throw new DataError('DATA_TOO_FEW_ROWS', `the table has ${table.rowCount} row(s); at least 2 are needed`);
  const schema = inferSchema(table, o.schema);
  const transformer = fitTransformer(table, schema, { continuous: 'gaussian', decorrelate: false, rng: new Rng(o.seed ?? 0).fork('copula') });
  const layout = spanLayout(transformer);
  const encoded = transform(transformer, table);
  const fit = fitCopulaOn(layout, encoded, table.rowCount);
  if (o.strata) {
    const strata = chooseStrata(layout, encoded, table.rowCount, fit);
    if (strata) fit.strata = strata;
  }
  return { format: 'ganforge.copula', version: 1, transformer, ...fit };
}

/** n rows drawn from a fitted copula synthesizer, in the original columns, types and units. */
export function sampleCopula(state: CopulaState, n: number, o: { seed?: number } = {}): Table {
  const rng = new Rng(o.seed ?? 0).fork('copula-sample');
  const w = spanLayout(state.transformer).width;
  const rows = new Float32Array(n * w);
  new CopulaPrior(state, w, 0, []).fill(n, null, rows, 0, rng);
  return inverseTransform(state.transformer, rows, n, { clip: true, rng: rng.fork('pooled') });
}
