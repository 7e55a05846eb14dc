// Unit checks of each metric against hand-computed values (formulas as SDMetrics / scipy / sklearn define them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTable } from '../data/table.js';
import { rocAuc } from './auc.js';
import { matchColumns } from './columns.js';
import { ksComplement, ksStatistic, tvComplement } from './column-shapes.js';
import { contingencySimilarity, equalWidthBins, ownRangeBinCodes } from './contingency.js';
import { averageRanks, correlationSimilarity, pearson, ranksFromOrder, sortOrder, spearman } from './correlation.js';
import { Rng } from '../util/rng.js';
import { describeCategorical, describeNumeric } from './describe.js';
import { fitLogistic, predictLogistic } from './logistic.js';
import { moments, quantileSorted } from './stats.js';
import { wasserstein1 } from './wasserstein.js';
import { qualityScores } from './quality.js';
import { loadDataset } from './test-helpers.js';

const close = (a: number | null, b: number, tol = 1e-9, msg?: string): void =>
  assert.ok(a !== null && Math.abs(a - b) <= tol, `${msg ?? ''} expected ${b}, got ${a}`);
const f = (...v: number[]): Float64Array => Float64Array.from(v);

test('moments: hand-computed biased skewness / excess kurtosis, ddof=1 std', () => {
  // [1,2,3,4,10]: mean 4, m2 = 10, m3 = 36, m4 = 278.8
  const m = moments(f(1, 2, 3, 4, 10));
  close(m.mean, 4);
  close(m.std, Math.sqrt(50 / 4));
  close(m.skewness, 36 / Math.pow(10, 1.5));
  close(m.kurtosis, 278.8 / 100 - 3);
  assert.ok(Number.isNaN(moments(f(3, 3, 3)).skewness), 'constant sample has no skewness');
  close(moments(f(1, NaN, 3)).mean, 2, 0, 'NaN ignored');
});

test('describe matches pandas describe() / scipy on iris sepal_length', () => {
  const iris = loadDataset('iris');
  const d = describeNumeric(iris.columns[0]!.values as Float64Array);
  // pandas: 150, 5.843333, 0.828066, 4.3, 5.1, 5.8, 6.4, 7.9; scipy.stats.skew/kurtosis: 0.311753, -0.573568
  assert.equal(d.count, 150);
  close(d.mean, 5.843333, 1e-6);
  close(d.std, 0.828066, 1e-6);
  close(d.min, 4.3); close(d.p25, 5.1); close(d.p50, 5.8); close(d.p75, 6.4); close(d.max, 7.9);
  close(d.skewness, 0.311753, 1e-6);
  close(d.kurtosis, -0.573568, 1e-6);
  close(quantileSorted(f(1, 2, 3, 4), 0.25), 1.75);
  const c = describeCategorical({ kind: 'string', values: ['a', 'b', 'b', null] });
  assert.deepEqual(c, { count: 3, missing: 1, unique: 2, top: 'b', freq: 2 });
});

test('KS statistic and complement, with ties and NaN dropped', () => {
  close(ksStatistic(f(1, 2, 3, 4), f(1, 2, 2, 5)), 0.25);
  close(ksStatistic(f(1, 2), f(3, 4)), 1);
  close(ksComplement(f(1, 2, 3, 4), f(4, 3, 2, 1)), 1);
  close(ksComplement(f(1, NaN, 2), f(1, 2, NaN, NaN)), 1);
});

test('TV complement: missing is its own category, union of categories', () => {
  close(tvComplement({ kind: 'string', values: ['p', 'p', 'q', 'q'] }, { kind: 'string', values: ['p', 'q', 'q', 'r'] }), 0.75);
  close(tvComplement({ kind: 'string', values: ['p', null] }, { kind: 'string', values: ['p', 'p'] }), 0.5);
  close(tvComplement({ kind: 'boolean', values: [true, false] }, { kind: 'boolean', values: [true, true] }), 0.5);
});

test('correlations: Pearson, Spearman with average ranks, similarity', () => {
  close(pearson(f(1, 2, 3, 4), f(1, 3, 2, 4)), 0.8);
  assert.deepEqual([...averageRanks(f(10, 20, 20, 5))], [2, 3.5, 3.5, 1]);
  close(spearman(f(1, 2, 3, 4, 5), f(1, 4, 9, 16, 25)), 1);
  close(spearman(f(1, 2, NaN, 4), f(4, 3, 0, 1)), -1, 1e-12, 'pairwise drop before ranking');
  const s = correlationSimilarity(f(1, 2, 3, 4), f(1, 3, 2, 4), f(1, 2, 2, 5), f(2, 1, 3, 4));
  close(s.score, 1 - Math.abs(0.8 - 5 / Math.sqrt(45)) / 2);
});

test('real-fitted equal-width bins (standalone metric): np.histogram_bin_edges + np.digitize with ±inf outer edges', () => {
  const bin = equalWidthBins(f(1, 4));
  assert.deepEqual([1, 2, 3, 4, 5, -100, NaN].map(bin), [1, 4, 7, 10, 10, 1, 11]);
});

