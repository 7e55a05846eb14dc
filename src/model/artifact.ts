/**
 * The model directory: manifest.json (format and package versions, config, seed, data
 * schema/transformer state, training state and log, checksums), weights.bin, optimizer.bin and
 * generator.onnx. Loading validates everything; nothing in the files is ever executed.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { recoverDir, writeDirAtomic, writeFileIn } from '../util/atomic.js';
import { checkKeys, checkTensorTable, ManifestChecker, MAX_DATA_DIM, MAX_MANIFEST_BYTES, minimumWeights, MODEL_FILE_NAMES, OPTIONAL_MODEL_FILES, type CheckedTensor } from './manifest-check.js';
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
    ...Object.fromEntries(Object.entries(extras.files ?? {}).map(([name, b]) => [name, { bytes: b.length, sha256: sha256(b) }])),
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
    for (const [name, b] of Object.entries(extras.files ?? {})) await writeFileIn(tmp, name, b);
    await writeFileIn(tmp, 'manifest.json', `${JSON.stringify(manifest, null, 1)}\n`);
  });
  return manifest;
}

export interface LoadedModel {
  dir: string;
  manifest: ModelManifest;
  values: Map<string, StoredValue>;
  generatorOnnx: Uint8Array;
  /** Reads a further file of the manifest's table (e.g. sampler.onnx), checking its size and checksum. */
  readFile(name: (typeof OPTIONAL_MODEL_FILES)[number]): Promise<Buffer>;
}

