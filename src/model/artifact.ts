/**
 * The model directory on disk: manifest.json (format and package versions, config, seed, data
 * schema/transformer state, training state and log, checksums), weights.bin, optimizer.bin and
 * generator.onnx, written atomically. The files themselves are made and checked by model-files.ts
 * (no file system there: the browser shares it); a tar archive of a model folder (model-archive.ts,
 * what the studio downloads) is read here as well.
 */
import { open, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { recoverDir, writeDirAtomic, writeFileIn } from '../util/atomic.js';
import { MAX_MANIFEST_BYTES } from './manifest-check.js';
import { ModelFormatError } from '../util/errors.js';
import type { GanTrainer } from '../train/trainer.js';
import { packModel, readModel, type LoadedModel, type ModelExtras, type ModelManifest, type ModelSource } from './model-files.js';
import { archiveSource, isUstar } from './model-archive.js';

export {
  MODEL_FORMAT, MODEL_FORMAT_VERSION, packModel, readModel, trainerFromModel,
  type LoadedModel, type ModelExtras, type ModelFiles, type ModelManifest, type ModelSource, type TensorEntry,
} from './model-files.js';

export async function saveModel(dir: string, trainer: GanTrainer, extras: ModelExtras = {}): Promise<ModelManifest> {
  const { manifest, files, extra } = await packModel(trainer, extras);
  await writeDirAtomic(dir, async (tmp) => {
    await writeFileIn(tmp, 'weights.bin', files['weights.bin']);
    await writeFileIn(tmp, 'optimizer.bin', files['optimizer.bin']);
    await writeFileIn(tmp, 'generator.onnx', files['generator.onnx']);
    for (const [name, b] of Object.entries(extra)) await writeFileIn(tmp, name, b);
    await writeFileIn(tmp, 'manifest.json', files['manifest.json']);
  });
  return manifest;
}

/** The model folder `dir`'s manifest path (as messages name it). */
export const manifestPathOf = (dir: string): string => join(dir, 'manifest.json');

/** Reads a model file after checking it is a regular file of the expected size (never a FIFO, /dev/zero or a huge file). */
async function readChecked(path: string, what: string, expectBytes: number | null, maxBytes: number): Promise<Buffer> {
  let st;
  try {
    st = await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ModelFormatError(code === 'ENOENT' ? 'MODEL_MISSING_FILE' : 'MODEL_UNREADABLE', `cannot read ${what} (${code ?? (e as Error).message})`, path,
      code === 'ENOENT' ? 'is this a ganforge model directory (made by `ganforge train`)?' : undefined);
  }
  if (!st.isFile()) throw new ModelFormatError('MODEL_NOT_A_FILE', `${what} is not a regular file`, path, 'the model folder is damaged; train again or restore a copy');
  if (expectBytes !== null && st.size !== expectBytes) {
    throw new ModelFormatError('MODEL_TRUNCATED', `${basename(path)} has ${st.size} bytes, the manifest says ${expectBytes}`, path, 'the model file is damaged (truncated copy?)');
  }
  if (st.size > maxBytes) throw new ModelFormatError('MODEL_TOO_LARGE', `${what} is ${st.size} bytes, more than a model file can be (${maxBytes})`, path, 'the model folder is damaged');
  try {
    const b = await readFile(path);
    if (expectBytes !== null && b.length !== expectBytes) throw new ModelFormatError('MODEL_CHANGED', `${basename(path)} changed while it was read`, path, 'the model is being rewritten (a training run saving checkpoints?); try again');
    return b;
  } catch (e) {
    if (e instanceof ModelFormatError) throw e;
    throw new ModelFormatError('MODEL_UNREADABLE', `cannot read ${what} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, path);
  }
}

/** The largest model archive accepted (the largest files a model can hold, plus headers). */
const MAX_ARCHIVE_BYTES = 3 * 2 ** 32;

/** Whether the file at `path` starts with a tar header (a model archive, as the studio downloads). */
async function isModelArchive(path: string): Promise<boolean> {
  const fh = await open(path, 'r').catch(() => null);
  if (!fh) return false;
  try {
    const h = new Uint8Array(512);
    const { bytesRead } = await fh.read(h, 0, 512, 0);
    return bytesRead === 512 && isUstar(h);
  } finally {
    await fh.close();
  }
}

function dirSource(dir: string): ModelSource {
  return { label: dir, path: (name) => join(dir, name), read: (name, what, expect, max) => readChecked(join(dir, name), what, expect, max) };
}

/**
 * Reads and validates a model directory, or a tar archive of one (what the studio downloads):
 * every manifest field against its type and bounds, file sizes and checksums, tensor tables
 * against the bytes the files really hold, all before any network is built (model-files.ts). A
 * model caught mid-rewrite by a checkpointing run is read again.
 */
export async function loadModel(dir: string): Promise<LoadedModel> {
  if (!(await stat(dir).then(() => true, () => false))) {
    // Killed between the two renames of a save: put the model back where it belongs.
    recoverDir(dir);
  }
  const st = await stat(dir).catch(() => null);
  if (st?.isFile() && (await isModelArchive(dir))) {
    const source = archiveSource(await readChecked(dir, 'the model archive', null, MAX_ARCHIVE_BYTES), dir);
    return readModel(source, await source.read('manifest.json', 'the manifest', null, MAX_MANIFEST_BYTES));
  }
  const manifestPath = join(dir, 'manifest.json');
  for (let attempt = 0; ; attempt++) {
    const raw = await readChecked(manifestPath, 'the manifest', null, MAX_MANIFEST_BYTES);
    try {
      return await readModel(dirSource(dir), raw);
    } catch (e) {
      if (!(e instanceof ModelFormatError) || !(['MODEL_CHECKSUM', 'MODEL_TRUNCATED', 'MODEL_CHANGED', 'MODEL_MISSING_FILE'] as const).some((c) => c === e.code)) throw e;
      // A new manifest means a writer replaced the model while we read it: read it again.
      const now = await readFile(manifestPath).catch(() => null);
      if (!now || now.equals(raw)) throw e;
      if (attempt >= 4) throw new ModelFormatError('MODEL_CHANGED', 'the model changed while it was read', dir, 'it is being rewritten (a training run saving checkpoints?); try again');
    }
  }
}

