/**
 * Validation of a TransformerState read back from a model file: every field the transforms use
 * is present and of the right type, so a corrupt or foreign file fails at load time with the path
 * of the bad field instead of producing NaNs during generation.
 */
import { ModelFormatError } from '../util/errors.js';
import type { TransformerState } from './transformer.js';

type Json = unknown;

class Checker {
  constructor(private readonly file: string | undefined) {}

  fail(path: string, what: string): never {
    throw new ModelFormatError('MODEL_BAD_TRANSFORMER', `transformer state ${path}: ${what}`, this.file, 'the model file is corrupt or from an incompatible version; retrain or re-export it');
  }

  object(v: Json, path: string): Record<string, Json> {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) this.fail(path, 'expected an object');
    return v as Record<string, Json>;
  }

  number(v: Json, path: string): number {
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(path, 'expected a finite number');
    return v;
  }

  positive(v: Json, path: string): number {
    if (this.number(v, path) <= 0) this.fail(path, 'expected a positive number');
    return v as number;
  }

  string(v: Json, path: string): string {
    if (typeof v !== 'string') this.fail(path, 'expected a string');
    return v;
  }

  oneOf<T extends string>(v: Json, path: string, allowed: readonly T[]): T {
    if (!allowed.includes(v as T)) this.fail(path, `expected one of ${allowed.join(', ')}`);
    return v as T;
  }

  array(v: Json, path: string, minLength = 0): Json[] {
    if (!Array.isArray(v) || v.length < minLength) this.fail(path, `expected an array of at least ${minLength}`);
    return v as Json[];
  }
}

