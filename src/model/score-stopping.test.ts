import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTable, type Table } from '../data/table.js';
import type { GanTrainer } from '../train/trainer.js';
import type { Calibration } from './calibration.js';
import { CONFIRM_DRAWS, keptStateNote, scoreStopping, SCORE_CALIBRATION_ROWS, SMALL_TABLE, type ScoredGenerator } from './score-stopping.js';
import { holdBack } from './table-data.js';

const xs = (t: Table): number[] => Array.from(t.columns[0]!.values as Float64Array);
const table = (n: number): Table => makeTable(['x'], [{ kind: 'number', values: Float64Array.from({ length: n }, (_, i) => i) }]);

test('score stopping scores every state against one fixed reference sample, each with a calibration of its own', async () => {
  const seen: { real: number[]; rows: number; calibrated: boolean }[] = [];
  const calibrationRows: number[] = [];
  const fake = {} as Calibration;
  const g: ScoredGenerator = {
    generate: async (n, _rng, c) => {
      seen.push({ real: [], rows: n, calibrated: c === fake });
      return table(n);
    },
    calibration: async (_rng, rows) => {
      calibrationRows.push(rows!);
      return fake;
    },
    prior: false,
    trainingRows: 5000,
  };
  const real = table(5000);
  let calls = 0;
  const es = scoreStopping(real, { score: (r, s) => (seen.at(-1)!.real = xs(r), s.rowCount + calls++), rows: 300 }, 7, 100, g);
  assert.equal(es.every, 5, 'about 20 evaluations over 100 epochs');
  assert.equal(es.minEpochs, 20, 'from a fifth of the epochs on, without a prior');
  assert.equal(es.scoreStart, false);
  assert.equal(es.minImprovement, undefined);
  const trainer = {} as GanTrainer;
  assert.equal(await es.metric(trainer), 300);
  assert.equal(await es.metric(trainer), 301);
  assert.equal(seen.length, 2);
  assert.ok(seen.every((s) => s.rows === 300 && s.calibrated));
  assert.equal(seen[0]!.real.length, 300, 'a sample of the reference table');
  assert.deepEqual(seen[0]!.real, seen[1]!.real, 'the same reference rows each time');
  assert.notDeepEqual(seen[0]!.real, Array.from({ length: 300 }, (_, i) => i), 'a random sample, not the first rows');
  assert.deepEqual(calibrationRows, [SCORE_CALIBRATION_ROWS, SCORE_CALIBRATION_ROWS]);

  const started = scoreStopping(real, { score: () => 0 }, 7, 100, { ...g, prior: true, calibration: null });
  assert.equal(started.minEpochs, 0, 'a large copula-started table is scored from its start');
  assert.equal(started.scoreStart, true);
  assert.equal(started.minImprovement, 0.005);
  const small = scoreStopping(real, { score: () => 0 }, 7, 100, { ...g, prior: true, trainingRows: SMALL_TABLE - 1 });
  assert.equal(small.minEpochs, 20);
  assert.equal(small.minImprovement, undefined);
  assert.equal(small.confirm, undefined, 'small tables keep the better of two generators instead');
  assert.equal(es.confirm, undefined, 'no start to confirm against');
});

test('the confirmation of a large copula-started table: the mean of CONFIRM_DRAWS scores, the same draws for every state', async () => {
  const draws: number[][] = [];
  const g: ScoredGenerator = {
    generate: async (n, rng) => {
      draws.at(-1)!.push(rng.uniform());
      return table(n);
    },
    calibration: null,
    prior: true,
    trainingRows: 5000,
  };
  let next = 0;
  const es = scoreStopping(table(5000), { score: () => [0.1, 0.2, 0.6, 0.3, 0.3, 0.3][next++]! }, 7, 100, g);
  assert.ok(es.confirm);
  const trainer = {} as GanTrainer;
  draws.push([]);
  assert.ok(Math.abs((await es.confirm(trainer))[0]! - 0.3) < 1e-12);
  draws.push([]);
  assert.ok(Math.abs((await es.confirm(trainer))[0]! - 0.3) < 1e-12);
  assert.equal(draws[0]!.length, CONFIRM_DRAWS);
  assert.equal(new Set(draws[0]).size, CONFIRM_DRAWS, 'fresh draws within one confirmation');
  assert.deepEqual(draws[1], draws[0], 'the same random numbers for both states');
  draws.push([]);
  await es.metric(trainer);
  assert.ok(!draws[0]!.includes(draws[2]![0]!), 'not the scoring draws');
});

