import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTable, takeRows, type Table } from '../data/table.js';
import { Rng } from '../util/rng.js';
import { matchColumns } from './columns.js';
import { distanceToClosestRecord, exactCopyRate } from './privacy.js';
import type { EncodedRows } from './nearest-neighbour.js';
import { nearestDistances } from './nearest-parallel.js';
import { loadDataset } from './test-helpers.js';

function split(t: Table, seed: number): [Table, Table] {
  const p = new Rng(seed).permutation(t.rowCount);
  const cut = Math.floor(t.rowCount * 0.7);
  return [takeRows(t, p.slice(0, cut)), takeRows(t, p.slice(cut))];
}

test('DCR: copies of training rows are flagged, fresh real rows look like the holdout', () => {
  const [train, holdout] = split(loadDataset('breast_cancer'), 1);
  const cols = matchColumns(train, holdout);
  const copies = distanceToClosestRecord(train, train, holdout, cols, new Rng(2));
  assert.equal(copies.synthetic_to_train.median, 0);
  assert.equal(copies.share_closer_than_holdout_p5, 1);
  assert.ok(copies.holdout_to_train!.median > 0);
  // The holdout itself as "synthetic": indistinguishable from the baseline (≈ 5 % below its own p5).
  const fresh = distanceToClosestRecord(train, holdout, holdout, cols, new Rng(2));
  assert.ok(fresh.share_closer_than_holdout_p5! <= 0.06, `${fresh.share_closer_than_holdout_p5}`);
  assert.ok(Math.abs(fresh.synthetic_to_train.median - fresh.holdout_to_train!.median) < 1e-12);
});

test('DCR distance: standardised numbers plus 1 per categorical mismatch, exact small case', () => {
  const train = makeTable(['x', 'c'], [{ kind: 'number', values: Float64Array.from([0, 2]) }, { kind: 'string', values: ['a', 'b'] }]);
  // train std of x = √2, so x = 0 vs 2 differ by √2 standard units.
  const syn = makeTable(['x', 'c'], [{ kind: 'number', values: Float64Array.from([0, 1]) }, { kind: 'string', values: ['b', 'a'] }]);
  const r = distanceToClosestRecord(train, syn, undefined, matchColumns(train, syn), new Rng(0));
  // row (0,b): to (0,a) → √1, to (2,b) → √2 ⇒ 1; row (1,a): to (0,a) → √0.5 ⇒ √0.5
  assert.ok(Math.abs(r.synthetic_to_train.median - (1 + Math.SQRT1_2) / 2) < 1e-12);
  assert.equal(r.holdout_to_train, null);
});

test('exact copy rate counts rows identical in every cell, holdout as baseline', () => {
  const iris = loadDataset('iris');
  const [train, holdout] = split(iris, 3);
  const cols = matchColumns(train, holdout);
  const syn = takeRows(iris, Uint32Array.from({ length: 10 }, (_, i) => i));
  const r = exactCopyRate(train, syn, holdout, cols);
  const trainKeys = new Set(Array.from({ length: train.rowCount }, (_, i) => train.columns.map((c) => String(c.values[i])).join(',')));
  const expected = Array.from({ length: 10 }, (_, i) => syn.columns.map((c) => String(c.values[i])).join(',')).filter((k) => trainKeys.has(k)).length / 10;
  assert.equal(r.synthetic, expected);
  assert.ok(r.holdout !== null && r.holdout >= 0 && r.holdout < 0.1, 'iris has a few duplicate rows only');
});

test('DCR on 10k × 10k finishes in a few seconds', () => {
  const rng = new Rng(4);
  const mk = (n: number): Table => makeTable(['a', 'b', 'c', 'k'], [
    { kind: 'number', values: rng.fillNormal(new Float64Array(n)) as Float64Array },
    { kind: 'number', values: rng.fillNormal(new Float64Array(n)) as Float64Array },
    { kind: 'number', values: rng.fillNormal(new Float64Array(n)) as Float64Array },
    { kind: 'string', values: Array.from({ length: n }, () => ['x', 'y', 'z'][rng.int(3)]!) },
  ]);
  const train = mk(10_000);
  const t0 = performance.now();
  const r = distanceToClosestRecord(train, mk(10_000), mk(10_000), matchColumns(train, train), new Rng(1));
  const s = (performance.now() - t0) / 1000;
  assert.ok(s < 20, `took ${s} s`);
  assert.ok(Math.abs(r.share_closer_than_holdout_p5! - 0.05) < 0.02, `${r.share_closer_than_holdout_p5}`);
});

test('nearest-neighbour search: worker threads give exactly the single-thread result, and match brute force', () => {
  const rng = new Rng(8);
  const n = 600, p = 5, q = 2;
  const mk = (): EncodedRows => ({ z: rng.fillNormal(new Float64Array(n * p)) as Float64Array, c: Int32Array.from({ length: n * q }, () => rng.int(3)), n });
  const query = mk();
  const ref = mk();
  const one = nearestDistances(query, ref, p, q, 1);
  const two = nearestDistances(query, ref, p, q, 2);
  assert.deepEqual([...two], [...one]);
  for (const i of [0, 17, 599]) {
    let best = Infinity;
    for (let r = 0; r < n; r++) {
      let s = 0;
      for (let k = 0; k < q; k++) if (query.c[i * q + k] !== ref.c[r * q + k]) s++;
      for (let k = 0; k < p; k++) s += (query.z[i * p + k]! - ref.z[r * p + k]!) ** 2;
      best = Math.min(best, s);
    }
    assert.ok(Math.abs(one[i]! - Math.sqrt(best)) < 1e-12);
  }
});

test('exact copies are found through missing values, and near-copies are not copies', () => {
  const penguins = loadDataset('penguins');
  const [train, holdout] = split(penguins, 5);
  const cols = matchColumns(train, holdout);
  // Rows 0..29 of the training set (penguins rows 4 and 272 are mostly empty) plus 30 holdout rows.
  const both = makeTable(train.names, train.columns.map((c, j) => {
    const h = holdout.columns[j]!;
    return c.kind === 'number'
      ? { kind: 'number' as const, values: Float64Array.from({ length: 60 }, (_, i) => (i < 30 ? c.values[i]! : h.values[i]! as number)) }
      : { kind: 'string' as const, values: Array.from({ length: 60 }, (_, i) => (i < 30 ? c.values[i] : h.values[i]) as string | null) };
  }));
  const withMissing = takeRows(penguins, [3]);
  const trainPlus = makeTable(train.names, train.columns.map((c, j) => (c.kind === 'number'
    ? { kind: 'number' as const, values: Float64Array.from([...c.values, withMissing.columns[j]!.values[0] as number]) }
    : { kind: 'string' as const, values: [...(c.values as (string | null)[]), withMissing.columns[j]!.values[0] as string | null] })));
  assert.equal(exactCopyRate(trainPlus, withMissing, undefined, cols).synthetic, 1, 'a row with empty cells matches itself');
  const r = exactCopyRate(train, both, holdout, cols);
  assert.equal(r.synthetic, 0.5);
  const nudged = makeTable(both.names, both.columns.map((c, j) => (j === 2 ? { kind: 'number' as const, values: (c.values as Float64Array).map((v) => v + 1e-9) } : c)));
  assert.equal(exactCopyRate(train, nudged, undefined, cols).synthetic, 0);
});
