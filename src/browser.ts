/**
 * ganforge in a browser (what `ganforge` resolves to under a bundler's `browser` condition, and
 * `ganforge/browser`): the public API without the file system — tables from bytes instead of
 * paths, models as archives instead of folders — and no ONNX Runtime of its own: pass your
 * onnxruntime-web to `useOnnxRuntime` first. Re-exports only; nothing here imports a Node
 * built-in or onnxruntime-node (src/browser.test.ts bundles it with esbuild to check).
 *
 *   import * as ort from 'onnxruntime-web/wasm';
 *   import { useOnnxRuntime, tableFromBytes, trainTable } from 'ganforge';
 *   useOnnxRuntime(ort, { name: 'onnxruntime-web', executionProviders: ['wasm'] });
 *   const model = await trainTable(await tableFromBytes(bytes, 'data.csv'), { seed: 1 });
 */

// Runtime
export { useOnnxRuntime, type OrtRuntime, type OnnxRuntimeModule } from './engine/ort-runtime.js';

// Data
export { tableFromBytes } from './data/from-bytes.js';
export { makeTable, type Table, type ColumnData, type Cell } from './data/table.js';
export { formatCsv } from './data/text-format.js';
export { inferSchema, type Schema, type ColumnSchema, type ColumnType, type SchemaOverrides } from './data/schema.js';
export type { ContinuousOption } from './data/transformer.js';

// Tables
export { trainTable, synthesize } from './tables.js';
export { TableGan, type TableTrainOptions, type SampleOptions, type ScoreStopping } from './model/table-model.js';
export { TABLE_RECIPES, TRAINING_QUALITIES, type TableRecipe, type TrainingQuality } from './model/recipes.js';
export type { EpochLog } from './train/epoch-log.js';

// Models as archives (what the studio downloads and `ganforge sample` reads)
export { packModel, readModel, type LoadedModel, type ModelManifest } from './model/model-files.js';
export { modelArchive, archiveSource, filesSource } from './model/model-archive.js';

// Evaluation and reports
export { evaluate, type EvaluationResult, type EvaluateOptions } from './eval/evaluate.js';
export type { MlEfficacy, MlTask } from './eval/ml-efficacy.js';
export { qualityScore } from './eval/quality.js';
export { renderReport } from './report/report.js';
export type { ReportInput } from './report/types.js';

// Errors and randomness
export { GanforgeError, DataError, ConfigError, ModelFormatError, GraphError, TrainingError, UsageError, OutputError } from './util/errors.js';
export type { ErrorCode, DataErrorCode, ConfigErrorCode, ModelFormatErrorCode, GraphErrorCode, TrainingErrorCode, OutputErrorCode, UsageErrorCode } from './util/errors.js';
export { Rng } from './util/rng.js';
export { VERSION } from './util/version.js';
