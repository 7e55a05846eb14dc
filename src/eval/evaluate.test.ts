// Acceptance tests of evaluate() on real datasets: identical, column-shuffled and noise "synthetic" data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTable, takeRows } from '../data/table.js';
import { DataError } from '../util/errors.js';
import { Rng } from '../util/rng.js';
import { evaluate } from './evaluate.js';
import { loadDataset, shuffleColumns, uniformNoise } from './test-helpers.js';

const iris = loadDataset('iris');
const wine = loadDataset('wine');

test('real vs itself: quality 1, detection ≈ 1, MMD ≈ 0', () => {
  const r = evaluate(wine, wine, { rng: 1 });
  assert.equal(r.quality, 1);
  assert.equal(r.column_shapes, 1);
  assert.equal(r.column_pair_trends, 1);
  assert.ok(r.detection.score! > 0.85, `detection ${r.detection.score}`);
  assert.ok(Math.abs(r.mmd.mmd2_unbiased) < 0.01, `mmd ${r.mmd.mmd2_unbiased}`);
  assert.ok(r.per_column.every((c) => c.wasserstein === null || c.wasserstein === 0));
  assert.equal(r.exact_copy_rate.synthetic, 1);
  assert.equal(r.dcr.synthetic_to_train.median, 0);
});

test('column-shuffled copy keeps shapes but loses pair trends', () => {
  for (const t of [iris, wine]) {
    const same = evaluate(t, t);
    const shuffled = evaluate(t, shuffleColumns(t, new Rng(7)));
    assert.equal(shuffled.column_shapes, 1, 'permuting a column keeps its marginal exactly');
    assert.ok(shuffled.column_pair_trends! < 0.9, `pair trends ${shuffled.column_pair_trends}`);
    assert.ok(shuffled.quality! < same.quality!);
    // A linear classifier only sees marginal shifts, so LogisticDetection cannot spot broken
    // correlations (a known limit of the metric); the kernel MMD does.
    assert.ok(shuffled.mmd.mmd2_unbiased > same.mmd.mmd2_unbiased + 0.005, `mmd ${shuffled.mmd.mmd2_unbiased}`);
  }
});

test('uniform noise scores low', () => {
  for (const t of [wine, loadDataset('breast_cancer')]) {
    const r = evaluate(t, uniformNoise(t, new Rng(3)), { rng: 2 });
    const shuffled = evaluate(t, shuffleColumns(t, new Rng(7)), { rng: 2 });
    assert.ok(r.column_shapes! < 0.75, `shapes ${r.column_shapes}`);
    assert.ok(r.quality! < 0.8 && r.quality! < shuffled.quality!, `quality ${r.quality}`);
    assert.ok(r.detection.score! < 0.5, `detection ${r.detection.score}`);
    assert.ok(r.mmd.mmd2_unbiased > 0.05, `mmd ${r.mmd.mmd2_unbiased}`);
  }
});

test('mixed types with missing values (penguins): every number in the JSON is finite; seeded = reproducible', () => {
  const penguins = loadDataset('penguins');
  const rng = new Rng(5);
  const perm = rng.permutation(penguins.rowCount);
  const train = takeRows(penguins, perm.slice(0, 240));
  const holdout = takeRows(penguins, perm.slice(240));
  const syn = shuffleColumns(train, rng);
  const a = evaluate(train, syn, { holdout, rng: 9 });
  const b = evaluate(train, syn, { holdout, rng: 9 });
  assert.deepEqual(a, b);
  const json = JSON.stringify(a);
  assert.ok(!/NaN|Infinity/.test(json));
  assert.ok(a.dcr.holdout_to_train !== null && a.dcr.share_closer_than_holdout_p5 !== null);
  const sexMissing = (train.columns[6]!.values as (string | null)[]).filter((v) => v === null).length;
  assert.equal(a.summary.find((s) => s.column === 'sex')!.real.missing, sexMissing);
  assert.equal(a.summary.length, 8);
  assert.equal(a.pairs.length, (8 * 7) / 2);
  assert.ok(a.quality! > 0 && a.quality! < 1);
});

test('mismatched columns or types give a DataError naming the column', () => {
  const syn = makeTable(iris.names.slice(0, 4), iris.columns.slice(0, 4));
  assert.throws(() => evaluate(iris, syn), (e: unknown) => e instanceof DataError && e.column === 'species' && /no column "species"/.test(e.message));
  const wrongType = makeTable(iris.names, [...iris.columns.slice(0, 4), { kind: 'number', values: new Float64Array(150) }]);
  assert.throws(() => evaluate(iris, wrongType), (e: unknown) => e instanceof DataError && e.column === 'species' && /string in the real table but number/.test(e.message));
});

