/** Charts as PNG files: the Vega SVG rasterised by resvg (prebuilt native binary from npm, no browser). */
import { Resvg } from '@resvg/resvg-js';
import { writeFileAtomic } from '../util/atomic.js';
import { renderSvg, type ChartSpec } from './vega-render.js';

export interface PngOptions {
  /** Output width in pixels (default: the chart's own width × 2 for sharp text). */
  width?: number;
}

/** Rasterises an SVG string to PNG bytes with the system's sans-serif fonts. */
export function svgToPng(svg: string, opts: PngOptions = {}): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: opts.width ? { mode: 'width', value: opts.width } : { mode: 'zoom', value: 2 },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
    background: 'white',
  });
  return resvg.render().asPng();
}

/** Renders a chart (a Vega-Lite spec or an SVG string) to a PNG file, written atomically. */
export async function writeChartPng(chart: ChartSpec | string, path: string, opts: PngOptions = {}): Promise<void> {
  const svg = typeof chart === 'string' ? chart : await renderSvg(chart);
  await writeFileAtomic(path, svgToPng(svg, opts));
}
