/** One entry point for reading a table from any supported file format. */
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { DataError } from '../util/errors.js';
import { readCsv } from './csv.js';
import { readJson, readJsonl } from './json.js';
import { readParquet } from './parquet.js';
import { readXlsx } from './xlsx.js';
import type { Table } from './table.js';

export type ReadFormat = 'csv' | 'tsv' | 'json' | 'jsonl' | 'xlsx' | 'parquet';

export interface ReadOptions {
  /** Excel only: sheet name or 1-based number (default: the first sheet). */
  sheet?: string | number;
  /** CSV/TSV/TXT only: field separator (default: guessed from the header line among , tab ; |). */
  delimiter?: string;
  /** Overrides the format implied by the file extension. */
  format?: ReadFormat;
}

const BY_EXTENSION: Record<string, ReadFormat> = {
  '.csv': 'csv',
  '.txt': 'csv',
  '.tsv': 'tsv',
  '.json': 'json',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.xlsx': 'xlsx',
  '.parquet': 'parquet',
};

export { writeTable, type WriteFormat, type WriteOptions } from './write.js';

export async function readTable(path: string, opts: ReadOptions = {}): Promise<Table> {
  const format = opts.format ?? BY_EXTENSION[extname(path).toLowerCase()];
  if (!format) {
    throw new DataError('DATA_UNKNOWN_FORMAT', `cannot tell the file format from "${extname(path) || '(no extension)'}"`, { file: path }, 'use .csv, .tsv, .txt, .json, .jsonl, .ndjson, .xlsx or .parquet, or pass format');
  }
  const info = await stat(path).catch(() => null);
  if (!info) throw new DataError('DATA_NO_FILE', 'file not found', { file: path }, 'check the path');
  if (!info.isFile()) throw new DataError('DATA_NOT_A_FILE', 'not a regular file', { file: path }, 'pass the path of a data file');
  switch (format) {
    case 'csv':
      return readCsv(path, opts.delimiter !== undefined ? { delimiter: opts.delimiter } : {});
    case 'tsv':
      return readCsv(path, { delimiter: opts.delimiter ?? '\t' });
    case 'json':
      return readJson(path);
    case 'jsonl':
      return readJsonl(path);
    case 'xlsx':
      return readXlsx(path, opts.sheet !== undefined ? { sheet: opts.sheet } : {});
    case 'parquet':
      return readParquet(path);
  }
}
