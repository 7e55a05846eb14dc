/**
 * Maximum mean discrepancy with a Gaussian RBF kernel k(x, y) = exp(−‖x − y‖² / (2σ²)),
 * Gretton et al., "A Kernel Two-Sample Test", JMLR 13 (2012). σ is set by the median heuristic:
 * the median pairwise Euclidean distance of the pooled sample (same paper, §8). Reported as the
 * unbiased estimate MMD²_u (eq. 3; can be slightly negative when the samples match) and the
 * biased MMD²_b (eq. 5; ≥ 0). 0 means indistinguishable in the kernel's feature space.
 */

export interface MmdResult {
  mmd2_unbiased: number;
  mmd2_biased: number;
  /** σ of the RBF kernel (median pairwise distance of the pooled sample). */
  bandwidth: number;
  rows_real: number;
  rows_synthetic: number;
}

function sqDist(a: Float64Array, i: number, b: Float64Array, j: number, d: number): number {
  let s = 0;
  const oi = i * d;
  const oj = j * d;
  for (let k = 0; k < d; k++) {
    const t = a[oi + k]! - b[oj + k]!;
    s += t * t;
  }
  return s;
}

/** Median of pairwise distances among (at most the first 1000 of) the pooled rows. */
export function medianPairwiseDistance(x: Float64Array, nx: number, y: Float64Array, ny: number, d: number): number {
  const cap = 1000;
  const takeX = Math.min(nx, Math.ceil(cap / 2));
  const takeY = Math.min(ny, cap - takeX);
  const rows: [Float64Array, number][] = [];
  for (let i = 0; i < takeX; i++) rows.push([x, i]);
  for (let j = 0; j < takeY; j++) rows.push([y, j]);
  const dists = new Float64Array((rows.length * (rows.length - 1)) / 2);
  let k = 0;
  for (let a = 0; a < rows.length; a++) {
    for (let b = a + 1; b < rows.length; b++) dists[k++] = sqDist(rows[a]![0], rows[a]![1], rows[b]![0], rows[b]![1], d);
  }
  dists.sort();
  const m = dists.length;
  if (m === 0) return 1;
  const med = m % 2 ? dists[(m - 1) / 2]! : (dists[m / 2 - 1]! + dists[m / 2]!) / 2;
  return Math.sqrt(med);
}

/**
 * MMD between row-major matrices x (nx × d) and y (ny × d). Callers subsample first: the cost is
 * O((nx + ny)² d). The rows passed should already be in random order (the bandwidth uses the first ones).
 */
export function mmdRbf(x: Float64Array, nx: number, y: Float64Array, ny: number, d: number, bandwidth?: number): MmdResult {
  let sigma = bandwidth ?? medianPairwiseDistance(x, nx, y, ny, d);
  if (!(sigma > 0)) sigma = 1;
  const g = 1 / (2 * sigma * sigma);
  const within = (a: Float64Array, n: number): [number, number] => {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += Math.exp(-g * sqDist(a, i, a, j, d));
    return [2 * off, 2 * off + n]; // off-diagonal sum, and full sum with k(x, x) = 1 on the diagonal
  };
  const [xxOff, xxAll] = within(x, nx);
  const [yyOff, yyAll] = within(y, ny);
  let xy = 0;
  for (let i = 0; i < nx; i++) for (let j = 0; j < ny; j++) xy += Math.exp(-g * sqDist(x, i, y, j, d));
  const unbiased = (nx > 1 ? xxOff / (nx * (nx - 1)) : 0) + (ny > 1 ? yyOff / (ny * (ny - 1)) : 0) - (2 * xy) / (nx * ny);
  const biased = xxAll / (nx * nx) + yyAll / (ny * ny) - (2 * xy) / (nx * ny);
  return { mmd2_unbiased: unbiased, mmd2_biased: Math.max(0, biased), bandwidth: sigma, rows_real: nx, rows_synthetic: ny };
}