test('pair-trend bins like SDMetrics ColumnPairTrends: each table\'s own range, codes 1..11', () => {
  // np.digitize(x, np.histogram_bin_edges(x[~isnan])): edges 1, 1.3, …, 4; the maximum and NaN get 11.
  assert.deepEqual([...ownRangeBinCodes(f(1, 2, 3, 4, NaN))], [1, 4, 7, 11, 11]);
  assert.deepEqual([...ownRangeBinCodes(f(7, 7, NaN))], [6, 6, 11], 'constant: edges 6.5 … 7.5');
  assert.deepEqual([...ownRangeBinCodes(f(NaN, NaN))], [11, 11], 'empty sample: edges 0 … 1');
});

test('pair trends when the synthetic range is wider: tables binned separately (hand-computed)', () => {
  const real = makeTable(['x', 'c'], [
    { kind: 'number', values: f(0, 2, 4, 6, 8, 10) },
    { kind: 'string', values: ['a', 'a', 'a', 'b', 'b', 'b'] },
  ]);
  const syn = makeTable(['x', 'c'], [
    { kind: 'number', values: f(-10, -1, 3, 6, 11, 15) },
    { kind: 'string', values: ['a', 'a', 'a', 'b', 'b', 'b'] },
  ]);
  // Real edges 0, 1, …, 10 → codes 1 3 5 7 9 11. Synthetic edges −10, −7.5, …, 15 → codes 1 4 6 7 9 11
  // (its maximum 15 in bin 11 of its own). Cells (1,a)(7,b)(9,b)(11,b) match: TVD = ½(2/6 + 2/6) = 1/3.
  assert.deepEqual([...ownRangeBinCodes(syn.columns[0]!.values as Float64Array)], [1, 4, 6, 7, 9, 11]);
  const q = qualityScores(real, syn, matchColumns(real, syn));
  close(q.pairs[0]!.score, 2 / 3, 1e-12);
  // KS D = 2/6 (at x = −1: F_syn = 2/6, F_real = 0), TV = 0.
  close(q.shapes[0]!.score, 1 - 2 / 6, 1e-12);
  close(q.quality, ((4 / 6 + 1) / 2 + 2 / 3) / 2, 1e-12);
  // Bins fitted on the real column alone (the standalone metric's way) would give 1/2 instead.
  close(contingencySimilarity(real.columns[0]!, real.columns[1]!, syn.columns[0]!, syn.columns[1]!), 0.5, 1e-12);
  // Datetimes are binned like pandas' nanoseconds: the same codes as their epoch milliseconds here.
  const asDates = (t: typeof real): typeof real => makeTable(['x', 'c'], [{ kind: 'datetime', values: (t.columns[0]!.values as Float64Array).map((v) => 1.7e12 + v * 86_400_000) }, t.columns[1]!]);
  close(qualityScores(asDates(real), asDates(syn), matchColumns(real, syn)).pairs[0]!.score, 2 / 3, 1e-12);
});

test('a synthetic copy stretched past the real range keeps every pair trend at 1 (scale-free correlations, own-range bins)', () => {
  const iris = loadDataset('iris');
  // ×4 is exact in floating point, edges included; a factor like 3 moves the few values that sit on
  // an edge to a neighbouring bin (sepal_length × species: 0.96), in NumPy as here.
  const stretched = makeTable(iris.names, iris.columns.map((c) => (c.kind === 'number' ? { kind: 'number', values: c.values.map((v) => 4 * v) } : c)));
  const q = qualityScores(iris, stretched, matchColumns(iris, stretched));
  for (const p of q.pairs) close(p.score, 1, 1e-12, `${p.column_1} × ${p.column_2} (${p.metric})`);
  assert.ok(q.column_shapes! < 0.5, 'while the shapes see the shift');
});

