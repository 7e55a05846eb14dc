/** Seeded row subsampling, so metrics that cost O(n²) stay bounded on large tables. */
import type { Rng } from '../util/rng.js';

/** All row indices if n ≤ max, else `max` distinct indices drawn without replacement, ascending. */
export function subsampleRows(n: number, max: number, rng: Rng): Uint32Array {
  if (n <= max) {
    const all = new Uint32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    return all;
  }
  // Partial Fisher–Yates: only the first `max` positions are shuffled.
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = 0; i < max; i++) {
    const j = i + rng.int(n - i);
    const t = p[i]!;
    p[i] = p[j]!;
    p[j] = t;
  }
  return p.slice(0, max).sort();
}
