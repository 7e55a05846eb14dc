import { test } from 'node:test';
import assert from 'node:assert/strict';
import { listDatasets, loadDataset } from './datasets.js';
import { readTable } from './read.js';
import { Rng } from '../util/rng.js';
import { DataError } from '../util/errors.js';
import { sharedDataset } from './shared-datasets.test.js';

function mean(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]!;
  return s / v.length;
}
function std(v: ArrayLike<number>): number {
  const m = mean(v);
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i]! - m) ** 2;
  return Math.sqrt(s / v.length);
}

test('listDatasets describes every dataset and loadDataset matches it', () => {
  for (const d of listDatasets()) {
    const t = loadDataset(d.name, new Rng(1));
    assert.equal(t.rowCount, d.rows, d.name);
    assert.deepEqual(t.names, d.columns, d.name);
  }
});

test('shipped iris and digits equal the shared CSVs', async () => {
  assert.deepEqual(loadDataset('iris'), await readTable(sharedDataset('iris.csv')));
  assert.deepEqual(loadDataset('digits'), await readTable(sharedDataset('digits.csv')));
});

test('circle: radius 2, first and last point at theta 0 and 2π', () => {
  const t = loadDataset('circle');
  const x = t.columns[0]!.values as Float64Array;
  const y = t.columns[1]!.values as Float64Array;
  for (let i = 0; i < t.rowCount; i++) assert.ok(Math.abs(Math.hypot(x[i]!, y[i]!) - 2) < 1e-12);
  assert.equal(x[0], 2);
  assert.ok(Math.abs(x[1000]! - 2) < 1e-12 && Math.abs(y[1000]!) < 1e-12);
  assert.ok(Math.abs(y[250]! - 2) < 1e-12, 'a quarter of the way round');
});

test('gaussian and sixparam have the documented statistics and depend only on the seed', () => {
  const g = loadDataset('gaussian', new Rng(4), { rows: 50_000 }).columns[0]!.values as Float64Array;
  assert.ok(Math.abs(mean(g) - 4) < 0.03 && Math.abs(std(g) - 1.25) < 0.03);
  const a = loadDataset('sixparam', new Rng(2));
  assert.deepEqual(a, loadDataset('sixparam', new Rng(2)));
  assert.notDeepEqual(a, loadDataset('sixparam', new Rng(3)));
  const x1 = a.columns[0]!.values as Float64Array;
  const x6 = a.columns[5]!.values as Float64Array;
  assert.ok(Math.min(...x1) >= 0 && Math.max(...x1) < 10);
  const resid = Float64Array.from(x6, (v, i) => v - (2 * x1[i]! + 5));
  assert.ok(Math.abs(mean(resid)) < 0.05 && Math.abs(std(resid) - 1) < 0.05);
});

test('unknown dataset names are DataErrors listing the real ones', () => {
  assert.throws(() => loadDataset('mnist'), (e: unknown) => e instanceof DataError && /iris/.test(e.message));
});
