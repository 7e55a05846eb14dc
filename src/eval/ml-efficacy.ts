/**
 * Machine-learning utility (train on synthetic, test on real; "ML efficacy" in SDGym, TabDDPM,
 * CTGAN's paper): the same learner is fitted once on real training rows and once on synthetic
 * rows, and both are scored on held-out real rows. A classification target gets accuracy,
 * macro-F1 (the headline, as SDGym and TabDDPM report) and ROC AUC (binary, or macro one-vs-rest
 * for more classes, as sklearn's roc_auc_score(multi_class='ovr')); a numeric target gets R².
 *
 * Learners: L2 logistic regression (C = 1, one-vs-rest with probabilities normalised to sum to 1,
 * as sklearn's OneVsRestClassifier) and ridge linear regression (λ = 1, intercept unpenalised), on
 * the features of features.ts (z-scored numbers, missing indicators, one-hot categories) fitted on
 * each training table. Both are deterministic and have one optimum, so the gap between the two
 * scores measures the data, not the learner's luck. SDMetrics' efficacy metrics include the same
 * two (BinaryLogisticRegression, LinearRegression); tree ensembles would see non-linear
 * structure these cannot.
 */
import type { Table } from '../data/table.js';
import { inferSchema } from '../data/schema.js';
import { DataError } from '../util/errors.js';
import { rocAuc } from './auc.js';
import { categoryKeys, MISSING_KEY, type ColumnInfo } from './columns.js';
import { fitFeatureEncoder } from './features.js';
import { jsonNumber } from './json.js';
import { choleskySolve, fitLogistic, predictLogistic } from './logistic.js';

export type MlTask = 'classification' | 'regression';

export interface ClassificationScores { accuracy: number | null; macro_f1: number | null; roc_auc: number | null }
export interface RegressionScores { r2: number | null }

export interface MlEfficacy {
  target: string;
  task: MlTask;
  /** The headline score: macro_f1 (classification) or r2 (regression); a key of `real` and `synthetic`. */
  metric: 'macro_f1' | 'r2';
  /** Scores of the learner trained on the real training rows (the ceiling to compare with). */
  real: ClassificationScores | RegressionScores;
  /** Scores of the same learner trained on the synthetic rows. */
  synthetic: ClassificationScores | RegressionScores;
  learner: 'logistic regression (one-vs-rest, C = 1)' | 'ridge regression (λ = 1)';
  rows: { real_train: number; synthetic_train: number; test: number };
  /** Where the test rows came from: the given holdout, or a seeded fifth of the real table. */
  test_rows: 'holdout' | 'split';
}

/** The task a target column implies: categorical and boolean columns (as ganforge infers them) are classes. */
export function targetTask(real: Table, target: string): MlTask {
  const col = inferSchema(real).columns.find((c) => c.name === target);
  return col && (col.type === 'categorical' || col.type === 'boolean') ? 'classification' : 'regression';
}

export function checkTarget(real: Table, target: string, task?: MlTask): void {
  const i = real.names.indexOf(target);
  if (i < 0) {
    throw new DataError('DATA_UNKNOWN_TARGET', `there is no column "${target}" to predict`, { column: target }, `pass one of: ${real.names.join(', ')}`);
  }
  if (task === 'regression' && real.columns[i]!.kind !== 'number') {
    throw new DataError('DATA_TARGET_NOT_NUMERIC', `a regression target must be numeric, this column is ${real.columns[i]!.kind}`, { column: target },
      'leave out --task (or use --task classification) to predict it as classes');
  }
  if (real.names.length < 2) throw new DataError('DATA_NO_FEATURES', 'the table has no column besides the target to predict it from', { column: target });
}

/** Rows whose target is present. */
function labelledRows(t: Table, target: string): number[] {
  const col = t.columns[t.names.indexOf(target)]!;
  const keys = col.kind === 'number' || col.kind === 'datetime' ? null : categoryKeys(col);
  const out: number[] = [];
  for (let i = 0; i < t.rowCount; i++) {
    const missing = keys ? keys[i] === MISSING_KEY : Number.isNaN((col.values as Float64Array)[i]!);
    if (!missing) out.push(i);
  }
  return out;
}

interface Design { x: Float64Array; d: number; rows: number[] }

/** One learner: fitted on a training table, predicting for the test table. */
function designs(train: Table, test: Table, features: readonly ColumnInfo[], target: string): { train: Design; test: Design } {
  const enc = fitFeatureEncoder([train], features);
  const trainRows = labelledRows(train, target);
  const testRows = labelledRows(test, target);
  return {
    train: { x: enc.encode(train, trainRows), d: enc.width, rows: trainRows },
    test: { x: enc.encode(test, testRows), d: enc.width, rows: testRows },
  };
}

const seq = (n: number): Uint32Array => Uint32Array.from({ length: n }, (_, i) => i);

