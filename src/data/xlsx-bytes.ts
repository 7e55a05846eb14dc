/**
 * Excel .xlsx from bytes in memory (read-excel-file's universal build: no file system), and the
 * sheet → table step the Node reader (xlsx.ts) shares.
 */
import readXlsxFile from 'read-excel-file/universal';
import { zipEntrySizes } from './zip-size.js';
import { DataError } from '../util/errors.js';
import { columnFromValues } from './cells.js';
import { checkHeader } from './header.js';
import { makeTable, type Table } from './table.js';

export interface XlsxOptions {
  /** Sheet name or 1-based sheet number; default: the first sheet. */
  sheet?: string | number;
}

type Sheets = Awaited<ReturnType<typeof readXlsxFile>>;

export async function xlsxFromBytes(buf: Uint8Array, file: string, opts: XlsxOptions = {}): Promise<Table> {
  checkExpandedSize(buf, file);
  let sheets: Sheets;
  try {
    sheets = await readXlsxFile(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
  } catch (e) {
    throw new DataError('DATA_BAD_XLSX', `not a readable .xlsx file (${(e as Error).message})`, { file }, 'save it from a spreadsheet as "Excel Workbook (.xlsx)"; old .xls files are not supported');
  }
  return tableFromSheets(sheets, file, opts);
}

/** The chosen sheet of a workbook as a table (header row, then data rows). */
export function tableFromSheets(sheets: readonly { sheet: string; data: unknown[][] }[], file: string, opts: XlsxOptions = {}): Table {
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

/** Unpacked, a workbook is XML of about 50–100 bytes a cell: 512 MB is millions of cells. More is refused before inflating (zip bombs). */
export const MAX_XLSX_EXPANDED_BYTES = 512 << 20;

export function checkExpandedSize(buf: Uint8Array, file: string): void {
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
