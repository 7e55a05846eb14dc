import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, pickByCounts, pickWeighted } from './rng.js';

test('same seed gives the same stream, different seeds differ', () => {
  const a = new Rng(42), b = new Rng(42), c = new Rng(43);
  const xa = Array.from({ length: 50 }, () => a.nextU32());
  const xb = Array.from({ length: 50 }, () => b.nextU32());
  const xc = Array.from({ length: 50 }, () => c.nextU32());
  assert.deepEqual(xa, xb);
  assert.notDeepEqual(xa, xc);
});

test('uniform and normal have the right moments', () => {
  const r = new Rng(7);
  const n = 200_000;
  let su = 0, su2 = 0, sn = 0, sn2 = 0, sn4 = 0;
  for (let i = 0; i < n; i++) {
    const u = r.uniform();
    assert.ok(u >= 0 && u < 1);
    su += u; su2 += u * u;
    const z = r.normal();
    sn += z; sn2 += z * z; sn4 += z ** 4;
  }
  assert.ok(Math.abs(su / n - 0.5) < 0.005);
  assert.ok(Math.abs(su2 / n - 1 / 3) < 0.005);
  assert.ok(Math.abs(sn / n) < 0.01);
  assert.ok(Math.abs(sn2 / n - 1) < 0.015);
  assert.ok(Math.abs(sn4 / n - 3) < 0.08);
});

test('state round-trips and fork is deterministic', () => {
  const r = new Rng(1);
  r.normal();
  const s = r.state();
  const r2 = Rng.fromState(JSON.parse(JSON.stringify(s)));
  assert.equal(r.normal(), r2.normal());
  assert.equal(r.uniform(), r2.uniform());
  assert.equal(new Rng(5).fork('x').nextU32(), new Rng(5).fork('x').nextU32());
  assert.notEqual(new Rng(5).fork('x').nextU32(), new Rng(5).fork('y').nextU32());
});

test('int is unbiased enough and permutation is a permutation', () => {
  const r = new Rng(3);
  const counts = new Array(7).fill(0);
  for (let i = 0; i < 70_000; i++) counts[r.int(7)]++;
  for (const c of counts) assert.ok(Math.abs(c - 10_000) < 400, `count ${c}`);
  const p = Array.from(r.permutation(100)).sort((a, b) => a - b);
  assert.deepEqual(p, Array.from({ length: 100 }, (_, i) => i));
});

test('fillU32 produces exactly the nextU32 stream', () => {
  const a = new Rng(9), b = new Rng(9);
  const buf = new Uint32Array(1001);
  a.fillU32(buf, 1, 1000);
  for (let i = 1; i <= 1000; i++) assert.equal(buf[i], b.nextU32());
  assert.equal(a.nextU32(), b.nextU32());
});

test('pickByCounts picks what pickWeighted picks, at the running sums and between them', () => {
  const r = new Rng(11);
  for (const n of [1, 31, 32, 1000, 20_000]) {
    // Skewed whole counts, some of them zero.
    const counts = Array.from({ length: n }, (_, i) => (i % 7 === 3 ? 0 : 1 + Math.floor(1e4 / (i + 1)) + r.int(3)));
    const total = counts.reduce((a, b) => a + b, 0);
    const us = [0, 1 - 2 ** -53, ...Array.from({ length: 2000 }, () => r.uniform())];
    // Uniforms that land exactly on a running sum, and just below one.
    let sum = 0;
    for (let i = 0; i < n; i += Math.max(1, Math.floor(n / 50))) {
      sum = counts.slice(0, i + 1).reduce((a, b) => a + b, 0);
      us.push(sum / total, Math.max(0, sum / total - 2 ** -40));
    }
    for (const u of us) assert.equal(pickByCounts(counts, u), pickWeighted(counts, u), `n ${n}, u ${u}`);
  }
});
