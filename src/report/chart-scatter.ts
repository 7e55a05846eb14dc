/**
 * Scatter plots, real vs synthetic: every column against the first one (continuous axes are
 * quantitative, categorical ones nominal), and a side-by-side view of 2-D point sets.
 * Rows are subsampled (seeded) so a chart stays a few hundred kilobytes of SVG.
 */
import type { Rng } from '../util/rng.js';
import type { PointSets, ReportColumn, ReportTable } from './types.js';
import { SOURCE_SCALE, type ChartSpec } from './vega-render.js';

export function sampleIndices(n: number, max: number, rng: Rng): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const p = rng.permutation(n);
  return Array.from(p.subarray(0, max)).sort((a, b) => a - b);
}

function cell(c: ReportColumn, i: number): number | string | null {
  const v = c.values[i];
  if (c.kind === 'number' || c.kind === 'datetime') return Number.isFinite(v as number) ? (v as number) : null;
  return v === null || v === undefined ? null : String(v);
}

const axisType = (c: ReportColumn): 'quantitative' | 'temporal' | 'nominal' =>
  c.kind === 'number' ? 'quantitative' : c.kind === 'datetime' ? 'temporal' : 'nominal';

/** Column `col` (y) against column 0 (x), both tables overlaid. */
export function scatterAgainstFirstSpec(real: ReportTable, synthetic: ReportTable, col: number, rowsReal: number[], rowsSyn: number[]): ChartSpec {
  const xName = real.names[0]!;
  const yName = real.names[col]!;
  const sIndex = (name: string): number => synthetic.names.indexOf(name);
  const values: { x: number | string | null; y: number | string | null; source: string }[] = [];
  for (const i of rowsReal) values.push({ x: cell(real.columns[0]!, i), y: cell(real.columns[col]!, i), source: 'real' });
  const sx = synthetic.columns[sIndex(xName)]!;
  const sy = synthetic.columns[sIndex(yName)]!;
  for (const i of rowsSyn) values.push({ x: cell(sx, i), y: cell(sy, i), source: 'synthetic' });
  const xt = axisType(real.columns[0]!);
  const yt = axisType(real.columns[col]!);
  return {
    title: `${yName} vs ${xName}`,
    width: 260,
    height: 200,
    data: { values: values.filter((v) => v.x !== null && v.y !== null) },
    mark: { type: 'circle', size: 12, opacity: 0.45, aria: false }, // no per-point aria-labels: thousands of them help no one
    encoding: {
      x: { field: 'x', type: xt, title: xName, ...(xt === 'quantitative' ? { scale: { zero: false } } : {}) },
      y: { field: 'y', type: yt, title: yName, ...(yt === 'quantitative' ? { scale: { zero: false } } : {}) },
      ...(xt === 'nominal' ? { xOffset: { field: 'source' } } : {}),
      ...(yt === 'nominal' ? { yOffset: { field: 'source' } } : {}),
      color: { field: 'source', type: 'nominal', scale: SOURCE_SCALE, title: null },
    },
  } as ChartSpec;
}

/** Real and synthetic 2-D point sets side by side on shared axes. */
export function pointSetsSpec(points: PointSets, rng: Rng, max: number): ChartSpec {
  const [xName, yName] = points.axes ?? ['x', 'y'];
  const values: { x: number; y: number; source: string }[] = [];
  for (const [source, p] of [['real', points.real], ['synthetic', points.synthetic]] as const) {
    for (const i of sampleIndices(Math.floor(p.length / 2), max, rng)) values.push({ x: p[2 * i]!, y: p[2 * i + 1]!, source });
  }
  return {
    title: '2-D points: real vs synthetic',
    data: { values: values.filter((v) => Number.isFinite(v.x) && Number.isFinite(v.y)) },
    facet: { column: { field: 'source', type: 'nominal', title: null, sort: ['real', 'synthetic'] } },
    spec: {
      width: 280,
      height: 280,
      mark: { type: 'circle', size: 10, opacity: 0.5, aria: false },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: xName, scale: { zero: false } },
        y: { field: 'y', type: 'quantitative', title: yName, scale: { zero: false } },
        color: { field: 'source', type: 'nominal', scale: SOURCE_SCALE, legend: null },
      },
    },
  } as ChartSpec;
}
