import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTable, type Table } from './data/table.js';
import { formatCsv } from './data/text-format.js';
import { qualityScore } from './eval/quality.js';
import { TableGan, type TableTrainOptions } from './model/table-model.js';
import { synthesize, trainTable, withDefaultStopping } from './tables.js';
import { Rng } from './util/rng.js';

test('the default policy: score stopping on the quality score only when no training length is given', () => {
  const auto = withDefaultStopping({ seed: 3, maxSeconds: 10 });
  assert.equal(auto.scoreStopping?.score, qualityScore);
  assert.equal(auto.seed, 3);
  assert.equal(auto.maxSeconds, 10);
  const earlyStopping = { every: 1, patience: 1, metric: async () => 0 };
  const scoreStopping = { score: () => 1 };
  for (const given of [{ epochs: 10 }, { earlyStopping }, { scoreStopping }] as TableTrainOptions[]) assert.deepEqual(withDefaultStopping(given), given);
});

test('synthesize trains under the same default policy as trainTable (here: a tenth of 1200 rows held back for the score)', async () => {
  const rng = new Rng(8);
  const x = Float64Array.from({ length: 1200 }, () => rng.normal() * 3);
  const table: Table = makeTable(['x', 'y'], [{ kind: 'number', values: x }, { kind: 'number', values: Float64Array.from(x, (v) => 2 * v + rng.normal()) }]);
  // One epoch each (the time limit ends training after the first), the same seed.
  const o = { seed: 4, maxSeconds: 1e-6, threads: 1, progress: 'silent' as const };
  const viaSynthesize = formatCsv(await synthesize(table, 300, o));
  const model = await trainTable(table, o);
  assert.equal(model.trainedOn?.rowCount, 1080);
  const viaTrainTable = formatCsv(await model.sample(300, o));
  await model.release();
  const plain = await TableGan.train(table, o);
  assert.equal(plain.heldOut, null);
  const withoutPolicy = formatCsv(await plain.sample(300, o));
  await plain.release();
  assert.equal(viaSynthesize, viaTrainTable);
  assert.notEqual(viaSynthesize, withoutPolicy);
});
