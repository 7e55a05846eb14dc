/**
 * Training a table GAN (CTGAN's synthesizer side): the prepared table (table-data.ts) and its
 * conditioning (conditioning.ts) go to a trainer sized by the recipe, trained epoch by epoch with
 * checkpoints, early or score stopping (score-stopping.ts), then calibrated.
 */
import { ConfigError } from '../util/errors.js';
import { Rng } from '../util/rng.js';
import { spanLayout } from '../data/transformer.js';
import type { Table } from '../data/table.js';
import { resolveGanConfig, type GanConfig } from '../train/config.js';
import type { EpochLog } from '../train/epoch-log.js';
import { trainEpochs, type EarlyStopping, type TrainResult } from '../train/loop.js';
import type { ProgressMode } from '../train/progress.js';
import { DatasetSource, ResampleSource, type RealSource } from '../train/sources.js';
import { GanTrainer } from '../train/trainer.js';
import { saveModel } from '#model-folders';
import { trainerFromModel } from './model-files.js';
import { tableRecipe, trainingPatience, TRAINING_QUALITIES, type TrainingQuality } from './recipes.js';
import { fitCalibration, type Calibration } from './calibration.js';
import { naturalCopyRate } from './copies.js';
import { trainingConditioning, type TableConditioning } from './conditioning.js';
import { scoreStopping, SMALL_TABLE, type ScoreStopping } from './score-stopping.js';
import { prepareTable, type TableDataOptions, type TableModelData } from './table-data.js';
import { copyIndexOf, generateTable, modelExtrasOf, type TableModelParts } from './table-sampling.js';

/** Training options: the data's (TableDataOptions: seed, preset, encodings, conditioning, prior, schema, holdout) and the training's. */
export interface TableTrainOptions extends TableDataOptions {
  /** Overrides merged into the preset's config (validated; unknown keys are errors). */
  config?: Partial<GanConfig>;
  /**
   * Epochs to train (counting a resumed model's epochs: the epoch to reach). Default: the
   * recipe's for `quality`; when resuming, RESUME_EPOCHS past the saved epoch.
   */
  epochs?: number;
  /** Training length when `epochs` is not given: 'fast', 'default' or 'high' (longer, more patient). */
  quality?: TrainingQuality;
  batchSize?: number;
  /**
   * Map the trained generator's marginals back onto the training data's (calibration.ts): normal
   * scores through the generator's own distribution function, category shares by slot weights.
   * Default: true, except the 'ctgan' preset.
   */
  calibrate?: boolean;
  threads?: number;
  progress?: ProgressMode;
  /**
   * Called after each epoch; `preview(n, seed)` draws n rows from the generator as it is now (as
   * score stopping does: the training stream is not touched), e.g. for live plots.
   */
  onEpoch?: (log: EpochLog, preview: (n: number, seed: number) => Promise<Table>) => void | 'stop' | Promise<void | 'stop'>;
  /** Save a checkpoint to `checkpointDir` every this many epochs. */
  checkpointEvery?: number;
  checkpointDir?: string;
  earlyStopping?: EarlyStopping;
  /**
   * Early stopping on a fidelity score of generated rows against a fixed sample of the training
   * rows (e.g. the SDMetrics quality score), computed every `every` epochs; the best state is kept.
   */
  scoreStopping?: ScoreStopping;
  maxSeconds?: number;
}

/** A trained table model's parts, with what training saw. */
export interface TrainedTable extends TableModelParts {
  result: TrainResult | null;
  /** The rows trained on (the table minus `heldOut`). */
  trainedOn: Table;
  /** Rows held back from training (score stopping's reference, and a real holdout for privacy checks). */
  heldOut: Table | null;
}

/**
 * Epochs a resumed model trains past its saved epoch when `epochs` is not given. A fixed count,
 * not the recipe's: the recipe sizes a whole training from scratch, and resuming (`ganforge train
 * --resume`) is asked for to train some more of one that stopped.
 */
