/**
 * Detection (classifier two-sample test), after SDMetrics' LogisticDetection (sdmetrics 0.29,
 * sdmetrics.single_table.detection): label real rows 0 and synthetic rows 1, fit a logistic
 * regression under stratified k-fold cross-validation (k = 3, shuffled, seeded), and score each
 * held-out fold by ROC AUC. The score is 1 − mean_folds(2·max(AUC, 0.5) − 1): 1 means the
 * classifier cannot tell the tables apart, 0 means it separates them perfectly.
 * Features: see features.ts (standardised numbers, missing indicators + mean imputation, one-hot).
 * Difference from SDMetrics: it imputes and scales (RobustScaler) inside each training fold and
 * fits sklearn's lbfgs LogisticRegression (C = 1) on all rows; here scaling uses both tables, the
 * optimum is found by Newton's method (same objective), and tables above `maxRows` are subsampled.
 * Scores are therefore close to, not identical with, SDMetrics' (the folds differ anyway).
 */
import type { Table } from '../data/table.js';
import type { Rng } from '../util/rng.js';
import { rocAuc } from './auc.js';
import type { ColumnInfo } from './columns.js';
import { fitFeatureEncoder, type FeatureEncoder } from './features.js';
import { jsonNumber } from './json.js';
import { fitLogistic, predictLogistic } from './logistic.js';
import { subsampleRows } from './sampling.js';

export interface DetectionResult {
  /** 1 − mean(2·max(AUC, 0.5) − 1); 1 = indistinguishable. */
  score: number | null;
  /** Held-out ROC AUC of each fold (null where a fold held one class only). */
  fold_auc: (number | null)[];
  folds: number;
  rows_real: number;
  rows_synthetic: number;
  features: number;
}

export interface DetectionOptions {
  folds?: number;
  /** Rows used per table; larger tables are subsampled (seeded). Default 5000. */
  maxRows?: number;
  /** L2 strength λ = 1/C (default 1, sklearn's C = 1). */
  lambda?: number;
  /** An encoder already fitted on both tables (evaluate() shares the one it fits for MMD). */
  encoder?: FeatureEncoder;
}

/** Fold index of every row: each class shuffled separately and dealt round-robin (stratified). */
export function stratifiedFolds(labels: ArrayLike<number>, k: number, rng: Rng): Int32Array {
  const fold = new Int32Array(labels.length);
  for (const cls of [0, 1]) {
    const members: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === cls) members.push(i);
    const perm = rng.permutation(members.length);
    for (let t = 0; t < perm.length; t++) fold[members[perm[t]!]!] = t % k;
  }
  return fold;
}

export function logisticDetection(real: Table, synthetic: Table, columns: readonly ColumnInfo[], rng: Rng, opts: DetectionOptions = {}): DetectionResult {
  const k = opts.folds ?? 3;
  const maxRows = opts.maxRows ?? 5000;
  const realRows = subsampleRows(real.rowCount, maxRows, rng);
  const synRows = subsampleRows(synthetic.rowCount, maxRows, rng);
  const enc = opts.encoder ?? fitFeatureEncoder([real, synthetic], columns);
  const d = enc.width;
  const xr = enc.encode(real, realRows);
  const xs = enc.encode(synthetic, synRows);
  const n = realRows.length + synRows.length;
  const x = new Float64Array(n * d);
  x.set(xr, 0);
  x.set(xs, realRows.length * d);
  const y = new Float64Array(n);
  y.fill(1, realRows.length);
  const fold = stratifiedFolds(y, k, rng);
  const aucs: number[] = [];
  for (let f = 0; f < k; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < n; i++) (fold[i] === f ? test : train).push(i);
    const model = fitLogistic(x, d, y, train, opts.lambda === undefined ? {} : { lambda: opts.lambda });
    const p = predictLogistic(model, x, d, test);
    aucs.push(rocAuc(p, test.map((i) => y[i]!)));
  }
  const defined = aucs.filter((a) => Number.isFinite(a));
  const mean = defined.reduce((s, a) => s + (2 * Math.max(a, 0.5) - 1), 0) / Math.max(1, defined.length);
  return { score: defined.length ? 1 - mean : null, fold_auc: aucs.map(jsonNumber), folds: k, rows_real: realRows.length, rows_synthetic: synRows.length, features: d };
}
