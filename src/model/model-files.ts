/**
 * The model directory's files as bytes, with no file system: packing a trainer into manifest.json,
 * weights.bin, optimizer.bin and generator.onnx, and reading them back through a ModelSource
 * (a folder on disk in artifact.ts, a tar archive in model-archive.ts, files picked in a browser).
 * Reading validates everything; nothing in the files is ever executed.
 */
import { checkKeys, checkTensorTable, ManifestChecker, MAX_DATA_DIM, minimumWeights, MODEL_FILE_NAMES, OPTIONAL_MODEL_FILES, type CheckedTensor } from './manifest-check.js';
import { GanforgeError, ModelFormatError } from '../util/errors.js';
import type { RngState } from '../util/rng.js';
import { VERSION } from '../util/version.js';
import type { StoredValue } from '../engine/index.js';
import { resolveGanConfig, type GanConfig } from '../train/config.js';
import type { EpochLog } from '../train/epoch-log.js';
import { generatorOnnx } from '../train/export.js';
import { GanTrainer, isOptimizerState, type TrainerOptions, type TrainerState } from '../train/trainer.js';

export const MODEL_FORMAT = 'ganforge-model';
/**
 * 2: a table model may hold sampler.onnx (listed in `files`), and samples are drawn by row streams
 * (row-sampling.ts: the same seed gives other rows than format 1's ganforge did). Format 1 models
 * still load and sample.
 */
export const MODEL_FORMAT_VERSION = 2;

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
  /** More files for the folder (OPTIONAL_MODEL_FILES), listed and checksummed in the manifest. */
  files?: Partial<Record<(typeof OPTIONAL_MODEL_FILES)[number], Uint8Array>>;
}

/** SHA-256 as hex (Web Crypto: the same in Node and in browsers). */
export async function sha256(b: Uint8Array): Promise<string> {
  const d = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', b as Uint8Array<ArrayBuffer>));
  let s = '';
  for (const x of d) s += x.toString(16).padStart(2, '0');
  return s;
}

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

/** A model's four files, in the order they are written (manifest.json last: its presence marks a complete model). */
export interface ModelFiles {
  manifest: ModelManifest;
  files: { 'weights.bin': Uint8Array; 'optimizer.bin': Uint8Array; 'generator.onnx': Uint8Array; 'manifest.json': Uint8Array };
  /** ModelExtras.files, as given (written before manifest.json). */
  extra: Partial<Record<(typeof OPTIONAL_MODEL_FILES)[number], Uint8Array>>;
}

/** The files of a model in the trainer's current state. */
export async function packModel(trainer: GanTrainer, extras: ModelExtras = {}): Promise<ModelFiles> {
  const state = trainer.state();
  const all = [...state.values.keys()];
  const weights = packTensors(state.values, all.filter((n) => !isOptimizerState(n)));
  const optimizer = packTensors(state.values, all.filter(isOptimizerState));
  const onnx = generatorOnnx(trainer, VERSION);
  const files = {
    'weights.bin': { bytes: weights.bytes.length, sha256: await sha256(weights.bytes) },
    'optimizer.bin': { bytes: optimizer.bytes.length, sha256: await sha256(optimizer.bytes) },
    'generator.onnx': { bytes: onnx.length, sha256: await sha256(onnx) },
  } as Record<string, { bytes: number; sha256: string }>;
  for (const [name, b] of Object.entries(extras.files ?? {})) files[name] = { bytes: b.length, sha256: await sha256(b) };
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
  const json = new TextEncoder().encode(`${JSON.stringify(manifest, null, 1)}\n`);
  return { manifest, files: { 'weights.bin': weights.bytes, 'optimizer.bin': optimizer.bytes, 'generator.onnx': onnx, 'manifest.json': json }, extra: { ...extras.files } };
}

/** Where a model's files are read from. `read` checks the size (expectBytes when known, at most maxBytes) and throws ModelFormatError. */
export interface ModelSource {
  /** The folder (or archive) named in messages. */
  readonly label: string;
  /** The name of one of its files in messages. */
  path(name: string): string;
  read(name: string, what: string, expectBytes: number | null, maxBytes: number): Promise<Uint8Array>;
}

export interface LoadedModel {
  dir: string;
  manifest: ModelManifest;
  values: Map<string, StoredValue>;
  generatorOnnx: Uint8Array;
  /** A file of the model as messages name it. */
  path(name: string): string;
  /** Reads a further file of the manifest's table (e.g. sampler.onnx), checking its size and checksum. */
  readFile(name: (typeof OPTIONAL_MODEL_FILES)[number]): Promise<Uint8Array>;
}

