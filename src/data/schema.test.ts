import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readTable } from './read.js';
import { categorySlots, inferSchema, DEFAULT_MAX_CATEGORIES, WIDE_CATEGORY_ROWS, WIDE_MAX_CATEGORIES } from './schema.js';
import { makeTable } from './table.js';
import { DataError } from '../util/errors.js';
import { sharedDataset } from './shared-datasets.test.js';

test('types of the shared datasets', async () => {
  const types = async (name: string) => Object.fromEntries(inferSchema(await readTable(sharedDataset(name))).columns.map((c) => [c.name, c.type]));
  assert.deepEqual(await types('iris.csv'), { sepal_length: 'continuous', sepal_width: 'continuous', petal_length: 'continuous', petal_width: 'continuous', species: 'categorical' });
  const wine = await types('wine.csv');
  assert.equal(wine.magnesium, 'integer');
  assert.equal(wine.proline, 'integer');
  assert.equal(wine.alcohol, 'continuous');
  assert.equal(wine.class, 'categorical');
  const faithful = await types('faithful.csv');
  assert.deepEqual(faithful, { eruptions: 'continuous', waiting: 'integer' });
  const penguins = await types('penguins.csv');
  assert.equal(penguins.year, 'categorical', 'three distinct integers: low-cardinality number');
  assert.equal(penguins.flipper_length_mm, 'integer');
});

test('missing shares, categories by frequency, and overrides', async () => {
  const t = await readTable(sharedDataset('penguins.csv'));
  const s = inferSchema(t);
  const sex = s.columns.find((c) => c.name === 'sex')!;
  assert.equal(sex.missingCount, 11);
  assert.ok(Math.abs(sex.missingShare - 11 / 344) < 1e-12);
  assert.deepEqual(sex.categories, ['male', 'female']);
  assert.deepEqual(sex.categoryCounts, [168, 165]);
  const bill = s.columns.find((c) => c.name === 'bill_length_mm')!;
  assert.equal(bill.missingCount, 2);
  assert.equal(bill.min, 32.1);
  assert.equal(bill.max, 59.6);
  const o = inferSchema(t, { types: { year: 'integer', body_mass_g: 'categorical' } });
  assert.equal(o.columns.find((c) => c.name === 'year')!.type, 'integer');
  assert.equal(o.columns.find((c) => c.name === 'body_mass_g')!.type, 'categorical');
  assert.throws(() => inferSchema(t, { types: { nope: 'integer' } }), (e: unknown) => e instanceof DataError && e.column === 'nope');
  assert.throws(() => inferSchema(t, { types: { species: 'continuous' } }), (e: unknown) => e instanceof DataError && e.column === 'species' && e.code === 'DATA_BAD_OVERRIDE');
});

test('constant and all-missing columns are reported, not crashed on', () => {
  const t = makeTable(
    ['const', 'empty', 'emptyText', 'flag'],
    [
      { kind: 'number', values: Float64Array.from([3, 3, 3]) },
      { kind: 'number', values: Float64Array.from([NaN, NaN, NaN]) },
      { kind: 'string', values: [null, null, null] },
      { kind: 'boolean', values: [true, false, true] },
    ],
  );
  const [c, e, et, f] = inferSchema(t).columns;
  assert.ok(c!.constant && !c!.allMissing && /same/.test(c!.warnings[0]!));
  assert.ok(e!.allMissing && e!.missingShare === 1 && /missing/.test(e!.warnings[0]!));
  assert.ok(et!.allMissing && et!.type === 'categorical');
  assert.equal(f!.type, 'boolean');
  assert.deepEqual(f!.categories, ['true', 'false']);
});

test('very high cardinality categoricals are warned about and pooled', () => {
  // 700 distinct values in 1000 rows: mostly unique, but not an identifier (some repeat).
  const ids = Array.from({ length: 1000 }, (_, i) => `user${i % 700}`);
  const s = inferSchema(makeTable(['id'], [{ kind: 'string', values: ids }])).columns[0]!;
  assert.equal(s.encoding, 'onehot-top');
  assert.equal(s.identifier, undefined);
  assert.match(s.warnings[0]!, /700 distinct values.*identifier/);
});

test('categorySlots: the 99 most frequent categories, then those with rows enough for a stratum, up to 250 slots', () => {
  const counts = (k: number, rows: (i: number) => number): number[] => Array.from({ length: k }, (_, i) => rows(i));
  // 185 countries of 57 rows each: a slot each, nothing pooled.
  assert.equal(categorySlots(counts(185, () => 57)), 185);
  // 300 of 40 rows: 249 slots and the pooled one.
  assert.equal(categorySlots(counts(300, () => 40)), WIDE_MAX_CATEGORIES);
  // 150, of which 120 have 40 rows: those 120 and the pooled slot.
  assert.equal(categorySlots(counts(150, (i) => (i < 120 ? 40 : WIDE_CATEGORY_ROWS - 1))), 121);
  // Few rows each: the 100 of before; few categories: their own count suffices.
  assert.equal(categorySlots(counts(150, () => 10)), DEFAULT_MAX_CATEGORIES);
  assert.equal(categorySlots(counts(40, () => 1000)), DEFAULT_MAX_CATEGORIES);
  // An explicit limit is the limit.
  assert.equal(categorySlots(counts(185, () => 57), 20), 20);
  // The schema says which columns pool.
  const names = Array.from({ length: 185 * 57 }, (_, i) => `c${i % 185}`);
  const few = Array.from({ length: 185 * 57 }, (_, i) => `c${i % 185}${i < 5 * 185 ? '' : `-${i % 2}`}`);
  const s = inferSchema(makeTable(['country', 'other'], [{ kind: 'string', values: names }, { kind: 'string', values: few }]));
  assert.equal(s.columns[0]!.encoding, 'onehot');
  assert.equal(s.columns[1]!.encoding, 'onehot-top');
});
