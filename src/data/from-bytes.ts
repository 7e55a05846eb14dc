/**
 * A table from a file's bytes in memory, by the file's name (no file system: the studio reads
 * picked and dropped files with it). The same readers as the CLI's, on bytes instead of paths.
 */
import { DataError } from '../util/errors.js';
import { csvFromBytes } from './csv-bytes.js';
import { jsonFromBytes } from './json-bytes.js';
import { parquetFromBytes } from './parquet-bytes.js';
import { xlsxFromBytes } from './xlsx-bytes.js';
import type { Table } from './table.js';

export const BYTES_FORMATS = ['.csv', '.tsv', '.txt', '.json', '.xlsx', '.parquet'] as const;

export async function tableFromBytes(bytes: Uint8Array, name: string): Promise<Table> {
  const ext = /\.[^.]*$/.exec(name.toLowerCase())?.[0] ?? '';
  if (bytes.length === 0) throw new DataError('DATA_EMPTY_FILE', 'the file is empty', { file: name, row: 1 }, 'pick a file with a header row and data rows');
  switch (ext) {
    case '.csv':
    case '.txt':
      return csvFromBytes(bytes, name);
    case '.tsv':
      return csvFromBytes(bytes, name, { delimiter: '\t' });
    case '.json':
      return jsonFromBytes(bytes, name);
    case '.xlsx':
      return xlsxFromBytes(bytes, name);
    case '.parquet':
      return parquetFromBytes(bytes, name);
    default:
      throw new DataError('DATA_UNKNOWN_FORMAT', `cannot tell the file format from "${ext || '(no extension)'}"`, { file: name }, `use ${BYTES_FORMATS.join(', ')}`);
  }
}
