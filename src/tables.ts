/**
 * The table workflow of the public API, with its one default policy: unless the caller says how
 * long to train (`epochs`, `earlyStopping` or `scoreStopping`), training stops once the quality
 * score of generated rows stops improving, and the best state is kept. `trainTable`, `synthesize`,
 * `ganforge train` and the studio all train under this rule. (The layer of index.ts: it may
 * import everything.)
 */
import type { Table } from './data/table.js';
import { qualityScore } from './eval/quality.js';
import { TableGan, type SampleOptions, type TableTrainOptions } from './model/table-model.js';

/** `options` with the default policy filled in: score stopping on the quality score when no training length is given. */
export function withDefaultStopping(options: TableTrainOptions): TableTrainOptions {
  const auto = options.epochs === undefined && !options.earlyStopping && !options.scoreStopping;
  return auto ? { ...options, scoreStopping: { score: qualityScore } } : options;
}

/**
 * Trains a GAN on a table with the default recipe (or `preset`), returning the model. Unless
 * `epochs` is given, training stops early once the quality score of generated rows stops improving
 * (the best state is kept); `epochs` alone trains exactly that long.
 */
export function trainTable(table: Table, options: TableTrainOptions = {}): Promise<TableGan> {
  return TableGan.train(table, withDefaultStopping(options));
}

/** Loads a saved table model (a folder, or a model archive as the studio downloads). */
export function loadTableModel(dir: string): Promise<TableGan> {
  return TableGan.load(dir);
}

/** Trains as `trainTable` does (the same default policy), samples `n` rows, and releases the model. */
export async function synthesize(table: Table, n: number, options: TableTrainOptions & SampleOptions = {}): Promise<Table> {
  const model = await trainTable(table, options);
  try {
    return await model.sample(n, options);
  } finally {
    await model.release();
  }
}
