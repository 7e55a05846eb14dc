/** A table as CSV/TSV or JSON Lines text, as the writers write it (no file system: the browser formats downloads with it). */
import type { ColumnData, Table } from './table.js';

const DAY_MS = 86_400_000;

/** Datetimes as ISO 8601; a column of whole days is written as bare dates. */
function datetimeFormatter(c: ColumnData): (v: number) => string {
  const v = c.values as Float64Array;
  let wholeDays = true;
  for (let i = 0; i < v.length && wholeDays; i++) if (!Number.isNaN(v[i]!) && v[i]! % DAY_MS !== 0) wholeDays = false;
  return wholeDays ? (x) => new Date(x).toISOString().slice(0, 10) : (x) => new Date(x).toISOString();
}

function csvField(s: string, delimiter: string): string {
  // RFC 4180 quoting, plus leading/trailing spaces so readers that trim don't change the value.
  if (s.includes(delimiter) || s.includes('"') || s.includes('\n') || s.includes('\r') || s !== s.trim()) return `"${s.replaceAll('"', '""')}"`;
  return s;
}

export function csvHeader(t: Table, delimiter: string): string {
  return t.names.map((n) => csvField(n, delimiter)).join(delimiter) + '\n';
}

function cellText(c: ColumnData, i: number, fmtDate: ((v: number) => string) | null): string {
  const v = c.values[i];
  if (c.kind === 'number') return Number.isNaN(v) ? '' : String(v);
  if (c.kind === 'datetime') return Number.isNaN(v) ? '' : fmtDate!(v as number);
  if (c.kind === 'boolean') return v === null ? '' : String(v);
  return (v as string | null) ?? '';
}

const formatters = new WeakMap<ColumnData, ((v: number) => string) | null>();
function dateFmt(c: ColumnData): ((v: number) => string) | null {
  if (c.kind !== 'datetime') return null;
  let f = formatters.get(c);
  if (f === undefined) {
    f = datetimeFormatter(c);
    formatters.set(c, f);
  }
  return f;
}

export function csvLines(t: Table, from: number, to: number, delimiter: string): string {
  const fmts = t.columns.map(dateFmt);
  const lines: string[] = [];
  for (let i = from; i < to; i++) {
    lines.push(t.columns.map((c, j) => csvField(cellText(c, i, fmts[j]!), delimiter)).join(delimiter));
  }
  return lines.join('\n') + '\n';
}

export function jsonLines(t: Table, from: number, to: number): string {
  const fmts = t.columns.map(dateFmt);
  const lines: string[] = [];
  for (let i = from; i < to; i++) {
    const row: Record<string, number | string | boolean | null> = {};
    t.columns.forEach((c, j) => {
      const v = c.values[i]!;
      const name = t.names[j]!;
      if (c.kind === 'number') row[name] = Number.isNaN(v) ? null : (v as number);
      else if (c.kind === 'datetime') row[name] = Number.isNaN(v) ? null : fmts[j]!(v as number);
      else row[name] = v as string | boolean | null;
    });
    lines.push(JSON.stringify(row));
  }
  return lines.join('\n') + '\n';
}

/** The table as CSV (or TSV) text, formatted exactly as writeTable writes the file (e.g. for stdout). */
export function formatCsv(table: Table, delimiter = ','): string {
  return csvHeader(table, delimiter) + csvLines(table, 0, table.rowCount, delimiter);
}
