/**
 * Exact nearest-neighbour distances for DCR, over rows made of standardised numbers z (n × p)
 * and category codes c (n × q); squared distance = Σ (z_a − z_b)² + #{k : c_a[k] ≠ c_b[k]}.
 *
 * Pruning: reference rows are sorted by their projection on the top principal direction u
 * (‖u‖ = 1). Since |(x − y)·u| ≤ ‖x − y‖, the scan outward from a query's position stops on each
 * side once the projection gap alone exceeds the best distance so far; within a row the running
 * sum stops early too. Worst case (high intrinsic dimension) it is brute force.
 */

export interface EncodedRows {
  z: Float64Array;
  c: Int32Array;
  n: number;
}

/** Reference rows in projection order (plain typed arrays, so it can live in shared memory). */
export interface NeighbourIndex {
  p: number;
  q: number;
  n: number;
  u: Float64Array;
  z: Float64Array;
  c: Int32Array;
  proj: Float64Array;
}

/** Top principal direction of the rows of z (n × p) by power iteration on ZᵀZ (z is centred). */
function principalDirection(z: Float64Array, n: number, p: number): Float64Array {
  const cov = new Float64Array(p * p);
  for (let i = 0; i < n; i++) {
    const o = i * p;
    for (let a = 0; a < p; a++) {
      const za = z[o + a]!;
      if (za === 0) continue;
      for (let b = 0; b < p; b++) cov[a * p + b]! += za * z[o + b]!;
    }
  }
  let u = new Float64Array(p).fill(1 / Math.sqrt(Math.max(p, 1)));
  for (let it = 0; it < 100; it++) {
    const v = new Float64Array(p);
    for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) v[a]! += cov[a * p + b]! * u[b]!;
    const norm = Math.hypot(...v);
    if (!(norm > 0)) break;
    for (let a = 0; a < p; a++) v[a]! /= norm;
    u = v;
  }
  return u;
}

function project(z: Float64Array, i: number, u: Float64Array, p: number): number {
  let s = 0;
  for (let k = 0; k < p; k++) s += z[i * p + k]! * u[k]!;
  return s;
}

/** `alloc(bytes)` lets the caller put the index in a SharedArrayBuffer for worker threads. */
export function buildIndex(ref: EncodedRows, p: number, q: number, alloc: (bytes: number) => ArrayBufferLike = (b) => new ArrayBuffer(b)): NeighbourIndex {
  const n = ref.n;
  const u0 = principalDirection(ref.z, n, p);
  const u = new Float64Array(alloc(8 * p));
  u.set(u0);
  const refProj = Float64Array.from({ length: n }, (_, r) => project(ref.z, r, u, p));
  const order = Uint32Array.from({ length: n }, (_, r) => r).sort((a, b) => refProj[a]! - refProj[b]!);
  const z = new Float64Array(alloc(8 * n * p));
  const c = new Int32Array(alloc(4 * n * q));
  const proj = new Float64Array(alloc(8 * n));
  order.forEach((r, k) => {
    z.set(ref.z.subarray(r * p, (r + 1) * p), k * p);
    c.set(ref.c.subarray(r * q, (r + 1) * q), k * q);
    proj[k] = refProj[r]!;
  });
  return { p, q, n, u, z, c, proj };
}

/** Writes the nearest distance of query rows [start, end) into out[start..end). */
export function nearestInto(ix: NeighbourIndex, query: EncodedRows, start: number, end: number, out: Float64Array): void {
  const { p, q, n, z: rz, c: rc, proj: rp, u } = ix;
  const qz = query.z;
  const qc = query.c;
  for (let i = start; i < end; i++) {
    const zi = i * p;
    const ci = i * q;
    const pq = project(qz, i, u, p);
    let best = Infinity;
    let lo = 0, hi = n;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (rp[mid]! < pq) lo = mid + 1; else hi = mid; }
    let down = lo - 1;
    let up = lo;
    while (best > 0) {
      const gapDown = down >= 0 ? pq - rp[down]! : Infinity;
      const gapUp = up < n ? rp[up]! - pq : Infinity;
      if (Math.min(gapDown, gapUp) ** 2 >= best) break; // also ends when both sides are exhausted (∞ ≥ ∞)
      const r = gapDown <= gapUp ? down-- : up++;
      // Numbers first: they carry most of the distance, so the early exit comes sooner.
      let s = 0;
      const zr = r * p;
      let k = 0;
      for (; k < p; k++) {
        const t = qz[zi + k]! - rz[zr + k]!;
        s += t * t;
        if (s >= best) break;
      }
      if (k < p) continue;
      const cr = r * q;
      for (k = 0; k < q; k++) {
        if (qc[ci + k] !== rc[cr + k]) {
          s += 1;
          if (s >= best) break;
        }
      }
      if (k === q) best = s;
    }
    out[i] = Math.sqrt(best);
  }
}
