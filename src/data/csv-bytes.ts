/**
 * CSV/TSV from bytes in memory (a file picked in a browser, a fetched dataset): strict UTF-8 →
 * csv-parse (its synchronous parser) → the same record collector as the streaming file reader.
 */
import { parse } from '#csv-parse-sync';
import { DataError } from '../util/errors.js';
import type { Table } from './table.js';
import { csvParseOptions, CsvCollector, sniffDelimiterIn, translate } from './csv-table.js';

export interface CsvBytesOptions {
  /** Field separator; default: guessed from the header line among , tab ; | (',' when unsure, tab for a .tsv name). */
  delimiter?: string;
}

/** Strict UTF-8 text of `bytes`; a bad byte is reported with its row (and column, from the header line). */
export function utf8Text(bytes: Uint8Array, file: string, delimiter = ''): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const before = lenient.slice(0, lenient.indexOf('\uFFFD'));
    const row = before.split('\n').length;
    if (!delimiter) throw new DataError('DATA_NOT_UTF8', 'the file is not valid UTF-8 text', { file, row }, 'save the file as UTF-8');
    const names = lenient.split('\n')[0]!.replace(/^\uFEFF/, '').split(delimiter).map((n) => n.trim());
    const fieldIndex = before.slice(before.lastIndexOf('\n') + 1).split(delimiter).length - 1;
    throw new DataError('DATA_NOT_UTF8', 'the file is not valid UTF-8 text', { file, row, column: names[fieldIndex] ?? `#${fieldIndex + 1}` },
      'save the file as UTF-8 (e.g. "Save as… CSV UTF-8" in a spreadsheet)');
  }
}

export function csvFromBytes(bytes: Uint8Array, file: string, opts: CsvBytesOptions = {}): Table {
  const fallback = file.toLowerCase().endsWith('.tsv') ? '\t' : ',';
  const head = new TextDecoder('utf-8').decode(bytes.subarray(0, 65536));
  const delimiter = opts.delimiter ?? sniffDelimiterIn(head, fallback);
  const text = utf8Text(bytes, file, delimiter);
  const rows = new CsvCollector(file);
  try {
    const records = parse(text, csvParseOptions(delimiter)) as unknown as { record: string[]; info: { lines: number } }[];
    for (const rec of records) rows.add(rec.record, rec.info.lines);
  } catch (e) {
    throw translate(e, file, rows.header, rows.lastRecordLine);
  }
  return rows.finish();
}
