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
  // No prototype: a column named __proto__ or constructor is an ordinary key.
  const row = Object.create(null) as Record<string, Cell>;
  t.names.forEach((n, j) => (row[n] = cellAt(t.columns[j]!, i)));
  return row;
}

/** Rows of several tables with the same columns, one after another. */
export function concatTables(parts: Table[]): Table {
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

export interface RejectionStreamOptions extends RejectionOptions {
  /** Rows per block handed on, and per generated batch unless batchSize says otherwise (default 100,000). */
  blockRows?: number;
}

/**
 * Rejection sampling as a stream of blocks, so any number of rows can be generated in bounded
 * memory: batches of min(count, blockRows) rows (at least 1000 with a predicate), kept rows handed
 * on in blocks of about `blockRows`.
 */
export async function* rejectionStream(o: RejectionStreamOptions): AsyncGenerator<Table> {
  const blockRows = Math.max(1, o.blockRows ?? 100_000);
  if (!o.predicate && !o.reject) {
    for (let done = 0; done < o.count; ) {
      const k = Math.min(blockRows, o.count - done);
      yield await o.generate(k);
      done += k;
    }
    return;
  }
  const first = Math.min(o.count, blockRows);
  const batch = o.batchSize ?? (o.predicate ? Math.max(first, 1000) : Math.max(first, 1));
  const limit = o.maxCandidates ?? Math.max(100 * o.count, 100_000);
  let have = 0;
  let tried = 0;
  let pending: Table[] = [];
  let pendingRows = 0;
  while (have < o.count) {
    if (tried >= limit) {
      throw new DataError('DATA_CONDITION_TOO_RARE', `only ${have} of ${tried} generated rows satisfied the condition (${o.count} wanted)`, {},
        'loosen the condition, or condition on a categorical column so the generator targets it directly');
    }
    const t = await o.generate(batch);
    tried += t.rowCount;
    const dropped = o.reject?.(t);
    const idx: number[] = [];
    for (let i = 0; i < t.rowCount && have + idx.length < o.count; i++) {
      if (!dropped?.[i] && (!o.predicate || o.predicate(rowObject(t, i)))) idx.push(i);
    }
    if (!idx.length) continue;
    pending.push(idx.length === t.rowCount ? t : takeRows(t, idx));
    pendingRows += idx.length;
    have += idx.length;
    if (pendingRows >= blockRows || have >= o.count) {
      yield pending.length === 1 ? pending[0]! : concatTables(pending);
      pending = [];
      pendingRows = 0;
    }
  }
}

/** All `count` rows at once: the stream as one block, in batches of max(count, 1000) unless batchSize says otherwise. */
export async function rejectionSample(opts: RejectionOptions): Promise<Table> {
  const blocks: Table[] = [];
  for await (const b of rejectionStream({ ...opts, blockRows: Math.max(opts.count, 1), batchSize: opts.batchSize ?? Math.max(opts.count, 1000) })) blocks.push(b);
  return blocks.length === 1 ? blocks[0]! : concatTables(blocks);
}

const OPS = ['>=', '<=', '!=', '=', '>', '<'] as const;
const BAD_CONDITION_HINT = 'write one comparison: column=value, column!=value, column>number, column<=number, … (no && or ||: use --where for categories and one --filter)';

/**
 * Parses one `column<op>value` condition such as `petal_length>2` or `species!=setosa` into a
 * predicate (numbers compare numerically, everything else as text). Anything else — two
 * comparisons joined by && or ||, a doubled or reversed operator, an empty side — is an error,
 * never a condition silently read some other way.
 */
export function parseCondition(expr: string, columns: readonly string[]): RowPredicate {
  const bad = (why: string): never => {
    throw new DataError('DATA_BAD_CONDITION', `cannot read condition "${expr}" (${why})`, {}, BAD_CONDITION_HINT);
  };
  if (expr.trim() === '') bad('it is empty');
  if (/&&|\|\|/.test(expr)) bad('only one comparison is supported');
  // The column is the longest known name the expression starts with (names may hold operator characters).
  const byLength = [...columns].sort((a, b) => b.length - a.length);
  let column: string | undefined;
  let rest = '';
  for (const c of byLength) {
    const trimmed = expr.trimStart();
    if (trimmed.startsWith(c) && OPS.some((o) => trimmed.slice(c.length).trimStart().startsWith(o))) {
      column = c;
      rest = trimmed.slice(c.length).trimStart();
      break;
    }
  }
  if (column === undefined) {
    const at = expr.search(/[<>=!]/);
    if (at <= 0) bad('no comparison operator (=, !=, <, <=, >, >=)');
    const named = expr.slice(0, at).trim();
    throw new DataError('DATA_UNKNOWN_COLUMN', `condition "${expr}" names no column of the table`, { column: named }, `columns are: ${columns.join(', ')}`);
  }
  const op = OPS.find((o) => rest.startsWith(o))!;
  const text = rest.slice(op.length).trim();
  if (text === '') bad('nothing after the operator');
  if (/^[<>=!]/.test(text)) bad(op === '=' && text.startsWith('>') ? 'did you mean >=?' : op === '=' && text.startsWith('<') ? 'did you mean <=?' : 'a doubled operator');
  const num = Number(text);
  const numeric = Number.isFinite(num);
  if ((op === '>' || op === '<' || op === '>=' || op === '<=') && /[<>=!]/.test(text)) bad('only one comparison is supported');
  const col = column;
  return (row) => {
    const v = row[col];
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

/** The column, operator and value of a condition parseCondition accepts (for checks against a schema). */
export function conditionParts(expr: string, columns: readonly string[]): { column: string; op: string; value: string } {
  parseCondition(expr, columns);
  const byLength = [...columns].sort((a, b) => b.length - a.length);
  const trimmed = expr.trimStart();
  const column = byLength.find((c) => trimmed.startsWith(c) && OPS.some((o) => trimmed.slice(c.length).trimStart().startsWith(o)))!;
  const rest = trimmed.slice(column.length).trimStart();
  const op = OPS.find((o) => rest.startsWith(o))!;
  return { column, op, value: rest.slice(op.length).trim() };
}