function classify(train: Table, test: Table, features: readonly ColumnInfo[], target: string): ClassificationScores {
  const { train: tr, test: te } = designs(train, test, features, target);
  const keyOf = (t: Table): string[] => categoryKeys(t.columns[t.names.indexOf(target)]!);
  const trainKeys = keyOf(train);
  const testKeys = keyOf(test);
  const classes = [...new Set(tr.rows.map((r) => trainKeys[r]!))].sort();
  const truth = te.rows.map((r) => testKeys[r]!);
  const n = te.rows.length;
  if (n === 0 || tr.rows.length === 0) return { accuracy: null, macro_f1: null, roc_auc: null };
  // P(class | x) per test row: one binary model per class, normalised (a single class: probability 1).
  const probs = classes.map((c) => {
    if (classes.length === 1) return new Float64Array(n).fill(1);
    const y = new Float64Array(tr.rows.length);
    tr.rows.forEach((r, i) => { y[i] = trainKeys[r] === c ? 1 : 0; });
    return predictLogistic(fitLogistic(tr.x, tr.d, y, seq(tr.rows.length)), te.x, te.d, seq(n));
  });
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (const p of probs) s += p[i]!;
    if (s > 0) for (const p of probs) p[i] = p[i]! / s;
  }
  const predicted = truth.map((_, i) => {
    let best = 0;
    for (let k = 1; k < classes.length; k++) if (probs[k]![i]! > probs[best]![i]!) best = k;
    return classes[best]!;
  });
  let correct = 0;
  for (let i = 0; i < n; i++) if (predicted[i] === truth[i]) correct++;
  // Macro-F1 over the labels in the truth or the predictions (sklearn's default labels; 0 where undefined).
  const labels = [...new Set([...truth, ...predicted])];
  const f1s = labels.map((c) => {
    let tp = 0, fp = 0, fn = 0;
    for (let i = 0; i < n; i++) {
      if (predicted[i] === c && truth[i] === c) tp++;
      else if (predicted[i] === c) fp++;
      else if (truth[i] === c) fn++;
    }
    return 2 * tp + fp + fn > 0 ? (2 * tp) / (2 * tp + fp + fn) : 0;
  });
  // ROC AUC: binary on the second class's probability; else the mean one-vs-rest AUC over the test's classes.
  const testClasses = [...new Set(truth)].sort();
  const probOf = (c: string): Float64Array => {
    const k = classes.indexOf(c);
    return k >= 0 ? probs[k]! : new Float64Array(n);
  };
  let auc = NaN;
  if (testClasses.length === 2) {
    const pos = testClasses[1]!;
    auc = rocAuc(probOf(pos), truth.map((t) => (t === pos ? 1 : 0)));
  } else if (testClasses.length > 2) {
    auc = testClasses.reduce((s, c) => s + rocAuc(probOf(c), truth.map((t) => (t === c ? 1 : 0))), 0) / testClasses.length;
  }
  return { accuracy: correct / n, macro_f1: jsonNumber(f1s.reduce((s, f) => s + f, 0) / f1s.length), roc_auc: jsonNumber(auc) };
}

function regress(train: Table, test: Table, features: readonly ColumnInfo[], target: string): RegressionScores {
  const { train: tr, test: te } = designs(train, test, features, target);
  const yOf = (t: Table): Float64Array => t.columns[t.names.indexOf(target)]!.values as Float64Array;
  const ytr = tr.rows.map((r) => yOf(train)[r]!);
  const yte = te.rows.map((r) => yOf(test)[r]!);
  if (ytr.length === 0 || yte.length < 2) return { r2: null };
  // Ridge on centred data: (XcᵀXc + λI) w = Xcᵀ(y − ȳ); the intercept is then ȳ − x̄·w.
  const d = tr.d;
  const m = ytr.length;
  const xMean = new Float64Array(d);
  for (let i = 0; i < m; i++) for (let k = 0; k < d; k++) xMean[k]! += tr.x[i * d + k]! / m;
  const yMean = ytr.reduce((s, v) => s + v, 0) / m;
  const a = new Float64Array(d * d);
  const b = new Float64Array(d);
  const xc = new Float64Array(d);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < d; k++) xc[k] = tr.x[i * d + k]! - xMean[k]!;
    const dy = ytr[i]! - yMean;
    for (let p = 0; p < d; p++) {
      b[p]! += xc[p]! * dy;
      for (let q = 0; q <= p; q++) a[p * d + q]! += xc[p]! * xc[q]!;
    }
  }
  for (let p = 0; p < d; p++) {
    a[p * d + p]! += 1;
    for (let q = 0; q < p; q++) a[q * d + p] = a[p * d + q]!;
  }
  const w = choleskySolve(a, b, d);
  let intercept = yMean;
  for (let k = 0; k < d; k++) intercept -= xMean[k]! * w[k]!;
  const testMean = yte.reduce((s, v) => s + v, 0) / yte.length;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < yte.length; i++) {
    let pred = intercept;
    for (let k = 0; k < d; k++) pred += w[k]! * te.x[i * d + k]!;
    ssRes += (yte[i]! - pred) ** 2;
    ssTot += (yte[i]! - testMean) ** 2;
  }
  return { r2: ssTot > 0 ? jsonNumber(1 - ssRes / ssTot) : null };
}

/**
 * Train-synthetic-test-real: the learner fitted on `realTrain` and on `synthetic`, both scored on
 * `test` (real rows neither the generator nor the learner saw). `columns` pairs up the tables.
 */
export function mlEfficacy(realTrain: Table, synthetic: Table, test: Table, columns: readonly ColumnInfo[], target: string,
  opts: { task?: MlTask; testRows?: 'holdout' | 'split' } = {}): MlEfficacy {
  const task = opts.task ?? targetTask(realTrain, target);
  checkTarget(realTrain, target, task);
  const features = columns.filter((c) => c.name !== target);
  const score = task === 'classification' ? classify : regress;
  return {
    target, task, metric: task === 'classification' ? 'macro_f1' : 'r2',
    real: score(realTrain, test, features, target),
    synthetic: score(synthetic, test, features, target),
    learner: task === 'classification' ? 'logistic regression (one-vs-rest, C = 1)' : 'ridge regression (λ = 1)',
    rows: { real_train: labelledRows(realTrain, target).length, synthetic_train: labelledRows(synthetic, target).length, test: labelledRows(test, target).length },
    test_rows: opts.testRows ?? 'holdout',
  };
}
