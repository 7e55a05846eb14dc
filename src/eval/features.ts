/**
 * Turns tables into a dense numeric feature matrix for the multivariate metrics (MMD, detection):
 * continuous columns standardised (z-scores), a 0/1 missing-indicator column for every continuous
 * column that has missing values (the value itself imputed with the mean, i.e. z = 0), and
 * categorical columns one-hot encoded (missing is a category; rare categories beyond the
 * `maxCategories` most frequent share one "other" column so the width stays bounded).
 * The encoder is fitted on both tables together, like SDMetrics' detection metrics fit their
 * HyperTransformer on the concatenation of real and synthetic data.
 */
import type { Table } from '../data/table.js';
import { categoryKeys, type ColumnInfo } from './columns.js';

type ColumnEncoding =
  | { name: string; kind: 'continuous'; mean: number; scale: number; indicator: boolean }
  | { name: string; kind: 'categorical'; levels: Map<string, number>; other: boolean };

export interface FeatureEncoder {
  readonly width: number;
  readonly names: readonly string[];
  /** Row-major matrix (rows.length × width) of the given rows (all rows when omitted). */
  encode(t: Table, rows?: ArrayLike<number>): Float64Array;
}

const allRows = (n: number): Uint32Array => {
  const r = new Uint32Array(n);
  for (let i = 0; i < n; i++) r[i] = i;
  return r;
};

function fitColumn(name: string, kind: ColumnInfo['kind'], tables: readonly Table[], maxCategories: number): ColumnEncoding {
  const cols = tables.map((t) => t.columns[t.names.indexOf(name)]!);
  if (kind === 'continuous') {
    let n = 0;
    let s = 0;
    let s2 = 0;
    let missing = false;
    // Moments of v / M (M the largest magnitude), so values like 1e300 do not overflow the sums
    // to Infinity (which would scale every feature to 0 and make the tables look identical).
    let big = 0;
    for (const c of cols) for (const v of c.values as Float64Array) if (Math.abs(v) > big) big = Math.abs(v);
    const m = big > 1e100 && Number.isFinite(big) ? big : 1; // ordinary data keeps its exact arithmetic
    for (const c of cols) {
      for (const v of c.values as Float64Array) {
        if (Number.isNaN(v)) { missing = true; continue; }
        n++;
        s += v / m;
      }
    }
    const meanScaled = n ? s / n : 0;
    for (const c of cols) for (const v of c.values as Float64Array) if (!Number.isNaN(v)) s2 += (v / m - meanScaled) ** 2;
    const sdScaled = n > 1 ? Math.sqrt(s2 / (n - 1)) : 0;
    const mean = meanScaled * m;
    return { name, kind, mean, scale: sdScaled > 0 ? 1 / sdScaled / m : 1, indicator: missing };
  }
  const counts = new Map<string, number>();
  for (const c of cols) for (const k of categoryKeys(c)) counts.set(k, (counts.get(k) ?? 0) + 1);
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
  const levels = new Map(ranked.slice(0, maxCategories).map((k, i) => [k, i] as const));
  return { name, kind, levels, other: ranked.length > maxCategories };
}

function widthOf(e: ColumnEncoding): number {
  return e.kind === 'continuous' ? 1 + (e.indicator ? 1 : 0) : e.levels.size + (e.other ? 1 : 0);
}

export function fitFeatureEncoder(tables: readonly Table[], columns: readonly ColumnInfo[], maxCategories = 20): FeatureEncoder {
  const encodings = columns.map((c) => fitColumn(c.name, c.kind, tables, maxCategories));
  const width = encodings.reduce((w, e) => w + widthOf(e), 0);
  const names: string[] = [];
  for (const e of encodings) {
    if (e.kind === 'continuous') {
      names.push(e.name);
      if (e.indicator) names.push(`${e.name}#missing`);
    } else {
      for (const k of e.levels.keys()) names.push(`${e.name}=${k}`);
      if (e.other) names.push(`${e.name}=#other`);
    }
  }
  const encode = (t: Table, rows: ArrayLike<number> = allRows(t.rowCount)): Float64Array => {
    const n = rows.length;
    const out = new Float64Array(n * width);
    let offset = 0;
    for (const e of encodings) {
      const col = t.columns[t.names.indexOf(e.name)]!;
      if (e.kind === 'continuous') {
        const v = col.values as Float64Array;
        for (let i = 0; i < n; i++) {
          const x = v[rows[i]!]!;
          if (Number.isNaN(x)) {
            if (e.indicator) out[i * width + offset + 1] = 1;
          } else {
            out[i * width + offset] = (x - e.mean) * e.scale;
          }
        }
      } else {
        const keys = categoryKeys(col);
        const otherAt = e.levels.size;
        for (let i = 0; i < n; i++) {
          const level = e.levels.get(keys[rows[i]!]!);
          if (level !== undefined) out[i * width + offset + level] = 1;
          else if (e.other) out[i * width + offset + otherAt] = 1;
        }
      }
      offset += widthOf(e);
    }
    return out;
  };
  return { width, names, encode };
}
