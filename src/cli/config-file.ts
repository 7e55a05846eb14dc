/** The `--config file.json` of `ganforge train`: read, and checked key by key. */
import { readFile, stat } from 'node:fs/promises';
import { ConfigError, TABLE_RECIPES, type SchemaOverrides, type TableRecipe } from '../index.js';
import type { GanConfig } from '../advanced.js';

export interface TrainConfigFile {
  preset?: TableRecipe;
  epochs?: number;
  batchSize?: number;
  seed?: number;
  continuous?: 'auto' | 'gaussian' | 'mode' | 'minmax' | 'standard';
  decorrelate?: boolean;
  conditional?: boolean;
  /** Start the generator from the table's Gaussian copula (default true, except preset ctgan). */
  prior?: boolean;
  /** Stratify that copula by the categorical column that shapes the others most (default true). */
  strata?: boolean;
  /** Calibrate the trained generator's marginals (default true, except preset ctgan). */
  calibrate?: boolean;
  /** fast | default | high: how long to train. */
  quality?: 'fast' | 'default' | 'high';
  maxSeconds?: number;
  checkpointEvery?: number;
  schema?: SchemaOverrides;
  /** Overrides of the GAN config itself (networks, loss, optimisers…). */
  gan?: Partial<GanConfig>;
}

type Check = (v: unknown, path: string) => void;
const posInt: Check = (v, p) => {
  if (!Number.isInteger(v) || (v as number) < 1) throw new ConfigError('CONFIG_BAD_TYPE', `must be a positive integer, got ${JSON.stringify(v)}`, p);
};
const int: Check = (v, p) => {
  if (!Number.isInteger(v)) throw new ConfigError('CONFIG_BAD_TYPE', `must be an integer, got ${JSON.stringify(v)}`, p);
};
const posNum: Check = (v, p) => {
  if (typeof v !== 'number' || !(v > 0)) throw new ConfigError('CONFIG_BAD_TYPE', `must be a positive number, got ${JSON.stringify(v)}`, p);
};
const bool: Check = (v, p) => {
  if (typeof v !== 'boolean') throw new ConfigError('CONFIG_BAD_TYPE', `must be true or false, got ${JSON.stringify(v)}`, p);
};
const oneOf = (opts: readonly string[]): Check => (v, p) => {
  if (!opts.includes(v as string)) throw new ConfigError('CONFIG_BAD_VALUE', `must be one of ${opts.join(', ')}, got ${JSON.stringify(v)}`, p);
};
const object: Check = (v, p) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ConfigError('CONFIG_BAD_TYPE', 'must be an object', p);
};

const CHECKS: Record<keyof TrainConfigFile, Check> = {
  preset: oneOf(TABLE_RECIPES), epochs: posInt, batchSize: posInt, seed: int, continuous: oneOf(['auto', 'gaussian', 'mode', 'minmax', 'standard']),
  decorrelate: bool, conditional: bool, prior: bool, strata: bool, calibrate: bool, quality: oneOf(['fast', 'default', 'high']), maxSeconds: posNum, checkpointEvery: posInt, schema: object, gan: object,
};

export function validateTrainConfig(raw: unknown, file: string): TrainConfigFile {
  object(raw, file);
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    const check = Object.hasOwn(CHECKS, k) ? CHECKS[k as keyof TrainConfigFile] : undefined;
    if (!check) throw new ConfigError('CONFIG_UNKNOWN_KEY', `unknown key "${k}"`, `${file}: ${k}`, `known keys: ${Object.keys(CHECKS).join(', ')}`);
    check(v, `${file}: ${k}`);
  }
  return raw as TrainConfigFile;
}

export async function readTrainConfig(file: string): Promise<TrainConfigFile> {
  let text: string;
  try {
    const st = await stat(file);
    if (!st.isFile()) throw new ConfigError('CONFIG_UNREADABLE', 'not a regular file', file, 'give a .json settings file');
    if (st.size > 1 << 20) throw new ConfigError('CONFIG_UNREADABLE', `${st.size} bytes is too large for a settings file (at most 1 MB)`, file);
    text = await readFile(file, 'utf8');
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError('CONFIG_UNREADABLE', `cannot read config file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, file);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError('CONFIG_BAD_JSON', `not valid JSON: ${(e as Error).message}`, file);
  }
  return validateTrainConfig(raw, file);
}
