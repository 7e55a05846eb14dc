/** Bar charts of the per-column Column Shapes scores and the pair-trend scores' distribution. */
import type { EvaluationResult } from '../eval/evaluate.js';
import type { ChartSpec } from './vega-render.js';

export function columnScoresSpec(e: EvaluationResult): ChartSpec {
  return {
    title: 'Column Shapes score per column',
    width: 360,
    height: { step: 14 },
    data: { values: e.per_column.filter((c) => c.score !== null).map((c) => ({ column: c.column, score: c.score, metric: c.metric })) },
    mark: 'bar',
    encoding: {
      y: { field: 'column', type: 'nominal', sort: null, title: null },
      x: { field: 'score', type: 'quantitative', scale: { domain: [0, 1] }, title: 'score (1 = same distribution)' },
      color: { field: 'metric', type: 'nominal', title: null },
    },
  } as ChartSpec;
}
