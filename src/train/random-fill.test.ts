import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../util/rng.js';
import { Graph, Program, VariableStore } from '../engine/index.js';
import { boxMuller } from './round.js';
import { fillDropoutMask, fillGumbel32, fillNormal32, fillOpenUniform32, fillUniform32 } from './random-fill.js';

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

test('normal fills give exactly the values and the stream of rng.normal() calls, however a batch is split (the spare included)', () => {
  const a = new Rng(11), b = new Rng(11);
  const viaCalls = Float32Array.from({ length: 1001 }, () => a.normal());
  const filled = new Float32Array(1001);
  fillNormal32(filled, b, 0, 3);
  fillNormal32(filled, b, 3, 500);
  fillNormal32(filled, b, 503, 498);
  assert.deepEqual(filled, viaCalls);
  assert.deepEqual(b.state(), a.state());
  assert.equal(b.normal(), a.normal());
});

test('open uniforms for the Gumbel heads lie strictly inside (0, 1) in float32, and −log(−log U) has the Gumbel mean', () => {
  const u = new Float32Array(200_000);
  fillOpenUniform32(u, new Rng(2));
  assert.ok(u.every((x) => x > 0 && x < 1));
  const extremes = new Float32Array([(0 + 0.5) / 8388608, (8388607 + 0.5) / 8388608]);
  assert.ok(extremes[0]! > 0 && extremes[1]! < 1, 'the grid ends are float32 values inside (0, 1)');
  const g = Float32Array.from(u, (x) => -Math.log(-Math.log(x)));
  assert.ok(Math.abs(stats(g).mean - 0.5772) < 0.01 && Math.abs(stats(g).var - Math.PI ** 2 / 6) < 0.03, JSON.stringify(stats(g)));
});

test('Box–Muller in the graph turns open uniforms into standard normals (the latent noise of training rounds)', async () => {
  const rows = 20_000, width = 5;
  const g = new Graph();
  const u = g.input('u', [rows, 6]);
  const z = boxMuller(u, width);
  assert.deepEqual(z.shape, [rows, width]);
  const buf = new Float32Array(rows * 6);
  fillOpenUniform32(buf, new Rng(4));
  const p = await Program.compile(g, { outputs: { z } }, new VariableStore());
  const out = (await p.run({ u: buf }))['z'] as Float32Array;
  await p.release();
  const s = stats(out);
  assert.ok(Math.abs(s.mean) < 0.01 && Math.abs(s.var - 1) < 0.02 && Math.abs(s.skew) < 0.03 && Math.abs(s.kurt) < 0.06, JSON.stringify(s));
  // The cosine and sine columns of one row are uncorrelated.
  let c = 0;
  for (let i = 0; i < rows; i++) c += out[i * width]! * out[i * width + 3]!;
  assert.ok(Math.abs(c / rows) < 0.02, `correlation ${c / rows}`);
});

test('dropout masks are exactly the two 16-bit draws per word the definition gives (odd lengths and offsets too)', () => {
  const p = 0.4, threshold = Math.round(p * 65536), keep = 1 / (1 - p);
  for (const length of [1000, 999]) {
    const end = 1 + length;
    const ref = new Rng(9);
    const expected = new Float32Array(1001);
    for (let i = 1; i < end; i += 2) {
      const u = ref.nextU32();
      expected[i] = (u & 0xffff) >= threshold ? keep : 0;
      if (i + 1 < end) expected[i + 1] = u >>> 16 >= threshold ? keep : 0;
    }
    const got = new Float32Array(1001);
    fillDropoutMask(got, p, new Rng(9), 1, length);
    assert.deepEqual(got, expected, `length ${length}`);
  }
});