export const RESUME_EPOCHS = 100;

/** Generated rows a kept model's calibration is fitted from (1000 quantile levels: 50 rows per level). */
const CALIBRATION_ROWS = 50_000;

/**
 * Most rounds in one epoch. A table with more rows than this many batches hold trains on rows
 * resampled with replacement, in epochs of this many rounds: progress, score stopping and
 * checkpoints then come every ~20 s whatever the table's size. As passes, a 1,000,000-row table
 * had 3 epochs of 2,000 rounds (~2.5 minutes each), so score stopping had 3 chances, could not
 * stop before the budget was spent, and saw nothing between them.
 */
export const MAX_ROUNDS_PER_EPOCH = 250;

/**
 * One epoch is a pass over the rows, but at least 8 rounds (tiny tables would otherwise pay a run
 * of the step program per round, where 8 rounds share one: an ONNX Loop) and at most
 * MAX_ROUNDS_PER_EPOCH.
 */
export function tableRoundsPerEpoch(rows: number, c: GanConfig): number {
  return Math.max(8, Math.min(MAX_ROUNDS_PER_EPOCH, roundsPerPass(rows, c)));
}

/** The rounds one pass over the rows takes. */
function roundsPerPass(rows: number, c: GanConfig): number {
  return Math.floor(rows / (c.batchSize * c.dSteps));
}

/**
 * Trains on `all` (or continues `resume`, a model directory, on it). A small table (under
 * SMALL_TABLE rows) trained by the default recipe with score stopping trains two generators —
 * one started from the table's Gaussian copula, one from scratch — and keeps the better by the
 * score: on such tables neither wins everywhere (measured: the copula start is far better on
 * wine and breast_cancer, worse on iris and faithful), and each costs seconds. Each gets half of
 * `maxSeconds`; with checkpoints (one model folder) only the copula-started one is trained.
 */
export async function trainTableModel(all: Table, o: TableTrainOptions = {}, resume?: string): Promise<TrainedTable> {
  const both = !resume && o.prior === undefined && (o.preset ?? 'default') === 'default' && o.scoreStopping && !o.earlyStopping && !o.checkpointDir && all.rowCount < SMALL_TABLE;
  if (!both) return trainOne(all, o, resume);
  const half = o.maxSeconds === undefined ? {} : { maxSeconds: o.maxSeconds / 2 };
  const started = await trainOne(all, { ...o, ...half, prior: true });
  const scratch = await trainOne(all, { ...o, ...half, prior: false });
  const score = (g: TrainedTable): number => g.result?.best?.score ?? -Infinity;
  const [keep, drop] = score(scratch) > score(started) ? [scratch, started] : [started, scratch];
  await drop.trainer.release();
  return keep;
}

