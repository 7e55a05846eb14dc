/**
 * ContingencySimilarity (sdmetrics 0.29, sdmetrics.column_pairs.ContingencySimilarity):
 * 1 − TVD of the two normalised 2-D frequency tables, ½ Σ_{a,b} |P_real(a,b) − P_syn(a,b)| over the
 * union of cells. Used by SDMetrics' QualityReport for every pair that is not continuous ×
 * continuous; continuous columns are first cut into 10 equal-width bins fitted on the real
 * column (ColumnPairTrends' discretisation). Missing is a category (and a bin) of its own.
 * Cross-checked against a pandas/scipy transcription of these formulas on penguins (missing
 * values included): every pair score agrees to 1e-15. (pandas' MultiIndex.union mishandles NaN
 * keys, so a transcription must fill NaN with a marker first.)
 */
import type { ColumnData } from '../data/table.js';
import { encodeCategories, metricKind } from './columns.js';

export const PAIR_TREND_BINS = 10;

/**
 * Equal-width bin codes like SDMetrics: edges = np.histogram_bin_edges(real.dropna(), bins), the
 * outer edges replaced by ±∞, codes = np.digitize(x, edges) (1..bins; NaN gets bins + 1, its own bin).
 */
export function equalWidthBins(real: ArrayLike<number>, bins = PAIR_TREND_BINS): (x: number) => number {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < real.length; i++) {
    const v = real[i]!;
    if (Number.isNaN(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) { lo = 0; hi = 1; } // numpy's range for an empty sample
  if (lo === hi) { lo -= 0.5; hi += 0.5; } // numpy widens a constant sample's range by ±0.5
  const step = (hi - lo) / bins;
  const inner: number[] = [];
  for (let k = 1; k < bins; k++) inner.push(lo + k * step);
  return (x: number): number => {
    if (Number.isNaN(x)) return bins + 1;
    let c = 1;
    for (const e of inner) if (x >= e) c++;
    return c;
  };
}

/** Category keys of a column for pair trends: categories as-is, continuous values as bin codes. */
export function pairCodes(real: ColumnData, synthetic: ColumnData): [Int32Array, Int32Array] {
  if (metricKind(real) === 'continuous') {
    const rv = real.values as Float64Array;
    const sv = synthetic.values as Float64Array;
    const bin = equalWidthBins(rv);
    return [Int32Array.from(rv, bin), Int32Array.from(sv, bin)];
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

/** ContingencySimilarity of the column pair (a, b), discretising continuous columns. */
export function contingencySimilarity(realA: ColumnData, realB: ColumnData, synA: ColumnData, synB: ColumnData): number {
  const [ra, sa] = pairCodes(realA, synA);
  const [rb, sb] = pairCodes(realB, synB);
  return contingencySimilarityCodes(ra, rb, sa, sb);
}
