/**
 * Turning one column of raw cells (text from CSV, typed values from JSON/Excel/Parquet) into a
 * typed `ColumnData`. Every reader goes through here, so all formats agree on what a number,
 * a boolean, a date and a missing value are.
 */
import { DataError } from '../util/errors.js';
import type { ColumnData } from './table.js';

/** Where a column came from, for error messages: 1-based file row of the i-th data cell. */
export interface CellOrigin {
  file: string;
  column: string;
  rowOf: (i: number) => number;
}

// Plain decimal / scientific notation only: Number() would also accept '0x1F', '  ' and 'Infinity'.
const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE_RE = /^[+-]?(?:inf|infinity|nan)$/i;
const BOOLEAN_RE = /^(?:true|false)$/i;
// ISO 8601 date or date-time (what our writers emit, and what spreadsheets/pandas export).
const ISO_DATE_RE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

export function parseIsoDate(s: string): number {
  // A bare date or a date-time without offset is read as UTC, so files mean the same on every machine.
  let t = s.replace(' ', 'T');
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) t += 'T00:00:00Z';
  else if (!/(?:Z|[+-]\d{2}:?\d{2})$/.test(t)) t += 'Z';
  return Date.parse(t);
}

function nonFiniteError(origin: CellOrigin, i: number, text: string): DataError {
  return new DataError(
    'DATA_NON_FINITE',
    `value "${text}" is not a finite number`,
    { file: origin.file, row: origin.rowOf(i), column: origin.column },
    'write missing values as an empty field, and replace infinities with a large finite value or remove the row',
  );
}

/** A column from text cells: '' is missing; numbers, booleans and ISO dates are recognised when every non-empty cell is one. */
export function columnFromText(cells: readonly string[], origin: CellOrigin): ColumnData {
  const n = cells.length;
  let numbers = true;
  let booleans = true;
  let dates = true;
  let firstNonFinite = -1;
  for (let i = 0; i < n; i++) {
    const s = cells[i]!.trim();
    if (s === '') continue;
    if (numbers && !NUMBER_RE.test(s)) {
      if (NON_FINITE_RE.test(s)) {
        if (firstNonFinite < 0) firstNonFinite = i;
      } else numbers = false;
    }
    if (booleans && !BOOLEAN_RE.test(s)) booleans = false;
    if (dates && !(ISO_DATE_RE.test(s) && !Number.isNaN(parseIsoDate(s)))) dates = false;
    if (!numbers && !booleans && !dates) break;
  }
  if (numbers) {
    if (firstNonFinite >= 0) throw nonFiniteError(origin, firstNonFinite, cells[firstNonFinite]!.trim());
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const s = cells[i]!;
      v[i] = s.trim() === '' ? NaN : Number(s);
      // Decimal text beyond the double range (1e309) reads as ±Infinity: the same error as "Infinity".
      if (v[i] === Infinity || v[i] === -Infinity) throw nonFiniteError(origin, i, s.trim());
    }
    return { kind: 'number', values: v };
  }
  if (booleans) return { kind: 'boolean', values: cells.map((s) => (s.trim() === '' ? null : s.trim().toLowerCase() === 'true')) };
  if (dates) {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = cells[i]!.trim() === '' ? NaN : parseIsoDate(cells[i]!.trim());
    return { kind: 'datetime', values: v };
  }
  return { kind: 'string', values: cells.map((s) => (s === '' ? null : s)) };
}

/** A column from typed cells (JSON, Excel, Parquet). Strings go through the text rules so the formats agree. */
export function columnFromValues(cells: readonly unknown[], origin: CellOrigin): ColumnData {
  const n = cells.length;
  let sawNumber = false;
  let sawString = false;
  let sawBoolean = false;
  let sawDate = false;
  for (let i = 0; i < n; i++) {
    const c = cells[i];
    if (c === null || c === undefined) continue;
    if (typeof c === 'number' || typeof c === 'bigint') {
      // NaN in typed sources (Parquet from pandas) means missing; infinities are errors as in text.
      if (typeof c === 'number' && !Number.isFinite(c) && !Number.isNaN(c)) throw nonFiniteError(origin, i, String(c));
      sawNumber = true;
    } else if (typeof c === 'string') sawString = true;
    else if (typeof c === 'boolean') sawBoolean = true;
    else if (c instanceof Date) sawDate = true;
    else {
      throw new DataError(
        'DATA_NESTED_VALUE',
        `nested value ${preview(c)} is not a table cell`,
        { file: origin.file, row: origin.rowOf(i), column: origin.column },
        'flatten objects and arrays into separate columns before reading',
      );
    }
  }
  const kinds = Number(sawNumber) + Number(sawString) + Number(sawBoolean) + Number(sawDate);
  if (kinds === 0 || (kinds === 1 && sawNumber)) {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = cells[i] === null || cells[i] === undefined ? NaN : Number(cells[i]);
    return { kind: 'number', values: v };
  }
  if (kinds === 1 && sawBoolean) return { kind: 'boolean', values: cells.map((c) => (c === null || c === undefined ? null : (c as boolean))) };
  if (kinds === 1 && sawDate) {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = cells[i] instanceof Date ? (cells[i] as Date).getTime() : NaN;
    return { kind: 'datetime', values: v };
  }
  // Strings, or a mix of kinds: fall back to the text rules on each cell's text form.
  const text = cells.map((c) => (c === null || c === undefined ? '' : c instanceof Date ? c.toISOString() : String(c)));
  return columnFromText(text, origin);
}

/** The start of a nested value's JSON for a message; a value nested thousands deep is not stringified. */
function preview(c: unknown): string {
  try {
    return JSON.stringify(c).slice(0, 60);
  } catch {
    return Array.isArray(c) ? '[…]' : '{…}';
  }
}
