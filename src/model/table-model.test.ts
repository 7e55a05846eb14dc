import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatCsv, getColumn, makeTable, readTable, takeRows, type Table } from '../data/index.js';
import { copyIndex, exactCopyRate, matchColumns } from '../eval/index.js';
import { TableGan } from './table-model.js';
import { MAX_ROUNDS_PER_EPOCH, type TableTrainOptions } from './table-training.js';
import { Rng } from '../util/rng.js';

const datasets = existsSync('../shared/datasets') ? resolve('../shared/datasets') : '/work/shared/datasets';

const missingShare = (t: Table, name: string): number => {
  const c = getColumn(t, name);
  let m = 0;
  for (let i = 0; i < t.rowCount; i++) {
    const v = c.values[i];
    if (v === null || (typeof v === 'number' && Number.isNaN(v))) m++;
  }
  return m / t.rowCount;
};

test('penguins with its missing values: trains, samples in the original types, keeps missing values, conditions on a category', async () => {
  const real = await readTable(join(datasets, 'penguins.csv'));
  const model = await TableGan.train(real, { epochs: 40, seed: 1 });
  const s = await model.sample(400, { seed: 2 });
  assert.deepEqual(s.names, real.names);
  assert.deepEqual(s.columns.map((c) => c.kind), real.columns.map((c) => c.kind));
  const species = new Set(getColumn(s, 'species').values as string[]);
  assert.ok([...species].every((v) => ['Adelie', 'Chinstrap', 'Gentoo'].includes(v)));
  const years = getColumn(s, 'year').values as (string | number)[];
  assert.ok(years.every((y) => [2007, 2008, 2009, '2007', '2008', '2009'].includes(y as never)));
  const mass = getColumn(s, 'body_mass_g').values as Float64Array;
  assert.ok(Array.from(mass).every((v) => Number.isNaN(v) || Number.isInteger(v)), 'integers stay integers');
  // sex is missing in 11/344 rows (3.2 %); the calibrated missing indicator gives that share back (SE of 2000 rows ≈ 0.4 %).
  const realShare = missingShare(real, 'sex');
  const many = await model.sample(2000, { seed: 5 });
  assert.ok(realShare > 0.03 && Math.abs(missingShare(many, 'sex') - realShare) < 0.015, `missing share ${missingShare(many, 'sex')} vs ${realShare}`);
  const gentoo = await model.sample(50, { seed: 3, where: { species: 'Gentoo' } });
  assert.equal(gentoo.rowCount, 50);
  assert.ok((getColumn(gentoo, 'species').values as string[]).every((v) => v === 'Gentoo'));
  const heavy = await model.sample(20, { seed: 4, filter: (row) => typeof row['body_mass_g'] === 'number' && (row['body_mass_g'] as number) >= 4500 });
  assert.ok((getColumn(heavy, 'body_mass_g').values as Float64Array).every((v) => v >= 4500));
  await model.release();
});

test('a table with one all-missing column still trains and gives that column back as missing', async () => {
  const n = 200;
  // Distinct values: with 17 values × 2 categories every possible row would be a training row, which samples never copy.
  const x = Float64Array.from({ length: n }, (_, i) => ((i * 7919) % 1000) * 0.024);
  const empty = new Float64Array(n).fill(NaN);
  const cat = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 'a' : 'b'));
  const t = makeTable(['x', 'nothing', 'c'], [{ kind: 'number', values: x }, { kind: 'number', values: empty }, { kind: 'string', values: cat }]);
  const model = await TableGan.train(t, { epochs: 5, seed: 0 });
  const s = await model.sample(30, { seed: 1 });
  assert.ok((getColumn(s, 'nothing').values as Float64Array).every((v) => Number.isNaN(v)));
  assert.ok((getColumn(s, 'x').values as Float64Array).every((v) => v >= 0 && v <= 24));
  await model.release();
});

test('save → load → sample gives the same table; early stopping on a score keeps the best epoch', async () => {
  const real = await readTable(join(datasets, 'iris.csv'));
  let calls = 0;
  const model = await TableGan.train(real, {
    epochs: 60, seed: 5, prior: false,
    scoreStopping: { every: 10, patience: 2, minEpochs: 0, score: () => [0.5, 0.8, 0.6, 0.55, 0.9, 0.4][calls++] ?? 0 },
  });
  assert.equal(model.result?.stoppedBy, 'early_stopping');
  assert.deepEqual(model.result?.best, { epoch: 20, score: 0.8 });
  assert.equal(model.trainer.epoch, 20, 'the best state is kept');
  const base = await mkdtemp(join(tmpdir(), 'ganforge-table-'));
  const dir = join(base, 'm');
  try {
    await model.save(dir);
    const a = await model.sample(100, { seed: 9 });
    const loaded = await TableGan.load(dir);
    // The model trained here never copies a training row; the loaded one is told the rows to avoid.
    const b = await loaded.sample(100, { seed: 9, exclude: real });
    assert.deepEqual(b, a);
    const setosa = await loaded.sample(20, { seed: 1, where: { species: 'setosa' } });
    assert.ok((getColumn(setosa, 'species').values as string[]).every((v) => v === 'setosa'));
    await assert.rejects(loaded.sample(5, { where: { species: 'rose' } }), /value "rose" never occurs/);
    await Promise.all([model.release(), loaded.release()]);
  } finally {
    await rm(base, { recursive: true, force: true });
  }
});

