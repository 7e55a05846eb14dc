/**
 * The model directory: manifest.json (format and package versions, config, seed, data
 * schema/transformer state, training state and log, checksums), weights.bin, optimizer.bin and
 * generator.onnx. Loading validates everything; nothing in the files is ever executed.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeDirAtomic, writeFileIn } from '../util/atomic.js';
import { GanforgeError, ModelFormatError } from '../util/errors.js';
import type { RngState } from '../util/rng.js';
import { VERSION } from '../util/version.js';
import type { StoredValue } from '../engine/index.js';
import { resolveGanConfig, type GanConfig } from '../train/config.js';
import type { EpochLog } from '../train/epoch-log.js';
import { generatorOnnx } from '../train/export.js';
import { GanTrainer, isOptimizerState, type TrainerOptions, type TrainerState } from '../train/trainer.js';

export const MODEL_FORMAT = 'ganforge-model';
export const MODEL_FORMAT_VERSION = 1;

export interface TensorEntry {
  name: string;
  shape: number[];
  /** Offset in float32 elements within its file. */
  offset: number;
}

export interface ModelManifest {
  format: typeof MODEL_FORMAT;
  formatVersion: number;
  ganforgeVersion: string;
  createdAt: string;
  /** What the model generates: 'table', 'points', 'sample1d', 'images', … (informational). */
  kind: string;
  config: GanConfig;
  dataDim: number;
  seed: number;
  training: Omit<TrainerState, 'values' | 'log' | 'rng'> & { rng: RngState };
  /** Schema and fitted transformer state from the data layer (plain JSON), if any. */
  data: unknown;
  log: EpochLog[];
  metrics: unknown;
  files: Record<string, { bytes: number; sha256: string }>;
  weights: TensorEntry[];
  optimizer: TensorEntry[];
}

export interface ModelExtras {
  kind?: string;
  data?: unknown;
  metrics?: unknown;
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

function packTensors(values: Map<string, StoredValue>, names: string[]): { bytes: Uint8Array; entries: TensorEntry[] } {
  let total = 0;
  for (const n of names) total += values.get(n)!.data.length;
  const buf = new Float32Array(total);
  const entries: TensorEntry[] = [];
  let offset = 0;
  for (const n of names) {
    const v = values.get(n)!;
    buf.set(v.data, offset);
    entries.push({ name: n, shape: [...v.shape], offset });
    offset += v.data.length;
  }
  return { bytes: new Uint8Array(buf.buffer), entries };
}

export async function saveModel(dir: string, trainer: GanTrainer, extras: ModelExtras = {}): Promise<ModelManifest> {
  const state = trainer.state();
  const all = [...state.values.keys()];
  const weights = packTensors(state.values, all.filter((n) => !isOptimizerState(n)));
  const optimizer = packTensors(state.values, all.filter(isOptimizerState));
  const onnx = generatorOnnx(trainer, VERSION);
  const files = {
    'weights.bin': { bytes: weights.bytes.length, sha256: sha256(weights.bytes) },
    'optimizer.bin': { bytes: optimizer.bytes.length, sha256: sha256(optimizer.bytes) },
    'generator.onnx': { bytes: onnx.length, sha256: sha256(onnx) },
  };
  const manifest: ModelManifest = {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    ganforgeVersion: VERSION,
    createdAt: new Date().toISOString(),
    kind: extras.kind ?? 'table',
    config: trainer.config,
    dataDim: trainer.dataDim,
    seed: trainer.options.seed,
    training: { epoch: state.epoch, rounds: state.rounds, dUpdates: state.dUpdates, gUpdates: state.gUpdates, rng: state.rng },
    data: extras.data ?? null,
    log: state.log,
    metrics: extras.metrics ?? null,
    files,
    weights: weights.entries,
    optimizer: optimizer.entries,
  };
  await writeDirAtomic(dir, async (tmp) => {
    await writeFileIn(tmp, 'weights.bin', weights.bytes);
    await writeFileIn(tmp, 'optimizer.bin', optimizer.bytes);
    await writeFileIn(tmp, 'generator.onnx', onnx);
    await writeFileIn(tmp, 'manifest.json', `${JSON.stringify(manifest, null, 1)}\n`);
  });
  return manifest;
}

export interface LoadedModel {
  dir: string;
  manifest: ModelManifest;
  values: Map<string, StoredValue>;
  generatorOnnx: Uint8Array;
}

async function readOrFail(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ModelFormatError(code === 'ENOENT' ? 'MISSING_FILE' : 'UNREADABLE', `cannot read ${what} (${code ?? (e as Error).message})`, path,
      code === 'ENOENT' ? 'is this a ganforge model directory (made by `ganforge train`)?' : undefined);
  }
}

