/**
 * Preparing a table for training (CTGAN's transformer side): the rows held back, the fitted
 * schema and transformer (or a resumed model's), the encoded rows, and the copula a prior-started
 * generator reads. What this produces is the data block of a table model's manifest.
 */
import { ConfigError, DataError } from '../util/errors.js';
import { Rng } from '../util/rng.js';
// The data modules themselves, not their index file (which also pulls in the Node file readers and writers).
import { fitTransformer, inverseTransform, spanLayout, transform, type ContinuousOption, type TransformerState } from '../data/transformer.js';
import { inferSchema, type Schema, type SchemaOverrides } from '../data/schema.js';
import { checkModellableRange } from '../data/range-check.js';
import { takeRows, type Table } from '../data/table.js';
import { loadModel, manifestPathOf } from '#model-folders';
import { wrongKindError, type LoadedModel } from './model-files.js';
import { recipeEncoding, recipeUsesPrior, type TableRecipe } from './recipes.js';
import { chooseStrata, clusterStrata, fitCopulaOn, type CopulaFit } from './copula.js';
import type { Calibration } from './calibration.js';
import type { SamplerDescription } from './sampler-onnx.js';
import { checkTableModelData } from './table-data-check.js';

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

/** How the data is fitted and held back (the data part of TableTrainOptions). */
export interface TableDataOptions {
  seed?: number;
  preset?: TableRecipe;
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
   * Stratify the prior's copula by the categorical column that explains the other columns most
   * beyond the one copula (copula.ts, chooseStrata): a copula per frequent category; with no such
   * column, by row clusters where they score higher on held-out halves (default true).
   */
  strata?: boolean;
  schema?: SchemaOverrides;
  /**
   * Rows held back from training whether or not training scores against them (e.g. the test rows
   * of a machine-learning utility score); default: ScoreStopping.holdout's rule.
   */
  holdout?: number;
  /**
   * Score stopping's own holdout rule applies when it is on and `earlyStopping` is not given; its
   * score also picks row clusters for a copula prior that no column stratifies (clusterStrata).
   */
  scoreStopping?: { holdout?: number; score?: (real: Table, synthetic: Table) => number };
  earlyStopping?: unknown;
}

/** A table ready for the trainer: the rows trained on and held back, the data block and the encoded rows. */
export interface PreparedTable {
  /** The model training resumes, if any. */
  resumed: LoadedModel | null;
  /** The rows trained on (the table minus `heldOut`, in their original order). */
  table: Table;
  heldOut: Table | null;
  data: TableModelData;
  /** transform(data.transformer, table): [table.rowCount, width]. */
  encoded: Float32Array;
  width: number;
}

/** Widest table `TableGan.train` accepts (wider ones fail at once instead of running for hours). */
export const MAX_TRAIN_COLUMNS = 500;

/**
 * Holds back rows, then fits schema and transformer on the rest (or loads `resume`, a model
 * directory, and takes its data block), encodes them, and fits the copula when the generator starts from one.
 */
export async function prepareTable(all: Table, o: TableDataOptions, resume?: string): Promise<PreparedTable> {
  if (all.rowCount < 2) throw new DataError('DATA_TOO_FEW_ROWS', `the table has ${all.rowCount} row(s); at least 2 are needed to train`);
  if (all.names.length > MAX_TRAIN_COLUMNS) {
    throw new DataError('DATA_TOO_MANY_COLUMNS', `the table has ${all.names.length} columns; at most ${MAX_TRAIN_COLUMNS} are supported (the encoding, training and report grow faster than the column count)`, {}, 'select the columns to model, or reduce them first (e.g. PCA)');
  }
  const { train: table, heldOut } = holdBack(all, o);
  const resumed = resume ? await loadModel(resume) : null;
  const data = resumed ? resumedData(resumed, resume!) : fitData(table, o);
  const encoded = transform(data.transformer, table);
  const layout = spanLayout(data.transformer);
  if (!resumed && (o.prior ?? recipeUsesPrior(o.preset ?? 'default'))) {
    const copula = fitCopulaOn(layout, encoded, table.rowCount);
    const score = o.scoreStopping?.score;
    const transformer = data.transformer;
    // Trials on held-out halves (they need the score that score stopping uses): cells of several anchors, or row clusters where no column is one.
    const trials = score ? { seed: o.seed ?? 0, score, decode: (rows: Float32Array, n: number, rng: Rng) => inverseTransform(transformer, rows, n, { clip: true, rng }) } : undefined;
    const strata = o.strata === false ? null : chooseStrata(layout, encoded, table.rowCount, copula, trials)
      ?? (trials ? clusterStrata(layout, encoded, table.rowCount, trials) : null);
    data.copula = strata ? { ...copula, strata } : copula;
  }
  return { resumed, table, heldOut, data, encoded, width: layout.width };
}

/** Schema and transformer fitted to the training rows. */
function fitData(table: Table, o: TableDataOptions): TableModelData {
  const schema = inferSchema(table, o.schema);
  checkModellableRange(schema);
  const rng = new Rng(o.seed ?? 0).fork('transformer');
  const preset = o.preset ?? 'default';
  const encoding = recipeEncoding(preset, o.prior ?? recipeUsesPrior(preset));
  const transformer = fitTransformer(table, schema, {
    continuous: o.continuous ?? encoding.continuous, decorrelate: o.decorrelate ?? encoding.decorrelate, mixture: o.mixture, maxModes: o.maxModes, maxCategories: o.schema?.maxCategories, rng,
  });
  return { schema, transformer, conditional: o.conditional ?? true, rows: table.rowCount };
}

/** The data block of a model that training resumes (its own schema and transformer: the data is encoded as before). */
function resumedData(loaded: LoadedModel, resume: string): TableModelData {
  if (!(loaded.manifest.data as TableModelData | null)?.transformer) throw wrongKindError(loaded.manifest.kind, 'table', manifestPathOf(resume!));
  return checkTableModelData(loaded.manifest.data, loaded.manifest.dataDim, loaded.manifest.config.condWidth ?? 0, manifestPathOf(resume));
}

/**
 * The score-stopping holdout (see ScoreStopping.holdout): a seeded random choice of rows, the rest
 * kept in their original order for training. No holdout without score stopping or `holdout`.
 */
export function holdBack(table: Table, o: TableDataOptions): { train: Table; heldOut: Table | null } {
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
