/** Excel .xlsx reading and writing (read-excel-file / write-excel-file: small, maintained, pure JS). */
import readXlsxFile from 'read-excel-file/node';
import writeXlsxFile from 'write-excel-file/node';
import type { SheetData as WriteSheetData, Cell as WriteCell } from 'write-excel-file/node';
import { DataError } from '../util/errors.js';
import { readWholeFile } from './whole-file.js';
import type { Table } from './table.js';
import { checkExpandedSize, tableFromSheets, type XlsxOptions } from './xlsx-bytes.js';

export { MAX_XLSX_EXPANDED_BYTES, type XlsxOptions } from './xlsx-bytes.js';

export async function readXlsx(file: string, opts: XlsxOptions = {}): Promise<Table> {
  const buf = await readWholeFile(file, 'an .xlsx needs a header row and at least one data row');
  checkExpandedSize(buf, file);
  let sheets: Awaited<ReturnType<typeof readXlsxFile>>;
  try {
    sheets = await readXlsxFile(buf);
  } catch (e) {
    throw new DataError('DATA_BAD_XLSX', `not a readable .xlsx file (${(e as Error).message})`, { file }, 'save it from a spreadsheet as "Excel Workbook (.xlsx)"; old .xls files are not supported');
  }
  return tableFromSheets(sheets as unknown as { sheet: string; data: unknown[][] }[], file, opts);
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