test('given the training rows, the confirmation scores the same draws against the held-back rows and a sample of the training rows; scoring only against the held-back rows', async () => {
  const drawn: Table[] = [];
  const g: ScoredGenerator = { generate: async (n, rng) => (drawn.push(table(n + Math.floor(rng.uniform() * 5))), drawn.at(-1)!), calibration: null, prior: true, trainingRows: 5000 };
  const held = table(500), training = makeTable(['x'], [{ kind: 'number', values: Float64Array.from({ length: 4500 }, (_, i) => 10_000 + i) }]);
  const calls: [Table, Table][] = [];
  const es = scoreStopping(held, { score: (real, synthetic) => (calls.push([real, synthetic]), real === held ? 0.5 : 0.25) }, 7, 100, g, training);
  const trainer = {} as GanTrainer;
  await es.metric(trainer);
  assert.equal(calls.length, 1);
  assert.equal(calls[0]![0], held, 'scored against the held-back rows');
  const confirmed = await es.confirm!(trainer);
  assert.deepEqual(confirmed, [0.5, 0.25], 'one mean per reference');
  const c = calls.slice(1);
  assert.equal(c.length, 2 * CONFIRM_DRAWS);
  assert.equal(drawn.length, 1 + CONFIRM_DRAWS, 'one draw scored against both references');
  for (let i = 0; i < CONFIRM_DRAWS; i++) {
    assert.equal(c[2 * i]![0], held);
    assert.equal(c[2 * i]![1], c[2 * i + 1]![1], 'the same rows against both');
  }
  const sample = xs(c[1]![0]);
  assert.equal(sample.length, 1000);
  assert.ok(sample.every((v) => v >= 10_000) && new Set(sample).size === 1000, 'the second reference: 1000 distinct training rows');
  assert.ok(c.filter((_, k) => k % 2).every(([t]) => t === c[1]![0]), 'the same sample for every draw');
  // Without them (no rows held back): the one reference.
  const es2 = scoreStopping(training, { score: () => 0.5 }, 7, 100, g);
  assert.deepEqual(await es2.confirm!(trainer), [0.5]);
});

test('holdBack: a seeded choice of rows held back, the rest in their original order; none without score stopping or holdout', () => {
  const t = table(2000);
  const a = holdBack(t, { seed: 3, scoreStopping: {} });
  assert.equal(a.heldOut!.rowCount, 200, 'a tenth of a table of 1000+ rows');
  const train = xs(a.train);
  const held = xs(a.heldOut!);
  assert.deepEqual([...train, ...held].sort((x, y) => x - y), Array.from({ length: 2000 }, (_, i) => i), 'every row once');
  assert.ok(train.every((v, i) => i === 0 || v > train[i - 1]!), 'training rows keep their order');
  assert.deepEqual(xs(holdBack(t, { seed: 3, scoreStopping: {} }).heldOut!), held, 'the same seed holds back the same rows');
  assert.notDeepEqual(xs(holdBack(t, { seed: 4, scoreStopping: {} }).heldOut!), held);
  assert.equal(holdBack(t, {}).heldOut, null);
  assert.equal(holdBack(t, { scoreStopping: {}, earlyStopping: {} }).heldOut, null, 'early stopping of its own holds nothing back');
  assert.equal(holdBack(table(500), { scoreStopping: {} }).heldOut, null, 'small tables keep every row');
  assert.equal(holdBack(table(500), { holdout: 50 }).heldOut!.rowCount, 50);
  assert.throws(() => holdBack(table(500), { holdout: 499 }), /holdout must be a whole number of rows from 0 to 498/);
});

test('the summary line says which state score stopping kept', () => {
  assert.equal(keptStateNote(30, 30, true), '', 'the last one trained');
  assert.equal(keptStateNote(50, 0, true), '; kept the copula start (epoch 0): no trained state scored higher');
  assert.equal(keptStateNote(50, 0, false), '; kept epoch 0, the best-scoring state', 'no copula start without a prior');
  assert.equal(keptStateNote(50, 35, true), '; kept epoch 35, the best-scoring state');
});