/** Reads a model file after checking it is a regular file of the expected size (never a FIFO, /dev/zero or a huge file). */
async function readChecked(path: string, what: string, expectBytes: number | null, maxBytes: number): Promise<Buffer> {
  let st;
  try {
    st = await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ModelFormatError(code === 'ENOENT' ? 'MISSING_FILE' : 'UNREADABLE', `cannot read ${what} (${code ?? (e as Error).message})`, path,
      code === 'ENOENT' ? 'is this a ganforge model directory (made by `ganforge train`)?' : undefined);
  }
  if (!st.isFile()) throw new ModelFormatError('NOT_A_FILE', `${what} is not a regular file`, path, 'the model folder is damaged; train again or restore a copy');
  if (expectBytes !== null && st.size !== expectBytes) {
    throw new ModelFormatError('TRUNCATED', `${basename(path)} has ${st.size} bytes, the manifest says ${expectBytes}`, path, 'the model file is damaged (truncated copy?)');
  }
  if (st.size > maxBytes) throw new ModelFormatError('TOO_LARGE', `${what} is ${st.size} bytes, more than a model file can be (${maxBytes})`, path, 'the model folder is damaged');
  try {
    const b = await readFile(path);
    if (expectBytes !== null && b.length !== expectBytes) throw new ModelFormatError('CHANGED', `${basename(path)} changed while it was read`, path, 'the model is being rewritten (a training run saving checkpoints?); try again');
    return b;
  } catch (e) {
    if (e instanceof ModelFormatError) throw e;
    throw new ModelFormatError('UNREADABLE', `cannot read ${what} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, path);
  }
}

/** The largest weights/optimizer/ONNX file accepted (4 GiB: far above any table model). */
const MAX_MODEL_FILE_BYTES = 2 ** 32;

function unpack(buf: Buffer, entries: CheckedTensor[], into: Map<string, StoredValue>): void {
  const floats = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  for (const e of entries) into.set(e.name, { shape: e.shape, data: floats.slice(e.offset, e.offset + e.size) });
}

/**
 * Reads and validates a model directory: every manifest field against its type and bounds, file
 * sizes and checksums, tensor tables against the bytes the files really hold, all before any
 * network is built. A model caught mid-rewrite by a checkpointing run is read again.
 */
export async function loadModel(dir: string): Promise<LoadedModel> {
  if (!(await stat(dir).then(() => true, () => false))) {
    // Killed between the two renames of a save: put the model back where it belongs.
    recoverDir(dir);
  }
  const manifestPath = join(dir, 'manifest.json');
  for (let attempt = 0; ; attempt++) {
    const raw = await readChecked(manifestPath, 'the manifest', null, MAX_MANIFEST_BYTES);
    try {
      return await loadFrom(dir, manifestPath, raw);
    } catch (e) {
      if (!(e instanceof ModelFormatError) || !['CHECKSUM', 'TRUNCATED', 'CHANGED', 'MISSING_FILE'].includes(e.code)) throw e;
      // A new manifest means a writer replaced the model while we read it: read it again.
      const now = await readFile(manifestPath).catch(() => null);
      if (!now || now.equals(raw)) throw e;
      if (attempt >= 4) throw new ModelFormatError('CHANGED', 'the model changed while it was read', dir, 'it is being rewritten (a training run saving checkpoints?); try again');
    }
  }
}

async function loadFrom(dir: string, manifestPath: string, raw: Buffer): Promise<LoadedModel> {
  let m: ModelManifest;
  try {
    m = JSON.parse(raw.toString('utf8')) as ModelManifest;
  } catch (e) {
    throw new ModelFormatError('CORRUPT_MANIFEST', `manifest.json is not valid JSON (${(e as Error).message})`, manifestPath, 'the model file is damaged; train again or restore a copy');
  }
  if (typeof m !== 'object' || m === null || Array.isArray(m) || m.format !== MODEL_FORMAT) {
    throw new ModelFormatError('FOREIGN_FILE', 'this is not a ganforge model (no "format": "ganforge-model")', manifestPath);
  }
  const c = new ManifestChecker(manifestPath);
  if (typeof m.formatVersion !== 'number' || !Number.isInteger(m.formatVersion)) c.fail('formatVersion', `must be an integer, got ${JSON.stringify(m.formatVersion)}`);
  if (m.formatVersion > MODEL_FORMAT_VERSION) {
    throw new ModelFormatError('NEWER_FORMAT', `model format version ${m.formatVersion} is newer than this ganforge (${VERSION}) reads (${MODEL_FORMAT_VERSION})`, manifestPath, 'upgrade ganforge');
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
    throw new ModelFormatError('CORRUPT_MANIFEST', `invalid config in manifest: ${(e as GanforgeError).message}`, manifestPath);
  }
  if (m.config.heads && m.config.heads.reduce((t, h) => t + h.width, 0) !== m.dataDim) c.fail('config.heads', `the head widths do not add up to dataDim ${m.dataDim}`);
  const files = c.object(m.files, 'files');
  for (const name of Object.keys(files)) {
    if (![...MODEL_FILE_NAMES, ...OPTIONAL_MODEL_FILES].includes(name as never)) c.fail(`files.${name.slice(0, 60)}`, `unknown file (a model holds ${MODEL_FILE_NAMES.join(', ')}, and may hold ${OPTIONAL_MODEL_FILES.join(', ')})`);
  }
  const entry = (name: string): { bytes: number; sha256: string } => {
    if (!Object.hasOwn(files, name)) throw new ModelFormatError('CORRUPT_MANIFEST', `file table has no entry for ${name}`, manifestPath, 'the model file is damaged or was edited; train again or restore a copy');
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
  const read = async (name: string): Promise<Buffer> => {
    const e = fileEntries[name]!;
    const b = await readChecked(join(dir, name), name, e.bytes, MAX_MODEL_FILE_BYTES);
    if (sha256(b) !== e.sha256) throw new ModelFormatError('CHECKSUM', `${name} does not match its checksum`, join(dir, name), 'the model file is damaged');
    return b;
  };
  const values = new Map<string, StoredValue>();
  unpack(await read('weights.bin'), weightTable, values);
  unpack(await read('optimizer.bin'), optimizerTable, values);
  const onnx = new Uint8Array(await read('generator.onnx'));
  return {
    dir, manifest: m, values, generatorOnnx: onnx,
    readFile: async (name) => {
      if (!fileEntries[name]) throw new ModelFormatError('MISSING_FILE', `this model has no ${name}`, join(dir, name), 'it was saved by an older ganforge (or is not a table model): train it again to get one');
      return read(name);
    },
  };
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
