/** Parquet reading (hyparquet) and writing (hyparquet-writer): pure JS, no native code. */
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { ColumnSource } from 'hyparquet-writer';
import { readWholeFile } from './whole-file.js';
import type { Table } from './table.js';
import { parquetFromBytes } from './parquet-bytes.js';

export async function readParquet(file: string): Promise<Table> {
  return parquetFromBytes(await readWholeFile(file, 'write a Parquet file with at least one row'), file);
}

/** One column per table column: DOUBLE, STRING, BOOLEAN or TIMESTAMP (millis), all nullable. */
export function parquetBuffer(table: Table): ArrayBuffer {
  const columnData: ColumnSource[] = table.columns.map((c, j): ColumnSource => {
    const name = table.names[j]!;
    if (c.kind === 'number') return { name, type: 'DOUBLE', data: Array.from(c.values, (v) => (Number.isNaN(v) ? null : v)) };
    if (c.kind === 'datetime') return { name, type: 'TIMESTAMP', data: Array.from(c.values, (v) => (Number.isNaN(v) ? null : new Date(v))) };
    if (c.kind === 'boolean') return { name, type: 'BOOLEAN', data: [...c.values] };
    return { name, type: 'STRING', data: [...c.values] };
  });
  return parquetWriteBuffer({ columnData });
}
