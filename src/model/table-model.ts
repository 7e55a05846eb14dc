/**
 * A GAN over a table: schema → transformer → (conditional) trainer → samples in the original
 * format and units. Saved and loaded as a model directory.
 */
import { ConfigError, DataError, ModelFormatError } from '../util/errors.js';
import { Rng } from '../util/rng.js';
// The data and eval modules themselves, not their index files (which also pull in the Node file readers and writers).
import { fitTransformer, inverseTransform, spanLayout, transform, type ContinuousOption, type TransformerState } from '../data/transformer.js';
import { inferSchema, type Schema, type SchemaOverrides } from '../data/schema.js';
import { ConditionalSampler } from '../data/conditional.js';
import { concatTables, type RowPredicate } from '../data/rejection.js';
import { takeRows, type Table } from '../data/table.js';
import type { SpanLayout } from '../data/spans.js';
import { resolveGanConfig, type GanConfig } from '../train/config.js';
import type { EpochLog } from '../train/epoch-log.js';
import { trainEpochs, type EarlyStopping, type TrainResult } from '../train/loop.js';
import type { ProgressMode } from '../train/progress.js';
import { DatasetSource, ResampleSource, type RealSource } from '../train/sources.js';
import { GanTrainer, type Conditioner } from '../train/trainer.js';
import type { CondSpan } from '../train/round.js';
import { copyIndex, type CopyIndex } from '../eval/privacy.js';
import { matchColumns } from '../eval/columns.js';
import { loadModel, manifestPathOf, saveModel } from '#model-folders';
import { trainerFromModel, wrongKindError, type LoadedModel, type ModelExtras, type ModelManifest } from './model-files.js';
import { recipeEncoding, recipeUsesPrior, tableRecipe, trainingPatience, TRAINING_QUALITIES, type TableRecipe, type TrainingQuality } from './recipes.js';
import { CopulaPrior, fitCopulaOn, type CopulaFit } from './copula.js';
import { calibrateScores, calibrateSlots, fitCalibration, type Calibration } from './calibration.js';
import { naturalCopyRate } from './copies.js';
import { conditionCounts, drawGivenOneHots, RowSampler } from './row-sampling.js';
import { samplerOnnx, type SamplerDescription } from './sampler-onnx.js';
import { VERSION } from '../util/version.js';
import { checkTableModelData } from './table-data-check.js';
import { checkModellableRange } from '../data/range-check.js';

export interface TableTrainOptions {
  seed?: number;
  preset?: TableRecipe;
  /** Overrides merged into the preset's config (validated; unknown keys are errors). */
  config?: Partial<GanConfig>;
  epochs?: number;
  /** Training length when `epochs` is not given: 'fast', 'default' or 'high' (longer, more patient). */
  quality?: TrainingQuality;
  batchSize?: number;
  /**
   * Continuous columns: 'auto' (default: mode-specific where clearly multi-modal, else normal
   * scores), 'gaussian' (normal scores), 'mode' (CTGAN's; the default of the 'ctgan' preset),
   * 'minmax', 'standard'.
   */
  continuous?: ContinuousOption;
  /** Generate the 'gaussian' columns' normal scores as whitened principal components (see the data layer). */
  decorrelate?: boolean;
  /** Mode-specific normalisation: mixture fit ('bayesian' as CTGAN, or 'bic': EM with BIC model selection) and its most modes. */
  mixture?: 'bayesian' | 'bic';
  maxModes?: number;
  /** CTGAN conditional vector + training-by-sampling over categorical columns (default true). */
  conditional?: boolean;
  /**
   * Start the generator from a Gaussian copula of the data (default: true, except the 'ctgan'
   * preset): it reads a copula draw and learns a correction to it (GanConfig.prior).
   */
  prior?: boolean;
  /**
   * Map the trained generator's marginals back onto the training data's (calibration.ts): normal
   * scores through the generator's own distribution function, category shares by slot weights.
   * Default: true, except the 'ctgan' preset.
   */
  calibrate?: boolean;
  schema?: SchemaOverrides;
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
  /**
   * Rows held back from training whether or not training scores against them (e.g. the test rows
   * of a machine-learning utility score); default: ScoreStopping.holdout's rule.
   */
  holdout?: number;
  maxSeconds?: number;
}

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

