/**
 * The browser has no model folders: the `browser` condition resolves "#model-folders" (package.json `imports`) to this module, and
 * the studio reads and writes models as archives and picked files (model-files.ts,
 * model-archive.ts). Resuming from and checkpointing to a folder fail with a clear error.
 */
import { ConfigError } from '../util/errors.js';
import type { GanTrainer } from '../train/trainer.js';
import type { LoadedModel, ModelExtras, ModelManifest } from './model-files.js';

export {
  MODEL_FORMAT, MODEL_FORMAT_VERSION, packModel, readModel, trainerFromModel,
  type LoadedModel, type ModelExtras, type ModelFiles, type ModelManifest, type ModelSource, type TensorEntry,
} from './model-files.js';

const noFolders = (dir: string): ConfigError =>
  new ConfigError('CONFIG_NO_FILE_SYSTEM', `a browser cannot open the model folder ${dir}`, undefined, 'load the model as an archive or pick its files');

export async function saveModel(dir: string, _trainer: GanTrainer, _extras: ModelExtras = {}): Promise<ModelManifest> {
  throw noFolders(dir);
}

export async function loadModel(dir: string): Promise<LoadedModel> {
  throw noFolders(dir);
}

export const manifestPathOf = (dir: string): string => `${dir}/manifest.json`;
