import { test } from 'node:test';
import assert from 'node:assert/strict';
import { atomPlacement, decodeQuantile, encodeQuantile, fitQuantile, normalQuantile } from './quantile.js';
import { Rng } from '../util/rng.js';

test('normalQuantile matches AS 241 as computed by Python statistics.NormalDist.inv_cdf', () => {
  // Reference values printed by CPython 3.11 (pure AS 241), covering all three branches.
  const ref: [number, number][] = [
    [1e-300, -37.0470962993612],
    [1e-20, -9.262340089798405],
    [1e-12, -7.034483825301132],
    [1e-5, -4.2648907939228256],
    [0.02, -2.0537489106318225],
    [0.3, -0.5244005127080407],
    [0.5, 0],
    [0.97, 1.8807936081512504],
  ];
  for (const [p, z] of ref) assert.ok(Math.abs(normalQuantile(p) - z) <= 1e-13 * Math.max(1, Math.abs(z)), `Φ⁻¹(${p}) = ${normalQuantile(p)}, expected ${z}`);
  assert.ok(Math.abs(normalQuantile(1 - 0.02) + normalQuantile(0.02)) < 1e-14);
  assert.equal(normalQuantile(0), -Infinity);
  assert.equal(normalQuantile(1), Infinity);
});

test('normal scores: training values round-trip exactly, a spike is a flat segment whose scores fill its share of N(0, 1)', () => {
  const rng = new Rng(3);
  // A skewed column with a spike at zero (like breast_cancer's concavity).
  const n = 800;
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = i < 40 ? 0 : Math.exp(rng.normal() * 0.8);
  v[5] = NaN;
  const s = fitQuantile(v);
  assert.equal(s.rows, n - 1);
  // 39 zeros: one flat segment (two knots) + 760 distinct values.
  assert.equal(s.knots.length, 762);
  assert.deepEqual(s.probs!.slice(0, 2), [0, 39 / 799]);
  const zeros: number[] = [];
  let sum = 0, sq = 0, count = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(v[i]!)) continue;
    const z = encodeQuantile(s, v[i]!, atomPlacement(i, 0));
    assert.equal(decodeQuantile(s, z), v[i], `row ${i}`);
    if (v[i] === 0) zeros.push(z);
    sum += z; sq += z * z; count++;
  }
  // The zeros' scores spread over their share: Φ⁻¹ of (0, 39/799], clamped half a row inside.
  assert.ok(Math.min(...zeros) >= normalQuantile(0.5 / 799) - 1e-12 && Math.max(...zeros) <= normalQuantile(39 / 799) + 1e-12);
  assert.ok(Math.max(...zeros) - Math.min(...zeros) > 1, 'spread, not one spike');
  // Every score, spike included, looks standard normal.
  const mean = sum / count;
  assert.ok(Math.abs(mean) < 0.05, `mean ${mean}`);
  assert.ok(Math.abs(Math.sqrt(sq / count - mean * mean) - 1) < 0.05);
  // Without a placement an atom scores its middle.
  assert.ok(Math.abs(encodeQuantile(s, 0) - normalQuantile(19.5 / 799)) < 1e-12);
  // Monotone, and out-of-range values clip to the extreme knots.
  let last = -Infinity;
  for (let z = -5; z <= 5; z += 0.01) {
    const x = decodeQuantile(s, z);
    assert.ok(x >= last);
    last = x;
  }
  assert.equal(decodeQuantile(s, -40), 0);
  assert.equal(decodeQuantile(s, 40), s.knots.at(-1));
  assert.equal(encodeQuantile(s, 1e9), normalQuantile(798.5 / 799));
});

test('a column of few repeated values (counts 0..15): standard normal scores decode back to the exact frequencies', () => {
  const rng = new Rng(6);
  const n = 20_000;
  const v = Float64Array.from({ length: n }, () => Math.min(15, Math.floor(-Math.log(rng.uniform()) * 3)));
  const s = fitQuantile(v, 1000);
  const counts = new Map<number, number>();
  for (const x of v) counts.set(x, (counts.get(x) ?? 0) + 1);
  assert.equal(s.knots.length, 2 * counts.size, 'every value an atom');
  const m = 200_000;
  const decoded = new Map<number, number>();
  for (let i = 0; i < m; i++) {
    const x = decodeQuantile(s, rng.normal());
    assert.ok(counts.has(x), `${x} is an observed value`);
    decoded.set(x, (decoded.get(x) ?? 0) + 1);
  }
  for (const [x, c] of counts) assert.ok(Math.abs((decoded.get(x) ?? 0) / m - c / n) < 0.005, `share of ${x}`);
});

test('with more rows than knots: thinned evenly incl. min and max (large atoms stay flat), knots round-trip, values in between interpolate', () => {
  const rng = new Rng(4);
  const v = new Float64Array(50_000);
  for (let i = 0; i < v.length; i++) v[i] = rng.normal() * 3 + 10;
  const s = fitQuantile(v, 100);
  assert.equal(s.knots.length, 100);
  // A floor value holding 5 % of a column stays an atom when the rest is thinned.
  const floored = Float64Array.from(v, (x, i) => (i % 20 === 0 ? -20 : x));
  const f = fitQuantile(floored, 100);
  assert.ok(f.knots.length <= 100);
  assert.deepEqual([f.knots[0], f.knots[1], f.probs![1]], [-20, -20, 0.05]);
  const sorted = Float64Array.from(v).sort();
  assert.equal(s.knots[0], sorted[0]);
  assert.equal(s.knots[99], sorted[49_999]);
  for (const k of s.knots) assert.equal(decodeQuantile(s, encodeQuantile(s, k)), k);
  // For normal data the score is close to the standardised value in the bulk.
  for (const x of [4, 7, 10, 13, 16]) assert.ok(Math.abs(encodeQuantile(s, x) - (x - 10) / 3) < 0.05, `${x}: ${encodeQuantile(s, x)}`);
  for (let x = 5; x < 15; x += 0.37) assert.ok(Math.abs(decodeQuantile(s, encodeQuantile(s, x)) - x) < 1e-9);
});
