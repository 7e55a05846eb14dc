/**
 * The single-table quality score of SDMetrics' QualityReport (sdmetrics 0.29), computed the same
 * way so the numbers are comparable:
 *   Column Shapes      = mean over columns of KSComplement (continuous) / TVComplement (categorical);
 *   Column Pair Trends = mean over all column pairs of CorrelationSimilarity (continuous × continuous,
 *                        Pearson by default) or ContingencySimilarity (any other pair, continuous
 *                        columns cut into 10 equal-width bins fitted on the real column);
 *   overall quality    = mean of the two property scores.
 * Undefined scores (e.g. correlation with a constant column) are left out of the means, as SDMetrics'
 * nanmean does. Datetimes count as continuous, booleans as categorical.
 */
import type { Table } from '../data/table.js';
import type { ColumnInfo, MetricKind } from './columns.js';
import { ksComplement, tvComplement } from './column-shapes.js';
import { contingencySimilarityCodes, pairCodes } from './contingency.js';
import { averageRanks, correlationSimilarity, pearson, spearman, type CorrelationMethod } from './correlation.js';
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

function hasMissing(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (Number.isNaN(v[i]!)) return true;
  return false;
}

export function pairTrendScores(
  real: Table, synthetic: Table, columns: readonly ColumnInfo[], method: CorrelationMethod = 'pearson',
): PairTrendScore[] {
  const codes = columns.map((c) => pairCodes(real.columns[c.real]!, synthetic.columns[c.synthetic]!));
  const num = (t: Table, i: number): Float64Array => t.columns[i]!.values as Float64Array;
  // Spearman ranks per column, reused for every pair where neither column has missing values
  // (otherwise ranks must be taken after the pairwise drop, and spearman() does that).
  const ranks = columns.map((c) => (c.kind === 'continuous' && !hasMissing(num(real, c.real)) && !hasMissing(num(synthetic, c.synthetic))
    ? [averageRanks(num(real, c.real)), averageRanks(num(synthetic, c.synthetic))] as const : null));
  const spearmanOf = (a: number, b: number, which: 0 | 1, t: Table, key: 'real' | 'synthetic'): number => {
    const ra = ranks[a];
    const rb = ranks[b];
    if (ra && rb) return pearson(ra[which], rb[which]);
    return spearman(num(t, columns[a]![key]), num(t, columns[b]![key]));
  };
  const out: PairTrendScore[] = [];
  for (let a = 0; a < columns.length; a++) {
    for (let b = a + 1; b < columns.length; b++) {
      const ca = columns[a]!;
      const cb = columns[b]!;
      if (ca.kind === 'continuous' && cb.kind === 'continuous') {
        const p = correlationSimilarity(num(real, ca.real), num(real, cb.real), num(synthetic, ca.synthetic), num(synthetic, cb.synthetic), 'pearson');
        const rs = spearmanOf(a, b, 0, real, 'real');
        const ss = spearmanOf(a, b, 1, synthetic, 'synthetic');
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
