/**
 * Rejection sampling as a stream of blocks, so any number of rows can be generated in bounded
 * memory: the same batches as rejectionSample (for counts up to one block, the very same rows),
 * kept rows handed on in blocks of about `blockRows`.
 */
import { DataError } from '../util/errors.js';
import { cellAt, takeRows, type Cell, type Table } from './table.js';
import { concatTables, type RowPredicate } from './rejection.js';

export interface RejectionStreamOptions {
  count: number;
  generate: (n: number) => Table | Promise<Table>;
  predicate?: RowPredicate;
  /** 1 drops the row (e.g. an exact copy of a training row). */
  reject?: (t: Table) => ArrayLike<number>;
  /** Rows per generated batch and per block handed on (default 100,000). */
  blockRows?: number;
  /** Give up after this many candidates (default 100 × count, at least 100,000). */
  maxCandidates?: number;
}

function rowObject(t: Table, i: number): Record<string, Cell> {
  const row = Object.create(null) as Record<string, Cell>;
  t.names.forEach((n, j) => (row[n] = cellAt(t.columns[j]!, i)));
  return row;
}

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
  // As rejectionSample: batches of the count when only copies are dropped, else at least 1000.
  const first = Math.min(o.count, blockRows);
  const batch = o.predicate ? Math.max(first, 1000) : Math.max(first, 1);
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
