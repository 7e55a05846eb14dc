/** Writers: CSV, JSON Lines, .xlsx and Parquet, each written atomically (temp file + rename). */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { extname } from 'node:path';
import { DataError } from '../util/errors.js';
import { atomicWrite, writeFileAtomic as atomicWriteBytes } from '../util/atomic.js';
import { parquetBuffer } from './parquet.js';
import { xlsxBuffer } from './xlsx.js';
import type { Table } from './table.js';
import { csvHeader, csvLines, jsonLines } from './text-format.js';

export { csvHeader, csvLines, formatCsv, jsonLines } from './text-format.js';

export type WriteFormat = 'csv' | 'tsv' | 'jsonl' | 'xlsx' | 'parquet';

export interface WriteOptions {
  /** Overrides the format implied by the file extension. */
  format?: WriteFormat;
}

export const BY_EXTENSION: Record<string, WriteFormat> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.xlsx': 'xlsx',
  '.parquet': 'parquet',
};

export async function writeTable(path: string, table: Table, opts: WriteOptions = {}): Promise<void> {
  const format = opts.format ?? BY_EXTENSION[extname(path).toLowerCase()];
  if (!format) {
    throw new DataError('DATA_UNKNOWN_FORMAT', `cannot tell the output format from "${extname(path)}"`, { file: path }, 'use .csv, .tsv, .jsonl, .xlsx or .parquet');
  }
  switch (format) {
    case 'csv':
    case 'tsv':
      return writeText(path, table, (t, from, to) => csvLines(t, from, to, format === 'tsv' ? '\t' : ','), csvHeader(table, format === 'tsv' ? '\t' : ','));
    case 'jsonl':
      return writeText(path, table, jsonLines, '');
    case 'xlsx':
      return atomicWriteBytes(path, await xlsxBuffer(table, path));
    case 'parquet':
      return atomicWriteBytes(path, new Uint8Array(parquetBuffer(table)));
  }
}

/** Streams text in blocks of rows so a large table is never one giant string. */
async function writeText(path: string, table: Table, block: (t: Table, from: number, to: number) => string, header: string): Promise<void> {
  await atomicWrite(path, async (tmp) => {
    const out = createWriteStream(tmp);
    const failed = once(out, 'error').then(([e]) => Promise.reject(e as Error));
    failed.catch(() => undefined);
    const write = async (s: string): Promise<void> => {
      if (!out.write(s)) await Promise.race([once(out, 'drain'), failed]);
    };
    await write(header);
    const step = 10_000;
    for (let from = 0; from < table.rowCount; from += step) await write(block(table, from, Math.min(table.rowCount, from + step)));
    out.end();
    await Promise.race([once(out, 'finish'), failed]);
  });
}

