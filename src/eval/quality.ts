/**
 * The single-table quality score of SDMetrics' QualityReport (sdmetrics 0.29), computed the same
 * way so the numbers are comparable:
 *   Column Shapes      = mean over columns of KSComplement (continuous) / TVComplement (categorical);
 *   Column Pair Trends = mean over all column pairs of CorrelationSimilarity (continuous × continuous,
 *                        Pearson by default) or ContingencySimilarity (any other pair, continuous
 *                        columns cut into 10 equal-width bins over each table's own range, codes
 *                        1..11, as ColumnPairTrends does: see contingency.ts);
 *   overall quality    = mean of the two property scores.
 * Undefined scores (e.g. correlation with a constant column) are left out of the means, as SDMetrics'
 * nanmean does. Datetimes count as continuous, booleans as categorical.
 */
import type { Table } from '../data/table.js';
import { matchColumns, scoredColumns, type ColumnInfo, type MetricKind } from './columns.js';
import { ksComplement, tvComplement } from './column-shapes.js';
import { contingencySimilarityCodes, pairCodes } from './contingency.js';
import { correlationSimilarity, pearson, ranksFromOrder, sortOrder, type CorrelationMethod } from './correlation.js';
import { jsonNumber, meanDefined } from './json.js';

export interface ColumnShapeScore {
  column: string;
  kind: MetricKind;
  metric: 'KSComplement' | 'TVComplement';
  score: number | null;
}

export interface PairTrendScore {
  column_1: string;
  column_2: string;
  metric: 'CorrelationSimilarity' | 'ContingencySimilarity';
  score: number | null;
  /** Correlation method of `score` for CorrelationSimilarity pairs. */
  method?: CorrelationMethod;
  real_correlation?: number | null;
  synthetic_correlation?: number | null;
  /** CorrelationSimilarity with the other coefficient, for reference. */
  alternative_score?: number | null;
}

export interface QualityScores {
  quality: number | null;
  column_shapes: number | null;
  column_pair_trends: number | null;
  shapes: ColumnShapeScore[];
  pairs: PairTrendScore[];
}

export function columnShapeScores(real: Table, synthetic: Table, columns: readonly ColumnInfo[]): ColumnShapeScore[] {
  return columns.map((c) => {
    const r = real.columns[c.real]!;
    const s = synthetic.columns[c.synthetic]!;
    if (c.kind === 'continuous') {
      return { column: c.name, kind: c.kind, metric: 'KSComplement', score: jsonNumber(ksComplement(r.values as Float64Array, s.values as Float64Array)) };
    }
    return { column: c.name, kind: c.kind, metric: 'TVComplement', score: jsonNumber(tvComplement(r, s)) };
  });
}

/** Spearman ρ for every pair from one sort per column; pairs with missing values re-rank in linear time. */
class SpearmanCache {
  private readonly orders: (Uint32Array | null)[];
  private readonly present: (Uint8Array | null)[]; // null: no missing values
  private readonly full: (Float64Array | null)[] = [];

  constructor(private readonly cols: readonly (Float64Array | null)[]) {
    this.orders = cols.map((v) => (v ? sortOrder(v) : null));
    this.present = cols.map((v) => (v && v.some((x) => Number.isNaN(x)) ? Uint8Array.from(v, (x) => (Number.isNaN(x) ? 0 : 1)) : null));
  }

  private fullRanks(i: number): Float64Array {
    return (this.full[i] ??= ranksFromOrder(this.cols[i]!, this.orders[i]!));
  }

  rho(a: number, b: number): number {
    const pa = this.present[a];
    const pb = this.present[b];
    if (!pa && !pb) return pearson(this.fullRanks(a), this.fullRanks(b));
    // Rank within the rows where both are present (SDMetrics drops incomplete rows first).
    const keep = pa && pb ? pa.map((x, i) => x & pb[i]!) : (pa ?? pb)!;
    return pearson(ranksFromOrder(this.cols[a]!, this.orders[a]!, keep), ranksFromOrder(this.cols[b]!, this.orders[b]!, keep));
  }
}

export function pairTrendScores(
  real: Table, synthetic: Table, columns: readonly ColumnInfo[], method: CorrelationMethod = 'pearson',
): PairTrendScore[] {
  const codes = columns.map((c) => pairCodes(real.columns[c.real]!, synthetic.columns[c.synthetic]!));
  const num = (t: Table, i: number): Float64Array => t.columns[i]!.values as Float64Array;
  const realRanks = new SpearmanCache(columns.map((c) => (c.kind === 'continuous' ? num(real, c.real) : null)));
  const synRanks = new SpearmanCache(columns.map((c) => (c.kind === 'continuous' ? num(synthetic, c.synthetic) : null)));
  const out: PairTrendScore[] = [];
  for (let a = 0; a < columns.length; a++) {
    for (let b = a + 1; b < columns.length; b++) {
      const ca = columns[a]!;
      const cb = columns[b]!;
      if (ca.kind === 'continuous' && cb.kind === 'continuous') {
        const p = correlationSimilarity(num(real, ca.real), num(real, cb.real), num(synthetic, ca.synthetic), num(synthetic, cb.synthetic), 'pearson');
        const rs = realRanks.rho(a, b);
        const ss = synRanks.rho(a, b);
        const sp = { score: 1 - Math.abs(rs - ss) / 2, real: rs, synthetic: ss };
        const [main, alt] = method === 'pearson' ? [p, sp] : [sp, p];
        out.push({
          column_1: ca.name, column_2: cb.name, metric: 'CorrelationSimilarity', score: jsonNumber(main.score), method,
          real_correlation: jsonNumber(main.real), synthetic_correlation: jsonNumber(main.synthetic), alternative_score: jsonNumber(alt.score),
        });
      } else {
        const [ra, sa] = codes[a]!;
        const [rb, sb] = codes[b]!;
        out.push({ column_1: ca.name, column_2: cb.name, metric: 'ContingencySimilarity', score: jsonNumber(contingencySimilarityCodes(ra, rb, sa, sb)) });
      }
    }
  }
  return out;
}

export function qualityScores(real: Table, synthetic: Table, columns: readonly ColumnInfo[], method: CorrelationMethod = 'pearson'): QualityScores {
  const shapes = columnShapeScores(real, synthetic, columns);
  const pairs = pairTrendScores(real, synthetic, columns, method);
  const column_shapes = meanDefined(shapes.map((s) => s.score));
  const column_pair_trends = meanDefined(pairs.map((p) => p.score));
  return { quality: meanDefined([column_shapes, column_pair_trends]), column_shapes, column_pair_trends, shapes, pairs };
}

/** The SDMetrics-style quality score (mean of column shapes and column pair trends) of synthetic vs real; 0 where undefined. */
export function qualityScore(real: Table, synthetic: Table): number {
  return qualityScores(real, synthetic, scoredColumns(real, matchColumns(real, synthetic)).columns).quality ?? 0;
}
