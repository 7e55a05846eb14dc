/**
 * `ganforge/advanced`: the building blocks under the public API, for custom GANs and tools — the
 * trainer and its loops, data sources, config resolution, the copula, model files, the
 * transformer state, image tools. Re-exports only; these names may change between minor versions
 * more readily than the public ones (`ganforge`).
 */

// Training
export { GanTrainer, type TrainerOptions } from './train/trainer.js';
export { resolveGanConfig, type GanConfig, type OptimizerConfig, type GanLoss, type GeneratorLoss } from './train/config.js';
export { trainLoop, trainEpochs, type TrainLoopOptions, type TrainResult, type EarlyStopping } from './train/loop.js';
export { ROUND_QUANTITIES, type RoundQuantity } from './train/epoch-log.js';
export { GAN_LOSSES, type GanLossRule } from './train/losses.js';
export { DatasetSource, ResampleSource, GeneratedSource, type RealSource } from './train/sources.js';
export { progressReporter, type ProgressMode, type ProgressReporter, type ProgressSink } from './train/progress.js';
export { useOnnxRuntime, onnxRuntime, type OrtRuntime, type OnnxRuntimeModule } from './engine/ort-runtime.js';
export { withDefaultStopping } from './tables.js';

// Data internals
export { numericTable, getColumn, parseCondition, type TransformerState } from './data/index.js';
export { tableFromBytes } from './data/from-bytes.js';

// Models
export { fitCopula, sampleCopula, type CopulaState, type CopulaOptions } from './model/copula.js';
export { loadModel, saveModel, trainerFromModel, type ModelManifest, type LoadedModel } from './model/artifact.js';
export { packModel, readModel, wrongKindError, type ModelFiles, type ModelSource } from './model/model-files.js';
export { modelArchive, archiveSource, filesSource } from './model/model-archive.js';
export type { TableModelData } from './model/table-model.js';

// Images
export {
  writeIdx, scalePixels, unscalePixels, encodeImageGrid, trainImageClassifier, modeCoverage, labelAccuracy, imageGanConfig, IMAGE_PRESET_DESCRIPTIONS,
} from './images/index.js';
export type { GridOptions, ImageClassifier, ClassifierOptions, ModeCoverageResult, CoverageOptions, ImageModelData } from './images/index.js';

// Demos and report records
export { DEMOS } from './demos/index.js';
export { trainingRecords, REPORT_QUANTITIES } from './demos/training-records.js';
export type { TrainingLogRecord } from './report/index.js';
