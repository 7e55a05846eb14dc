/**
 * TEST SUPPORT ONLY (not part of the library): a tiny loader for the clean benchmark CSVs in
 * /work/shared/datasets (no quoting, empty field = missing) and table transforms the metric
 * tests use. Real CSV reading lives in src/data.
 */
import { readFileSync } from 'node:fs';
import type { ColumnData, Table } from '../data/table.js';
import { makeTable } from '../data/table.js';
import type { Rng } from '../util/rng.js';

export const DATASETS = '/work/shared/datasets';

/** Reads a clean CSV: a column is numeric when every non-empty value parses as a number. */
export function loadCsv(path: string): Table {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0);
  const names = lines[0]!.split(',');
  const rows = lines.slice(1).map((l) => l.split(','));
  const columns = names.map((_, j): ColumnData => {
    const raw = rows.map((r) => r[j] ?? '');
    const numeric = raw.every((v) => v === '' || Number.isFinite(Number(v)));
    if (numeric) return { kind: 'number', values: Float64Array.from(raw, (v) => (v === '' ? NaN : Number(v))) };
    return { kind: 'string', values: raw.map((v) => (v === '' ? null : v)) };
  });
  return makeTable(names, columns);
}

export function loadDataset(name: string): Table {
  return loadCsv(`${DATASETS}/${name}.csv`);
}

/** Each column permuted independently: marginals kept exactly, dependence between columns destroyed. */
export function shuffleColumns(t: Table, rng: Rng): Table {
  const cols = t.columns.map((c): ColumnData => {
    const p = rng.permutation(t.rowCount);
    if (c.kind === 'number' || c.kind === 'datetime') return { kind: c.kind, values: Float64Array.from(p, (i) => c.values[i]!) };
    return { kind: c.kind, values: Array.from(p, (i) => c.values[i]) } as ColumnData;
  });
  return makeTable(t.names, cols);
}

/** Same schema, values uniform noise: numbers U(min, max) of the column, categories uniform over the seen ones. */
export function uniformNoise(t: Table, rng: Rng): Table {
  const cols = t.columns.map((c): ColumnData => {
    if (c.kind === 'number' || c.kind === 'datetime') {
      let lo = Infinity, hi = -Infinity;
      for (const v of c.values) if (!Number.isNaN(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
      return { kind: c.kind, values: Float64Array.from({ length: t.rowCount }, () => rng.uniformIn(lo, hi)) };
    }
    const levels = [...new Set(c.values.filter((v) => v !== null))];
    return { kind: c.kind, values: Array.from({ length: t.rowCount }, () => levels[rng.int(levels.length)]!) } as ColumnData;
  });
  return makeTable(t.names, cols);
}