async function trainOne(all: Table, o: TableTrainOptions, resume?: string): Promise<TrainedTable> {
  const { resumed, table, heldOut, data, encoded, width } = await prepareTable(all, o, resume);
  const { sampler, options: condOpts } = trainingConditioning(data, encoded, table.rowCount);
  const { trainer, epochs } = resumed
    ? { trainer: trainerFromModel(resumed, { threads: o.threads, ...condOpts }), epochs: o.epochs ?? resumed.manifest.training.epoch + RESUME_EPOCHS }
    : freshTrainer(o, data, table.rowCount, width, sampler?.condWidth ?? 0, condOpts);
  const parts: TableModelParts = { trainer, data, sampler };
  // A calibration is fitted to each state that is scored, checkpointed or kept: never one left from a resumed model's state.
  const calibrate = o.calibrate ?? (o.preset ?? 'default') !== 'ctgan';
  const calibration = calibrate ? (rng: Rng, rows = CALIBRATION_ROWS): Promise<Calibration> => calibrationOf(parts, encoded, table.rowCount, rng, rows) : null;
  delete data.calibration;
  const source: RealSource = sampler || roundsPerPass(table.rowCount, trainer.config) > MAX_ROUNDS_PER_EPOCH || table.rowCount < trainer.config.batchSize ? new ResampleSource(encoded, width) : new DatasetSource(encoded, width);
  const roundsPerEpoch = tableRoundsPerEpoch(table.rowCount, trainer.config);
  const prior = trainer.config.prior !== undefined;
  const stopping = o.scoreStopping && o.scoreStopping.patience === undefined
    ? { ...o.scoreStopping, patience: trainingPatience(o.quality ?? 'default', prior && data.rows >= SMALL_TABLE) } : o.scoreStopping;
  // Scored and previewed states are drawn uncalibrated unless a calibration of their own is given (data.calibration is unset until training ends).
  const generate = (n: number, rng: Rng, c?: Calibration): Promise<Table> => generateTable(parts, n, rng, c);
  const earlyStopping = o.earlyStopping ?? (stopping
    ? scoreStopping(heldOut ?? table, stopping, trainer.options.seed, epochs, { generate, calibration, prior, trainingRows: data.rows }, heldOut ? table : undefined)
    : undefined);
  const it = trainEpochs(trainer, source, {
    epochs, roundsPerEpoch, progress: o.progress, earlyStopping, maxSeconds: o.maxSeconds,
    checkpointEvery: o.checkpointEvery, sampleRows: 100,
    checkpoint: o.checkpointDir
      ? async (t) => {
          const c = calibration ? await calibration(new Rng(trainer.options.seed).fork(`calibration-${t.epoch}`)) : undefined;
          // A checkpoint is a whole model folder, sampler.onnx included (it may be all that is left of a killed run).
          await saveModel(o.checkpointDir!, t, modelExtrasOf({ ...parts, data: c ? { ...data, calibration: c } : data }));
        }
      : undefined,
  });
  let r = await it.next();
  while (!r.done) {
    if ((await o.onEpoch?.(r.value, (n, seed) => generate(n, new Rng(seed).fork('preview')))) === 'stop') break;
    r = await it.next();
  }
  if (!resumed) data.copyRate = naturalCopyRate(copyIndexOf(table), heldOut);
  if (calibration) data.calibration = await calibration(new Rng(trainer.options.seed).fork('calibration'));
  return { ...parts, result: r.done ? r.value : null, trainedOn: table, heldOut };
}

/** A new trainer sized by the recipe for this table, and the epochs to train (given, or the recipe's). */
function freshTrainer(o: TableTrainOptions, data: TableModelData, rows: number, width: number, condWidth: number, condOpts: TableConditioning['options']): { trainer: GanTrainer; epochs: number } {
  if (o.quality !== undefined && !TRAINING_QUALITIES.includes(o.quality)) {
    throw new ConfigError('CONFIG_BAD_VALUE', `unknown quality "${String(o.quality)}"`, 'quality', `use one of ${TRAINING_QUALITIES.join(', ')}`);
  }
  const recipe = tableRecipe(o.preset ?? 'default', { layout: spanLayout(data.transformer), rows, condWidth, prior: data.copula !== undefined, quality: o.quality });
  const config = resolveGanConfig({ ...recipe.config, ...(o.batchSize ? { batchSize: o.batchSize } : {}), ...(o.config ?? {}) });
  const epochs = o.epochs ?? recipe.epochs(tableRoundsPerEpoch(rows, config));
  return { trainer: new GanTrainer(config, width, { seed: o.seed ?? 0, threads: o.threads, ...condOpts }), epochs };
}

/** A marginal calibration of the generator's current state from `rows` fresh rows, against the encoded training rows `real`. */
async function calibrationOf(m: TableModelParts, real: Float32Array, realRows: number, rng: Rng, rows: number): Promise<Calibration> {
  const generated = await m.trainer.sample(rows, rng);
  return fitCalibration(m.data.transformer, spanLayout(m.data.transformer), generated, rows, real, realRows);
}