/** What the data layer contributes to a model file. */
export interface TableModelData {
  schema: Schema;
  transformer: TransformerState;
  conditional: boolean;
  /** Rows the model was trained on (for the conditioner and reports). */
  rows: number;
  /** The Gaussian copula the generator's prior rows are drawn from (models trained with a prior). */
  copula?: CopulaFit;
  /**
   * The share of new real rows that repeat a training row exactly (held-back rows, else duplicates
   * within the table): samples copy training rows at no more than this rate. Absent: 0.
   */
  copyRate?: number;
  /** The trained generator's marginal calibration, applied to every sample (calibration.ts). */
  calibration?: Calibration;
  /** What sampler.onnx (beside the manifest) takes and gives: written by save(). */
  sampler?: SamplerDescription;
}

export interface SampleOptions {
  seed?: number;
  /** Categorical conditions, e.g. { species: 'setosa' } (the conditional vector). */
  where?: Record<string, string>;
  /** Any other condition: rows are generated until this many pass (rejection sampling). */
  filter?: RowPredicate;
  /** Clip numeric values to the observed range. */
  clip?: boolean;
  /**
   * Rows identical to a row of this table are dropped and drawn again (no exact copies of training
   * rows). Default: the training table, for a model trained in this process; a loaded model keeps
   * no training rows, so give them here. `false` keeps copies.
   */
  exclude?: Table | false;
}

/**
 * One epoch is a pass over the rows, but at least 8 rounds: tiny tables would otherwise pay a run
 * of the step program per round, where 8 rounds share one (an ONNX Loop).
 */
export function tableRoundsPerEpoch(rows: number, c: GanConfig): number {
  return Math.max(8, Math.floor(rows / (c.batchSize * c.dSteps)));
}

/** The generator's prior: draws of the copula, conditioned on each row's condition vector. */
export function copulaPrior(copula: CopulaFit, width: number, sampler: ConditionalSampler | null): CopulaPrior {
  return new CopulaPrior(copula, width, sampler?.condWidth ?? 0, sampler ? sampler.blocks.map((b) => ({ start: b.span.start, width: b.width, condStart: b.condStart })) : []);
}

export function condSpans(sampler: ConditionalSampler): CondSpan[] {
  return sampler.blocks.map((b) => ({ start: b.span.start, width: b.width, condStart: b.condStart }));
}

/** CTGAN's pairing: fake rows get the sampled conditions; real rows with those categories are shown to D under a shuffled copy. */
export function conditioner(sampler: ConditionalSampler, encoded: Float32Array, width: number): Conditioner {
  const cw = sampler.condWidth;
  return {
    fill(rows, condFake, condReal, realOut, offset, rng) {
      const tc = sampler.sampleTrain(rows, rng);
      condFake.set(tc.cond.subarray(0, rows * cw));
      const perm = rng.permutation(rows);
      for (let i = 0; i < rows; i++) {
        const j = perm[i]!;
        const src = tc.rows[j]! * width;
        realOut.set(encoded.subarray(src, src + width), offset + i * width);
        condReal.set(tc.cond.subarray(j * cw, (j + 1) * cw), i * cw);
      }
    },
    trainCond(rows, out, offset, rng) {
      out.set(sampler.sampleTrain(rows, rng).cond, offset);
    },
    sample(rows, out, offset, rng) {
      out.set(sampler.sampleOriginal(rows, rng), offset);
    },
  };
}

/** Widest table `TableGan.train` accepts (wider ones fail at once instead of running for hours). */
export const MAX_TRAIN_COLUMNS = 500;

export class TableGan {
  private constructor(
    readonly trainer: GanTrainer,
    readonly data: TableModelData,
    private readonly sampler: ConditionalSampler | null,
    readonly result: TrainResult | null,
    /** The rows trained on (the table minus `heldOut`), when trained in this process: samples never copy one of them. */
    readonly trainedOn: Table | null = null,
    /** Rows held back from training for early stopping (and a real holdout for privacy checks). */
    readonly heldOut: Table | null = null,
  ) {}

  get schema(): Schema {
    return this.data.schema;
  }

  get layout(): SpanLayout {
    return spanLayout(this.data.transformer);
  }

  get log(): EpochLog[] {
    return this.trainer.log;
  }

