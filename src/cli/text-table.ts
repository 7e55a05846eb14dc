/** Aligned plain-text tables for the terminal (numbers right-aligned, rounded to what a reader needs). */

export type Cell = string | number | boolean | null | undefined;

/** Four significant digits, no exponent for everyday magnitudes, and ~0 shown as 0 on a column's scale. */
export function formatNumber(x: number | null | undefined, scale?: number): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return 'n/a';
  if (scale !== undefined && scale > 0) {
    // Decimals that resolve a thousandth of the column's magnitude (1.2e-16 on a ±2 column is 0.000).
    const decimals = Math.min(6, Math.max(0, 3 - Math.floor(Math.log10(scale))));
    const s = x.toFixed(decimals);
    return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
  }
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-4) return x.toExponential(2);
  return String(Number(x.toPrecision(4)));
}

function cellText(c: Cell): string {
  if (typeof c === 'number') return formatNumber(c);
  if (c === null || c === undefined) return 'n/a';
  return String(c);
}

const isNumeric = (s: string): boolean => /^[-+]?(\d|\.\d)/.test(s) || s === 'n/a';

/** Lines of a table: a header, a rule, one line per row; numeric columns right-aligned. */
export function textTable(head: readonly string[], rows: readonly (readonly Cell[])[], indent = '  '): string[] {
  const text = rows.map((r) => r.map(cellText));
  const widths = head.map((h, j) => Math.max(h.length, ...text.map((r) => (r[j] ?? '').length)));
  const right = head.map((_, j) => text.length > 0 && text.every((r) => isNumeric(r[j] ?? '')));
  const line = (cells: readonly string[]): string => indent + cells.map((c, j) => (right[j] ? c.padStart(widths[j]!) : c.padEnd(widths[j]!))).join('  ').trimEnd();
  return [line(head), indent + widths.map((w) => '─'.repeat(w)).join('  '), ...text.map(line)];
}

type Stats = Record<string, number | string | null>;
interface Described { column: string; kind: string; dtype?: string; real: object; synthetic: object }

const NUMERIC_STATS = ['count', 'missing', 'mean', 'std', 'min', 'p25', 'p50', 'p75', 'max', 'skewness', 'kurtosis'] as const;
const STAT_LABELS: Record<string, string> = { p25: '25%', p50: '50%', p75: '75%', kurtosis: 'excess kurtosis' };

/** describe() side by side: one small table per column (statistic, real, synthetic). */
export function describeTables(described: readonly Described[]): string[] {
  const out: string[] = [];
  for (const desc of described) {
    const d = desc as { column: string; kind: string; dtype?: string; real: Stats; synthetic: Stats };
    out.push(`  ${d.column} (${d.dtype === 'datetime' ? 'datetime, epoch ms' : d.kind})`);
    if (d.kind === 'continuous') {
      const scale = Math.max(Math.abs(Number(d.real['min'] ?? 0)), Math.abs(Number(d.real['max'] ?? 0))) || 1;
      const rows = NUMERIC_STATS.map((k) => {
        const shape = k === 'skewness' || k === 'kurtosis';
        const f = (v: number | string | null | undefined): string =>
          (typeof v !== 'number' ? cellText(v) : k === 'count' || k === 'missing' ? String(v) : formatNumber(v, shape ? 1 : scale));
        return [STAT_LABELS[k] ?? k, f(d.real[k]), f(d.synthetic[k])];
      });
      out.push(...textTable(['statistic', 'real', 'synthetic'], rows, '    '));
    } else {
      out.push(...textTable(['statistic', 'real', 'synthetic'], ['count', 'missing', 'unique', 'top', 'freq'].map((k) => [k, d.real[k], d.synthetic[k]]), '    '));
    }
  }
  return out;
}

/** A list of flat records (e.g. D accuracy per iteration) as a table with their keys as columns. */
export function recordsTable(records: readonly Record<string, Cell>[], labels: Record<string, string> = {}): string[] {
  const keys = [...new Set(records.flatMap((r) => Object.keys(r)))];
  // One number of decimals per column, so the digits line up.
  const decimals = keys.map((k) => Math.max(0, ...records.map((r) => {
    const v = r[k];
    return typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v) ? Math.min(3, (formatNumber(v).split('.')[1] ?? '').length) : 0;
  })));
  const rows = records.map((r) => keys.map((k, j) => {
    const v = r[k];
    return typeof v === 'number' && Number.isFinite(v) && decimals[j]! > 0 ? v.toFixed(decimals[j]) : v;
  }));
  return textTable(keys.map((k) => labels[k] ?? k), rows, '    ');
}
