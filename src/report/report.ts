/**
 * The evaluation report: one self-contained HTML file (inline CSS and SVG, no scripts, no
 * external resources), so it opens offline and can be mailed or archived as is.
 * Sections appear when their inputs are given: scores and summary (evaluation), distributions and
 * scatter plots (real + synthetic tables), 2-D points, correlation heatmaps, training curves, images.
 */
import { writeFileAtomic } from '#atomic';
import type { EvaluationResult } from '../eval/evaluate.js';
import { Rng } from '../util/rng.js';
import { distributionSpec, histogramSpec } from './chart-distributions.js';
import { correlationSpecs } from './chart-correlation.js';
import { imageGridSpec } from './chart-images.js';
import { pointSetsSpec, sampleIndices, scatterAgainstFirstSpec } from './chart-scatter.js';
import { columnScoresSpec } from './chart-scores.js';
import { trainingSpecs } from './chart-training.js';
import { escapeHtml, figures, fmt, inlineSvg, momentsTable, pointMetricsTable, section, STYLE, summaryTables, table } from './html.js';
import type { ReportInput } from './types.js';
import { renderSvg, type ChartSpec } from './vega-render.js';

/** Section ids, in page order (stable: tests and links use them). */
export const SECTION_IDS = ['runs', 'scores', 'summary', 'distributions', 'scatter', 'samples1d', 'points', 'correlation', 'training', 'images'] as const;

function scoresHtml(e: EvaluationResult): string {
  const pct = (x: number | null): string => (x === null ? '–' : `${(100 * x).toFixed(1)} %`);
  const head = table(['metric', 'value', 'meaning'], [
    ['<b>Overall quality</b>', `<span class="score">${pct(e.quality)}</span>`, 'mean of Column Shapes and Column Pair Trends (SDMetrics QualityReport)'],
    ['Column Shapes', pct(e.column_shapes), 'mean KSComplement / TVComplement over columns'],
    ['Column Pair Trends', pct(e.column_pair_trends), 'mean CorrelationSimilarity / ContingencySimilarity over column pairs'],
    ['Detection (logistic)', pct(e.detection.score), `1 − (2·max(AUC, ½) − 1), ${e.detection.folds}-fold CV; 100 % = indistinguishable`],
    ['MMD² (RBF, unbiased)', fmt(e.mmd.mmd2_unbiased), `bandwidth ${fmt(e.mmd.bandwidth)}; 0 = same distribution`],
    ['DCR synthetic → train, median / 5th pct', `${fmt(e.dcr.synthetic_to_train.median)} / ${fmt(e.dcr.synthetic_to_train.p5)}`, 'distance to the closest training row'],
    ['DCR holdout → train, median / 5th pct', e.dcr.holdout_to_train ? `${fmt(e.dcr.holdout_to_train.median)} / ${fmt(e.dcr.holdout_to_train.p5)}` : '–', 'baseline from real rows not trained on'],
    ['Synthetic rows closer than holdout 5th pct', pct(e.dcr.share_closer_than_holdout_p5), '≈ 5 % when the generator does not memorise'],
    ['Exact copies of training rows', `${pct(e.exact_copy_rate.synthetic)} (holdout: ${pct(e.exact_copy_rate.holdout)})`, 'rows identical to a training row'],
  ], 'scores');
  const perColumn = table(['column', 'metric', 'score', 'Wasserstein-1', 'W1 / std'],
    [
      ...e.per_column.map((c) => [escapeHtml(c.column), c.metric, fmt(c.score), fmt(c.wasserstein), fmt(c.wasserstein_normalized)]),
      // (EvaluationResults saved before identifiers were left out have no list)
      ...(e.identifiers ?? []).map((name) => [escapeHtml(name), 'identifier: not scored (fresh unique values)', '–', '–', '–']),
    ]);
  return `${head}\n${mlEfficacyHtml(e)}${perColumn}`;
}

/** Train-synthetic-test-real: the same learner trained on real and on synthetic rows, tested on real rows. */
function mlEfficacyHtml(e: EvaluationResult): string {
  const m = e.ml_efficacy ?? null;
  if (!m) return '';
  const scores = m.real as unknown as Record<string, number | null>;
  const syn = m.synthetic as unknown as Record<string, number | null>;
  const names: Record<string, string> = { accuracy: 'accuracy', macro_f1: 'macro-F1', roc_auc: 'ROC AUC', r2: 'R²' };
  const rows = Object.keys(scores).map((k) => [k === m.metric ? `<b>${names[k] ?? k}</b>` : (names[k] ?? k), fmt(scores[k] ?? null), fmt(syn[k] ?? null)]);
  const test = m.test_rows === 'holdout' ? 'held-out real rows' : 'a seeded fifth of the real rows (no holdout given)';
  return `<h3>Machine-learning utility: predicting ${escapeHtml(m.target)}</h3>
<p>${escapeHtml(m.learner)} trained on ${m.rows.real_train} real rows and on ${m.rows.synthetic_train} synthetic rows, both tested on ${m.rows.test} ${test} (${m.task}; the closer the synthetic column is to the real one, the more useful the synthetic data).</p>
${table(['score', 'trained on real', 'trained on synthetic'], rows, 'ml-efficacy')}
`;
}