  /**
   * Trains on `table` (or continues `resume`, a model directory, on it). A small table (under
   * SMALL_TABLE rows) trained by the default recipe with score stopping trains two generators —
   * one started from the table's Gaussian copula, one from scratch — and keeps the better by the
   * score: on such tables neither wins everywhere (measured: the copula start is far better on
   * wine and breast_cancer, worse on iris and faithful), and each costs seconds. Each gets half of
   * `maxSeconds`; with checkpoints (one model folder) only the copula-started one is trained.
   */
  static async train(all: Table, o: TableTrainOptions = {}, resume?: string): Promise<TableGan> {
    const both = !resume && o.prior === undefined && (o.preset ?? 'default') === 'default' && o.scoreStopping && !o.earlyStopping && !o.checkpointDir && all.rowCount < SMALL_TABLE;
    if (!both) return TableGan.trainOne(all, o, resume);
    const half = o.maxSeconds === undefined ? {} : { maxSeconds: o.maxSeconds / 2 };
    const started = await TableGan.trainOne(all, { ...o, ...half, prior: true });
    const scratch = await TableGan.trainOne(all, { ...o, ...half, prior: false });
    const score = (g: TableGan): number => g.result?.best?.score ?? -Infinity;
    const [keep, drop] = score(scratch) > score(started) ? [scratch, started] : [started, scratch];
    await drop.release();
    return keep;
  }

  private static async trainOne(all: Table, o: TableTrainOptions, resume?: string): Promise<TableGan> {
    if (all.rowCount < 2) throw new DataError('DATA_TOO_FEW_ROWS', `the table has ${all.rowCount} row(s); at least 2 are needed to train`);
    if (all.names.length > MAX_TRAIN_COLUMNS) {
      throw new DataError('DATA_TOO_MANY_COLUMNS', `the table has ${all.names.length} columns; at most ${MAX_TRAIN_COLUMNS} are supported (the encoding, training and report grow faster than the column count)`, {}, 'select the columns to model, or reduce them first (e.g. PCA)');
    }
    const { train: table, heldOut } = holdBack(all, o);
    const loaded = resume ? await loadModel(resume) : null;
    let data: TableModelData;
    if (loaded) {
      if (!(loaded.manifest.data as TableModelData | null)?.transformer) throw wrongKindError(loaded.manifest.kind, 'table', manifestPathOf(resume!));
      data = checkTableModelData(loaded.manifest.data, loaded.manifest.dataDim, loaded.manifest.config.condWidth ?? 0, manifestPathOf(resume!));
    } else {
      const schema = inferSchema(table, o.schema);
      checkModellableRange(schema);
      const rng = new Rng(o.seed ?? 0).fork('transformer');
      const preset = o.preset ?? 'default';
      const encoding = recipeEncoding(preset, o.prior ?? recipeUsesPrior(preset));
      const transformer = fitTransformer(table, schema, {
        continuous: o.continuous ?? encoding.continuous, decorrelate: o.decorrelate ?? encoding.decorrelate, mixture: o.mixture, maxModes: o.maxModes, rng,
      });
      data = { schema, transformer, conditional: o.conditional ?? true, rows: table.rowCount };
    }
    const encoded = transform(data.transformer, table);
    const width = spanLayout(data.transformer).width;
    const full = data.conditional ? new ConditionalSampler(data.transformer, encoded, table.rowCount) : null;
    const sampler = full && full.condWidth > 0 ? full : null;
    if (!loaded && (o.prior ?? recipeUsesPrior(o.preset ?? 'default'))) data.copula = fitCopulaOn(spanLayout(data.transformer), encoded, table.rowCount);
    const condOpts = {
      ...(sampler ? { condSpans: condSpans(sampler), conditioner: conditioner(sampler, encoded, width) } : {}),
      ...(data.copula ? { prior: copulaPrior(data.copula, width, sampler) } : {}),
    };
    let trainer: GanTrainer;
    let epochs: number;
    if (loaded) {
      trainer = trainerFromModel(loaded, { threads: o.threads, ...condOpts });
      epochs = o.epochs ?? loaded.manifest.training.epoch + 100;
    } else {
      if (o.quality !== undefined && !TRAINING_QUALITIES.includes(o.quality)) {
        throw new ConfigError('CONFIG_BAD_VALUE', `unknown quality "${String(o.quality)}"`, 'quality', `use one of ${TRAINING_QUALITIES.join(', ')}`);
      }
      const recipe = tableRecipe(o.preset ?? 'default', { layout: spanLayout(data.transformer), rows: table.rowCount, condWidth: sampler?.condWidth ?? 0, prior: data.copula !== undefined, quality: o.quality });
      const config = resolveGanConfig({ ...recipe.config, ...(o.batchSize ? { batchSize: o.batchSize } : {}), ...(o.config ?? {}) });
      epochs = o.epochs ?? recipe.epochs(tableRoundsPerEpoch(table.rowCount, config));
      trainer = new GanTrainer(config, width, { seed: o.seed ?? 0, threads: o.threads, ...condOpts });
    }
    const gan = new TableGan(trainer, data, sampler, null);
    // A calibration is fitted to each state that is scored, checkpointed or kept: never one left from a resumed model's state.
    const calibrate = o.calibrate ?? (o.preset ?? 'default') !== 'ctgan';
    const calibration = calibrate ? (rng: Rng, rows?: number) => gan.calibrationFor(encoded, table.rowCount, rng, rows) : null;
    delete data.calibration;
    const source: RealSource = gan.sampler ? new ResampleSource(encoded, width) : table.rowCount >= trainer.config.batchSize ? new DatasetSource(encoded, width) : new ResampleSource(encoded, width);
    const roundsPerEpoch = tableRoundsPerEpoch(table.rowCount, trainer.config);
    const stopping = o.scoreStopping && o.quality && o.scoreStopping.patience === undefined ? { ...o.scoreStopping, patience: trainingPatience(o.quality) } : o.scoreStopping;
    const earlyStopping = o.earlyStopping ?? (stopping ? gan.scoreStopping(heldOut ?? table, stopping, trainer.options.seed, epochs, calibration) : undefined);
    const it = trainEpochs(trainer, source, {
      epochs, roundsPerEpoch, progress: o.progress, earlyStopping, maxSeconds: o.maxSeconds,
      checkpointEvery: o.checkpointEvery, sampleRows: 100,
      checkpoint: o.checkpointDir
        ? async (t) => {
            const c = calibration ? await calibration(new Rng(trainer.options.seed).fork(`calibration-${t.epoch}`)) : undefined;
            // A checkpoint is a whole model folder, sampler.onnx included (it may be all that is left of a killed run).
            await saveModel(o.checkpointDir!, t, gan.modelExtras(undefined, c ? { ...data, calibration: c } : data));
          }
        : undefined,
    });
    let r = await it.next();
    while (!r.done) {
      if ((await o.onEpoch?.(r.value, (n, seed) => gan.generate(n, new Rng(seed).fork('preview')))) === 'stop') break;
      r = await it.next();
    }
    if (!loaded) data.copyRate = naturalCopyRate(copyIndexOf(table), heldOut);
    if (calibration) data.calibration = await calibration(new Rng(trainer.options.seed).fork('calibration'));
    return new TableGan(trainer, data, gan.sampler, r.done ? r.value : null, table, heldOut);
  }