test('a table of 1000+ training rows that starts from its copula stops after 3 scores without a gain (smaller tables: 5), --quality default or not; a patience asked for is kept', async () => {
  const all = await readTable(join(datasets, 'credit_data.csv'));
  const real = takeRows(all, Array.from({ length: 2200 }, (_, i) => i));
  const trainedEpochs = async (o: Partial<TableTrainOptions>): Promise<number> => {
    const model = await TableGan.train(real, { epochs: 40, seed: 1, ...o, scoreStopping: { score: () => 0.5, ...o.scoreStopping } });
    try {
      assert.equal(model.result?.stoppedBy, 'early_stopping');
      assert.equal(model.trainer.epoch, 0, 'the start is kept');
      return model.trainer.log.length;
    } finally {
      await model.release();
    }
  };
  // 40 epochs: scored every 2, the start first.
  assert.equal(await trainedEpochs({}), 6);
  assert.equal(await trainedEpochs({ quality: 'default' }), 6, 'the same as no quality given');
  assert.equal(await trainedEpochs({ scoreStopping: { score: () => 0.5, patience: 5 } }), 10);
});

test('samples repeat a training row no more often than real rows repeat each other; exclude: false keeps the copies a plain draw makes', async () => {
  const real = await readTable(join(datasets, 'iris.csv'));
  const model = await TableGan.train(real, { epochs: 40, seed: 2 });
  // Iris has one duplicated row (two of 150 rows have a twin): the natural copy rate is 2/150.
  assert.equal(model.data.copyRate, 2 / 150);
  const columns = matchColumns(real, real);
  const plain = await model.sample(3000, { seed: 4, exclude: false });
  const copies = exactCopyRate(real, plain, undefined, columns).synthetic;
  assert.ok(copies > 0, `iris at one decimal: a plain draw of 3000 rows repeats some training rows (${copies})`);
  const clean = await model.sample(3000, { seed: 4 });
  assert.equal(clean.rowCount, 3000);
  const kept = exactCopyRate(real, clean, undefined, columns).synthetic;
  assert.ok(kept > 0 && kept < 2 / 150 + 0.01, `copies kept at about the natural rate: ${kept}`);
  // A table without duplicates allows none.
  const unique = takeRows(real, [...Array(142).keys()]);
  const strict = await TableGan.train(unique, { epochs: 10, seed: 2 });
  assert.equal(strict.data.copyRate, 0);
  assert.equal(exactCopyRate(unique, await strict.sample(2000, { seed: 4 }), undefined, columns).synthetic, 0);
  await strict.release();
  // Only the copies were replaced: every row of the plain draw that is not a copy is kept in place
  // (without the columns' extremes, whose rows are the window's most extreme ones: a replaced copy can move them).
  const plainRows = await model.sample(3000, { seed: 4, exclude: false, extremes: false });
  const cleanRows = await model.sample(3000, { seed: 4, extremes: false });
  // (A copy is kept with the natural rate's probability, so some copies stay as they were.)
  const mask = copyIndex(real, columns).copies(plainRows);
  const lines = (t: Table): string[] => formatCsv(t).split('\n').slice(1);
  const [p, c] = [lines(plainRows), lines(cleanRows)];
  let replaced = 0;
  for (let i = 0; i < 3000; i++) {
    if (!mask[i]) assert.equal(c[i], p[i], `row ${i}, not a copy, was replaced`);
    else if (c[i] !== p[i]) replaced++;
  }
  assert.ok(replaced > 0, 'no copy was replaced');
  await model.release();
});

test('the default recipe on breast_cancer (30 collinear, skewed measurements): high quality and hard to tell from the real rows', async () => {
  const { evaluate, trainTable } = await import('../index.js');
  const real = await readTable(join(datasets, 'breast_cancer.csv'));
  const model = await trainTable(real, { seed: 0 });
  const synthetic = await model.sample(real.rowCount, { seed: 1000 });
  await model.release();
  const ev = evaluate(real, synthetic, { rng: 0 });
  // Measured (seed 0): quality 0.944, detection 0.863. Min-max columns without weight averaging
  // gave 0.84 and 0.004 (a logistic regression told synthetic from real with AUC ≈ 0.998).
  assert.ok(ev.quality! > 0.9, `quality ${ev.quality}`);
  assert.ok(ev.detection.score! > 0.4, `detection ${ev.detection.score}`);
  assert.equal(ev.exact_copy_rate.synthetic, 0);
});