/** The largest weights/optimizer/ONNX file accepted (4 GiB: far above any table model). */
const MAX_MODEL_FILE_BYTES = 2 ** 32;

function unpack(buf: Uint8Array, entries: CheckedTensor[], into: Map<string, StoredValue>): void {
  const floats = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  for (const e of entries) into.set(e.name, { shape: e.shape, data: floats.slice(e.offset, e.offset + e.size) });
}

/**
 * Reads and validates a model from its manifest bytes and source: every manifest field against
 * its type and bounds, file sizes and checksums, tensor tables against the bytes the files really
 * hold, all before any network is built.
 */
export async function readModel(source: ModelSource, raw: Uint8Array): Promise<LoadedModel> {
  const dir = source.label;
  const manifestPath = source.path('manifest.json');
  let m: ModelManifest;
  try {
    m = JSON.parse(new TextDecoder().decode(raw)) as ModelManifest;
  } catch (e) {
    throw new ModelFormatError('MODEL_CORRUPT_MANIFEST', `manifest.json is not valid JSON (${(e as Error).message})`, manifestPath, 'the model file is damaged; train again or restore a copy');
  }
  if (typeof m !== 'object' || m === null || Array.isArray(m) || m.format !== MODEL_FORMAT) {
    throw new ModelFormatError('MODEL_FOREIGN_FILE', 'this is not a ganforge model (no "format": "ganforge-model")', manifestPath);
  }
  const c = new ManifestChecker(manifestPath);
  if (typeof m.formatVersion !== 'number' || !Number.isInteger(m.formatVersion)) c.fail('formatVersion', `must be an integer, got ${JSON.stringify(m.formatVersion)}`);
  if (m.formatVersion > MODEL_FORMAT_VERSION) {
    throw new ModelFormatError('MODEL_NEWER_FORMAT', `model format version ${m.formatVersion} is newer than this ganforge (${VERSION}) reads (${MODEL_FORMAT_VERSION})`, manifestPath, 'upgrade ganforge');
  }
  if (m.formatVersion < 1) c.fail('formatVersion', `${m.formatVersion} is not a model format version`);
  for (const k of ['config', 'training', 'files', 'weights', 'optimizer', 'log', 'metrics', 'kind', 'seed'] as const) checkKeys(m[k], k, c);
  c.string(m.kind, 'kind');
  c.int(m.dataDim, 'dataDim', 1, MAX_DATA_DIM);
  c.int(m.seed, 'seed', -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const tr = c.object(m.training, 'training');
  for (const k of ['epoch', 'rounds', 'dUpdates', 'gUpdates'] as const) c.int(tr[k], `training.${k}`, 0, Number.MAX_SAFE_INTEGER);
  const rng = c.object(tr['rng'], 'training.rng');
  const s = c.array(rng['s'], 'training.rng.s');
  if (s.length !== 4) c.fail('training.rng.s', 'must hold 4 numbers');
  s.forEach((x, i) => c.int(x, `training.rng.s[${i}]`, 0, 0xffffffff));
  if (rng['spare'] !== null && !(typeof rng['spare'] === 'number' && Number.isFinite(rng['spare']))) c.fail('training.rng.spare', 'must be a number or null');
  c.array(m.log, 'log');
  try {
    m.config = resolveGanConfig(c.object(m.config, 'config') as unknown as GanConfig);
  } catch (e) {
    throw new ModelFormatError('MODEL_CORRUPT_MANIFEST', `invalid config in manifest: ${(e as GanforgeError).message}`, manifestPath);
  }
  if (m.config.heads && m.config.heads.reduce((t, h) => t + h.width, 0) !== m.dataDim) c.fail('config.heads', `the head widths do not add up to dataDim ${m.dataDim}`);
  const files = c.object(m.files, 'files');
  for (const name of Object.keys(files)) {
    if (![...MODEL_FILE_NAMES, ...OPTIONAL_MODEL_FILES].includes(name as never)) c.fail(`files.${name.slice(0, 60)}`, `unknown file (a model holds ${MODEL_FILE_NAMES.join(', ')}, and may hold ${OPTIONAL_MODEL_FILES.join(', ')})`);
  }
  const entry = (name: string): { bytes: number; sha256: string } => {
    if (!Object.hasOwn(files, name)) throw new ModelFormatError('MODEL_CORRUPT_MANIFEST', `file table has no entry for ${name}`, manifestPath, 'the model file is damaged or was edited; train again or restore a copy');
    const e = c.object(files[name], `files.${name}`);
    const bytes = c.int(e['bytes'], `files.${name}.bytes`, 0, MAX_MODEL_FILE_BYTES);
    const sha = c.string(e['sha256'], `files.${name}.sha256`);
    if (!/^[0-9a-f]{64}$/.test(sha)) c.fail(`files.${name}.sha256`, 'must be 64 hex digits');
    if ((name === 'weights.bin' || name === 'optimizer.bin') && bytes % 4 !== 0) c.fail(`files.${name}.bytes`, `${bytes} is not a whole number of float32 values`);
    return { bytes, sha256: sha };
  };
  const fileEntries: Record<string, { bytes: number; sha256: string }> = Object.fromEntries(MODEL_FILE_NAMES.map((n) => [n, entry(n)]));
  for (const name of OPTIONAL_MODEL_FILES) if (Object.hasOwn(files, name)) fileEntries[name] = entry(name);
  const seen = new Set<string>();
  const weightTable = checkTensorTable(m.weights, 'weights', fileEntries['weights.bin']!.bytes / 4, seen, c);
  const optimizerTable = checkTensorTable(m.optimizer, 'optimizer', fileEntries['optimizer.bin']!.bytes / 4, seen, c);
  const need = minimumWeights(m.config, m.dataDim);
  if (need > fileEntries['weights.bin']!.bytes / 4) {
    c.fail('config', `the networks it describes need at least ${need} weights for ${m.dataDim} data columns; weights.bin holds ${fileEntries['weights.bin']!.bytes / 4}`);
  }
  const read = async (name: string): Promise<Uint8Array> => {
    const e = fileEntries[name]!;
    const b = await source.read(name, name, e.bytes, MAX_MODEL_FILE_BYTES);
    if ((await sha256(b)) !== e.sha256) throw new ModelFormatError('MODEL_CHECKSUM', `${name} does not match its checksum`, source.path(name), 'the model file is damaged');
    return b;
  };
  const values = new Map<string, StoredValue>();
  unpack(await read('weights.bin'), weightTable, values);
  unpack(await read('optimizer.bin'), optimizerTable, values);
  const onnx = new Uint8Array(await read('generator.onnx'));
  return {
    dir, manifest: m, values, generatorOnnx: onnx, path: (name) => source.path(name),
    readFile: async (name) => {
      if (!fileEntries[name]) throw new ModelFormatError('MODEL_MISSING_FILE', `this model has no ${name}`, source.path(name), 'it was saved by an older ganforge (or is not a table model): train it again to get one');
      return read(name);
    },
  };
}

/** Model kinds as a message names them. */
const KIND_WORDS: Record<string, string> = { table: 'table', images: 'image', points: '2-D points', sample1d: '1-D sample' };

/**
 * The one error for a model of another kind than the caller reads (an image model given to the
 * table commands, a table model to the image ones), whichever loader finds it.
 */
export function wrongKindError(found: unknown, wanted: 'table' | 'images', manifestPath: string): ModelFormatError {
  const kind = String(found).slice(0, 40);
  const hint = kind === 'images' ? 'use it with the image commands (ganforge train --images, ImageGan)'
    : kind === 'table' ? 'use it with the table commands (ganforge sample, TableGan)' : 'use the demo or API that made it';
  return new ModelFormatError('MODEL_WRONG_KIND', `this is ${/^[aeiou]/.test(KIND_WORDS[kind] ?? kind) ? 'an' : 'a'} ${KIND_WORDS[kind] ?? kind} model, not ${wanted === 'images' ? 'an image' : 'a table'} model`, manifestPath, hint);
}

/** A trainer in the loaded model's exact state (to sample, or to resume training). */
export function trainerFromModel(model: LoadedModel, opts: Omit<TrainerOptions, 'seed'> = {}): GanTrainer {
  const m = model.manifest;
  const trainer = new GanTrainer(m.config, m.dataDim, { seed: m.seed, ...opts });
  for (const [name, v] of model.values) {
    if (isOptimizerState(name)) continue;
    if (!trainer.store.has(name)) throw new ModelFormatError('MODEL_SHAPE_MISMATCH', `weights hold ${name}, which the model's config does not define`, model.path('weights.bin'));
    const expected = trainer.store.entry(name).shape;
    if (expected.join() !== v.shape.join()) {
      throw new ModelFormatError('MODEL_SHAPE_MISMATCH', `${name} has shape [${v.shape.join(', ')}], the config needs [${expected.join(', ')}]`, model.path('weights.bin'));
    }
  }
  trainer.restore({ ...m.training, values: model.values, log: m.log });
  return trainer;
}
