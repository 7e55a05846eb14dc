/**
 * ContingencySimilarity (sdmetrics 0.29, sdmetrics.column_pairs.ContingencySimilarity):
 * 1 − TVD of the two normalised 2-D frequency tables, ½ Σ_{a,b} |P_real(a,b) − P_syn(a,b)| over the
 * union of cells. Used by SDMetrics' QualityReport for every pair that is not continuous ×
 * continuous. There a continuous column is first discretised by ColumnPairTrends
 * (sdmetrics/reports/single_table/_properties/column_pair_trends.py, `_get_processed_data` and
 * `_discretize_column`): the real and the synthetic table are binned *separately*, each column with
 * np.histogram_bin_edges of that table's own non-missing values (10 equal-width bins over its own
 * min..max) and np.digitize against those 11 edges, so codes run 1..11: the maximum lands in an
 * 11th bin of its own, and so does a missing value (np.digitize puts NaN past the last edge).
 * Datetimes are binned as pandas' nanosecond integers. See `ownRangeBinCodes`.
 * Cross-checked against a pandas/scipy transcription of these formulas on penguins (missing
 * values included): every pair score agrees to 1e-15. (pandas' MultiIndex.union mishandles NaN
 * keys, so a transcription must fill NaN with a marker first.)
 */
import type { ColumnData } from '../data/table.js';
import { encodeCategories, metricKind } from './columns.js';

export const PAIR_TREND_BINS = 10;

/**
 * Equal-width bin codes fitted on the real column, for the standalone metric with continuous
 * columns (ContingencySimilarity's `continuous_column_names`): edges = np.histogram_bin_edges(real.dropna(), bins),
 * the outer edges replaced by ±∞, codes = np.digitize(x, edges) (1..bins; NaN gets bins + 1, its own bin).
 * The quality report does not use this: see `ownRangeBinCodes`.
 */
export function equalWidthBins(real: ArrayLike<number>, bins = PAIR_TREND_BINS): (x: number) => number {
  const edges = histogramBinEdges(real, bins);
  return (x: number): number => {
    if (Number.isNaN(x)) return bins + 1;
    let c = 1;
    for (let k = 1; k < bins; k++) if (x >= edges[k]!) c++;
    return c;
  };
}

/**
 * np.histogram_bin_edges(values[~isnan], bins): bins + 1 equal-width edges over the sample's
 * min..max, computed as np.linspace does (k·step + lo, the last edge exactly hi).
 */
export function histogramBinEdges(values: ArrayLike<number>, bins = PAIR_TREND_BINS): Float64Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) { lo = 0; hi = 1; } // numpy's range for an empty sample
  if (lo === hi) { lo -= 0.5; hi += 0.5; } // numpy widens a constant sample's range by ±0.5
  const step = (hi - lo) / bins;
  const edges = new Float64Array(bins + 1);
  for (let k = 0; k < bins; k++) edges[k] = k * step + lo;
  edges[bins] = hi;
  return edges;
}

/**
 * SDMetrics 0.29 ColumnPairTrends' discretisation of one table's column:
 * np.digitize(x, np.histogram_bin_edges(x.dropna())), i.e. the number of edges ≤ x (1..11 for the
 * column's own values; NaN sorts past every edge, so it shares code 11 with the maximum).
 */
export function ownRangeBinCodes(values: ArrayLike<number>, bins = PAIR_TREND_BINS): Int32Array {
  const edges = histogramBinEdges(values, bins);
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (Number.isNaN(x)) { out[i] = edges.length; continue; }
    let c = 0;
    while (c < edges.length && edges[c]! <= x) c++;
    out[i] = c;
  }
  return out;
}

/** Nanoseconds per millisecond: pandas bins datetimes as int64 ns, ganforge holds epoch ms. */
const NS_PER_MS = 1e6;

/**
 * Category keys of a column for pair trends: categories as-is (one dictionary for both tables),
 * continuous values as each table's own bin codes (ColumnPairTrends' `_discretize_column`).
 */
export function pairCodes(real: ColumnData, synthetic: ColumnData): [Int32Array, Int32Array] {
  if (metricKind(real) === 'continuous') {
    // ms·1e6 is exact in float64 for whole milliseconds, so the edges match pandas' ns ones bit for bit.
    const asBinned = (c: ColumnData): Float64Array => (c.kind === 'datetime' ? (c.values as Float64Array).map((v) => v * NS_PER_MS) : (c.values as Float64Array));
    return [ownRangeBinCodes(asBinned(real)), ownRangeBinCodes(asBinned(synthetic))];
  }
  const dict = new Map<string, number>();
  return [encodeCategories(real, dict), encodeCategories(synthetic, dict)];
}

function maxPlusOne(...arrays: Int32Array[]): number {
  let m = 0;
  for (const a of arrays) for (let i = 0; i < a.length; i++) if (a[i]! > m) m = a[i]!;
  return m + 1;
}

/** ½ Σ |p − q| of two samples of integer codes in [0, size) (dense counting: pair tables are small). */
function codeTotalVariation(real: Float64Array, syn: Float64Array, size: number): number {
  const counts = new Float64Array(2 * size);
  for (let i = 0; i < real.length; i++) counts[real[i]!]! += 1;
  for (let i = 0; i < syn.length; i++) counts[size + syn[i]!]! += 1;
  let s = 0;
  for (let k = 0; k < size; k++) s += Math.abs(counts[k]! / real.length - counts[size + k]! / syn.length);
  return s / 2;
}

/** 1 − TVD of the joint frequency tables of two already-coded column pairs. */
export function contingencySimilarityCodes(realA: Int32Array, realB: Int32Array, synA: Int32Array, synB: Int32Array): number {
  const kb = maxPlusOne(realB, synB);
  const ka = maxPlusOne(realA, synA);
  const joint = (a: Int32Array, b: Int32Array): Float64Array => {
    const out = new Float64Array(a.length);
    for (let i = 0; i < a.length; i++) out[i] = a[i]! * kb + b[i]!;
    return out;
  };
  const r = joint(realA, realB);
  const s = joint(synA, synB);
  if (ka * kb <= 4_000_000) return 1 - codeTotalVariation(r, s, ka * kb);
  // Many categories on both sides: count only the cells that occur.
  const dict = new Map<number, number>();
  const recode = (v: Float64Array): Float64Array => v.map((x) => {
    let c = dict.get(x);
    if (c === undefined) { c = dict.size; dict.set(x, c); }
    return c;
  });
  const rr = recode(r);
  const ss = recode(s);
  return 1 - codeTotalVariation(rr, ss, dict.size);
}

/** Codes for the standalone metric: continuous columns cut by bins fitted on the real column. */
function realFittedCodes(real: ColumnData, synthetic: ColumnData): [Int32Array, Int32Array] {
  if (metricKind(real) !== 'continuous') return pairCodes(real, synthetic);
  const bin = equalWidthBins(real.values as Float64Array);
  return [Int32Array.from(real.values as Float64Array, bin), Int32Array.from(synthetic.values as Float64Array, bin)];
}

/**
 * ContingencySimilarity of the column pair (a, b) as the standalone metric computes it with the
 * continuous columns named in `continuous_column_names` (bins fitted on the real column). The
 * quality report's pair trends bin each table separately instead (`pairTrendScores`).
 */
export function contingencySimilarity(realA: ColumnData, realB: ColumnData, synA: ColumnData, synB: ColumnData): number {
  const [ra, sa] = realFittedCodes(realA, synA);
  const [rb, sb] = realFittedCodes(realB, synB);
  return contingencySimilarityCodes(ra, rb, sa, sb);
}
