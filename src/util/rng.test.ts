import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, pickByCounts, pickWeighted, BlockStrata, RowStreams } from './rng.js';

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

test('block strata: each block of 2^bits rows takes every cell of every column once, by a permutation of its own; values stay in their cell', () => {
  const streams = new RowStreams(3, 'strata');
  for (const bits of [4, 8, 12]) {
    const B = 1 << bits;
    const s = new BlockStrata(streams, bits, 5);
    const orders: string[] = [];
    for (const block of [0, 1, 2 ** 33]) {
      for (let j = 0; j < 5; j++) {
        const seen = new Uint8Array(B);
        const order: number[] = [];
        for (let r = 0; r < B; r++) {
          const c = s.cell(block * B + r, j);
          assert.ok(c >= 0 && c < B && !seen[c], `bits ${bits} block ${block} column ${j}: cell ${c} twice or out of range`);
          seen[c] = 1;
          order.push(c);
        }
        orders.push(order.slice(0, 16).join());
      }
    }
    // Fifteen (block, column) pairs, fifteen different permutations.
    assert.equal(new Set(orders).size, orders.length, `bits ${bits}: two permutations alike`);
    for (const [row, u] of [[5, 1e-7], [6, 0.5], [7, 0.999]] as const) {
      const us = new Float32Array([0.3, 0.3, u]);
      s.placeRow(row, us, 0, 3);
      const v = us[2]!;
      assert.ok(v > 0 && v < 1, `${v}`);
      assert.equal(Math.floor(v * B), s.cell(row, 2));
      assert.equal(Math.floor(us[0]! * B), s.cell(row, 0));
    }
  }
  // The same rows, asked for in another order or by another object, get the same cells.
  const a = new BlockStrata(streams, 6, 3), b = new BlockStrata(new RowStreams(3, 'strata'), 6, 3);
  const rows = [700, 3, 64, 65, 1e9];
  assert.deepEqual(rows.map((r) => a.cell(r, 1)), rows.slice().reverse().map((r) => b.cell(r, 1)).reverse());
  assert.notDeepEqual(rows.map((r) => a.cell(r, 1)), rows.map((r) => new BlockStrata(new RowStreams(4, 'strata'), 6, 3).cell(r, 1)));
});
