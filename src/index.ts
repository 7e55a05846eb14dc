/**
 * ganforge: train GANs on your own data and generate synthetic data from them. The public API,
 * re-exports only (the policy lives in tables.ts); internals (the trainer, training loops, data
 * sources, config resolution, copula, model files, image tools) are in `ganforge/advanced`, and
 * `ganforge` under a bundler's `browser` condition is browser.ts.
 *
 *   import { readTable, trainTable, evaluate } from 'ganforge';
 *   const real = await readTable('customers.csv');
 *   const model = await trainTable(real, { epochs: 300, seed: 1 });
 *   const synthetic = await model.sample(1000, { seed: 2 });
 *   console.log(evaluate(real, synthetic).quality);
 *   await model.save('customers-model');
 */

// Data
export { readTable, writeTable, formatCsv, inferSchema, listDatasets, loadDataset, makeTable } from './data/index.js';
export type { Table, ColumnData, Cell, Schema, ColumnSchema, ColumnType, SchemaOverrides, DatasetInfo, ReadOptions, WriteOptions, ContinuousOption } from './data/index.js';

// Tables
export { trainTable, synthesize, loadTableModel } from './tables.js';
export { TableGan, type TableTrainOptions, type SampleOptions, type ScoreStopping } from './model/table-model.js';
export { TABLE_RECIPES, TRAINING_QUALITIES, type TableRecipe, type TrainingQuality } from './model/recipes.js';
export type { EpochLog } from './train/epoch-log.js';

// Images
export { ImageGan, IMAGE_PRESETS, readIdxImages, readPngFolder, loadDigits, writeImageGrid, writeImagePngs } from './images/index.js';
export type { ImageData, ImagePreset, ImageTrainOptions, ImageSampleOptions } from './images/index.js';

// Evaluation and reports
export { evaluate, type EvaluationResult, type EvaluateOptions, type MlEfficacy, type MlTask } from './eval/index.js';
export { qualityScore } from './eval/quality.js';
export { renderReport, writeReport, type ReportInput } from './report/index.js';

// Demos
export { runDemo, DEMO_NAMES, type DemoName, type DemoOptions, type DemoResult } from './demos/index.js';

// Errors, randomness, runtime
export { GanforgeError, DataError, ConfigError, ModelFormatError, GraphError, TrainingError, UsageError, OutputError } from './util/errors.js';
export type { ErrorCode, DataErrorCode, ConfigErrorCode, ModelFormatErrorCode, GraphErrorCode, TrainingErrorCode, OutputErrorCode, UsageErrorCode } from './util/errors.js';
export { Rng } from './util/rng.js';
export { VERSION } from './util/version.js';
