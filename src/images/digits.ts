/** The shipped 8×8 handwritten digits (loadDataset('digits')) as an ImageData: pixels 0..16 → [-1, 1]. */
import { loadDataset } from '../data/index.js';
import { scalePixels, withLabels, type ImageData } from './image-data.js';

export function loadDigits(): ImageData {
  const t = loadDataset('digits');
  const n = t.rowCount;
  const raw = new Float32Array(n * 64);
  for (let j = 0; j < 64; j++) {
    const col = t.columns[j]!.values as Float64Array;
    for (let i = 0; i < n; i++) raw[i * 64 + j] = col[i]!;
  }
  const labels = Int32Array.from(t.columns[64]!.values as Float64Array);
  return withLabels({ pixels: scalePixels(raw, 16), count: n, width: 8, height: 8, maxValue: 16, source: 'digits' }, labels, 'digits');
}
