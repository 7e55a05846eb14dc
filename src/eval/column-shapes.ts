/**
 * Column Shapes: how similar each column's marginal distribution is, on a 0–1 scale (1 = same).
 * Definitions follow SDMetrics 0.29 (sdmetrics.single_column.KSComplement / TVComplement), so
 * scores are comparable with its single-table QualityReport.
 */
import { categoryKeys } from './columns.js';
import type { ColumnData } from '../data/table.js';
import { sortedFinite } from './stats.js';

/**
 * Two-sample Kolmogorov–Smirnov statistic D = sup_x |F_a(x) − F_b(x)| of two ascending sorted
 * samples (the statistic scipy.stats.ks_2samp returns). Ties are stepped over together so the
 * empirical CDFs are compared only at the right-continuous jump points.
 */
export function ksStatistic(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return NaN;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    const x = Math.min(a[i]!, b[j]!);
    while (i < n && a[i]! <= x) i++;
    while (j < m && b[j]! <= x) j++;
    const diff = Math.abs(i / n - j / m);
    if (diff > d) d = diff;
  }
  return d;
}

/**
 * KSComplement = 1 − D (SDMetrics). Missing values are dropped from each sample first, as
 * SDMetrics does; NaN when either sample has no values.
 */
export function ksComplement(real: ArrayLike<number>, synthetic: ArrayLike<number>): number {
  return 1 - ksStatistic(sortedFinite(real), sortedFinite(synthetic));
}

/** Relative frequency of each category key. */
export function frequencies(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  for (const [k, c] of counts) counts.set(k, c / keys.length);
  return counts;
}

/**
 * Total variation distance ½ Σ_k |p_k − q_k| over the union of categories (a category absent
 * from one side has frequency 0 there; SDMetrics gives it 1e-6 pseudo-count, a negligible
 * difference).
 */
export function totalVariation(p: Map<string, number>, q: Map<string, number>): number {
  let s = 0;
  for (const [k, pk] of p) s += Math.abs(pk - (q.get(k) ?? 0));
  for (const [k, qk] of q) if (!p.has(k)) s += qk;
  return s / 2;
}

/** TVComplement = 1 − ½ Σ_k |p_k − q_k| (SDMetrics); missing is a category of its own. */
export function tvComplement(real: ColumnData, synthetic: ColumnData): number {
  return 1 - totalVariation(frequencies(categoryKeys(real)), frequencies(categoryKeys(synthetic)));
}
