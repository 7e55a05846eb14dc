/**
 * An image grid drawn as a Vega-Lite rect chart: every pixel is a rect at its grid position,
 * coloured by a precomputed CSS colour (scale: null), images laid out in a near-square grid.
 */
import type { ImageSet } from './types.js';
import type { ChartSpec } from './vega-render.js';

/** Images per grid at most (the rest are left out). */
export const MAX_IMAGES = 64;

const hex = (v: number): string => Math.round(Math.max(0, Math.min(1, v)) * 255).toString(16).padStart(2, '0');

export function imageGridSpec(set: ImageSet, pixelSize = 4): ChartSpec {
  const { width: w, height: h } = set;
  const ch = set.channels ?? 1;
  const [lo, hi] = set.range ?? [0, 1];
  const count = Math.min(set.count, MAX_IMAGES);
  const cols = Math.ceil(Math.sqrt(count));
  const rows = Math.ceil(count / cols);
  const gap = 1;
  const values: { x: number; y: number; c: string }[] = [];
  for (let k = 0; k < count; k++) {
    const ox = (k % cols) * (w + gap);
    const oy = Math.floor(k / cols) * (h + gap);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const base = ((k * h + y) * w + x) * ch;
        const norm = (i: number): number => (set.pixels[base + i]! - lo) / (hi - lo);
        const c = ch === 1 ? hex(norm(0)).repeat(3) : hex(norm(0)) + hex(norm(1)) + hex(norm(2));
        values.push({ x: ox + x, y: oy + y, c: `#${c}` });
      }
    }
  }
  const gw = cols * (w + gap) - gap;
  const gh = rows * (h + gap) - gap;
  return {
    title: `${set.title} (${count} of ${set.count})`,
    width: gw * pixelSize,
    height: gh * pixelSize,
    data: { values },
    mark: { type: 'rect', strokeWidth: 0, aria: false },
    encoding: {
      x: { field: 'x', type: 'ordinal', axis: null, scale: { domain: Array.from({ length: gw }, (_, i) => i), paddingInner: 0, paddingOuter: 0 } },
      y: { field: 'y', type: 'ordinal', axis: null, scale: { domain: Array.from({ length: gh }, (_, i) => i), paddingInner: 0, paddingOuter: 0 } },
      color: { field: 'c', type: 'nominal', scale: null },
    },
  } as ChartSpec;
}