  static async load(dir: string, o: { threads?: number } = {}): Promise<TableGan> {
    return TableGan.fromLoaded(await loadModel(dir), o);
  }

  /** A model read by loadModel or readModel (e.g. from an archive or files picked in a browser). */
  static fromLoaded(loaded: LoadedModel, o: { threads?: number } = {}): TableGan {
    const dir = loaded.dir;
    const raw = loaded.manifest.data as TableModelData | null;
    if (!raw || typeof raw !== 'object' || !('transformer' in raw)) {
      throw wrongKindError(loaded.manifest.kind, 'table', loaded.path('manifest.json'));
    }
    const data = checkTableModelData(raw, loaded.manifest.dataDim, loaded.manifest.config.condWidth ?? 0, loaded.path('manifest.json'));
    // Generation only needs category frequencies, which the schema holds: a sampler without rows.
    const sampler = data.conditional && loaded.manifest.config.condWidth ? new ConditionalSampler(data.transformer, new Float32Array(0), 0) : null;
    if (sampler && sampler.condWidth !== loaded.manifest.config.condWidth) {
      throw new ModelFormatError('MODEL_BAD_DATA', `config.condWidth ${loaded.manifest.config.condWidth} does not match the ${sampler.condWidth} category slots of the transformer`, loaded.path('manifest.json'), 'the model file is damaged or was edited; train again or restore a copy');
    }
    const trainer = trainerFromModel(loaded, {
      ...o,
      ...(sampler ? { conditioner: frequencyConditioner(sampler, data.schema, data.transformer) } : {}),
      ...(data.copula ? { prior: copulaPrior(data.copula, spanLayout(data.transformer).width, sampler) } : {}),
    });
    return new TableGan(trainer, data, sampler, null);
  }

