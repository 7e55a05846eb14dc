/**
 * An image dataset in model space: greyscale pixels scaled from [0, maxValue] to [-1, 1]
 * (the range of the generator's Tanh output), image-major then row-major, with optional labels.
 */
import { DataError } from '../util/errors.js';

export interface ImageData {
  /** count × height × width values in [-1, 1]. */
  pixels: Float32Array;
  count: number;
  width: number;
  height: number;
  /** The raw pixel value that maps to +1 (255 for 8-bit files, 16 for the 8×8 digits). */
  maxValue: number;
  /** Class index per image, or null when unlabelled. */
  labels: Int32Array | null;
  /** Class names by index (digits: '0'..'9'); empty when unlabelled. */
  classNames: string[];
  /** Where the images came from (a file or folder path, or a dataset name), for messages. */
  source: string;
}

/** Raw values in [0, maxValue] → [-1, 1]. */
export function scalePixels(raw: ArrayLike<number>, maxValue: number): Float32Array {
  const out = new Float32Array(raw.length);
  const s = 2 / maxValue;
  for (let i = 0; i < raw.length; i++) out[i] = raw[i]! * s - 1;
  return out;
}

/** [-1, 1] → raw values in [0, maxValue] (clipped; generated pixels can overshoot slightly only through rounding). */
export function unscalePixels(pixels: ArrayLike<number>, maxValue: number): Float32Array {
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = Math.min(maxValue, Math.max(0, ((pixels[i]! + 1) / 2) * maxValue));
  return out;
}

/** [-1, 1] → 8-bit grey levels. */
export function toBytes(pixels: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = Math.round(Math.min(1, Math.max(0, (pixels[i]! + 1) / 2)) * 255);
  return out;
}

/** Checks labels against the images and counts the classes (0..max label). */
export function withLabels(data: Omit<ImageData, 'labels' | 'classNames'>, labels: Int32Array | null, file: string, classNames?: string[]): ImageData {
  if (!labels) return { ...data, labels: null, classNames: [] };
  if (labels.length !== data.count) {
    throw new DataError('DATA_LABEL_COUNT_MISMATCH', `${labels.length} labels for ${data.count} images`, { file },
      'give the label file that belongs to these images (e.g. train-labels-idx1-ubyte with train-images-idx3-ubyte)');
  }
  let max = 0;
  for (const l of labels) if (l > max) max = l;
  return { ...data, labels, classNames: classNames ?? Array.from({ length: max + 1 }, (_, i) => String(i)) };
}

/** Images with the given indices (a held-out split, a class subset). */
export function takeImages(data: ImageData, indices: ArrayLike<number>): ImageData {
  const size = data.width * data.height;
  const pixels = new Float32Array(indices.length * size);
  const labels = data.labels ? new Int32Array(indices.length) : null;
  for (let i = 0; i < indices.length; i++) {
    const k = indices[i]!;
    pixels.set(data.pixels.subarray(k * size, (k + 1) * size), i * size);
    if (labels) labels[i] = data.labels![k]!;
  }
  return { ...data, pixels, count: indices.length, labels };
}