function unpack(buf: Buffer, entries: unknown, file: string, into: Map<string, StoredValue>): void {
  if (!Array.isArray(entries)) throw new ModelFormatError('CORRUPT_MANIFEST', `tensor table for ${file} is missing`, file);
  const floats = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  for (const e of entries as TensorEntry[]) {
    const size = Array.isArray(e.shape) ? e.shape.reduce((a, b) => a * b, 1) : NaN;
    if (typeof e.name !== 'string' || !Number.isInteger(e.offset) || !Number.isInteger(size) || e.offset < 0 || e.offset + size > floats.length) {
      throw new ModelFormatError('CORRUPT_MANIFEST', `tensor ${String(e.name)} does not fit in ${file} (${floats.length} values)`, file);
    }
    into.set(e.name, { shape: e.shape, data: floats.slice(e.offset, e.offset + size) });
  }
}

/** Reads and validates a model directory. */
export async function loadModel(dir: string): Promise<LoadedModel> {
  const manifestPath = join(dir, 'manifest.json');
  const raw = await readOrFail(manifestPath, 'the manifest');
  let m: ModelManifest;
  try {
    m = JSON.parse(raw.toString('utf8')) as ModelManifest;
  } catch (e) {
    throw new ModelFormatError('CORRUPT_MANIFEST', `manifest.json is not valid JSON (${(e as Error).message})`, manifestPath, 'the model file is damaged; train again or restore a copy');
  }
  if (typeof m !== 'object' || m === null || m.format !== MODEL_FORMAT) {
    throw new ModelFormatError('FOREIGN_FILE', 'this is not a ganforge model (no "format": "ganforge-model")', manifestPath);
  }
  if (!Number.isInteger(m.formatVersion) || m.formatVersion > MODEL_FORMAT_VERSION) {
    throw new ModelFormatError('NEWER_FORMAT', `model format version ${m.formatVersion} is newer than this ganforge (${VERSION}) reads (${MODEL_FORMAT_VERSION})`, manifestPath, 'upgrade ganforge');
  }
  try {
    m.config = resolveGanConfig(m.config);
  } catch (e) {
    throw new ModelFormatError('CORRUPT_MANIFEST', `invalid config in manifest: ${(e as GanforgeError).message}`, manifestPath);
  }
  if (!m.files || typeof m.files !== 'object') throw new ModelFormatError('CORRUPT_MANIFEST', 'file table is missing', manifestPath);
  const read = async (name: string): Promise<Buffer> => {
    const entry = m.files[name];
    if (!entry) throw new ModelFormatError('CORRUPT_MANIFEST', `file table has no entry for ${name}`, manifestPath);
    const b = await readOrFail(join(dir, name), name);
    if (b.length !== entry.bytes) {
      throw new ModelFormatError('TRUNCATED', `${name} has ${b.length} bytes, the manifest says ${entry.bytes}`, join(dir, name), 'the model file is damaged (truncated copy?)');
    }
    if (sha256(b) !== entry.sha256) throw new ModelFormatError('CHECKSUM', `${name} does not match its checksum`, join(dir, name), 'the model file is damaged');
    return b;
  };
  const values = new Map<string, StoredValue>();
  unpack(await read('weights.bin'), m.weights, 'weights.bin', values);
  unpack(await read('optimizer.bin'), m.optimizer, 'optimizer.bin', values);
  const onnx = new Uint8Array(await read('generator.onnx'));
  return { dir, manifest: m, values, generatorOnnx: onnx };
}

/** A trainer in the loaded model's exact state (to sample, or to resume training). */
export function trainerFromModel(model: LoadedModel, opts: Omit<TrainerOptions, 'seed'> = {}): GanTrainer {
  const m = model.manifest;
  const trainer = new GanTrainer(m.config, m.dataDim, { seed: m.seed, ...opts });
  for (const [name, v] of model.values) {
    if (isOptimizerState(name)) continue;
    if (!trainer.store.has(name)) throw new ModelFormatError('SHAPE_MISMATCH', `weights hold ${name}, which the model's config does not define`, join(model.dir, 'weights.bin'));
    const expected = trainer.store.entry(name).shape;
    if (expected.join() !== v.shape.join()) {
      throw new ModelFormatError('SHAPE_MISMATCH', `${name} has shape [${v.shape.join(', ')}], the config needs [${expected.join(', ')}]`, join(model.dir, 'weights.bin'));
    }
  }
  trainer.restore({ ...m.training, values: model.values, log: m.log });
  return trainer;
}
