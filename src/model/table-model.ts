/**
 * A GAN over a table: the facade over preparing the data (table-data.ts), conditioning
 * (conditioning.ts), training with score stopping (table-training.ts, score-stopping.ts) and
 * sampling (table-sampling.ts, row-sampling.ts). Saved and loaded as a model directory.
 */
import { ConfigError } from '../util/errors.js';
import { spanLayout } from '../data/transformer.js';
import { concatTables } from '../data/rejection.js';
import type { Schema } from '../data/schema.js';
import type { SpanLayout } from '../data/spans.js';
import type { Table } from '../data/table.js';
import type { EpochLog } from '../train/epoch-log.js';
import type { TrainResult } from '../train/loop.js';
import type { GanTrainer } from '../train/trainer.js';
import type { ConditionalSampler } from '../data/conditional.js';
import { loadModel, saveModel } from '#model-folders';
import { trainerFromModel, wrongKindError, type LoadedModel, type ModelExtras, type ModelManifest } from './model-files.js';
import { generationConditioning } from './conditioning.js';
import type { RowSampler } from './row-sampling.js';
import { checkTableModelData } from './table-data-check.js';
import type { TableModelData } from './table-data.js';
import { modelExtrasOf, rowSamplerFor, type SampleOptions } from './table-sampling.js';
import { trainTableModel, type TableTrainOptions } from './table-training.js';

export type { TableModelData } from './table-data.js';
export { MAX_TRAIN_COLUMNS } from './table-data.js';
export type { ScoreStopping } from './score-stopping.js';
export type { SampleOptions } from './table-sampling.js';
export { RESUME_EPOCHS, tableRoundsPerEpoch, type TableTrainOptions } from './table-training.js';

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

  /** Trains on `table` (or continues `resume`, a model directory, on it): see trainTableModel. */
  static async train(table: Table, o: TableTrainOptions = {}, resume?: string): Promise<TableGan> {
    const t = await trainTableModel(table, o, resume);
    return new TableGan(t.trainer, t.data, t.sampler, t.result, t.trainedOn, t.heldOut);
  }

  static async load(dir: string, o: { threads?: number } = {}): Promise<TableGan> {
    return TableGan.fromLoaded(await loadModel(dir), o);
  }

  /** A model read by loadModel or readModel (e.g. from an archive or files picked in a browser). */
  static fromLoaded(loaded: LoadedModel, o: { threads?: number } = {}): TableGan {
    const raw = loaded.manifest.data as TableModelData | null;
    if (!raw || typeof raw !== 'object' || !('transformer' in raw)) {
      throw wrongKindError(loaded.manifest.kind, 'table', loaded.path('manifest.json'));
    }
    const data = checkTableModelData(raw, loaded.manifest.dataDim, loaded.manifest.config.condWidth ?? 0, loaded.path('manifest.json'));
    const { sampler, options } = generationConditioning(loaded, data);
    return new TableGan(trainerFromModel(loaded, { ...o, ...options }), data, sampler, null);
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
    return rowSamplerFor({ trainer: this.trainer, data: this.data, sampler: this.sampler }, o, this.trainedOn);
  }

  async save(dir: string, metrics?: unknown): Promise<ModelManifest> {
    return saveModel(dir, this.trainer, this.modelExtras(metrics));
  }

  /** What a saved table model holds beside its weights: the table data, sampler.onnx and its description (a folder or an archive alike). */
  modelExtras(metrics?: unknown): ModelExtras {
    return modelExtrasOf({ trainer: this.trainer, data: this.data, sampler: this.sampler }, metrics);
  }

  async release(): Promise<void> {
    await this.trainer.release();
  }
}