test('datetimes are continuous (KSComplement), booleans categorical (TVComplement)', () => {
  const day = 86_400_000;
  const t = (shift: number): ReturnType<typeof makeTable> => makeTable(['when', 'flag', 'x'], [
    { kind: 'datetime', values: Float64Array.from({ length: 100 }, (_, i) => Date.UTC(2024, 0, 1) + (i + shift) * day) },
    { kind: 'boolean', values: Array.from({ length: 100 }, (_, i) => (i + shift) % 3 === 0) },
    { kind: 'number', values: Float64Array.from({ length: 100 }, (_, i) => i * 2) },
  ]);
  const r = evaluate(t(0), t(10));
  assert.deepEqual(r.per_column.map((c) => [c.kind, c.metric]), [['continuous', 'KSComplement'], ['categorical', 'TVComplement'], ['continuous', 'KSComplement']]);
  assert.ok(Math.abs(r.per_column[0]!.score! - 0.9) < 1e-12, 'a 10-day shift of 100 daily dates: D = 0.1');
  assert.equal(r.per_column[0]!.wasserstein, 10 * day);
  assert.equal(r.pairs.find((p) => p.column_1 === 'when' && p.column_2 === 'x')!.metric, 'CorrelationSimilarity');
  assert.equal(r.pairs.find((p) => p.column_1 === 'when' && p.column_2 === 'flag')!.metric, 'ContingencySimilarity');
  assert.equal(r.correlation.columns.join(), 'when,x');
});

test('degenerate inputs (all-missing, constant, one row) give null scores, never NaN or a crash', () => {
  const mk = (n: number, empty: boolean): ReturnType<typeof makeTable> => makeTable(['a', 'b', 'c', 'd'], [
    { kind: 'number', values: Float64Array.from({ length: n }, (_, i) => (empty ? NaN : i)) },
    { kind: 'number', values: new Float64Array(n).fill(5) },
    { kind: 'string', values: Array.from({ length: n }, (_, i) => (empty ? null : `x${i % 2}`)) },
    { kind: 'boolean', values: Array.from({ length: n }, () => null) },
  ]);
  for (const [real, syn] of [[mk(10, false), mk(10, true)], [mk(1, false), mk(1, false)], [mk(3, true), mk(2, false)]] as const) {
    const r = evaluate(real, syn);
    assert.ok(!/NaN|Infinity/.test(JSON.stringify(r)));
    assert.ok(r.quality !== null && r.quality >= 0 && r.quality <= 1);
  }
  const allMissing = evaluate(mk(10, false), mk(10, true));
  assert.equal(allMissing.per_column[0]!.score, null, 'KS of an all-missing column is undefined');
  assert.equal(allMissing.pairs.find((p) => p.column_1 === 'a' && p.column_2 === 'b')!.score, null, 'correlation with a constant column is undefined');
});

test('an identifier column (unique text per row) is left out of every score: fresh ids neither lower the quality nor hide copied rows', () => {
  const n = iris.rowCount;
  const withId = (t: typeof iris, prefix: string): typeof iris =>
    makeTable(['id', ...t.names], [{ kind: 'string', values: Array.from({ length: t.rowCount }, (_, i) => `${prefix}${100000 + i}`) }, ...t.columns]);
  // The synthetic table copies every real row, under fresh ids.
  const r = evaluate(withId(iris, 'ID-'), withId(iris, 'ID-syn'), { rng: 3 });
  assert.deepEqual(r.identifiers, ['id']);
  assert.ok(!r.per_column.some((c) => c.column === 'id'));
  assert.equal(r.quality, 1, 'scored as the table without its id column');
  assert.equal(r.exact_copy_rate.synthetic, 1, 'every row is a copy once the id is left out');
  const plain = evaluate(iris, takeRows(iris, Array.from({ length: n }, (_, i) => (i * 7) % n)), { rng: 3 });
  const shuffledWithId = evaluate(withId(iris, 'ID-'), withId(takeRows(iris, Array.from({ length: n }, (_, i) => (i * 7) % n)), 'X'), { rng: 3 });
  assert.equal(shuffledWithId.quality, plain.quality);
  // A column with repeats is not an identifier.
  const names = makeTable(['who', ...iris.names], [{ kind: 'string', values: Array.from({ length: n }, (_, i) => `p${i % 40}`) }, ...iris.columns]);
  assert.deepEqual(evaluate(names, names, { rng: 1 }).identifiers, []);
});
