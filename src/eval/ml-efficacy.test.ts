// Machine-learning utility (train on synthetic, test on real): hand-computed ridge R², perfect and
// chance-level classifiers, and the errors a user meets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTable, takeRows, type Table } from '../data/table.js';
import { DataError } from '../util/errors.js';
import { Rng } from '../util/rng.js';
import { matchColumns } from './columns.js';
import { evaluate } from './evaluate.js';
import { mlEfficacy, type ClassificationScores, type RegressionScores } from './ml-efficacy.js';
import { loadDataset } from './test-helpers.js';

const f = (...v: number[]): Float64Array => Float64Array.from(v);

/** The table with the target column's values permuted: features no longer say anything about it. */
function shuffledTarget(t: Table, target: string, rng: Rng): Table {
  const i = t.names.indexOf(target);
  const perm = rng.permutation(t.rowCount);
  const col = takeRows(makeTable([target], [t.columns[i]!]), perm).columns[0]!;
  return makeTable(t.names, t.columns.map((c, j) => (j === i ? col : c)));
}

test('ridge regression R² by hand: y = 2x + 1.5, λ = 1 on z-scored x', () => {
  const t = makeTable(['x', 'y'], [{ kind: 'number', values: f(0, 1, 2, 3) }, { kind: 'number', values: f(1.5, 3.5, 5.5, 7.5) }]);
  // z = (x − 1.5)/s with s² = 5/3, Σz² = 3, Σz(y − ȳ) = 10/s → w = (10/s)/(3 + 1), ŷ = ȳ + 1.5(x − 1.5):
  // residuals 0.5(x − 1.5), SS_res = 1.25, SS_tot = 20, R² = 1 − 1.25/20.
  const m = mlEfficacy(t, t, t, matchColumns(t, t), 'y');
  assert.equal(m.task, 'regression');
  assert.equal(m.metric, 'r2');
  assert.ok(Math.abs((m.real as RegressionScores).r2! - 0.9375) < 1e-12, JSON.stringify(m.real));
  assert.deepEqual(m.real, m.synthetic);
});

test('separable classes: accuracy, macro-F1 and ROC AUC are 1; a class the learner never saw scores 0 F1', () => {
  const x = f(0, 0.1, 0.2, 0.3, 1, 1.1, 1.2, 1.3);
  const t = makeTable(['x', 'c'], [{ kind: 'number', values: x }, { kind: 'string', values: ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'] }]);
  const m = mlEfficacy(t, t, t, matchColumns(t, t), 'c');
  assert.equal(m.task, 'classification');
  assert.deepEqual(m.real, { accuracy: 1, macro_f1: 1, roc_auc: 1 });
  // Synthetic rows of class "a" only: every test row is predicted "a" → accuracy ½, F1(a) = 2/3, F1(b) = 0.
  const onlyA = takeRows(t, [0, 1, 2, 3]);
  const s = mlEfficacy(t, onlyA, t, matchColumns(t, onlyA), 'c').synthetic as ClassificationScores;
  assert.equal(s.accuracy, 0.5);
  assert.ok(Math.abs(s.macro_f1! - (2 / 3 + 0) / 2) < 1e-12);
});

test('iris species: real-trained ≥ 0.85, trained on rows with shuffled labels ≈ chance', () => {
  const iris = loadDataset('iris');
  const perm = new Rng(3).permutation(iris.rowCount);
  const test = takeRows(iris, perm.subarray(0, 50).slice().sort());
  const train = takeRows(iris, perm.subarray(50).slice().sort());
  const bad = shuffledTarget(train, 'species', new Rng(4));
  const m = mlEfficacy(train, bad, test, matchColumns(train, bad), 'species');
  const real = m.real as ClassificationScores;
  const syn = m.synthetic as ClassificationScores;
  // (one-vs-rest logistic regression confuses some versicolor and virginica: 0.88 here)
  assert.ok(real.accuracy! >= 0.85 && real.macro_f1! >= 0.85 && real.roc_auc! >= 0.95, JSON.stringify(real));
  assert.ok(syn.macro_f1! < 0.6 && syn.roc_auc! < 0.75, JSON.stringify(syn));
  assert.deepEqual(m.rows, { real_train: 100, synthetic_train: 100, test: 50 });
});

test('evaluate({ target }) carries ml_efficacy (a seeded fifth of the real rows as test set without a holdout); bad targets say what to do', () => {
  const iris = loadDataset('iris');
  const a = evaluate(iris, iris, { target: 'species', rng: 1 });
  const b = evaluate(iris, iris, { target: 'species', rng: 1 });
  assert.ok(a.ml_efficacy && a.ml_efficacy.test_rows === 'split' && a.ml_efficacy.rows.test === 30 && a.ml_efficacy.rows.real_train === 120);
  assert.deepEqual(a.ml_efficacy, b.ml_efficacy);
  assert.equal(evaluate(iris, iris).ml_efficacy, null);
  assert.throws(() => evaluate(iris, iris, { target: 'colour' }), (e: unknown) => e instanceof DataError && /no column "colour"/.test(e.message) && /sepal_length/.test(e.message));
  assert.throws(() => evaluate(iris, iris, { target: 'species', task: 'regression' }), (e: unknown) => e instanceof DataError && /--task classification/.test(e.message));
});
