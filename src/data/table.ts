/**
 * The in-memory table every layer exchanges: column-major, typed per column.
 * Readers produce it, schema inference types it, transformers encode it, metrics compare two.
 */

/** A column's values. Missing values: NaN for numeric/datetime, null for strings/booleans. */
export type ColumnData =
  | { kind: 'number'; values: Float64Array }
  | { kind: 'string'; values: (string | null)[] }
  | { kind: 'boolean'; values: (boolean | null)[] }
  /** Milliseconds since the Unix epoch (UTC). */
  | { kind: 'datetime'; values: Float64Array };

export interface Table {
  readonly names: readonly string[];
  readonly columns: readonly ColumnData[];
  readonly rowCount: number;
}

export type Cell = number | string | boolean | null;

export function makeTable(names: readonly string[], columns: readonly ColumnData[]): Table {
  if (names.length !== columns.length) throw new RangeError(`makeTable: ${names.length} names for ${columns.length} columns`);
  const rowCount = columns.length ? columns[0]!.values.length : 0;
  columns.forEach((c, i) => {
    if (c.values.length !== rowCount) {
      throw new RangeError(`makeTable: column "${names[i]}" has ${c.values.length} values, expected ${rowCount}`);
    }
  });
  return { names: [...names], columns: [...columns], rowCount };
}

export function getColumn(t: Table, name: string): ColumnData {
  const i = t.names.indexOf(name);
  if (i < 0) throw new RangeError(`no column "${name}" (columns: ${t.names.join(', ')})`);
  return t.columns[i]!;
}

/** A numeric table from row-major numbers, e.g. generated points. */
export function numericTable(names: readonly string[], rows: ArrayLike<number>, rowCount: number): Table {
  const w = names.length;
  const cols: ColumnData[] = names.map((_, j) => {
    const v = new Float64Array(rowCount);
    for (let i = 0; i < rowCount; i++) v[i] = rows[i * w + j]!;
    return { kind: 'number', values: v };
  });
  return makeTable(names, cols);
}

export function cellAt(c: ColumnData, row: number): Cell {
  const v = c.values[row];
  if (c.kind === 'number' || c.kind === 'datetime') return Number.isNaN(v as number) ? null : (v as number);
  return (v as string | boolean | null) ?? null;
}

/** Rows `indices` of a table, as a new table. */
export function takeRows(t: Table, indices: ArrayLike<number>): Table {
  const n = indices.length;
  const cols = t.columns.map((c): ColumnData => {
    if (c.kind === 'number' || c.kind === 'datetime') {
      const v = new Float64Array(n);
      for (let i = 0; i < n; i++) v[i] = c.values[indices[i]!]!;
      return { kind: c.kind, values: v };
    }
    const v = new Array(n);
    for (let i = 0; i < n; i++) v[i] = c.values[indices[i]!];
    return { kind: c.kind, values: v } as ColumnData;
  });
  return makeTable(t.names, cols);
}
