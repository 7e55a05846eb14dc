import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../util/rng.js';
import { circleStats, modeCoverage } from './points.js';

test('circle stats: exact ring, half ring, noisy radius', () => {
  const ring = (n: number, from: number, to: number, r: number): Float64Array => {
    const p = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      const a = from + ((to - from) * (i + 0.5)) / n;
      p[2 * i] = 1 + r * Math.cos(a);
      p[2 * i + 1] = -2 + r * Math.sin(a);
    }
    return p;
  };
  const full = circleStats(ring(720, 0, 2 * Math.PI, 3), 3, [1, -2]);
  assert.ok(Math.abs(full.radius_mean - 3) < 1e-12 && full.radius_std < 1e-12 && full.radius_error < 1e-12);
  assert.equal(full.angular_coverage, 1);
  assert.equal(full.angular_counts.reduce((a, b) => a + b), 720);
  const half = circleStats(ring(360, 0, Math.PI, 2), 2, [1, -2]);
  assert.equal(half.angular_coverage, 0.5);
  const big = circleStats(ring(100, 0, 2 * Math.PI, 4), 2, [1, -2]);
  assert.ok(Math.abs(big.radius_error - 1) < 1e-12);
});

test('mode coverage: samples from 4 of 8 ring modes cover 4', () => {
  const modes = Array.from({ length: 8 }, (_, k) => [2 * Math.cos((k * Math.PI) / 4), 2 * Math.sin((k * Math.PI) / 4)]);
  const rng = new Rng(1);
  const n = 4000;
  const pts = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const m = modes[2 * rng.int(4)]!;
    pts[2 * i] = m[0]! + 0.02 * rng.normal();
    pts[2 * i + 1] = m[1]! + 0.02 * rng.normal();
  }
  const c = modeCoverage(pts, 2, modes, 0.02);
  assert.equal(c.modes_covered, 4);
  assert.equal(c.modes_total, 8);
  assert.ok(c.high_quality_share > 0.99);
  const far = modeCoverage(Float64Array.from([10, 10]), 2, modes, 0.02);
  assert.equal(far.high_quality_share, 0);
});
