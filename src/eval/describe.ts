/**
 * The side-by-side summary table (real vs synthetic, per column), like pandas
 * `DataFrame.describe()`: for continuous columns count, mean, std (ddof = 1), min, 25/50/75 %
 * (linear interpolation), max, plus skewness and excess kurtosis (see stats.ts); for categorical
 * columns count (non-missing), unique, top (most frequent; ties go to the first seen) and freq.
 */
import type { ColumnData } from '../data/table.js';
import { categoryKeys, MISSING_KEY } from './columns.js';
import { jsonNumber } from './json.js';
import { moments, quantileSorted, sortedFinite } from './stats.js';

export interface NumericDescription {
  count: number;
  missing: number;
  mean: number | null;
  std: number | null;
  min: number | null;
  p25: number | null;
  p50: number | null;
  p75: number | null;
  max: number | null;
  skewness: number | null;
  kurtosis: number | null;
}

export interface CategoricalDescription {
  count: number;
  missing: number;
  unique: number;
  top: string | null;
  freq: number;
}

/** `dtype` is the table's column kind: datetime statistics are epoch milliseconds (std: a duration in ms). */
export type ColumnDescription =
  | { column: string; kind: 'continuous'; dtype: 'number' | 'datetime'; real: NumericDescription; synthetic: NumericDescription }
  | { column: string; kind: 'categorical'; dtype: 'string' | 'boolean'; real: CategoricalDescription; synthetic: CategoricalDescription };

export function describeNumeric(values: Float64Array): NumericDescription {
  const sorted = sortedFinite(values);
  const m = moments(sorted);
  const q = (p: number): number | null => jsonNumber(quantileSorted(sorted, p));
  return {
    count: sorted.length,
    missing: values.length - sorted.length,
    mean: jsonNumber(m.mean),
    std: jsonNumber(m.std),
    min: q(0),
    p25: q(0.25),
    p50: q(0.5),
    p75: q(0.75),
    max: q(1),
    skewness: jsonNumber(m.skewness),
    kurtosis: jsonNumber(m.kurtosis),
  };
}

export function describeCategorical(c: ColumnData): CategoricalDescription {
  const counts = new Map<string, number>();
  let missing = 0;
  for (const k of categoryKeys(c)) {
    if (k === MISSING_KEY) missing++;
    else counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  let top: string | null = null;
  let freq = 0;
  for (const [k, n] of counts) {
    if (n > freq) {
      top = k;
      freq = n;
    }
  }
  return { count: c.values.length - missing, missing, unique: counts.size, top, freq };
}

export function describeColumn(column: string, real: ColumnData, synthetic: ColumnData): ColumnDescription {
  if (real.kind === 'number' || real.kind === 'datetime') {
    return { column, kind: 'continuous', dtype: real.kind, real: describeNumeric(real.values), synthetic: describeNumeric(synthetic.values as Float64Array) };
  }
  return { column, kind: 'categorical', dtype: real.kind, real: describeCategorical(real), synthetic: describeCategorical(synthetic) };
}
