/**
 * Score stopping: early stopping on a fidelity score of generated rows against a fixed sample of
 * real rows. The score function is the caller's (e.g. the SDMetrics quality score of the eval
 * layer, passed in by the public API), so the model layer never imports eval.
 */
import { Rng } from '../util/rng.js';
import { takeRows, type Table } from '../data/table.js';
import type { EarlyStopping } from '../train/loop.js';
import type { Calibration } from './calibration.js';

export interface ScoreStopping {
  /** Higher is better, e.g. (real, synthetic) => evaluate-quality. */
  score: (real: Table, synthetic: Table) => number;
  every?: number;
  patience?: number;
  /** Rows in each generated sample and at most in the reference sample of the training rows (default 1000). */
  rows?: number;
  /** First epoch that is scored (default: a fifth of the epochs). */
  minEpochs?: number;
  /**
   * Rows held back from training (schema, encoding and GAN never see them) and scored against.
   * Default: a tenth of the table, at most 1000 rows, for tables of 1000 rows or more; smaller
   * tables need every row to learn from and are scored against a fixed sample of their training
   * rows. 0 holds nothing back.
   */
  holdout?: number;
}

/** Tables under this many rows: scored from a fifth of the epochs on; the default recipe trains with and without the copula start and keeps the better. */
export const SMALL_TABLE = 1000;

/** Generated rows of the calibration that each scored state gets (cheaper, for ranking states only). */
export const SCORE_CALIBRATION_ROWS = 4000;

/** What score stopping draws from: the generator as it is now. */
export interface ScoredGenerator {
  /** n rows in the table's own format from the generator's current state, marginals mapped by `calibration` if given. */
  generate(n: number, rng: Rng, calibration?: Calibration): Promise<Table>;
  /** A calibration of the current state from `rows` generated rows (null: the model is not calibrated). */
  calibration: ((rng: Rng, rows?: number) => Promise<Calibration>) | null;
  /** The generator starts from a copula prior. */
  prior: boolean;
  /** The rows the model's data block counts (data.rows: a resumed model's are those it was first trained on). */
  trainingRows: number;
}

/**
 * An EarlyStopping whose metric scores fresh samples against a fixed sample of `table` (held-back
 * or training rows). `trainingRows`: where `table` is held-back rows, the rows trained on; the
 * confirmation of a large table scores against a sample of them as well, whose sampling noise is
 * independent of the held-back reference's that the trained states were picked on (see confirm).
 */
export function scoreStopping(table: Table, s: ScoreStopping, seed: number, epochs: number, g: ScoredGenerator, trainingRows?: Table): EarlyStopping {
  // A generated sample larger than a small table: the score's sampling noise would otherwise let
  // an early, lucky score end training.
  const n = s.rows ?? 1000;
  const prior = g.prior;
  const pick = new Rng(seed).fork('score-reference');
  const reference = n >= table.rowCount ? table : takeRows(table, pick.permutation(table.rowCount).subarray(0, n));
  /** Scores of one draw, of a state as it would be kept (with a calibration of its own), against each of `against`. */
  const drawScores = async (rng: Rng, against: readonly Table[]): Promise<number[]> => {
    const c = g.calibration ? await g.calibration(rng.fork('calibration'), SCORE_CALIBRATION_ROWS) : undefined;
    const rows = await g.generate(n, rng, c);
    return against.map((t) => s.score(t, rows));
  };
  // The best of ~20 states scored against one fixed reference sample also wins by matching that
  // sample's own noise, which fresh draws against the same rows cannot cancel: of 8 trained states
  // kept that way on tables of 1,300–54,000 rows, all 8 scored below their copula start in a full
  // evaluation (by 0.001–0.004). So the confirmation scores the same draws against a sample of the
  // training rows too, whose noise is independent of the held-back rows', and a state must win on
  // both: 7 of the 8 lose against the training rows; fertility's 2-epoch state, which wins there,
  // loses against the held-back rows.
  const references = trainingRows ? [reference, takeRows(trainingRows, new Rng(seed).fork('confirm-reference').permutation(trainingRows.rowCount).subarray(0, Math.min(n, trainingRows.rowCount)))] : [reference];
  const confirm = async (): Promise<number[]> => {
    const sums = references.map(() => 0);
    for (let i = 0; i < CONFIRM_DRAWS; i++) (await drawScores(new Rng(seed).fork(`confirm-${i}`), references)).forEach((v, j) => (sums[j] += v));
    return sums.map((v) => v / CONFIRM_DRAWS);
  };
  const large = prior && g.trainingRows >= SMALL_TABLE;
  let k = 0;
  return {
    // About 20 evaluations over the planned epochs (at least every 5 for small tables' many short epochs).
    every: s.every ?? Math.max(1, Math.min(5, Math.round(epochs / 20))),
    patience: s.patience ?? 5,
    // From the first epochs on a large table whose generator started from its copula: measured on the five real-size
    // tables (credit_data, ames, flchain, lending_club, letter), adversarial training did not beat that start within
    // the default budget, so waiting a fifth of the epochs before scoring only spent time.
    minEpochs: s.minEpochs ?? (large ? 0 : Math.floor(epochs / 5)),
    // A generator started from the copula: its start is a candidate too (training must beat the copula to count).
    scoreStart: prior,
    // On a large table the held-back score of 1000 generated rows moves by ~0.005 from draw to draw
    // (SDMetrics bins each table over its own range, so one extreme value shifts every bin): a
    // trained state must beat the copula start by more than that to replace it, and then again
    // over fresh draws (confirm).
    ...(large ? { minImprovement: 0.005, confirm } : {}),
    name: 'quality',
    // Each evaluation draws its own sample; the training stream is not touched.
    metric: async () => (await drawScores(new Rng(seed).fork(`score-${k++}`), [reference]))[0]!,
  };
}

/**
 * Draws of the confirmation (EarlyStopping.confirm): the mean of three scores has a third of one
 * score's sampling variance, and the two states' draws share their random numbers, so that most
 * of what is left cancels in their difference.
 */
export const CONFIRM_DRAWS = 3;

/**
 * What a training's summary line adds when score stopping kept an earlier state than the last
 * one trained ('' when it kept the last): the copula start or the best-scoring epoch.
 */
export function keptStateNote(trainedTo: number, kept: number, prior: boolean): string {
  if (kept === trainedTo) return '';
  return kept === 0 && prior ? '; kept the copula start (epoch 0): no trained state scored higher' : `; kept epoch ${kept}, the best-scoring state`;
}
