/**
 * Drawing tables from a table model: the options of a sample turned into a RowSampler (the
 * per-row sampler that yields blocks and owns one-hot drawing, exact-copy exclusion and
 * rejection), and the plain sequential draw that score stopping, calibration and previews use.
 */
import type { Rng } from '../util/rng.js';
// The data modules themselves, not their index file (which also pulls in the Node file readers and writers).
import { inverseTransform, spanLayout } from '../data/transformer.js';
import type { ConditionalSampler } from '../data/conditional.js';
import { allColumns, copyIndex, type CopyIndex } from '../data/copy-index.js';
import type { RowPredicate } from '../data/rejection.js';
import type { Table } from '../data/table.js';
import type { GanTrainer } from '../train/trainer.js';
import { calibrateScores, calibrateSlots, type Calibration } from './calibration.js';
import { CopulaPrior } from './copula.js';
import { drawGivenOneHots, RowSampler, strataBits } from './row-sampling.js';
import type { TableModelData } from './table-data.js';
import type { ModelExtras } from './model-files.js';
import { samplerOnnx } from './sampler-onnx.js';
import { VERSION } from '../util/version.js';

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
  /**
   * Give each numeric column's training minimum and maximum to its lowest and highest row among
   * the first min(`data.rows`, 10,000) rows (a sample of the training table's size spans its
   * range, as the real table does). Default true; off with `where` or `filter`.
   */
  extremes?: boolean;
  /** Prepare and decode the rows of large samples on a thread of their own around the generator, where there is one (default true); the rows are the same either way. */
  prefetch?: boolean;
  /**
   * Stratify the rows' random numbers in blocks (BlockStrata in util/rng.ts: every block of rows
   * covers each random input's range evenly), so a sample's marginals carry less sampling noise.
   * Default true; false draws every row independently.
   */
  stratify?: boolean;
}

/** What drawing rows from a table model needs: its trainer (the generator), its data block and its condition sampler. */
export interface TableModelParts {
  trainer: GanTrainer;
  data: TableModelData;
  /** The conditional vector's blocks (conditional models), else null. */
  sampler: ConditionalSampler | null;
}

/**
 * What a saved table model holds beside its weights: the table data, sampler.onnx and its
 * description (a folder, an archive or a checkpoint alike).
 */
export function modelExtrasOf(m: TableModelParts, metrics?: unknown): ModelExtras {
  const { bytes, description } = samplerOnnx(rowSamplerFor(m, { exclude: false }, null).model, { version: VERSION });
  return { kind: 'table', data: { ...m.data, sampler: description }, metrics, files: { 'sampler.onnx': bytes } };
}

/** The per-row sampler for these options; `trainedOn` is what `exclude` defaults to. */
export function rowSamplerFor(m: TableModelParts, o: SampleOptions, trainedOn: Table | null): RowSampler {
  const excluded = o.exclude === false ? null : o.exclude ?? trainedOn;
  const prior = m.trainer.options.prior;
  return new RowSampler(
    { trainer: m.trainer, transformer: m.data.transformer, schema: m.data.schema, sampler: m.sampler, prior: prior instanceof CopulaPrior ? prior : null, calibration: m.data.calibration },
    { seed: o.seed ?? 0, where: o.where, filter: o.filter, clip: o.clip ?? true, exclude: excluded ? { index: copyIndexOf(excluded), copyRate: m.data.copyRate ?? 0 } : null,
      extremesWithin: o.extremes === false ? 0 : m.data.rows, prefetch: o.prefetch, strataBits: o.stratify === false ? 0 : strataBits(m.data.rows) },
  );
}

/**
 * n rows from one sequential stream (score stopping and previews; `sample` goes by row streams):
 * generator rows, the calibration's slot weights, one-hot draws, its scores, then the table in
 * the original format and units.
 */
export async function generateTable(m: Pick<TableModelParts, 'trainer' | 'data'>, n: number, rng: Rng, calibration?: Calibration): Promise<Table> {
  const layout = spanLayout(m.data.transformer);
  const rows = await m.trainer.sample(n, rng);
  if (calibration) calibrateSlots(calibration, rows, n, layout.width);
  // One uniform per softmax span of each row, in row order, drawn from the same stream.
  const u = new Float32Array(n * layout.spans.filter((s) => s.activation === 'softmax').length);
  for (let i = 0; i < u.length; i++) u[i] = rng.uniform();
  drawGivenOneHots(rows, n, layout, u);
  if (calibration) calibrateScores(calibration, rows, n, layout.width);
  // rng also draws a pooled category's label (rows in a pooled slot only: tables without one draw nothing more).
  return inverseTransform(m.data.transformer, rows, n, { clip: true, ids: rng, rng });
}

const copyIndexes = new WeakMap<Table, CopyIndex>();

/** The exact-copy index of a table over all its columns, built once per table (each sample call would otherwise hash every row again). */
export function copyIndexOf(t: Table): CopyIndex {
  let index = copyIndexes.get(t);
  if (!index) copyIndexes.set(t, (index = copyIndex(t, allColumns(t))));
  return index;
}
