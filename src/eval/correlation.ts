/**
 * Correlation coefficients and SDMetrics' CorrelationSimilarity (sdmetrics 0.29,
 * sdmetrics.column_pairs.CorrelationSimilarity): score = 1 − |ρ_real − ρ_syn| / 2, in [0, 1].
 * Rows where either column is missing are dropped (pairwise), as SDMetrics does with dropna().
 */

export type CorrelationMethod = 'pearson' | 'spearman';

/** Pearson's r over rows where both values are present; NaN if either column is constant. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i]!;
    const b = y[i]!;
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    n++;
    sx += a;
    sy += b;
  }
  if (n < 2) return NaN;
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < x.length; i++) {
    const a = x[i]!;
    const b = y[i]!;
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    const dx = a - mx;
    const dy = b - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (!(sxx > 0) || !(syy > 0)) return NaN;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** Average ranks (1-based, ties get the mean of their ranks) of the values; NaN stays NaN. */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const idx: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) idx.push(i);
  idx.sort((p, q) => values[p]! - values[q]!);
  const ranks = new Float64Array(values.length).fill(NaN);
  let k = 0;
  while (k < idx.length) {
    let e = k + 1;
    while (e < idx.length && values[idx[e]!] === values[idx[k]!]) e++;
    const r = (k + 1 + e) / 2; // mean of ranks k+1 .. e
    for (let t = k; t < e; t++) ranks[idx[t]!] = r;
    k = e;
  }
  return ranks;
}

/** Keeps rows where both are present (Spearman ranks must be taken after the pairwise drop). */
function completePairs(x: ArrayLike<number>, y: ArrayLike<number>): [Float64Array, Float64Array] {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (Number.isNaN(x[i]!) || Number.isNaN(y[i]!)) continue;
    a.push(x[i]!);
    b.push(y[i]!);
  }
  return [Float64Array.from(a), Float64Array.from(b)];
}

/** Spearman's ρ = Pearson's r of the average ranks (scipy.stats.spearmanr). */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const [a, b] = completePairs(x, y);
  return pearson(averageRanks(a), averageRanks(b));
}

export function correlation(x: ArrayLike<number>, y: ArrayLike<number>, method: CorrelationMethod): number {
  return method === 'pearson' ? pearson(x, y) : spearman(x, y);
}

export interface CorrelationSimilarity {
  score: number;
  real: number;
  synthetic: number;
}

/** 1 − |ρ_real − ρ_syn| / 2; NaN when either correlation is undefined (SDMetrics reports NaN too). */
export function correlationSimilarity(
  realX: ArrayLike<number>, realY: ArrayLike<number>,
  synX: ArrayLike<number>, synY: ArrayLike<number>,
  method: CorrelationMethod = 'pearson',
): CorrelationSimilarity {
  const r = correlation(realX, realY, method);
  const s = correlation(synX, synY, method);
  return { score: 1 - Math.abs(r - s) / 2, real: r, synthetic: s };
}
