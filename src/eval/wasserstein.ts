/**
 * First Wasserstein (earth mover's) distance between two 1-D samples:
 * W1 = ∫ |F_a(x) − F_b(x)| dx over the real line, the quantity scipy.stats.wasserstein_distance
 * computes for unweighted samples. Missing values are dropped. It is in the column's own units,
 * so compare it across columns only after dividing by the real column's std.
 */
import { sortedFinite } from './stats.js';

/** W1 of two ascending sorted samples: integrates the CDF gap between consecutive jump points. */
export function wassersteinSorted(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return NaN;
  let i = 0;
  let j = 0;
  let x = Math.min(a[0]!, b[0]!);
  let w = 0;
  while (i < n || j < m) {
    const next = j >= m || (i < n && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    w += Math.abs(i / n - j / m) * (next - x);
    x = next;
    while (i < n && a[i]! <= x) i++;
    while (j < m && b[j]! <= x) j++;
  }
  return w;
}

export function wasserstein1(real: ArrayLike<number>, synthetic: ArrayLike<number>): number {
  return wassersteinSorted(sortedFinite(real), sortedFinite(synthetic));
}