async function charts(specs: readonly ChartSpec[], counter: { n: number }): Promise<string> {
  const svgs: string[] = [];
  for (const s of specs) svgs.push(inlineSvg(await renderSvg(s), `c${counter.n++}`));
  return figures(svgs);
}

/** Renders the whole report as an HTML string. */
export async function renderReport(input: ReportInput): Promise<string> {
  const title = input.title ?? 'ganforge evaluation report';
  const rng = new Rng(input.seed ?? 0);
  const maxPoints = input.maxPlotPoints ?? 500;
  const counter = { n: 0 };
  const parts: string[] = [];
  const e = input.evaluation;
  if (input.runs) {
    const r = input.runs;
    const cell = (v: number | string | null): string => (v === null ? '–' : typeof v === 'number' ? fmt(v) : escapeHtml(v));
    parts.push(section('runs', 'Runs compared', table(['run', ...r.columns], r.rows.map((row) => [escapeHtml(row.label), ...row.values.map(cell)])), r.note ?? ''));
  }
  if (e) {
    parts.push(section('scores', 'Scores', scoresHtml(e) + (await charts([columnScoresSpec(e)], counter)),
      'Scores follow the definitions of SDMetrics 0.29 (single-table QualityReport, LogisticDetection), so they are comparable with it.'));
    parts.push(section('summary', 'Summary statistics', summaryTables(e.summary), 'Like pandas describe(): std with ddof = 1, quantiles by linear interpolation; skewness and excess kurtosis are scipy\'s (biased) estimates.'));
  }
  const { real, synthetic } = input;
  if (real && synthetic) {
    const specs = real.names.map((name, i) => distributionSpec(name, real.columns[i]!, synthetic.columns[synthetic.names.indexOf(name)]!));
    parts.push(section('distributions', 'Column distributions', await charts(specs, counter), 'Histograms share bins; heights are shares of each table\'s non-missing values.'));
    if (real.names.length > 1) {
      const rr = sampleIndices(real.rowCount, maxPoints, rng);
      const rs = sampleIndices(synthetic.rowCount, maxPoints, rng);
      const scatter = real.names.slice(1).map((_, k) => scatterAgainstFirstSpec(real, synthetic, k + 1, rr, rs));
      parts.push(section('scatter', `Every column against ${real.names[0]}`, await charts(scatter, counter), `Up to ${maxPoints} rows per table (seeded sample).`));
    }
  }
  if (input.samples1d) {
    const s = input.samples1d;
    const hist = await charts([histogramSpec(s.name, { kind: 'number', values: s.real }, { kind: 'number', values: s.synthetic })], counter);
    parts.push(section('samples1d', `1-D distribution: ${s.name}`, (s.moments ? momentsTable(s.moments) : '') + hist));
  }
  if (input.points) {
    const p = input.points;
    parts.push(section('points', '2-D points', pointMetricsTable(p) + (await charts([pointSetsSpec(p, rng, 2 * maxPoints)], counter))));
  }
  if (e && e.correlation.columns.length > 1) {
    parts.push(section('correlation', 'Correlations (Pearson)', await charts(correlationSpecs(e.correlation), counter)));
  }
  if (input.training && input.training.length > 0) parts.push(section('training', 'Training curves', await charts(trainingSpecs(input.training), counter)));
  if (input.images && input.images.length > 0) parts.push(section('images', 'Images', await charts(input.images.map((s) => imageGridSpec(s)), counter)));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${e ? `<p class="note">${e.rows.real} real rows, ${e.rows.synthetic} synthetic rows${e.rows.holdout !== null ? `, ${e.rows.holdout} holdout rows` : ''}.</p>` : ''}
${parts.join('\n')}
</body>
</html>
`;
}

/** Renders the report and writes it to `path` (atomic: never a half-written file). */
export async function writeReport(path: string, input: ReportInput): Promise<void> {
  await writeFileAtomic(path, await renderReport(input));
}
