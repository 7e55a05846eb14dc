/**
 * evaluate(): every table metric of real vs synthetic data in one JSON-able record.
 * Scores follow SDMetrics 0.29's single-table QualityReport (see quality.ts) so they are
 * comparable with it; the other metrics are documented in their own files.
 */
import { takeRows, type Table } from '../data/table.js';
import { Rng } from '../util/rng.js';
import { matchColumns, scoredColumns, type MetricKind } from './columns.js';
import type { CorrelationMethod } from './correlation.js';
import { pearson } from './correlation.js';
import { describeColumn, type ColumnDescription } from './describe.js';
import { logisticDetection, type DetectionResult } from './detection.js';
import { fitFeatureEncoder } from './features.js';
import { jsonNumber } from './json.js';
import { checkTarget, mlEfficacy, type MlEfficacy, type MlTask } from './ml-efficacy.js';
import { mmdRbf, type MmdResult } from './mmd.js';
import { distanceToClosestRecord, exactCopyRate, type DcrResult, type ExactCopyRate } from './privacy.js';
import { qualityScores, type PairTrendScore } from './quality.js';
import { subsampleRows } from './sampling.js';
import { std } from './stats.js';
import { wasserstein1 } from './wasserstein.js';

export interface ColumnEvaluation {
  column: string;
  kind: MetricKind;
  /** Column Shapes metric and its score (1 = same marginal distribution). */
  metric: 'KSComplement' | 'TVComplement';
  score: number | null;
  /** W1 between the real and synthetic values (continuous columns only), in the column's units. */
  wasserstein: number | null;
  /** W1 divided by the real column's std, comparable across columns. */
  wasserstein_normalized: number | null;
}

/** Pearson correlation matrices of the continuous columns (for heatmaps). */
export interface CorrelationMatrices {
  columns: string[];
  real: (number | null)[][];
  synthetic: (number | null)[][];
}

export interface EvaluationResult {
  /** Overall quality = mean of column_shapes and column_pair_trends (SDMetrics QualityReport). */
  quality: number | null;
  column_shapes: number | null;
  column_pair_trends: number | null;
  detection: DetectionResult;
  /** Distance to closest record; the holdout fields are null without a holdout. */
  dcr: DcrResult;
  exact_copy_rate: ExactCopyRate;
  per_column: ColumnEvaluation[];
  /** Identifier columns of the real table (unique text in every row): not scored by any metric here, and not in per_column. */
  identifiers: string[];
  pairs: PairTrendScore[];
  summary: ColumnDescription[];
  mmd: MmdResult;
  correlation: CorrelationMatrices;
  /** Train-synthetic-test-real scores for `target` (see ml-efficacy.ts); null without a target. */
  ml_efficacy: MlEfficacy | null;
  rows: { real: number; synthetic: number; holdout: number | null };
  seed: number | string | null;
}

export interface EvaluateOptions {
  /** Real rows not used for training: the privacy baseline. */
  holdout?: Table;
  /** Seeded randomness for folds and subsampling: an Rng or a seed (default seed 0). */
  rng?: Rng | number | string;
  /** Correlation coefficient of CorrelationSimilarity (default 'pearson', as SDMetrics). */
  correlation?: CorrelationMethod;
  /** Rows per table for MMD (default 2000). */
  mmdMaxRows?: number;
  /** Rows per table for detection (default 5000). */
  detectionMaxRows?: number;
  /** Rows per table for DCR (default 10000). */
  dcrMaxRows?: number;
  /**
   * Column to predict for the machine-learning utility score: a learner trained on real rows and
   * one trained on synthetic rows are tested on the holdout (without one, on a seeded fifth of the
   * real table, the other four fifths training the real learner).
   */
  target?: string;
  /** classification or regression (default: from the target column's inferred type). */
  task?: MlTask;
}

