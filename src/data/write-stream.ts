/**
 * Writers that take a table block by block (CSV/TSV/JSON Lines as text, Parquet one row group per
 * block), so a sample of any size is written in bounded memory. The file is built under a temp
 * name beside the target and renamed over it by close(): it appears whole or not at all.
 * .xlsx cannot be streamed (the format is one zipped document) and is collected up to Excel's
 * row limit.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { rename, unlink } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileWriter, ParquetWriter, schemaFromColumnData, type ColumnSource } from 'hyparquet-writer';
import { DataError, outputError } from '../util/errors.js';
import { prepareTemp, syncFile, writeFileAtomic } from '../util/atomic.js';
import { concatTables } from './rejection.js';
import { BY_EXTENSION, csvHeader, csvLines, jsonLines, type WriteFormat } from './write.js';
import { xlsxBuffer } from './xlsx.js';
import type { Table } from './table.js';

/** Excel's sheet limit: 1,048,576 rows including the header. */
export const XLSX_MAX_ROWS = 1_048_575;

export interface TableWriter {
  write(block: Table): Promise<void>;
  /** Text already formatted as this file's lines (CSV/TSV/JSON Lines only): e.g. blocks formatted by worker threads. */
  writeText?(text: string): Promise<void>;
  /** Finishes the file and moves it into place. */
  close(): Promise<void>;
  /** Removes the unfinished file; the target is left as it was. */
  abort(): Promise<void>;
}

export function formatOf(path: string): WriteFormat {
  const format = BY_EXTENSION[extname(path).toLowerCase()];
  if (!format) throw new DataError('DATA_UNKNOWN_FORMAT', `cannot tell the output format from "${extname(path)}"`, { file: path }, 'use .csv, .tsv, .jsonl, .xlsx or .parquet');
  return format;
}

function parquetColumns(t: Table): ColumnSource[] {
  return t.columns.map((c, j): ColumnSource => {
    const name = t.names[j]!;
    // A column without missing values goes in as its Float64Array (a third faster to encode than boxed numbers).
    if (c.kind === 'number') return { name, type: 'DOUBLE', data: c.values.some(Number.isNaN) ? Array.from(c.values, (v) => (Number.isNaN(v) ? null : v)) : c.values };
    if (c.kind === 'datetime') return { name, type: 'TIMESTAMP', data: Array.from(c.values, (v) => (Number.isNaN(v) ? null : new Date(v))) };
    if (c.kind === 'boolean') return { name, type: 'BOOLEAN', data: [...c.values] };
    return { name, type: 'STRING', data: c.values };
  });
}

export interface TableWriterOptions {
  /** CSV/TSV: write the header line (default true; false for a shard after the first, so parts concatenate). */
  header?: boolean;
}

export async function openTableWriter(path: string, o: TableWriterOptions = {}): Promise<TableWriter> {
  const format = formatOf(path);
  const tmp = await prepareTemp(path);
  let finished = false;
  const guard = async <T>(f: () => T | Promise<T>): Promise<T> => {
    try {
      return await f();
    } catch (e) {
      await abort();
      throw outputError(path, e);
    }
  };
  const abort = async (): Promise<void> => {
    if (finished) return;
    finished = true;
    await closeStream?.();
    await unlink(tmp).catch(() => undefined);
  };
  let closeStream: (() => Promise<void>) | undefined;
  const commit = async (): Promise<void> => {
    await syncFile(tmp);
    await rename(tmp, path);
    finished = true;
  };

  if (format === 'xlsx') {
    const parts: Table[] = [];
    let rows = 0;
    return {
      async write(b) {
        rows += b.rowCount;
        if (rows > XLSX_MAX_ROWS) throw new DataError('DATA_TOO_MANY_ROWS', `an .xlsx sheet holds at most ${XLSX_MAX_ROWS} rows`, { file: path }, 'write .csv, .jsonl or .parquet for more rows');
        parts.push(b);
      },
      async close() {
        finished = true;
        await writeFileAtomic(path, await xlsxBuffer(parts.length === 1 ? parts[0]! : concatTables(parts), path));
      },
      async abort() {
        finished = true;
      },
    };
  }

  if (format === 'parquet') {
    let pq: ParquetWriter | null = null;
    let blocks = 0;
    return {
      write: (b) => guard(async () => {
        const columnData = parquetColumns(b);
        if (!pq) pq = new ParquetWriter({ writer: fileWriter(tmp), schema: schemaFromColumnData({ columnData }) });
        // The first block splits as parquetWriteBuffer does (a small first row group), later blocks are one group each.
        await pq.write({ columnData, rowGroupSize: blocks++ === 0 ? [1000, 100_000] : [Math.max(1, b.rowCount)] });
      }),
      close: () => guard(async () => {
        if (!pq) throw new DataError('DATA_NO_ROWS', 'nothing was written', { file: path });
        await pq.finish();
        await commit();
      }),
      abort,
    };
  }

  const delimiter = format === 'tsv' ? '\t' : ',';
  let out: WriteStream | null = null;
  let failed: Promise<never> | null = null;
  const put = async (s: string): Promise<void> => {
    if (!out) {
      out = createWriteStream(tmp);
      failed = once(out, 'error').then(([e]) => Promise.reject(e as Error));
      failed.catch(() => undefined);
      const stream = out;
      closeStream = async () => {
        if (stream.closed) return;
        const closed = once(stream, 'close').catch(() => undefined);
        stream.destroy();
        await closed;
      };
    }
    if (!out.write(s)) await Promise.race([once(out, 'drain'), failed!]);
  };
  let headerDone = o.header === false;
  return {
    writeText: (text) => guard(() => put(text)),
    write: (b) => guard(async () => {
      if (!headerDone && format !== 'jsonl') await put(csvHeader(b, delimiter));
      headerDone = true;
      const step = 10_000;
      for (let from = 0; from < b.rowCount; from += step) {
        const to = Math.min(b.rowCount, from + step);
        await put(format === 'jsonl' ? jsonLines(b, from, to) : csvLines(b, from, to, delimiter));
      }
    }),
    close: () => guard(async () => {
      if (!out) await put('');
      out!.end();
      await Promise.race([once(out!, 'finish'), failed!]);
      await commit();
    }),
    abort,
  };
}
