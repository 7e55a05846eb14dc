import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../util/rng.js';
import { fillDropoutMask, fillGumbel32, fillNormal32, fillUniform32 } from './random-fill.js';

const stats = (v: Float32Array): { mean: number; var: number; skew: number; kurt: number } => {
  const n = v.length;
  const mean = v.reduce((a, b) => a + b, 0) / n;
  let m2 = 0, m3 = 0, m4 = 0;
  for (const x of v) {
    const d = x - mean;
    m2 += d * d;
    m3 += d ** 3;
    m4 += d ** 4;
  }
  m2 /= n;
  return { mean, var: m2, skew: m3 / n / m2 ** 1.5, kurt: m4 / n / m2 ** 2 - 3 };
};

test('normal, uniform, Gumbel and dropout fills have the right distributions and fill only their range', () => {
  const r = new Rng(1);
  const z = new Float32Array(200_001);
  fillNormal32(z, r);
  const s = stats(z);
  assert.ok(Math.abs(s.mean) < 0.01 && Math.abs(s.var - 1) < 0.015 && Math.abs(s.skew) < 0.03 && Math.abs(s.kurt) < 0.06, JSON.stringify(s));
  const u = new Float32Array(100_000);
  fillUniform32(u, 0.9, 1, r);
  assert.ok(u.every((x) => x >= 0.9 && x <= 1) && Math.abs(stats(u).mean - 0.95) < 0.001);
  const g = new Float32Array(100_000);
  fillGumbel32(g, r);
  assert.ok(Math.abs(stats(g).mean - 0.5772) < 0.02, 'Gumbel mean is the Euler–Mascheroni constant');
  const m = new Float32Array(100_001);
  fillDropoutMask(m, 0.4, r);
  const kept = m.filter((x) => x !== 0);
  assert.ok(Math.abs(kept.length / m.length - 0.6) < 0.005 && kept.every((x) => Math.abs(x - 1 / 0.6) < 1e-6));
  const part = new Float32Array(10);
  fillNormal32(part, r, 3, 4);
  assert.ok(part.slice(0, 3).every((x) => x === 0) && part.slice(7).every((x) => x === 0) && part.slice(3, 7).every((x) => x !== 0));
});

test('fills are reproducible and consume the stream independently of how a batch is split', () => {
  const a = new Float32Array(1000), b = new Float32Array(1000);
  fillUniform32(a, -1, 1, new Rng(5));
  const r = new Rng(5);
  fillUniform32(b, -1, 1, r, 0, 400);
  fillUniform32(b, -1, 1, r, 400, 600);
  assert.deepEqual(a, b);
});
