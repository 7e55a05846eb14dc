/**
 * Metrics for low-dimensional toy targets (2-D point sets): a ring, and Gaussian mixtures.
 * Points are row-major Float64Array/Float32Array (n × d).
 */

export interface CircleStats {
  /** Mean distance from the centre. */
  radius_mean: number;
  /** Sample std (ddof = 1) of the distance from the centre. */
  radius_std: number;
  /** |radius_mean − target| / target: relative error of the mean radius. */
  radius_error: number;
  /** Share of the 36 angular bins (10° each) holding at least one point; 1 = the whole ring is covered. */
  angular_coverage: number;
  /** Points per angular bin, bin k covering [k·10°, (k+1)·10°) counter-clockwise from +x. */
  angular_counts: number[];
}

export const ANGULAR_BINS = 36;

/** How well 2-D points (n × 2) lie on a circle of `radius` around `center`. */
export function circleStats(points: ArrayLike<number>, radius: number, center: [number, number] = [0, 0]): CircleStats {
  const n = Math.floor(points.length / 2);
  const counts = new Array<number>(ANGULAR_BINS).fill(0);
  let s = 0;
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const dx = points[2 * i]! - center[0];
    const dy = points[2 * i + 1]! - center[1];
    r[i] = Math.hypot(dx, dy);
    s += r[i]!;
    const angle = Math.atan2(dy, dx); // (−π, π]
    const bin = Math.floor(((angle + 2 * Math.PI) % (2 * Math.PI)) / (2 * Math.PI) * ANGULAR_BINS);
    counts[Math.min(bin, ANGULAR_BINS - 1)]!++;
  }
  const mean = n ? s / n : NaN;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (r[i]! - mean) ** 2;
  return {
    radius_mean: mean,
    radius_std: n > 1 ? Math.sqrt(ss / (n - 1)) : NaN,
    radius_error: Math.abs(mean - radius) / radius,
    angular_coverage: counts.filter((c) => c > 0).length / ANGULAR_BINS,
    angular_counts: counts,
  };
}

export interface ModeCoverage {
  /** Modes whose share of all points (assigned within 3σ) is at least `min_share`. */
  modes_covered: number;
  modes_total: number;
  /** Share of points within 3σ of their nearest mode ("high-quality" samples). */
  high_quality_share: number;
  /** Per mode: share of all points assigned to it within 3σ. */
  per_mode_share: number[];
  min_share: number;
}

/**
 * Mode coverage of a Gaussian mixture with isotropic components of std `sigma` (as in Metz et al.,
 * "Unrolled GANs", 2017, and Srivastava et al., "VEEGAN", 2017): each point goes to its nearest
 * mode and counts only if it lies within 3σ of it; a mode is covered when its share of all points
 * reaches `minShare` (default a quarter of the uniform share, 1 / (4K)).
 */
export function modeCoverage(points: ArrayLike<number>, dim: number, modes: readonly (readonly number[])[], sigma: number, minShare?: number): ModeCoverage {
  const n = Math.floor(points.length / dim);
  const k = modes.length;
  const min = minShare ?? 1 / (4 * k);
  const hits = new Array<number>(k).fill(0);
  let good = 0;
  const limit = (3 * sigma) ** 2;
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    let at = -1;
    for (let m = 0; m < k; m++) {
      let d = 0;
      for (let j = 0; j < dim; j++) d += (points[i * dim + j]! - modes[m]![j]!) ** 2;
      if (d < best) { best = d; at = m; }
    }
    if (at >= 0 && best <= limit) {
      hits[at]!++;
      good++;
    }
  }
  const share = hits.map((h) => (n ? h / n : 0));
  return { modes_covered: share.filter((s) => s >= min).length, modes_total: k, high_quality_share: n ? good / n : 0, per_mode_share: share, min_share: min };
}
