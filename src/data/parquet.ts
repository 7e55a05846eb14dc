/** Parquet reading (hyparquet) and writing (hyparquet-writer): pure JS, no native code. */
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { ColumnSource } from 'hyparquet-writer';
import { DataError } from '../util/errors.js';
import { readWholeFile } from './whole-file.js';
import { columnFromValues } from './cells.js';
import { checkHeader } from './header.js';
import { makeTable, type Table } from './table.js';

export async function readParquet(file: string): Promise<Table> {
  const buf = await readWholeFile(file, 'write a Parquet file with at least one row');
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  let names: string[];
  let rows: Record<string, unknown>[];
  try {
    const meta = parquetMetadata(ab);
    // Top-level columns only: children of the root schema element.
    const rootChildren = meta.schema[0]?.num_children ?? 0;
    names = [];
    let k = 1;
    for (let c = 0; c < rootChildren; c++) {
      const el = meta.schema[k]!;
      names.push(el.name);
      k += 1 + countDescendants(meta.schema, k);
    }
    rows = await parquetReadObjects({ file: ab, metadata: meta });
  } catch (e) {
    throw new DataError('DATA_BAD_PARQUET', `not a readable Parquet file (${(e as Error).message})`, { file }, 'check that the file is complete; gzip/zstd-compressed files need re-saving with snappy or no compression');
  }
  checkHeader(names, file);
  if (rows.length === 0) throw new DataError('DATA_NO_ROWS', 'the file has no rows', { file, row: 1, column: names[0] }, 'add at least one row');
  // Parquet has no header line; row i of the data is reported as row i + 1.
  const columns = names.map((name) => columnFromValues(rows.map((r) => r[name] ?? null), { file, column: name, rowOf: (i) => i + 1 }));
  return makeTable(names, columns);
}

function countDescendants(schema: readonly { num_children?: number }[], at: number): number {
  let total = 0;
  const n = schema[at]?.num_children ?? 0;
  let k = at + 1;
  for (let c = 0; c < n; c++) {
    const d = countDescendants(schema, k);
    total += 1 + d;
    k += 1 + d;
  }
  return total;
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
