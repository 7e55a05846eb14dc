/**
 * Rejection sampling for conditions the conditional vector cannot express (continuous ranges,
 * predicates over several columns): generate batches, keep the rows that satisfy the predicate.
 */
import { DataError } from '../util/errors.js';
import { cellAt, makeTable, takeRows, type Cell, type ColumnData, type Table } from './table.js';

export type RowPredicate = (row: Readonly<Record<string, Cell>>) => boolean;

export interface RejectionOptions {
  /** Rows wanted. */
  count: number;
  /** Produces `n` candidate rows (e.g. generator samples after inverseTransform). */
  generate: (n: number) => Table | Promise<Table>;
  /** Rows to keep, judged one at a time (default: all). */
  predicate?: RowPredicate;
  /** Rows to drop, judged a whole batch at a time: 1 drops the row (e.g. exact copies of training rows). */
  reject?: (t: Table) => ArrayLike<number>;
  /** Candidates per batch (default: max(count, 1000)). */
  batchSize?: number;
  /** Give up after this many candidates in total (default 100 × count, at least 100,000). */
  maxCandidates?: number;
}

function rowObject(t: Table, i: number): Record<string, Cell> {
  const row: Record<string, Cell> = {};
  t.names.forEach((n, j) => (row[n] = cellAt(t.columns[j]!, i)));
  return row;
}

function concat(parts: Table[]): Table {
  const first = parts[0]!;
  const cols = first.columns.map((c, j): ColumnData => {
    if (c.kind === 'number' || c.kind === 'datetime') {
      const total = parts.reduce((s, p) => s + p.rowCount, 0);
      const v = new Float64Array(total);
      let at = 0;
      for (const p of parts) {
        v.set(p.columns[j]!.values as Float64Array, at);
        at += p.rowCount;
      }
      return { kind: c.kind, values: v };
    }
    return { kind: c.kind, values: parts.flatMap((p) => p.columns[j]!.values as unknown[]) } as ColumnData;
  });
  return makeTable(first.names, cols);
}

export async function rejectionSample(opts: RejectionOptions): Promise<Table> {
  const batch = opts.batchSize ?? Math.max(opts.count, 1000);
  const limit = opts.maxCandidates ?? Math.max(100 * opts.count, 100_000);
  const kept: Table[] = [];
  let have = 0;
  let tried = 0;
  while (have < opts.count) {
    if (tried >= limit) {
      throw new DataError(
        'DATA_CONDITION_TOO_RARE',
        `only ${have} of ${tried} generated rows satisfied the condition (${opts.count} wanted)`,
        {},
        'loosen the condition, or condition on a categorical column so the generator targets it directly',
      );
    }
    const t = await opts.generate(batch);
    tried += t.rowCount;
    const idx: number[] = [];
    const dropped = opts.reject?.(t);
    for (let i = 0; i < t.rowCount && have + idx.length < opts.count; i++) {
      if (!dropped?.[i] && (!opts.predicate || opts.predicate(rowObject(t, i)))) idx.push(i);
    }
    if (idx.length) {
      kept.push(idx.length === t.rowCount ? t : takeRows(t, idx));
      have += idx.length;
    }
  }
  return kept.length === 1 ? kept[0]! : concat(kept);
}

const OPS = ['>=', '<=', '!=', '=', '>', '<'] as const;

/**
 * Parses `column<op>value` conditions such as `petal_length>2` or `species!=setosa` into a
 * predicate (numbers compare numerically, everything else as text).
 */
export function parseCondition(expr: string, columns: readonly string[]): RowPredicate {
  for (const op of OPS) {
    const at = expr.indexOf(op);
    if (at <= 0) continue;
    const column = expr.slice(0, at).trim();
    const text = expr.slice(at + op.length).trim();
    if (!columns.includes(column)) {
      throw new DataError('DATA_UNKNOWN_COLUMN', `condition "${expr}" names no column of the table`, { column }, `columns are: ${columns.join(', ')}`);
    }
    const num = Number(text);
    const numeric = text !== '' && Number.isFinite(num);
    return (row) => {
      const v = row[column];
      if (v === null || v === undefined) return op === '!=';
      const a = typeof v === 'number' && numeric ? v : String(v);
      const b = typeof v === 'number' && numeric ? num : text;
      switch (op) {
        case '=':
          return a === b;
        case '!=':
          return a !== b;
        case '>':
          return a > b;
        case '<':
          return a < b;
        case '>=':
          return a >= b;
        case '<=':
          return a <= b;
      }
    };
  }
  throw new DataError('DATA_BAD_CONDITION', `cannot read condition "${expr}"`, {}, 'write column=value, column>number, column<=number, …');
}
