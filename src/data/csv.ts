/**
 * Streaming CSV/TSV reader: bytes → strict UTF-8 text → csv-parse records → typed columns.
 * The file is never held whole in memory as text: numeric columns are parsed as they stream in (see text-column.ts).
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { parse, CsvError } from 'csv-parse';
import { DataError } from '../util/errors.js';
import { TextColumnBuilder } from './text-column.js';
import { makeTable, type Table } from './table.js';
import { checkHeader } from './header.js';
import { StrictUtf8 } from './utf8-stream.js';

export interface CsvOptions {
  /** Field separator; default: guessed from the header line among , tab ; | (',' when unsure, tab for .tsv). */
  delimiter?: string;
}

const CANDIDATES = [',', '\t', ';', '|'];

/** Longest field read (16M characters): longer is never a table cell, and would end up in the model file twice. */
export const MAX_FIELD_CHARS = 16 << 20;

/**
 * Guesses the delimiter from the first line when none is given: the candidate that occurs most
 * often outside quotes, preferring ',' on ties (so "a;b" files from European spreadsheets and
 * tab-separated .txt files read without options).
 */
async function sniffDelimiter(file: string, fallback: string): Promise<string> {
  const fh = await open(file, 'r').catch(() => null);
  if (!fh) return fallback;
  try {
    const buf = Buffer.alloc(65536);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const text = buf.subarray(0, bytesRead).toString('utf8');
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
  } finally {
    await fh.close();
  }
}

export async function readCsv(file: string, opts: CsvOptions = {}): Promise<Table> {
  const fallback = file.toLowerCase().endsWith('.tsv') ? '\t' : ',';
  const delimiter = opts.delimiter ?? (await sniffDelimiter(file, fallback));
  let header: string[] | null = null;
  let cells: TextColumnBuilder[] = [];
  // 1-based file line of each data row (quoted fields can span lines), for error messages.
  let rowLines = new Uint32Array(1024);
  let rowCount = 0;
  const decoder = new StrictUtf8(file, delimiter, () => header ?? []);
  const parser = parse({ delimiter, info: true, relax_column_count: true, skip_empty_lines: true, bom: true, max_record_size: MAX_FIELD_CHARS });
  let lastRecordLine = 0;
  parser.on('data', (rec: { record: string[]; info: { lines: number } }) => {
    const fields = rec.record;
    lastRecordLine = rec.info.lines;
    if (header === null) {
      try {
        header = checkHeader(fields, file);
      } catch (e) {
        parser.destroy(e as Error);
        return;
      }
      cells = header.map(() => new TextColumnBuilder());
      return;
    }
    const line = rec.info.lines;
    if (fields.length !== header.length) {
      const short = fields.length < header.length;
      parser.destroy(
        new DataError(
          'DATA_RAGGED_ROW',
          `row has ${fields.length} fields but the header has ${header.length}`,
          { file, row: line, column: short ? header[fields.length]! : `#${fields.length}` },
          short ? 'fill the missing fields (an empty field means a missing value)' : 'remove the extra fields or quote values that contain the delimiter',
        ),
      );
      return;
    }
    for (let j = 0; j < fields.length; j++) cells[j]!.push(fields[j]!);
    if (rowCount === rowLines.length) {
      const grown = new Uint32Array(rowLines.length * 2);
      grown.set(rowLines);
      rowLines = grown;
    }
    rowLines[rowCount++] = line;
  });
  try {
    await pipeline(createReadStream(file), decoder, parser);
  } catch (e) {
    throw translate(e, file, header, lastRecordLine);
  }
  if (header === null) {
    throw new DataError('DATA_EMPTY_FILE', 'the file is empty', { file, row: 1 }, 'a CSV needs a header row and at least one data row');
  }
  const names: string[] = header;
  if (rowCount === 0) {
    throw new DataError('DATA_NO_ROWS', 'the file has a header but no data rows', { file, row: 2, column: names[0] }, 'add at least one data row');
  }
  const columns = names.map((name, j) => cells[j]!.finish({ file, column: name, rowOf: (i) => rowLines[i]! }));
  return makeTable(names, columns);
}

function translate(e: unknown, file: string, header: readonly string[] | null, lastRecordLine: number): unknown {
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
