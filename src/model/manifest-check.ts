/**
 * Validation of a model manifest read from disk, field by field, before anything is allocated:
 * types, bounds, tensor tables (names, shapes, offsets within the weights file's real size) and
 * a lower bound on the weights the config implies, so a tampered size (hidden [1e9]) is refused
 * instead of allocating gigabytes. Errors name the field and say the file is damaged.
 */
import { ModelFormatError } from '../util/errors.js';
import type { GanConfig } from '../train/config.js';

export const MODEL_FILE_NAMES = ['weights.bin', 'optimizer.bin', 'generator.onnx'] as const;
/** Files a model may hold besides those (table models: sampler.onnx, the whole sampler as one graph). */
export const OPTIONAL_MODEL_FILES = ['sampler.onnx'] as const;
/** A manifest is JSON of a few MB at most (a log of many epochs); a larger file is not read. */
export const MAX_MANIFEST_BYTES = 64 << 20;
const MAX_DATA_DIM = 1_000_000;
const TENSOR_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.:-]{0,199}$/;
const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

export class ManifestChecker {
  constructor(readonly file: string) {}

  fail(path: string, what: string): never {
    throw new ModelFormatError('MODEL_CORRUPT_MANIFEST', `${path}: ${what}`, this.file, 'the model file is damaged or was edited; train again or restore a copy');
  }

  object(v: unknown, path: string): Record<string, unknown> {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) this.fail(path, `must be an object, got ${kindOf(v)}`);
    return v as Record<string, unknown>;
  }

  int(v: unknown, path: string, min: number, max: number): number {
    if (typeof v !== 'number' || !Number.isInteger(v)) this.fail(path, `must be an integer, got ${kindOf(v)}`);
    if (v < min || v > max) this.fail(path, `${v} is out of range (${min} to ${max})`);
    return v;
  }

  string(v: unknown, path: string): string {
    if (typeof v !== 'string') this.fail(path, `must be a string, got ${kindOf(v)}`);
    return v;
  }

  array(v: unknown, path: string): unknown[] {
    if (!Array.isArray(v)) this.fail(path, `must be a list, got ${kindOf(v)}`);
    return v;
  }
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'number') return String(v);
  return typeof v;
}

/** No __proto__/constructor/prototype keys anywhere outside the data block (whose column names are values, not keys). */
export function checkKeys(v: unknown, path: string, c: ManifestChecker, depth = 0): void {
  if (v === null || typeof v !== 'object') return;
  if (depth > 32) c.fail(path, 'nested too deeply');
  if (Array.isArray(v)) {
    v.forEach((x, i) => checkKeys(x, `${path}[${i}]`, c, depth + 1));
    return;
  }
  for (const k of Object.keys(v)) {
    if (FORBIDDEN_KEYS.has(k)) c.fail(`${path}.${k}`, 'a forbidden key');
    checkKeys((v as Record<string, unknown>)[k], `${path}.${k}`, c, depth + 1);
  }
}

export interface CheckedTensor {
  name: string;
  shape: number[];
  offset: number;
  size: number;
}

/** A tensor table against the number of float32 values its file holds. */
export function checkTensorTable(v: unknown, path: string, floats: number, seen: Set<string>, c: ManifestChecker): CheckedTensor[] {
  const list = c.array(v, path);
  return list.map((raw, i) => {
    const p = `${path}[${i}]`;
    const e = c.object(raw, p);
    const name = c.string(e['name'], `${p}.name`);
    if (!TENSOR_NAME.test(name) || name.includes('..') || FORBIDDEN_KEYS.has(name)) c.fail(`${p}.name`, `"${name.slice(0, 60)}" is not a tensor name`);
    if (seen.has(name)) c.fail(`${p}.name`, `tensor "${name}" is listed twice`);
    seen.add(name);
    const dims = c.array(e['shape'], `${p}.shape`);
    if (dims.length > 8) c.fail(`${p}.shape`, 'more than 8 dimensions');
    let size = 1;
    const shape = dims.map((d, k) => {
      const n = c.int(d, `${p}.shape[${k}]`, 1, floats);
      size *= n;
      return n;
    });
    if (size > floats) c.fail(`${p}.shape`, `[${shape.join(', ')}] needs ${size} values; the file holds ${floats}`);
    const offset = c.int(e['offset'], `${p}.offset`, 0, floats);
    if (offset + size > floats) c.fail(p, `tensor ${name} (offset ${offset}, ${size} values) does not fit in the ${floats} values of the file`);
    return { name, shape, offset, size };
  });
}

/**
 * The fewest weights any network built from `config` for `dataDim` columns has (each layer is at
 * least its input width × its output width), compared with what weights.bin holds.
 */
export function minimumWeights(config: GanConfig, dataDim: number): number {
  const cw = config.condWidth ?? 0;
  const chain = (input: number, hidden: readonly number[], output: number): number => {
    let total = 0;
    let w = input;
    for (const h of hidden) {
      total += w * h;
      w = h;
    }
    return total + w * output;
  };
  return chain(config.latentDim + cw, config.generator.hidden, dataDim) + chain(dataDim + cw, config.discriminator.hidden, 1);
}

export { MAX_DATA_DIM };
