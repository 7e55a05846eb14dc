/**
 * Constant-time search in a sorted array: the largest k with a[k] ≤ x, exactly what a binary
 * search returns, from a uniform grid of buckets over [a[0], a[m − 1]] that holds each bucket's
 * answer at its lower edge, then a short walk. Piecewise-linear maps of 1000 knots (quantile
 * maps, calibration maps) are evaluated for every generated value: a binary search of ten
 * unpredictable branches was the largest single cost of decoding a sample.
 */
export class SortedGrid {
  private readonly a: Float64Array;
  private readonly start: Int32Array;
  private readonly lo: number;
  private readonly scale: number;

  /** `a` ascending (ties allowed); `buckets` per knot on average (default 2). */
  constructor(a: ArrayLike<number>, buckets = 2) {
    this.a = Float64Array.from(a);
    const m = this.a.length;
    this.lo = m ? this.a[0]! : 0;
    const span = m ? this.a[m - 1]! - this.lo : 0;
    const b = Math.max(1, Math.ceil(m * buckets));
    this.scale = span > 0 ? b / span : 0;
    this.start = new Int32Array(b + 1);
    let k = 0;
    for (let j = 0; j <= b; j++) {
      const edge = this.lo + j / this.scale;
      while (k + 1 < m && this.a[k + 1]! <= edge) k++;
      this.start[j] = k;
    }
  }

  /** Largest k with a[k] ≤ x; −1 when x < a[0] or x is NaN. */
  floor(x: number): number {
    const a = this.a;
    const m = a.length;
    if (!(x >= this.lo) || m === 0) return -1;
    if (x >= a[m - 1]!) return m - 1;
    const j = Math.min(this.start.length - 1, Math.floor((x - this.lo) * this.scale));
    let k = this.start[j]!;
    // The bucket edge was computed in floating point: step back if it overshot, then forward.
    while (k > 0 && a[k]! > x) k--;
    while (k + 1 < m && a[k + 1]! <= x) k++;
    return k;
  }
}