  /** An EarlyStopping whose metric scores fresh samples against a fixed sample of `table` (held-back or training rows). */
  private scoreStopping(table: Table, s: ScoreStopping, seed: number, epochs: number, calibration: ((rng: Rng, rows?: number) => Promise<Calibration>) | null): EarlyStopping {
    // A generated sample larger than a small table: the score's sampling noise would otherwise let
    // an early, lucky score end training.
    const n = s.rows ?? 1000;
    const prior = this.trainer.config.prior !== undefined;
    const pick = new Rng(seed).fork('score-reference');
    const reference = n >= table.rowCount ? table : takeRows(table, pick.permutation(table.rowCount).subarray(0, n));
    let k = 0;
    return {
      // About 20 evaluations over the planned epochs (at least every 5 for small tables' many short epochs).
      every: s.every ?? Math.max(1, Math.min(5, Math.round(epochs / 20))),
      patience: s.patience ?? 5,
      // From the first epochs on a large table whose generator started from its copula: measured on the five real-size
      // tables (credit_data, ames, flchain, lending_club, letter), adversarial training did not beat that start within
      // the default budget, so waiting a fifth of the epochs before scoring only spent time.
      minEpochs: s.minEpochs ?? (prior && this.data.rows >= SMALL_TABLE ? 0 : Math.floor(epochs / 5)),
      // A generator started from the copula: its start is a candidate too (training must beat the copula to count).
      scoreStart: prior,
      // On a large table the held-back score of 1000 generated rows moves by ~0.005 from draw to draw
      // (SDMetrics bins each table over its own range, so one extreme value shifts every bin): a
      // trained state must beat the copula start by more than that to replace it.
      ...(prior && this.data.rows >= SMALL_TABLE ? { minImprovement: 0.005 } : {}),
      name: 'quality',
      // Each evaluation draws its own sample; the training stream is not touched.
      // Each state is scored as it would be kept: with a calibration of its own.
      metric: async () => {
        const rng = new Rng(seed).fork(`score-${k++}`);
        const c = calibration ? await calibration(rng.fork('calibration'), SCORE_CALIBRATION_ROWS) : undefined;
        return s.score(reference, await this.generate(n, rng, c));
      },
    };
  }

  /** A marginal calibration of the generator's current state, from CALIBRATION_ROWS fresh rows (training rows: `real`). */
  private async calibrationFor(real: Float32Array, realRows: number, rng: Rng, rows = CALIBRATION_ROWS): Promise<Calibration> {
    const generated = await this.trainer.sample(rows, rng);
    return fitCalibration(this.data.transformer, this.layout, generated, rows, real, realRows);
  }

  /** Model-space rows → table in the original format and units (score stopping and previews; `sample` goes by row streams). */
  private async generate(n: number, rng: Rng, calibration = this.data.calibration): Promise<Table> {
    const layout = this.layout;
    const rows = await this.trainer.sample(n, rng);
    if (calibration) calibrateSlots(calibration, rows, n, layout.width);
    // One uniform per softmax span of each row, in row order, drawn from the same stream.
    const u = new Float32Array(n * layout.spans.filter((s) => s.activation === 'softmax').length);
    for (let i = 0; i < u.length; i++) u[i] = rng.uniform();
    drawGivenOneHots(rows, n, layout, u);
    if (calibration) calibrateScores(calibration, rows, n, layout.width);
    return inverseTransform(this.data.transformer, rows, n, { clip: true, ids: rng });
  }

  /**
   * n synthetic rows; `where` conditions categorical columns, `filter` rejection-samples anything
   * else. Row i comes from its own random stream (row-sampling.ts): the first n rows of a larger
   * sample with the same options are these rows.
   */
  async sample(n: number, o: SampleOptions = {}): Promise<Table> {
    const blocks: Table[] = [];
    for await (const b of this.sampleRange(0, n, o, Math.max(n, 1))) blocks.push(b);
    return blocks.length === 1 ? blocks[0]! : concatTables(blocks);
  }

  /** The rows of `sample(n, o)` as blocks of at most `blockRows` (memory stays bounded for any n). */
  sampleStream(n: number, o: SampleOptions = {}, blockRows = 100_000): AsyncGenerator<Table> {
    return this.sampleRange(0, n, o, blockRows);
  }

  /** Rows [start, start + count) of the table `sample` gives with these options: a shard, computed alone. */
  sampleRange(start: number, count: number, o: SampleOptions = {}, blockRows = 100_000): AsyncGenerator<Table> {
    return this.rowSampler(o).blocks(start, count, blockRows);
  }

