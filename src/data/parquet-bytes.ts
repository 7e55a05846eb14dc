/** Parquet from bytes in memory (hyparquet: pure JS, no file system). */
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { DataError } from '../util/errors.js';
import { columnFromValues } from './cells.js';
import { checkHeader } from './header.js';
import { makeTable, type Table } from './table.js';

export async function parquetFromBytes(buf: Uint8Array, file: string): Promise<Table> {
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