function mlScores(real: Table, synthetic: Table, columns: ReturnType<typeof matchColumns>, opts: EvaluateOptions, rng: Rng): MlEfficacy | null {
  if (opts.target === undefined) return null;
  const task = opts.task === undefined ? {} : { task: opts.task };
  if (opts.holdout) return mlEfficacy(real, synthetic, opts.holdout, columns, opts.target, { ...task, testRows: 'holdout' });
  const perm = rng.permutation(real.rowCount);
  const cut = Math.max(1, Math.floor(real.rowCount / 5));
  const test = takeRows(real, perm.subarray(0, cut).slice().sort());
  const train = takeRows(real, perm.subarray(cut).slice().sort());
  return mlEfficacy(train, synthetic, test, columns, opts.target, { ...task, testRows: 'split' });
}

function correlationMatrix(t: Table, names: readonly string[]): (number | null)[][] {
  const cols = names.map((n) => t.columns[t.names.indexOf(n)]!.values as Float64Array);
  return cols.map((a, i) => cols.map((b, j) => (i === j ? 1 : jsonNumber(pearson(a, b)))));
}

export function evaluate(real: Table, synthetic: Table, opts: EvaluateOptions = {}): EvaluationResult {
  const { columns, identifiers } = scoredColumns(real, matchColumns(real, synthetic));
  if (opts.holdout) matchColumns(real, opts.holdout, 'holdout');
  if (opts.target !== undefined) checkTarget(real, opts.target, opts.task);
  const seed = opts.rng instanceof Rng ? null : (opts.rng ?? 0);
  const rng = opts.rng instanceof Rng ? opts.rng : new Rng(opts.rng ?? 0);
  const q = qualityScores(real, synthetic, columns, opts.correlation ?? 'pearson');

  const per_column: ColumnEvaluation[] = columns.map((c, i) => {
    const shape = q.shapes[i]!;
    let w: number | null = null;
    let wn: number | null = null;
    if (c.kind === 'continuous') {
      const rv = real.columns[c.real]!.values as Float64Array;
      const sv = synthetic.columns[c.synthetic]!.values as Float64Array;
      w = jsonNumber(wasserstein1(rv, sv));
      const sd = std(rv);
      wn = w !== null && sd > 0 ? w / sd : null;
    }
    return { column: c.name, kind: c.kind, metric: shape.metric, score: shape.score, wasserstein: w, wasserstein_normalized: wn };
  });

  const mmdRows = opts.mmdMaxRows ?? 2000;
  const enc = fitFeatureEncoder([real, synthetic], columns);
  // MMD's bandwidth uses the first rows, so take them in random order, not ascending.
  const shuffled = (n: number): Uint32Array => {
    const rows = subsampleRows(n, mmdRows, rng);
    const perm = rng.permutation(rows.length);
    return perm.map((p) => rows[p]!);
  };
  const mr = shuffled(real.rowCount);
  const ms = shuffled(synthetic.rowCount);
  const mmd = mmdRbf(enc.encode(real, mr), mr.length, enc.encode(synthetic, ms), ms.length, enc.width);

  const detection = logisticDetection(real, synthetic, columns, rng.fork('detection'), { maxRows: opts.detectionMaxRows ?? 5000, encoder: enc });
  const dcr = distanceToClosestRecord(real, synthetic, opts.holdout, columns, rng.fork('dcr'), { maxRows: opts.dcrMaxRows ?? 10_000 });
  const exact_copy_rate = exactCopyRate(real, synthetic, opts.holdout, columns);
  const ml_efficacy = mlScores(real, synthetic, columns, opts, rng.fork('ml-efficacy'));

  const continuous = columns.filter((c) => c.kind === 'continuous').map((c) => c.name);
  return {
    quality: q.quality,
    column_shapes: q.column_shapes,
    column_pair_trends: q.column_pair_trends,
    detection,
    dcr,
    exact_copy_rate,
    per_column,
    identifiers,
    pairs: q.pairs,
    summary: columns.map((c) => describeColumn(c.name, real.columns[c.real]!, synthetic.columns[c.synthetic]!)),
    mmd,
    correlation: { columns: continuous, real: correlationMatrix(real, continuous), synthetic: correlationMatrix(synthetic, continuous) },
    ml_efficacy,
    rows: { real: real.rowCount, synthetic: synthetic.rowCount, holdout: opts.holdout ? opts.holdout.rowCount : null },
    seed,
  };
}