  /** The per-row sampler for these options (sampler.onnx's TypeScript twin). */
  rowSampler(o: SampleOptions = {}): RowSampler {
    const excluded = o.exclude === false ? null : o.exclude ?? this.trainedOn;
    const prior = this.trainer.options.prior;
    return new RowSampler(
      { trainer: this.trainer, transformer: this.data.transformer, schema: this.data.schema, sampler: this.sampler, prior: prior instanceof CopulaPrior ? prior : null, calibration: this.data.calibration },
      { seed: o.seed ?? 0, where: o.where, filter: o.filter, clip: o.clip ?? true, exclude: excluded ? { index: copyIndexOf(excluded), copyRate: this.data.copyRate ?? 0 } : null },
    );
  }

  async save(dir: string, metrics?: unknown): Promise<ModelManifest> {
    return saveModel(dir, this.trainer, this.modelExtras(metrics));
  }

  /** What a saved table model holds beside its weights: the table data, sampler.onnx and its description (a folder or an archive alike). */
  modelExtras(metrics?: unknown, data: TableModelData = this.data): ModelExtras {
    const model = { ...this.rowSampler({ exclude: false }).model, calibration: data.calibration };
    const { bytes, description } = samplerOnnx(model, { version: VERSION });
    return { kind: 'table', data: { ...data, sampler: description }, metrics, files: { 'sampler.onnx': bytes } };
  }

  async release(): Promise<void> {
    await this.trainer.release();
  }
}

const copyIndexes = new WeakMap<Table, CopyIndex>();

/** The exact-copy index of a table, built once per table (each sample call would otherwise hash every row again). */
function copyIndexOf(t: Table): CopyIndex {
  let index = copyIndexes.get(t);
  if (!index) copyIndexes.set(t, (index = copyIndex(t, matchColumns(t, t))));
  return index;
}

/** Generated rows a kept model's calibration is fitted from (1000 quantile levels: 50 rows per level). */
const CALIBRATION_ROWS = 50_000;
/** Generated rows of the calibration that each scored state gets (cheaper, for ranking states only). */
const SCORE_CALIBRATION_ROWS = 4000;

/** Tables under this many rows: the default recipe trains with and without the copula start and keeps the better. */
const SMALL_TABLE = 1000;

/** A conditioner for generation only, drawing categories by their frequencies in the schema. */
function frequencyConditioner(sampler: ConditionalSampler, schema: Schema, transformer: TransformerState): Conditioner {
  const cw = sampler.condWidth;
  const freqs = conditionCounts(sampler, schema, transformer);
  const unsupported = (): never => {
    throw new ConfigError('CONFIG_NO_TRAINING_DATA', 'a loaded model can only sample; give the data again to continue training');
  };
  return {
    fill: unsupported,
    trainCond: unsupported,
    sample(rows, out, offset, rng) {
      for (let i = 0; i < rows; i++) {
        const b = rng.int(sampler.blocks.length);
        const block = sampler.blocks[b]!;
        out.fill(0, offset + i * cw, offset + (i + 1) * cw);
        out[offset + i * cw + block.condStart + rng.choice(freqs[b]!)] = 1;
      }
    },
  };
}

/**
 * The score-stopping holdout (see ScoreStopping.holdout): a seeded random choice of rows, the rest
 * kept in their original order for training. No holdout without score stopping or `holdout`.
 */
function holdBack(table: Table, o: TableTrainOptions): { train: Table; heldOut: Table | null } {
  const s = o.scoreStopping;
  if (o.holdout === undefined && (!s || o.earlyStopping)) return { train: table, heldOut: null };
  const n = table.rowCount;
  const held = o.holdout ?? s?.holdout ?? (n >= 1000 ? Math.min(1000, Math.floor(n / 10)) : 0);
  if (!(Number.isInteger(held) && held >= 0 && held <= n - 2)) {
    throw new ConfigError('CONFIG_BAD_VALUE', `holdout must be a whole number of rows from 0 to ${n - 2}, got ${held}`, o.holdout === undefined ? 'scoreStopping.holdout' : 'holdout');
  }
  if (held === 0) return { train: table, heldOut: null };
  const perm = new Rng(o.seed ?? 0).fork('held-back').permutation(n);
  const out = perm.subarray(0, held).slice().sort();
  const keep = perm.subarray(held).slice().sort();
  return { train: takeRows(table, keep), heldOut: takeRows(table, out) };
}
