/** Excel .xlsx reading and writing (read-excel-file / write-excel-file: small, maintained, pure JS). */
import readXlsxFile from 'read-excel-file/node';
import writeXlsxFile from 'write-excel-file/node';
import type { SheetData as WriteSheetData, Cell as WriteCell } from 'write-excel-file/node';
import { zipEntrySizes } from './zip-size.js';
import { DataError } from '../util/errors.js';
import { readWholeFile } from './whole-file.js';
import { columnFromValues } from './cells.js';
import { checkHeader } from './header.js';
import { makeTable, type Table } from './table.js';

export interface XlsxOptions {
  /** Sheet name or 1-based sheet number; default: the first sheet. */
  sheet?: string | number;
}

export async function readXlsx(file: string, opts: XlsxOptions = {}): Promise<Table> {
  const buf = await readWholeFile(file, 'an .xlsx needs a header row and at least one data row');
  checkExpandedSize(buf, file);
  let sheets: Awaited<ReturnType<typeof readXlsxFile>>;
  try {
    sheets = await readXlsxFile(buf);
  } catch (e) {
    throw new DataError('DATA_BAD_XLSX', `not a readable .xlsx file (${(e as Error).message})`, { file }, 'save it from a spreadsheet as "Excel Workbook (.xlsx)"; old .xls files are not supported');
  }
  // Sheets are looked up here rather than by the library so the error can list the sheet names.
  const names = sheets.map((s) => s.sheet);
  const wanted = opts.sheet ?? 1;
  const chosen = typeof wanted === 'number' ? sheets[wanted - 1] : sheets.find((s) => s.sheet === wanted);
  if (!chosen) {
    throw new DataError('DATA_NO_SHEET', `there is no sheet ${JSON.stringify(wanted)}`, { file }, `the workbook's sheets are: ${names.map((n) => JSON.stringify(n)).join(', ')}`);
  }
  const rows = chosen.data as unknown[][];
  const where = `${file} [sheet ${chosen.sheet}]`;
  if (rows.length === 0) throw new DataError('DATA_EMPTY_FILE', 'the sheet is empty', { file: where, row: 1 }, 'put a header row and data rows on the sheet');
  const header = checkHeader(trimTrailingNulls(rows[0]!), where);
  if (rows.length === 1) throw new DataError('DATA_NO_ROWS', 'the sheet has a header but no data rows', { file: where, row: 2, column: header[0] }, 'add at least one data row');
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!;
    for (let j = header.length; j < row.length; j++) {
      if (row[j] !== null && row[j] !== undefined) {
        throw new DataError('DATA_RAGGED_ROW', `row has a value beyond the last named column`, { file: where, row: r + 1, column: `#${j + 1}` }, 'name that column in the header row or delete the value');
      }
    }
  }
  const columns = header.map((name, j) =>
    columnFromValues(
      rows.slice(1).map((row) => snapDate(row[j] ?? null)),
      { file: where, column: name, rowOf: (i) => i + 2 },
    ),
  );
  return makeTable(header, columns);
}

/**
 * Excel stores date-times as fractional days since 1900; converting back can land 1 ms off a
 * whole second. Snap those to the second (sub-second values further away are kept as read).
 */
function snapDate(v: unknown): unknown {
  if (!(v instanceof Date)) return v;
  const t = v.getTime();
  const s = Math.round(t / 1000) * 1000;
  return Math.abs(t - s) <= 1 ? new Date(s) : v;
}

function trimTrailingNulls(row: readonly unknown[]): unknown[] {
  let end = row.length;
  while (end > 0 && (row[end - 1] === null || row[end - 1] === undefined)) end--;
  return row.slice(0, end);
}

/** Excel's sheet size limits (rows include the header). */
const EXCEL_MAX_ROWS = 1_048_576;
const EXCEL_MAX_COLUMNS = 16_384;

const RESERVED_TEXT = new Set(Object.getOwnPropertyNames(Object.prototype));

/** Writes one sheet named "data": a header row, then one row per table row (missing → empty cell). */
export async function xlsxBuffer(table: Table, file?: string): Promise<Buffer> {
  if (table.rowCount + 1 > EXCEL_MAX_ROWS || table.names.length > EXCEL_MAX_COLUMNS) {
    throw new DataError(
      'DATA_TOO_BIG_FOR_EXCEL',
      `${table.rowCount} rows × ${table.names.length} columns do not fit on an Excel sheet (at most ${EXCEL_MAX_ROWS - 1} data rows and ${EXCEL_MAX_COLUMNS} columns)`,
      { file },
      'write .csv or .parquet instead',
    );
  }
  // write-excel-file keeps shared strings in a plain object, so a cell "constructor" or
  // "toString" finds Object.prototype's member and the workbook comes out unreadable: refused.
  const reserved = (v: string | null): boolean => v !== null && RESERVED_TEXT.has(v);
  const bad = table.names.find(reserved) ?? table.columns.flatMap((c) => (c.kind === 'string' ? [(c.values as (string | null)[]).find(reserved)] : [])).find((v) => v !== undefined);
  if (bad !== undefined && bad !== null) {
    throw new DataError('DATA_XLSX_RESERVED_TEXT', `the .xlsx writer cannot store the text "${bad}" (it names a JavaScript built-in)`, { file }, 'write .csv, .jsonl or .parquet instead');
  }
  const data: WriteSheetData = [table.names.map((n): WriteCell => ({ value: n, type: String }))];
  for (let i = 0; i < table.rowCount; i++) {
    data.push(
      table.columns.map((c): WriteCell => {
        const v = c.values[i];
        if (c.kind === 'number') return Number.isNaN(v) ? null : { value: v as number, type: Number };
        if (c.kind === 'datetime') return Number.isNaN(v) ? null : { value: new Date(v as number), type: Date, format: 'yyyy-mm-dd hh:mm:ss' };
        if (c.kind === 'boolean') return v === null ? null : { value: v as boolean, type: Boolean };
        return v === null ? null : { value: v as string, type: String };
      }),
    );
  }
  return writeXlsxFile(data, { sheet: 'data' }).toBuffer();
}

/** Unpacked, a workbook is XML of about 50–100 bytes a cell: 512 MB is millions of cells. More is refused before inflating (zip bombs). */
export const MAX_XLSX_EXPANDED_BYTES = 512 << 20;

function checkExpandedSize(buf: Uint8Array, file: string): void {
  const entries = zipEntrySizes(buf);
  if (!entries) return;
  const total = entries.reduce((t, e) => t + e.bytes, 0);
  if (total > MAX_XLSX_EXPANDED_BYTES) {
    const biggest = entries.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    const mb = (n: number): string => (Number.isFinite(n) ? `${Math.round(n / 2 ** 20)} MB` : 'more than 4 GB');
    throw new DataError('DATA_XLSX_TOO_LARGE', `the workbook expands to ${mb(total)} (${biggest.name}: ${mb(biggest.bytes)}), more than the ${mb(MAX_XLSX_EXPANDED_BYTES)} read`, { file },
      'save the sheet as .csv (read as a stream) or split the workbook');
  }
}
