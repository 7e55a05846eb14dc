/**
 * Charts are Vega-Lite specs, compiled to Vega with `vega-lite` and rendered server-side to SVG
 * by `vega` with the headless 'none' renderer (no canvas, no DOM, no network: data is inline).
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export type ChartSpec = TopLevelSpec;

/** Shared look: sans-serif text everywhere, a white background, no chart border. */
export const CHART_CONFIG = {
  font: 'sans-serif',
  background: 'white',
  view: { stroke: null },
  axis: { labelFont: 'sans-serif', titleFont: 'sans-serif', labelFontSize: 10, titleFontSize: 11 },
  legend: { labelFont: 'sans-serif', titleFont: 'sans-serif' },
  title: { font: 'sans-serif', fontSize: 13, anchor: 'start' },
  header: { labelFont: 'sans-serif', titleFont: 'sans-serif' },
} as const;

/** Real vs synthetic colours used by every chart (colour-blind safe blue / orange). */
export const SOURCE_SCALE = { domain: ['real', 'synthetic'], range: ['#1f77b4', '#ff7f0e'] };

export function withConfig(spec: ChartSpec): ChartSpec {
  return { ...spec, config: { ...CHART_CONFIG, ...(spec.config ?? {}) } } as ChartSpec;
}

/**
 * Vega writes coordinates with full double precision (e.g. 251.99999999999997); two decimals of
 * a pixel are plenty and shrink scatter-heavy reports ~2×. Only attribute values are touched, so
 * text labels keep their digits.
 */
export function compactSvg(svg: string): string {
  return svg.replace(/="([^"]*)"/g, (_, v: string) => `="${v.replace(/(\d+\.\d\d)\d+/g, '$1')}"`);
}

/** Renders a Vega-Lite spec to a standalone SVG string. */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  const compiled = compile(withConfig(shieldNames(spec) as ChartSpec)).spec;
  // Runtime warnings are only about empty data (e.g. an all-missing column: "Infinite extent"), which renders as an empty chart.
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Error });
  try {
    return compactSvg(await view.toSVG());
  } finally {
    view.finalize();
  }
}

// Vega looks some spec strings up in plain objects, so a column or category named "constructor"
// or "toString" finds Object.prototype's member ("Operator not defined"). Such strings get an
// invisible zero-width space everywhere in the spec (data, sort lists, titles alike), which
// renders the same.
const RESERVED = new Set(Object.getOwnPropertyNames(Object.prototype));

export function shieldNames(v: unknown, depth = 0): unknown {
  if (typeof v === 'string') return RESERVED.has(v) ? `${v}\u200b` : v;
  if (depth > 64 || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => shieldNames(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = shieldNames(x, depth + 1);
  return out;
}