test('SDMetrics worked example: shapes, pair trends and overall score', () => {
  const real = makeTable(['a', 'b', 'c'], [
    { kind: 'number', values: f(1, 2, 3, 4) },
    { kind: 'number', values: f(1, 3, 2, 4) },
    { kind: 'string', values: ['p', 'p', 'q', 'q'] },
  ]);
  const syn = makeTable(['a', 'b', 'c'], [
    { kind: 'number', values: f(1, 2, 2, 5) },
    { kind: 'number', values: f(2, 1, 3, 4) },
    { kind: 'string', values: ['p', 'q', 'q', 'r'] },
  ]);
  const q = qualityScores(real, syn, matchColumns(real, syn));
  // KSComplement(a) = 1 − 0.25; KSComplement(b) = 1; TVComplement(c) = 1 − ½(0.25 + 0 + 0.25)
  assert.deepEqual(q.shapes.map((s) => s.score), [0.75, 1, 0.75]);
  close(q.column_shapes, 2.5 / 3);
  // (a,b): ρ_real = 0.8, ρ_syn = 5/√45; (a,c): real cells (1,p)(4,p)(7,q)(10,q), syn (1,p)(4,q)(4,q)(10,r) → TVD 0.75;
  // (b,c): real (1,p)(7,p)(4,q)(10,q), syn (4,p)(1,q)(7,q)(10,r) → no common cell, TVD 1.
  const corr = 1 - Math.abs(0.8 - 5 / Math.sqrt(45)) / 2;
  close(q.pairs[0]!.score, corr);
  close(q.pairs[1]!.score, 0.25);
  close(q.pairs[2]!.score, 0);
  close(contingencySimilarity(real.columns[0]!, real.columns[2]!, syn.columns[0]!, syn.columns[2]!), 0.25);
  close(q.column_pair_trends, (corr + 0.25) / 3);
  close(q.quality, (2.5 / 3 + (corr + 0.25) / 3) / 2);
  close(q.quality, 0.6204463327, 1e-9);
});

test('Wasserstein-1 equals scipy.stats.wasserstein_distance', () => {
  close(wasserstein1(f(0, 1, 3), f(5, 6, 8)), 5);
  close(wasserstein1(f(0, 1), f(0, 2)), 0.5);
  close(wasserstein1(f(3, 1, 2), f(1, 2, 3)), 0);
});

test('ROC AUC by ranks, ties counted as half', () => {
  close(rocAuc(f(0.1, 0.4, 0.35, 0.8), f(0, 0, 1, 1)), 0.75);
  close(rocAuc(f(0.2, 0.5, 0.5, 0.9), f(0, 1, 0, 1)), 0.875);
  close(rocAuc(f(1, 1, 1, 1), f(0, 1, 0, 1)), 0.5);
});

test('logistic regression reaches the L2-penalised optimum (gradient ≈ 0)', () => {
  const x = f(0.5, 1, -1, 2, 1.5, -0.5, 2, 0.3, -2, 1, 0.1, -1);
  const y = f(1, 0, 1, 1, 0, 0);
  const rows = [0, 1, 2, 3, 4, 5];
  const m = fitLogistic(x, 2, y, rows, { lambda: 0.5 });
  const g = [0.5 * m.weights[0]!, 0.5 * m.weights[1]!, 0];
  for (const r of rows) {
    const z = m.intercept + m.weights[0]! * x[2 * r]! + m.weights[1]! * x[2 * r + 1]!;
    const e = 1 / (1 + Math.exp(-z)) - y[r]!;
    g[0]! += e * x[2 * r]!; g[1]! += e * x[2 * r + 1]!; g[2]! += e;
  }
  for (const v of g) assert.ok(Math.abs(v) < 1e-8, `gradient ${g}`);
});

test('logistic regression on separable data stays finite and separates', () => {
  const n = 400;
  const x = new Float64Array(n * 2);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 2;
    x[2 * i] = (y[i] ? 3 : -3) + Math.sin(i); // perfectly separable along the first feature
    x[2 * i + 1] = Math.cos(i * 7);
  }
  const rows = Array.from({ length: n }, (_, i) => i);
  const m = fitLogistic(x, 2, y, rows, { lambda: 1e-3 });
  assert.ok(m.weights.every(Number.isFinite) && Number.isFinite(m.intercept));
  assert.ok(m.iterations < 50, `iterations ${m.iterations}`);
  assert.equal(rocAuc(predictLogistic(m, x, 2, rows), y), 1);
});

test('ranks from one sort order: subsets re-ranked with ties, equal to ranking the subset afresh', () => {
  const v = f(3, 1, NaN, 3, 2, 3, 1);
  const order = sortOrder(v);
  assert.deepEqual([...order].map((i) => v[i]), [1, 1, 2, 3, 3, 3]);
  assert.deepEqual([...ranksFromOrder(v, order)], [5, 1.5, NaN, 5, 3, 5, 1.5]);
  const keep = Uint8Array.from([1, 0, 1, 1, 1, 0, 1]);
  // kept values 3, 3, 2, 1 (NaN never ranked) → ranks 3.5, 3.5, 2, 1
  assert.deepEqual([...ranksFromOrder(v, order, keep)], [3.5, NaN, NaN, 3.5, 2, NaN, 1]);
  const rng = new Rng(3);
  const x = Float64Array.from({ length: 300 }, () => (rng.uniform() < 0.1 ? NaN : rng.int(20)));
  const y = Float64Array.from({ length: 300 }, (_, i) => (rng.uniform() < 0.1 ? NaN : x[i]! + rng.int(10)));
  const keepXY = Uint8Array.from(x, (a, i) => (Number.isNaN(a) || Number.isNaN(y[i]!) ? 0 : 1));
  close(pearson(ranksFromOrder(x, sortOrder(x), keepXY), ranksFromOrder(y, sortOrder(y), keepXY)), spearman(x, y), 1e-12);
});
