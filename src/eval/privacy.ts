/**
 * Privacy checks against the training rows.
 *
 * Distance to closest record (DCR): for every synthetic row the distance to its nearest training
 * row, compared with the same distance for real holdout rows the generator never saw (the baseline
 * a good generator should match; see e.g. Zhao et al., "CTAB-GAN", 2021, and SDMetrics'
 * DCRBaselineProtection). Distance: Euclidean over continuous columns standardised with the
 * training mean/std, plus 1 (squared) per categorical mismatch, so a category mismatch weighs like
 * one standard deviation; a missing number counts as the mean and as a categorical "missing" flag.
 * A synthetic share closer to the training data than the holdout's 5th percentile well above 5 %
 * suggests memorisation. The exact nearest-neighbour search (pruned, multi-threaded) lives in
 * nearest-neighbour.ts / nearest-parallel.ts.
 *
 * Exact copy rate: share of rows identical (every cell) to some training row; the holdout's rate
 * is the baseline (real data can contain duplicates).
 */
import type { Table } from '../data/table.js';
import type { Rng } from '../util/rng.js';
import { copyIndex, type CopyIndex } from '../data/copy-index.js';
import { categoryKeys, type ColumnInfo } from './columns.js';
import type { EncodedRows } from './nearest-neighbour.js';
import { nearestDistances } from '#nearest';
import { subsampleRows } from './sampling.js';
import { quantileSorted } from './stats.js';

export interface DistanceSummary {
  median: number;
  p5: number;
}

export interface DcrResult {
  synthetic_to_train: DistanceSummary;
  holdout_to_train: DistanceSummary | null;
  /** Share of synthetic rows whose DCR is below the holdout's 5th percentile (≈ 0.05 when private). */
  share_closer_than_holdout_p5: number | null;
  rows_train: number;
  rows_synthetic: number;
  rows_holdout: number;
}

export interface ExactCopyRate {
  /** Share of synthetic rows identical to some training row. */
  synthetic: number;
  /** The same share for holdout rows (baseline); null without a holdout. */
  holdout: number | null;
}

type Encoded = EncodedRows;

function hasMissing(tables: readonly Table[], name: string): boolean {
  return tables.some((t) => (t.columns[t.names.indexOf(name)]!.values as Float64Array).some((x) => Number.isNaN(x)));
}

/** `all` = every table that will be encoded: a missing flag is kept only for columns missing somewhere. */
function encoder(train: Table, columns: readonly ColumnInfo[], all: readonly Table[]): { p: number; q: number; encode: (t: Table, rows: Uint32Array) => Encoded } {
  const cont = columns.filter((c) => c.kind === 'continuous');
  const cat = columns.filter((c) => c.kind === 'categorical');
  const stats = cont.map((c) => {
    const v = train.columns[train.names.indexOf(c.name)]!.values as Float64Array;
    let n = 0, s = 0, s2 = 0;
    for (const x of v) if (!Number.isNaN(x)) { n++; s += x; }
    const m = n ? s / n : 0;
    for (const x of v) if (!Number.isNaN(x)) s2 += (x - m) ** 2;
    const sd = n > 1 ? Math.sqrt(s2 / (n - 1)) : 0;
    return { m, inv: sd > 0 ? 1 / sd : 1 };
  });
  const dicts = cat.map(() => new Map<string, number>());
  const p = cont.length;
  // One missing-flag code per continuous column that has missing values in some table.
  const flagAt = new Int32Array(cont.length).fill(-1);
  let q = cat.length;
  cont.forEach((c, j) => { if (hasMissing(all, c.name)) flagAt[j] = q++; });
  const encode = (t: Table, rows: Uint32Array): Encoded => {
    const n = rows.length;
    const z = new Float64Array(n * p);
    const c = new Int32Array(n * q);
    cont.forEach((col, j) => {
      const v = t.columns[t.names.indexOf(col.name)]!.values as Float64Array;
      const { m, inv } = stats[j]!;
      for (let i = 0; i < n; i++) {
        const x = v[rows[i]!]!;
        if (Number.isNaN(x)) c[i * q + flagAt[j]!] = 1;
        else z[i * p + j] = (x - m) * inv;
      }
    });
    cat.forEach((col, j) => {
      const keys = categoryKeys(t.columns[t.names.indexOf(col.name)]!);
      const dict = dicts[j]!;
      for (let i = 0; i < n; i++) {
        const key = keys[rows[i]!]!;
        let code = dict.get(key);
        if (code === undefined) { code = dict.size; dict.set(key, code); }
        c[i * q + j] = code;
      }
    });
    return { z, c, n };
  };
  return { p, q, encode };
}

function summary(sorted: Float64Array): DistanceSummary {
  return { median: quantileSorted(sorted, 0.5), p5: quantileSorted(sorted, 0.05) };
}

export interface DcrOptions {
  /** Rows per table beyond which a seeded subsample is used (cost is rows_query × rows_train). */
  maxRows?: number;
  /** Threads for the nearest-neighbour search (default: up to 4, when the work is large). */
  threads?: number;
}

export function distanceToClosestRecord(
  train: Table, synthetic: Table, holdout: Table | undefined, columns: readonly ColumnInfo[], rng: Rng, opts: DcrOptions = {},
): DcrResult {
  const max = opts.maxRows ?? 10_000;
  const enc = encoder(train, columns, holdout ? [train, synthetic, holdout] : [train, synthetic]);
  const tr = enc.encode(train, subsampleRows(train.rowCount, max, rng));
  const sy = enc.encode(synthetic, subsampleRows(synthetic.rowCount, max, rng));
  const dSyn = nearestDistances(sy, tr, enc.p, enc.q, opts.threads).sort();
  let dHold: Float64Array | null = null;
  let rowsHoldout = 0;
  if (holdout) {
    const ho = enc.encode(holdout, subsampleRows(holdout.rowCount, max, rng));
    rowsHoldout = ho.n;
    dHold = nearestDistances(ho, tr, enc.p, enc.q, opts.threads).sort();
  }
  let share: number | null = null;
  if (dHold) {
    const p5 = quantileSorted(dHold, 0.05);
    let closer = 0;
    for (const d of dSyn) if (d < p5) closer++;
    share = closer / dSyn.length;
  }
  return {
    synthetic_to_train: summary(dSyn),
    holdout_to_train: dHold ? summary(dHold) : null,
    share_closer_than_holdout_p5: share,
    rows_train: tr.n,
    rows_synthetic: sy.n,
    rows_holdout: rowsHoldout,
  };
}

// The exact-copy index is the data layer's (sampling refuses copies with it too).
export { copyIndex, type CopyIndex };

function copyRate(index: CopyIndex, t: Table): number {
  return t.rowCount ? index.copies(t).reduce((s, c) => s + c, 0) / t.rowCount : 0;
}

/** Exact copy rates over all rows (hashing, no subsampling). */
export function exactCopyRate(train: Table, synthetic: Table, holdout: Table | undefined, columns: readonly ColumnInfo[]): ExactCopyRate {
  const index = copyIndex(train, columns);
  return { synthetic: copyRate(index, synthetic), holdout: holdout ? copyRate(index, holdout) : null };
}
