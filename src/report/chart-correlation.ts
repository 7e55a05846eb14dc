/** Correlation heatmaps (Pearson) of the continuous columns: real, synthetic, and synthetic − real. */
import type { CorrelationMatrices } from '../eval/evaluate.js';
import type { ChartSpec } from './vega-render.js';

/** Cell labels are printed only when the matrix is small enough to read them. */
const LABEL_LIMIT = 12;

export function heatmapSpec(title: string, columns: readonly string[], matrix: readonly (readonly (number | null)[])[], domain: [number, number]): ChartSpec {
  const values = columns.flatMap((a, i) => columns.map((b, j) => ({ row: a, col: b, value: matrix[i]![j] ?? null })));
  const size = Math.max(120, Math.min(360, columns.length * 26));
  const layers: unknown[] = [
    {
      mark: 'rect',
      encoding: {
        color: { field: 'value', type: 'quantitative', title: null, scale: { domain, scheme: 'redblue', reverse: true } },
      },
    },
  ];
  if (columns.length <= LABEL_LIMIT) {
    layers.push({
      mark: { type: 'text', fontSize: 9 },
      encoding: { text: { field: 'value', type: 'quantitative', format: '.2f' }, color: { value: 'black' } },
    });
  }
  return {
    title,
    width: size,
    height: size,
    data: { values },
    encoding: {
      x: { field: 'col', type: 'nominal', sort: [...columns], title: null, axis: { labelAngle: -45, labelLimit: 140 } },
      y: { field: 'row', type: 'nominal', sort: [...columns], title: null, axis: { labelLimit: 140 } },
    },
    layer: layers,
  } as ChartSpec;
}

export function correlationSpecs(c: CorrelationMatrices): ChartSpec[] {
  const diff = c.real.map((row, i) => row.map((r, j) => {
    const s = c.synthetic[i]![j];
    return r === null || s === null || s === undefined ? null : s - r;
  }));
  return [
    heatmapSpec('real', c.columns, c.real, [-1, 1]),
    heatmapSpec('synthetic', c.columns, c.synthetic, [-1, 1]),
    heatmapSpec('difference (synthetic − real)', c.columns, diff, [-1, 1]),
  ];
}