/** Checks `json` (e.g. from JSON.parse of a manifest) and returns it typed as a TransformerState. */
export function checkTransformerState(json: Json, file?: string): TransformerState {
  const c = new Checker(file);
  const s = c.object(json, '');
  if (s.format !== 'ganforge.transformer') c.fail('format', 'not a ganforge transformer state');
  if (s.version !== 1) c.fail('version', `unsupported version ${String(s.version)}`);
  c.oneOf(s.continuous, 'continuous', ['minmax', 'standard', 'mode', 'gaussian', 'auto'] as const);
  c.number(s.rowCount, 'rowCount');
  const names = new Set<string>();
  c.array(s.columns, 'columns', 1).forEach((raw, j) => {
    const p = `columns[${j}]`;
    const col = c.object(raw, p);
    const name = c.string(col.name, `${p}.name`);
    if (names.has(name)) c.fail(`${p}.name`, `duplicate column "${name}"`);
    names.add(name);
    c.oneOf(col.type, `${p}.type`, ['continuous', 'integer', 'categorical', 'boolean', 'datetime'] as const);
    c.oneOf(col.sourceKind, `${p}.sourceKind`, ['number', 'string', 'boolean', 'datetime'] as const);
    const encoder = c.oneOf(col.encoder, `${p}.encoder`, ['numeric', 'categorical', 'constant'] as const);
    if (encoder === 'constant') {
      if (!(col.value === null || ['number', 'string', 'boolean'].includes(typeof col.value))) c.fail(`${p}.value`, 'expected a cell value');
      if (col.identifier !== undefined) {
        const id = c.object(col.identifier, `${p}.identifier`);
        if (c.string(id.prefix, `${p}.identifier.prefix`).length > 40) c.fail(`${p}.identifier.prefix`, 'longer than 40 characters');
        c.positive(id.distinct, `${p}.identifier.distinct`);
      }
    } else if (encoder === 'categorical') {
      const slots = c.object(col.slots, `${p}.slots`);
      c.array(slots.categories, `${p}.slots.categories`, 1).forEach((v, k) => c.string(v, `${p}.slots.categories[${k}]`));
      if (typeof slots.missing !== 'boolean') c.fail(`${p}.slots.missing`, 'expected true or false');
      if (slots.other !== null) {
        const other = c.object(slots.other, `${p}.slots.other`);
        const labels = c.array(other.labels, `${p}.slots.other.labels`, 1);
        const counts = c.array(other.counts, `${p}.slots.other.counts`, labels.length);
        labels.forEach((v, k) => c.string(v, `${p}.slots.other.labels[${k}]`));
        counts.forEach((v, k) => c.positive(v, `${p}.slots.other.counts[${k}]`));
      }
    } else {
      const method = c.oneOf(col.method, `${p}.method`, ['minmax', 'standard', 'mode', 'gaussian'] as const);
      const lo = c.number(col.min, `${p}.min`);
      if (c.number(col.max, `${p}.max`) < lo) c.fail(`${p}.max`, `max ${String(col.max)} is below min ${lo}`);
      c.number(col.fill, `${p}.fill`);
      if (col.decimals !== null && !(Number.isInteger(col.decimals) && (col.decimals as number) >= 0 && (col.decimals as number) <= 20)) c.fail(`${p}.decimals`, 'expected a whole number from 0 to 20');
      if (col.step !== null) c.positive(col.step, `${p}.step`);
      if (col.raw !== undefined) {
        if (col.decimals === null) c.fail(`${p}.raw`, 'raw values need decimals');
        const r = c.object(col.raw, `${p}.raw`);
        const rounded = c.array(r.rounded, `${p}.raw.rounded`, 1).map((v, k) => c.number(v, `${p}.raw.rounded[${k}]`));
        const raws = c.array(r.raw, `${p}.raw.raw`).map((v, k) => c.number(v, `${p}.raw.raw[${k}]`));
        if (raws.length !== rounded.length) c.fail(`${p}.raw.raw`, `expected ${rounded.length} values, one per rounded value`);
        if (rounded.some((v, k) => k > 0 && !(v > rounded[k - 1]!))) c.fail(`${p}.raw.rounded`, 'expected ascending numbers');
      }
      if (typeof col.missing !== 'boolean') c.fail(`${p}.missing`, 'expected true or false');
      if (method === 'minmax') {
        const m = c.object(col.minmax, `${p}.minmax`);
        c.number(m.min, `${p}.minmax.min`);
        c.number(m.max, `${p}.minmax.max`);
      } else if (method === 'standard') {
        const m = c.object(col.standard, `${p}.standard`);
        c.number(m.mean, `${p}.standard.mean`);
        c.positive(m.std, `${p}.standard.std`);
      } else if (method === 'gaussian') {
        const q = c.object(col.quantile, `${p}.quantile`);
        const rows = c.positive(q.rows, `${p}.quantile.rows`);
        const knots = c.array(q.knots, `${p}.quantile.knots`, 1);
        if (knots.length > rows) c.fail(`${p}.quantile.knots`, `more knots than rows (${rows})`);
        let last = -Infinity;
        knots.forEach((v, i) => {
          if (c.number(v, `${p}.quantile.knots[${i}]`) < last) c.fail(`${p}.quantile.knots[${i}]`, 'knots must be ascending');
          last = v as number;
        });
      } else {
        const m = c.object(col.mode, `${p}.mode`);
        const k = c.array(m.means, `${p}.mode.means`, 1).length;
        for (const key of ['weights', 'means', 'stds', 'scales'] as const) {
          const arr = c.array(m[key], `${p}.mode.${key}`, 1);
          if (arr.length !== k) c.fail(`${p}.mode.${key}`, `expected ${k} entries`);
          arr.forEach((v, i) => (key === 'means' ? c.number(v, `${p}.mode.${key}[${i}]`) : c.positive(v, `${p}.mode.${key}[${i}]`)));
        }
      }
    }
  });
  if (s.decorrelation !== undefined) {
    const dc = c.object(s.decorrelation, 'decorrelation');
    const cols = c.array(dc.columns, 'decorrelation.columns', 2);
    cols.forEach((v, i) => {
      const name = c.string(v, `decorrelation.columns[${i}]`);
      const col = (s.columns as Record<string, Json>[]).find((x) => x.name === name);
      if (!col || col.method !== 'gaussian') c.fail(`decorrelation.columns[${i}]`, `"${name}" is not a gaussian-encoded column`);
    });
    const d = cols.length;
    const mean = c.array(dc.mean, 'decorrelation.mean', d);
    if (mean.length !== d) c.fail('decorrelation.mean', `expected ${d} entries`);
    mean.forEach((v, i) => c.number(v, `decorrelation.mean[${i}]`));
    const basis = c.array(dc.basis, 'decorrelation.basis', 1);
    if (basis.length > d) c.fail('decorrelation.basis', `expected at most ${d} directions`);
    basis.forEach((u, k) => {
      const dir = c.array(u, `decorrelation.basis[${k}]`, d);
      if (dir.length !== d) c.fail(`decorrelation.basis[${k}]`, `expected ${d} entries`);
      dir.forEach((v, j) => c.number(v, `decorrelation.basis[${k}][${j}]`));
    });
    const scale = c.array(dc.scale, 'decorrelation.scale', basis.length);
    if (scale.length !== basis.length) c.fail('decorrelation.scale', `expected ${basis.length} entries`);
    scale.forEach((v, k) => c.positive(v, `decorrelation.scale[${k}]`));
  }
  return json as TransformerState;
}
