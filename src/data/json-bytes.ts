/** JSON (an array of row objects) from bytes in memory; the row collector JSON Lines shares (no file system). */
import { DataError } from '../util/errors.js';
import { columnFromValues } from './cells.js';
import { makeTable, type Table } from './table.js';

export /** Collects row objects into columns; a key first seen late gets missing values before it. */
class RowCollector {
  readonly names: string[] = [];
  private readonly cells = new Map<string, unknown[]>();
  readonly rowNumbers: number[] = [];

  constructor(private readonly file: string) {}

  add(obj: unknown, row: number): void {
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
      throw new DataError('DATA_NOT_AN_OBJECT', 'each row must be a JSON object like {"column": value}', { file: this.file, row }, 'write one object per row');
    }
    const n = this.rowNumbers.length;
    for (const [k, v] of Object.entries(obj)) {
      let col = this.cells.get(k);
      if (!col) {
        col = new Array<unknown>(n).fill(null);
        this.cells.set(k, col);
        this.names.push(k);
      }
      col.push(v);
    }
    this.rowNumbers.push(row);
    for (const col of this.cells.values()) if (col.length === n) col.push(null);
  }

  table(): Table {
    if (this.rowNumbers.length === 0) {
      throw new DataError('DATA_NO_ROWS', 'the file has no rows', { file: this.file, row: 1 }, 'add at least one row object');
    }
    const columns = this.names.map((name) =>
      columnFromValues(this.cells.get(name)!, { file: this.file, column: name, rowOf: (i) => this.rowNumbers[i]! }),
    );
    return makeTable(this.names, columns);
  }
}

function notUtf8(file: string, row: number): DataError {
  return new DataError('DATA_NOT_UTF8', 'the file is not valid UTF-8 text', { file, row }, 'save the file as UTF-8');
}

export function jsonFromBytes(bytes: Uint8Array, file: string): Table {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const lenient = new TextDecoder('utf-8').decode(bytes);
    throw notUtf8(file, lenient.slice(0, lenient.indexOf('\uFFFD')).split('\n').length);
  }
  if (text.trim() === '') throw new DataError('DATA_EMPTY_FILE', 'the file is empty', { file, row: 1 }, 'write an array of row objects');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new DataError('DATA_BAD_JSON', `not valid JSON (${(e as Error).message})`, { file }, 'check the syntax, or use .jsonl for one object per line');
  }
  if (!Array.isArray(doc)) throw new DataError('DATA_NOT_AN_ARRAY', 'the top level must be an array of row objects', { file }, 'write [{"a": 1}, {"a": 2}]');
  const rows = new RowCollector(file);
  // Rows are numbered from 1 in the array (there is no header line in JSON).
  doc.forEach((obj, i) => rows.add(obj, i + 1));
  return rows.table();
}