test('score stopping on a table of 1000+ rows holds a tenth back: the model never sees those rows, the score and privacy baseline use them', async () => {
  const n = 1200;
  const rng = new Rng(8);
  const x = Float64Array.from({ length: n }, () => rng.normal() * 3);
  const y = Float64Array.from(x, (v) => v * 2 + rng.normal());
  const table = makeTable(['x', 'y'], [{ kind: 'number', values: x }, { kind: 'number', values: y }]);
  let scored = 0;
  const score = (real: Table) => (scored++, real.rowCount);
  const model = await TableGan.train(table, { seed: 2, epochs: 2, scoreStopping: { score, every: 1, minEpochs: 0 } });
  assert.ok(scored > 0);
  const held = model.heldOut!, trained = model.trainedOn!;
  assert.equal(held.rowCount, 120);
  assert.equal(trained.rowCount, 1080);
  const heldX = new Set(getColumn(held, 'x').values as Float64Array);
  assert.ok((getColumn(trained, 'x').values as Float64Array).every((v) => !heldX.has(v)), 'held-back rows are not trained on');
  // Everything fitted saw only the training rows: the normal-score knots are exactly their values.
  const col = model.data.transformer.columns.find((c) => c.name === 'x')!;
  assert.ok(col.encoder === 'numeric' && col.quantile!.rows === 1080, JSON.stringify(col).slice(0, 200));
  assert.equal(model.data.rows, 1080);
  await model.release();
  const none = await TableGan.train(table, { seed: 2, epochs: 1, scoreStopping: { score, holdout: 0 } });
  assert.equal(none.heldOut, null);
  assert.equal(none.trainedOn!.rowCount, n);
  await none.release();
  await assert.rejects(TableGan.train(table, { epochs: 1, scoreStopping: { score, holdout: 1199 } }), /holdout must be a whole number of rows from 0 to 1198/);
});

test('a loaded model conditions like the trained one on a pooled column: the "other" slot gets every pooled category\'s count', async () => {
  // 99 categories of 20 rows are modelled, 30 of 10 rows are pooled into "other" (13 % of the rows).
  const labels: string[] = [];
  for (let k = 0; k < 99; k++) for (let i = 0; i < 20; i++) labels.push(`c${k}`);
  for (let k = 0; k < 30; k++) for (let i = 0; i < 10; i++) labels.push(`rare${k}`);
  const rng = new Rng(3);
  const x = Float64Array.from(labels, () => rng.normal());
  const table = makeTable(['code', 'x'], [{ kind: 'string', values: labels }, { kind: 'number', values: x }]);
  const model = await TableGan.train(table, { seed: 1, epochs: 3 });
  const base = await mkdtemp(join(tmpdir(), 'ganforge-pooled-'));
  const dir = join(base, 'm');
  try {
    await model.save(dir);
    await model.release();
    const loaded = await TableGan.load(dir);
    const s = await loaded.sample(4000, { seed: 2, exclude: false });
    await loaded.release();
    const rare = (getColumn(s, 'code').values as string[]).filter((v) => v.startsWith('rare')).length / s.rowCount;
    assert.ok(rare > 0.08 && rare < 0.2, `pooled share ${rare} (real 0.13)`);
  } finally {
    await rm(base, { recursive: true, force: true });
  }
});

test('an epoch is a pass over the rows up to MAX_ROUNDS_PER_EPOCH rounds; a larger table trains epochs of that many resampled rounds', async () => {
  const table = (n: number): Table => {
    const rng = new Rng(n);
    const x = Float64Array.from({ length: n }, () => rng.normal());
    return makeTable(['x', 'y'], [{ kind: 'number', values: x }, { kind: 'number', values: Float64Array.from(x, (v) => v * v + rng.normal()) }]);
  };
  // Batches of 10: 2000 rows are 200 rounds (one pass); 3000 rows would be 300, past the cap.
  const pass = await TableGan.train(table(2000), { epochs: 1, batchSize: 10, seed: 0 });
  assert.equal(pass.trainer.rounds, 200);
  await pass.release();
  const capped = await TableGan.train(table(3000), { epochs: 2, batchSize: 10, seed: 0 });
  assert.equal(MAX_ROUNDS_PER_EPOCH, 250);
  assert.equal(capped.trainer.rounds, 2 * MAX_ROUNDS_PER_EPOCH);
  assert.deepEqual(capped.log.map((l) => l.rounds), [250, 500]);
  await capped.release();
});
