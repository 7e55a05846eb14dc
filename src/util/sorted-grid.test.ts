import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SortedGrid } from './sorted-grid.js';
import { Rng } from './rng.js';

/** The reference: binary search for the largest k with a[k] ≤ x (−1 below a[0] or NaN). */
function floorIndex(a: ArrayLike<number>, x: number): number {
  if (!(x >= a[0]!)) return -1;
  let lo = 0, hi = a.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (a[mid]! <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

test('SortedGrid.floor equals binary search on normal-like, tied, clustered and tiny arrays', () => {
  const rng = new Rng(5);
  const arrays: number[][] = [
    Array.from({ length: 1000 }, () => rng.normal()).sort((x, y) => x - y),
    // ties and flat runs (atoms of a quantile map), a far outlier
    Array.from({ length: 500 }, () => Math.round(rng.normal() * 3)).concat([1e6]).sort((x, y) => x - y),
    // one huge cluster: nearly every knot in one bucket
    Array.from({ length: 300 }, (_, i) => (i < 299 ? i * 1e-9 : 1)),
    [2],
    [1, 1, 1],
    [0, 0.3, 0.1 + 0.2, 0.30000000000000004, 1],
  ];
  for (const a of arrays) {
    const g = new SortedGrid(a);
    const probes = [NaN, -Infinity, Infinity, ...a, ...a.map((v) => v - 1e-12), ...a.map((v) => v + 1e-12)];
    for (let i = 0; i < 5000; i++) probes.push(a[0]! + (a[a.length - 1]! - a[0]!) * (rng.uniform() * 1.2 - 0.1));
    for (const x of probes) assert.equal(g.floor(x), floorIndex(a, x), `x = ${x} in an array of ${a.length}`);
  }
});
