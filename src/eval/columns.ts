/**
 * How the metrics see a column, and the check that two tables can be compared at all.
 *
 * Like SDMetrics' metadata sdtypes: number and datetime columns are *continuous* (datetimes as
 * epoch milliseconds), string and boolean columns are *categorical*.
 */
import type { ColumnData, Table } from '../data/table.js';
import { DataError } from '../util/errors.js';
import { categoryKeys } from '../data/category-keys.js';
import { identifierColumns } from '../data/identifier.js';

export type MetricKind = 'continuous' | 'categorical';

export function metricKind(c: ColumnData): MetricKind {
  return c.kind === 'number' || c.kind === 'datetime' ? 'continuous' : 'categorical';
}

// Cell keys are the data layer's (exact-copy hashing in sampling uses them too).
export { MISSING_KEY, categoryKeys } from '../data/category-keys.js';

/** Category keys of a column encoded as small integer codes against a shared dictionary. */
export function encodeCategories(c: ColumnData, dict: Map<string, number>): Int32Array {
  const keys = categoryKeys(c);
  const codes = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    let code = dict.get(keys[i]!);
    if (code === undefined) {
      code = dict.size;
      dict.set(keys[i]!, code);
    }
    codes[i] = code;
  }
  return codes;
}

/** The numeric values of a continuous column (NaN = missing). */
export function numericValues(c: ColumnData): Float64Array {
  if (c.kind === 'number' || c.kind === 'datetime') return c.values;
  throw new TypeError(`numericValues: column of kind ${c.kind} is not continuous`);
}

export interface ColumnInfo {
  name: string;
  kind: MetricKind;
  /** Index of the column in the real table. */
  real: number;
  /** Index of the column in the synthetic table. */
  synthetic: number;
}

/**
 * The columns that are scored: all but the real table's identifier columns (unique text in every
 * row: samples give them fresh values, which no metric should compare; SDMetrics leaves 'id'
 * columns out the same way). A table of identifiers only keeps them all.
 */
export function scoredColumns(real: Table, columns: readonly ColumnInfo[]): { columns: ColumnInfo[]; identifiers: string[] } {
  const ids = new Set(identifierColumns(real));
  const kept = columns.filter((c) => !ids.has(c.name));
  if (!ids.size || !kept.length) return { columns: [...columns], identifiers: [] };
  return { columns: kept, identifiers: columns.filter((c) => ids.has(c.name)).map((c) => c.name) };
}

/**
 * Pairs up the columns of the real and the synthetic table by name (order may differ), or
 * throws a DataError naming the first column that is missing or whose type differs.
 */
export function matchColumns(real: Table, synthetic: Table, label = 'synthetic'): ColumnInfo[] {
  const synIndex = new Map(synthetic.names.map((n, i) => [n, i] as const));
  const out: ColumnInfo[] = [];
  for (let i = 0; i < real.names.length; i++) {
    const name = real.names[i]!;
    const j = synIndex.get(name);
    if (j === undefined) {
      throw new DataError('DATA_COLUMN_MISSING', `the ${label} table has no column "${name}"`, { column: name },
        `generate data with the same columns as the real table (${label} has: ${synthetic.names.join(', ')})`);
    }
    const a = real.columns[i]!;
    const b = synthetic.columns[j]!;
    if (a.kind !== b.kind) {
      throw new DataError('DATA_COLUMN_TYPE', `column is ${a.kind} in the real table but ${b.kind} in the ${label} table`,
        { column: name }, `convert the ${label} column to ${a.kind} (or fix the schema) before evaluating`);
    }
    out.push({ name, kind: metricKind(a), real: i, synthetic: j });
  }
  for (const name of synthetic.names) {
    if (!real.names.includes(name)) {
      throw new DataError('DATA_COLUMN_EXTRA', `the ${label} table has a column "${name}" that the real table lacks`,
        { column: name }, `drop it from the ${label} table or add it to the real one`);
    }
  }
  if (real.rowCount === 0 || synthetic.rowCount === 0) {
    throw new DataError('DATA_EMPTY_TABLE', `cannot evaluate an empty table (real: ${real.rowCount} rows, ${label}: ${synthetic.rowCount} rows)`,
      {}, 'pass at least one row in each table');
  }
  return out;
}
