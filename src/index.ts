/**
 * ganforge: train GANs on your own data and generate synthetic data from them.
 *
 *   import { readTable, trainTable, evaluate } from 'ganforge';
 *   const real = await readTable('customers.csv');
 *   const model = await trainTable(real, { epochs: 300, seed: 1 });
 *   const synthetic = await model.sample(1000, { seed: 2 });
 *   console.log(evaluate(real, synthetic).quality);
 *   await model.save('customers-model');
 */
import type { Table } from './data/index.js';
import { TableGan, type SampleOptions, type TableTrainOptions } from './model/table-model.js';
import { matchColumns, qualityScores } from './eval/index.js';

// Data
export { readTable, writeTable, formatCsv, inferSchema, listDatasets, loadDataset, makeTable, numericTable, getColumn } from './data/index.js';
export type { Table, ColumnData, Cell, Schema, ColumnSchema, ColumnType, SchemaOverrides, DatasetInfo, ReadOptions, WriteOptions, TransformerState, ContinuousOption } from './data/index.js';
export { parseCondition } from './data/index.js';

// Models
export { TableGan, type TableTrainOptions, type SampleOptions, type TableModelData, type ScoreStopping } from './model/table-model.js';
export { TABLE_RECIPES, TRAINING_QUALITIES, type TableRecipe, type TrainingQuality } from './model/recipes.js';
export { fitCopula, sampleCopula, type CopulaState, type CopulaOptions } from './model/copula.js';
export { loadModel, saveModel, trainerFromModel, type ModelManifest, type LoadedModel } from './model/artifact.js';
export { GanTrainer, type TrainerOptions } from './train/trainer.js';
export { resolveGanConfig, type GanConfig, type OptimizerConfig } from './train/config.js';
export { trainLoop, trainEpochs, type TrainLoopOptions, type TrainResult, type EarlyStopping } from './train/loop.js';
export type { EpochLog } from './train/epoch-log.js';
export { DatasetSource, ResampleSource, GeneratedSource, type RealSource } from './train/sources.js';

// Images
export {
  readIdxImages, writeIdx, readPngFolder, loadDigits, scalePixels, unscalePixels, writeImageGrid, writeImagePngs, encodeImageGrid,
  trainImageClassifier, modeCoverage, labelAccuracy, imageGanConfig, IMAGE_PRESETS, IMAGE_PRESET_DESCRIPTIONS, ImageGan,
} from './images/index.js';
export type {
  ImageData, GridOptions, ImageClassifier, ClassifierOptions, ModeCoverageResult, CoverageOptions, ImagePreset, ImageTrainOptions,
  ImageSampleOptions, ImageModelData,
} from './images/index.js';

// Evaluation and reports
export { evaluate, type EvaluationResult, type EvaluateOptions, type MlEfficacy, type MlTask } from './eval/index.js';
export { renderReport, writeReport, type ReportInput } from './report/index.js';

// Demos
export { runDemo, DEMOS, DEMO_NAMES, type DemoName, type DemoOptions, type DemoResult } from './demos/index.js';
export { trainingRecords } from './demos/common.js';

// Errors and randomness
export { GanforgeError, DataError, ConfigError, ModelFormatError, GraphError, TrainingError, UsageError, OutputError } from './util/errors.js';
export type { ErrorCode, DataErrorCode, ConfigErrorCode, ModelFormatErrorCode, GraphErrorCode, TrainingErrorCode, OutputErrorCode, UsageErrorCode } from './util/errors.js';
export { Rng } from './util/rng.js';
export { VERSION } from './util/version.js';

/** The SDMetrics-style quality score (mean of column shapes and column pair trends) of synthetic vs real. */
export function qualityScore(real: Table, synthetic: Table): number {
  return qualityScores(real, synthetic, matchColumns(real, synthetic)).quality ?? 0;
}

/**
 * Trains a GAN on a table with the default recipe (or `preset`), returning the model. Unless
 * `epochs` is given, training stops early once the quality score of generated rows stops improving
 * (the best state is kept); `epochs` alone trains exactly that long.
 */
export function trainTable(table: Table, options: TableTrainOptions = {}): Promise<TableGan> {
  const auto = options.epochs === undefined && !options.earlyStopping && !options.scoreStopping;
  return TableGan.train(table, auto ? { ...options, scoreStopping: { score: qualityScore } } : options);
}

/** Loads a saved table model. */
export function loadTableModel(dir: string): Promise<TableGan> {
  return TableGan.load(dir);
}

/** Convenience: train, then sample `n` rows. */
export async function synthesize(table: Table, n: number, options: TableTrainOptions & SampleOptions = {}): Promise<Table> {
  const model = await TableGan.train(table, options);
  try {
    return await model.sample(n, options);
  } finally {
    await model.release();
  }
}
