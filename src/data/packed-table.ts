/**
 * Tables passed between threads, and tables put together from row ranges of others.
 *
 * A structured clone of a string column copies every string (a chunk of 8,192 sampled rows cost
 * more to clone and rebuild than to decode), so a packed table holds only typed arrays that can be
 * transferred: numbers and datetimes as they are, strings and booleans as codes into the column's
 * distinct values (a sampled categorical column has a handful).
 */
import type { ColumnData, Table } from './table.js';

export type PackedColumn =
  | { kind: 'number' | 'datetime'; values: Float64Array }
  | { kind: 'string'; codes: Int32Array; labels: (string | null)[] }
  | { kind: 'boolean'; codes: Int32Array; labels: (boolean | null)[] };

export interface PackedTable {
  names: string[];
  columns: PackedColumn[];
  rowCount: number;
}

/** The table as typed arrays, and the buffers to transfer with it (the table's number arrays are handed over: do not use them after). */
export function packTable(t: Table): { packed: PackedTable; transfer: ArrayBuffer[] } {
  const transfer: ArrayBuffer[] = [];
  const columns = t.columns.map((c): PackedColumn => {
    if (c.kind === 'number' || c.kind === 'datetime') {
      transfer.push(c.values.buffer as ArrayBuffer);
      return { kind: c.kind, values: c.values };
    }
    const codes = new Int32Array(c.values.length);
    const index = new Map<string | boolean | null, number>();
    const labels: (string | boolean | null)[] = [];
    const values = c.values as (string | boolean | null)[];
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      let k = index.get(v);
      if (k === undefined) {
        index.set(v, (k = labels.length));
        labels.push(v);
      }
      codes[i] = k;
    }
    transfer.push(codes.buffer as ArrayBuffer);
    return { kind: c.kind, codes, labels } as PackedColumn;
  });
  return { packed: { names: [...t.names], columns, rowCount: t.rowCount }, transfer };
}

/** A table of `rows` rows filled from row ranges of tables and packed tables of the same columns. */
export class TableBuilder {
  private columns: ColumnData[] | null = null;
  private names: readonly string[] = [];

  constructor(readonly rows: number) {}

  /** Rows [from, to) of `part` become rows [at, at + to − from). */
  add(part: Table | PackedTable, from: number, to: number, at: number): void {
    const cols = (this.columns ??= this.start(part));
    const n = to - from;
    part.columns.forEach((src, j) => {
      const dst = cols[j]!;
      if (src.kind === 'number' || src.kind === 'datetime') {
        (dst.values as Float64Array).set(src.values.subarray(from, from + n), at);
        return;
      }
      const out = dst.values as (string | boolean | null)[];
      if ('codes' in src) {
        const { codes, labels } = src;
        for (let i = 0; i < n; i++) out[at + i] = labels[codes[from + i]!]!;
      } else {
        const values = src.values as (string | boolean | null)[];
        for (let i = 0; i < n; i++) out[at + i] = values[from + i]!;
      }
    });
  }

  table(): Table {
    return { names: [...this.names], columns: this.columns ?? [], rowCount: this.columns ? this.rows : 0 };
  }

  private start(part: Table | PackedTable): ColumnData[] {
    this.names = part.names;
    return part.columns.map((c) =>
      (c.kind === 'number' || c.kind === 'datetime' ? { kind: c.kind, values: new Float64Array(this.rows) } : { kind: c.kind, values: new Array(this.rows).fill(null) }) as ColumnData);
  }
}
