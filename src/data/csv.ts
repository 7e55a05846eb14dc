/**
 * Streaming CSV/TSV reader: bytes → strict UTF-8 text → csv-parse records → typed columns.
 * The file is never held whole in memory as text: numeric columns are parsed as they stream in (see text-column.ts).
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import type { Table } from './table.js';
import { StrictUtf8 } from './utf8-stream.js';
import { csvParseOptions, CsvCollector, sniffDelimiterIn, translate } from './csv-table.js';

export { MAX_FIELD_CHARS } from './csv-table.js';

export interface CsvOptions {
  /** Field separator; default: guessed from the header line among , tab ; | (',' when unsure, tab for .tsv). */
  delimiter?: string;
}

/** The delimiter guessed from the file's first 64 KiB (see sniffDelimiterIn). */
async function sniffDelimiter(file: string, fallback: string): Promise<string> {
  const fh = await open(file, 'r').catch(() => null);
  if (!fh) return fallback;
  try {
    const buf = Buffer.alloc(65536);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return sniffDelimiterIn(buf.subarray(0, bytesRead).toString('utf8'), fallback);
  } finally {
    await fh.close();
  }
}

export async function readCsv(file: string, opts: CsvOptions = {}): Promise<Table> {
  const fallback = file.toLowerCase().endsWith('.tsv') ? '\t' : ',';
  const delimiter = opts.delimiter ?? (await sniffDelimiter(file, fallback));
  const rows = new CsvCollector(file);
  const decoder = new StrictUtf8(file, delimiter, () => rows.header ?? []);
  const parser = parse(csvParseOptions(delimiter));
  parser.on('data', (rec: { record: string[]; info: { lines: number } }) => {
    try {
      rows.add(rec.record, rec.info.lines);
    } catch (e) {
      parser.destroy(e as Error);
    }
  });
  try {
    await pipeline(createReadStream(file), decoder, parser);
  } catch (e) {
    throw translate(e, file, rows.header, rows.lastRecordLine);
  }
  return rows.finish();
}
