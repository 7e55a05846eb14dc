/**
 * Per-column distribution charts, real vs synthetic: overlaid histograms for continuous columns
 * (shared equal-width bins, heights as shares of each table's non-missing values so tables of
 * different sizes compare) and grouped bars of category shares for categorical columns.
 */
import type { ReportColumn } from './types.js';
import { SOURCE_SCALE, type ChartSpec } from './vega-render.js';

export const HISTOGRAM_BINS = 30;
/** Categorical bar charts show the most frequent categories only. */
export const MAX_BARS = 25;

interface BinRow { source: string; start: number; end: number; share: number }

function finiteRange(cols: readonly ArrayLike<number>[]): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of cols) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i]!;
      if (Number.isFinite(x)) { if (x < lo) lo = x; if (x > hi) hi = x; }
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

export function histogramRows(real: ArrayLike<number>, synthetic: ArrayLike<number>, bins = HISTOGRAM_BINS): BinRow[] {
  const range = finiteRange([real, synthetic]);
  if (!range) return [];
  let [lo, hi] = range;
  if (lo === hi) { lo -= 0.5; hi += 0.5; }
  const width = (hi - lo) / bins;
  const rows: BinRow[] = [];
  for (const [source, v] of [['real', real], ['synthetic', synthetic]] as const) {
    const counts = new Float64Array(bins);
    let n = 0;
    for (let i = 0; i < v.length; i++) {
      const x = v[i]!;
      if (!Number.isFinite(x)) continue;
      counts[Math.min(bins - 1, Math.floor((x - lo) / width))]!++;
      n++;
    }
    for (let b = 0; b < bins; b++) rows.push({ source, start: lo + b * width, end: lo + (b + 1) * width, share: n ? counts[b]! / n : 0 });
  }
  return rows;
}

export function histogramSpec(name: string, real: ReportColumn, synthetic: ReportColumn): ChartSpec {
  const temporal = real.kind === 'datetime';
  const rows = histogramRows(real.values as ArrayLike<number>, synthetic.values as ArrayLike<number>);
  return {
    title: name,
    width: 260,
    height: 150,
    data: { values: rows },
    mark: { type: 'rect', opacity: 0.55 },
    encoding: {
      x: temporal ? { field: 'start', type: 'temporal', title: null } : { field: 'start', type: 'quantitative', title: null, scale: { zero: false } },
      x2: { field: 'end' },
      y: { field: 'share', type: 'quantitative', title: 'share', stack: null },
      color: { field: 'source', type: 'nominal', scale: SOURCE_SCALE, title: null },
    },
  } as ChartSpec;
}

function categoryLabel(v: string | boolean | null): string {
  return v === null ? '(missing)' : String(v);
}

export function categoryShares(values: readonly (string | boolean | null)[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(categoryLabel(v), (m.get(categoryLabel(v)) ?? 0) + 1);
  for (const [k, c] of m) m.set(k, c / Math.max(1, values.length));
  return m;
}

export function categoryBarSpec(name: string, real: ReportColumn, synthetic: ReportColumn): ChartSpec {
  const r = categoryShares(real.values as readonly (string | boolean | null)[]);
  const s = categoryShares(synthetic.values as readonly (string | boolean | null)[]);
  const top = [...new Set([...r.keys(), ...s.keys()])]
    .sort((a, b) => (r.get(b) ?? 0) - (r.get(a) ?? 0) || (s.get(b) ?? 0) - (s.get(a) ?? 0))
    .slice(0, MAX_BARS);
  const rows = top.flatMap((k) => [
    { category: k, source: 'real', share: r.get(k) ?? 0 },
    { category: k, source: 'synthetic', share: s.get(k) ?? 0 },
  ]);
  return {
    title: name,
    width: 260,
    height: 150,
    data: { values: rows },
    mark: 'bar',
    encoding: {
      x: { field: 'category', type: 'nominal', sort: top, title: null, axis: { labelAngle: -40, labelLimit: 80 } },
      xOffset: { field: 'source' },
      y: { field: 'share', type: 'quantitative', title: 'share' },
      color: { field: 'source', type: 'nominal', scale: SOURCE_SCALE, title: null },
    },
  } as ChartSpec;
}

export function distributionSpec(name: string, real: ReportColumn, synthetic: ReportColumn): ChartSpec {
  return real.kind === 'number' || real.kind === 'datetime' ? histogramSpec(name, real, synthetic) : categoryBarSpec(name, real, synthetic);
}
