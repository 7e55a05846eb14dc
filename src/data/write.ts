/** Writers: CSV, JSON Lines, .xlsx and Parquet, each written atomically (temp file + rename). */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { extname } from 'node:path';
import { DataError } from '../util/errors.js';
import { atomicWrite, writeFileAtomic as atomicWriteBytes } from '../util/atomic.js';
import { parquetBuffer } from './parquet.js';
import { xlsxBuffer } from './xlsx.js';
import type { ColumnData, Table } from './table.js';

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

const DAY_MS = 86_400_000;

/** Datetimes as ISO 8601; a column of whole days is written as bare dates. */
function datetimeFormatter(c: ColumnData): (v: number) => string {
  const v = c.values as Float64Array;
  let wholeDays = true;
  for (let i = 0; i < v.length && wholeDays; i++) if (!Number.isNaN(v[i]!) && v[i]! % DAY_MS !== 0) wholeDays = false;
  return wholeDays ? (x) => new Date(x).toISOString().slice(0, 10) : (x) => new Date(x).toISOString();
}

function csvField(s: string, delimiter: string): string {
  // RFC 4180 quoting, plus leading/trailing spaces so readers that trim don't change the value.
  if (s.includes(delimiter) || s.includes('"') || s.includes('\n') || s.includes('\r') || s !== s.trim()) return `"${s.replaceAll('"', '""')}"`;
  return s;
}

export function csvHeader(t: Table, delimiter: string): string {
  return t.names.map((n) => csvField(n, delimiter)).join(delimiter) + '\n';
}

function cellText(c: ColumnData, i: number, fmtDate: ((v: number) => string) | null): string {
  const v = c.values[i];
  if (c.kind === 'number') return Number.isNaN(v) ? '' : String(v);
  if (c.kind === 'datetime') return Number.isNaN(v) ? '' : fmtDate!(v as number);
  if (c.kind === 'boolean') return v === null ? '' : String(v);
  return (v as string | null) ?? '';
}

const formatters = new WeakMap<ColumnData, ((v: number) => string) | null>();
function dateFmt(c: ColumnData): ((v: number) => string) | null {
  if (c.kind !== 'datetime') return null;
  let f = formatters.get(c);
  if (f === undefined) {
    f = datetimeFormatter(c);
    formatters.set(c, f);
  }
  return f;
}

export function csvLines(t: Table, from: number, to: number, delimiter: string): string {
  const fmts = t.columns.map(dateFmt);
  const lines: string[] = [];
  for (let i = from; i < to; i++) {
    lines.push(t.columns.map((c, j) => csvField(cellText(c, i, fmts[j]!), delimiter)).join(delimiter));
  }
  return lines.join('\n') + '\n';
}

export function jsonLines(t: Table, from: number, to: number): string {
  const fmts = t.columns.map(dateFmt);
  const lines: string[] = [];
  for (let i = from; i < to; i++) {
    const row: Record<string, number | string | boolean | null> = {};
    t.columns.forEach((c, j) => {
      const v = c.values[i]!;
      const name = t.names[j]!;
      if (c.kind === 'number') row[name] = Number.isNaN(v) ? null : (v as number);
      else if (c.kind === 'datetime') row[name] = Number.isNaN(v) ? null : fmts[j]!(v as number);
      else row[name] = v as string | boolean | null;
    });
    lines.push(JSON.stringify(row));
  }
  return lines.join('\n') + '\n';
}

/** The table as CSV (or TSV) text, formatted exactly as writeTable writes the file (e.g. for stdout). */
export function formatCsv(table: Table, delimiter = ','): string {
  return csvHeader(table, delimiter) + csvLines(table, 0, table.rowCount, delimiter);
}
