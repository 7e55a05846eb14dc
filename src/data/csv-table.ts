/**
 * CSV/TSV records → a typed table, with no file system: the record collector, the delimiter guess
 * and the translation of parser errors shared by the streaming file reader (csv.ts) and the reader
 * of bytes in memory (csv-bytes.ts, which the studio uses in a browser).
 */
import { CsvError } from '#csv-parse-sync';
import { DataError } from '../util/errors.js';
import { TextColumnBuilder } from './text-column.js';
import { makeTable, type Table } from './table.js';
import { checkHeader } from './header.js';

const CANDIDATES = [',', '\t', ';', '|'];

/** Longest field read (16M characters): longer is never a table cell, and would end up in the model file twice. */
export const MAX_FIELD_CHARS = 16 << 20;

/** csv-parse's options for reading a table (records with their line numbers). */
export const csvParseOptions = (delimiter: string) => ({ delimiter, info: true, relax_column_count: true, skip_empty_lines: true, bom: true, max_record_size: MAX_FIELD_CHARS }) as const;

/**
 * Guesses the delimiter from the first line of `text` (the file's start): the candidate that occurs
 * most often outside quotes, preferring ',' on ties (so "a;b" files from European spreadsheets and
 * tab-separated .txt files read without options).
 */
export function sniffDelimiterIn(text: string, fallback: string): string {
  const counts = new Map(CANDIDATES.map((c) => [c, 0]));
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = fallback;
  for (const c of CANDIDATES) if (counts.get(c)! > (counts.get(best) ?? 0)) best = c;
  return best;
}

/** Collects parsed records (header first) into typed columns; `add` throws DataError on a ragged row. */
export class CsvCollector {
  header: string[] | null = null;
  private cells: TextColumnBuilder[] = [];
  // 1-based file line of each data row (quoted fields can span lines), for error messages.
  private rowLines = new Uint32Array(1024);
  private rowCount = 0;
  lastRecordLine = 0;

  constructor(private readonly file: string) {}

  add(fields: string[], line: number): void {
    const file = this.file;
    this.lastRecordLine = line;
    if (this.header === null) {
      this.header = checkHeader(fields, file);
      this.cells = this.header.map(() => new TextColumnBuilder());
      return;
    }
    const header = this.header;
    if (fields.length !== header.length) {
      const short = fields.length < header.length;
      throw new DataError(
        'DATA_RAGGED_ROW',
        `row has ${fields.length} fields but the header has ${header.length}`,
        { file, row: line, column: short ? header[fields.length]! : `#${fields.length}` },
        short ? 'fill the missing fields (an empty field means a missing value)' : 'remove the extra fields or quote values that contain the delimiter',
      );
    }
    for (let j = 0; j < fields.length; j++) this.cells[j]!.push(fields[j]!);
    if (this.rowCount === this.rowLines.length) {
      const grown = new Uint32Array(this.rowLines.length * 2);
      grown.set(this.rowLines);
      this.rowLines = grown;
    }
    this.rowLines[this.rowCount++] = line;
  }

  finish(): Table {
    const file = this.file;
    if (this.header === null) {
      throw new DataError('DATA_EMPTY_FILE', 'the file is empty', { file, row: 1 }, 'a CSV needs a header row and at least one data row');
    }
    const names: string[] = this.header;
    if (this.rowCount === 0) {
      throw new DataError('DATA_NO_ROWS', 'the file has a header but no data rows', { file, row: 2, column: names[0] }, 'add at least one data row');
    }
    const rowLines = this.rowLines;
    const columns = names.map((name, j) => this.cells[j]!.finish({ file, column: name, rowOf: (i) => rowLines[i]! }));
    return makeTable(names, columns);
  }
}

/** A parser or reader error as the data layer's DataError, naming the row and column where known. */
export function translate(e: unknown, file: string, header: readonly string[] | null, lastRecordLine: number): unknown {
  if (e instanceof DataError) return e;
  if (e instanceof CsvError) {
    const ctx = e as CsvError & { lines?: number; index?: number };
    const col = header && ctx.index !== undefined ? header[ctx.index] : undefined;
    if (e.code === 'CSV_QUOTE_NOT_CLOSED') {
      // The parser only notices at the end of the file; the open quote is in the record after the last complete one.
      return new DataError('DATA_UNCLOSED_QUOTE', 'a quoted field is never closed', { file, row: lastRecordLine + 1, column: col }, 'close the quote, or double a literal quote inside a quoted field ("")');
    }
    if (e.code === 'CSV_MAX_RECORD_SIZE') {
      return new DataError('DATA_HUGE_FIELD', `a field longer than ${MAX_FIELD_CHARS / 2 ** 20}M characters (${header ? 'a cell' : 'in the header'}): not table data`, { file, row: ctx.lines ?? lastRecordLine + 1, column: col },
        'check the delimiter and quoting (an unclosed quote swallows the rest of the file), or shorten the value');
    }
    return new DataError('DATA_BAD_CSV', e.message.slice(0, 300), { file, row: ctx.lines, column: col }, 'check the quoting and delimiter of that row');
  }
  const err = e as NodeJS.ErrnoException;
  if (err && err.code === 'ENOENT') return new DataError('DATA_NO_FILE', 'file not found', { file }, 'check the path');
  return e;
}
