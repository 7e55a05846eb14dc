/**
 * PNG files in and out, through pngjs (pure JavaScript): a folder of PNG images read as a
 * greyscale dataset, single images written one per file, and image grids.
 */
import { readdir, readFile, stat, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { DataError } from '../util/errors.js';
import { writeFileAtomic } from '../util/atomic.js';
import { scalePixels, toBytes, withLabels, type ImageData } from './image-data.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Decodes a PNG to 8-bit grey levels: ITU-R 601 luminance times alpha (transparent reads as black). */
export function decodeGreyPng(buf: Uint8Array, file: string): { width: number; height: number; grey: Uint8Array } {
  if (buf.length < 8 || PNG_SIGNATURE.some((b, i) => buf[i] !== b)) {
    throw new DataError('DATA_NOT_PNG', 'not a PNG file (the 8-byte PNG signature is missing)', { file }, 'convert the image to PNG, or remove it from the folder');
  }
  let png: PNG;
  try {
    png = PNG.sync.read(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength));
  } catch (e) {
    throw new DataError('DATA_BAD_PNG', `the PNG does not decode (${(e as Error).message})`, { file }, 'the file may be truncated or damaged');
  }
  const { width, height, data } = png;
  const grey = new Uint8Array(width * height);
  for (let i = 0; i < grey.length; i++) {
    const r = data[4 * i]!, g = data[4 * i + 1]!, b = data[4 * i + 2]!, a = data[4 * i + 3]!;
    grey[i] = Math.round(((0.299 * r + 0.587 * g + 0.114 * b) * a) / 255);
  }
  return { width, height, grey };
}

/** Encodes grey levels (0..255, row-major) as an 8-bit greyscale PNG. */
export function encodeGreyPng(grey: Uint8Array, width: number, height: number): Uint8Array {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) {
    const v = grey[i]!;
    png.data[4 * i] = v;
    png.data[4 * i + 1] = v;
    png.data[4 * i + 2] = v;
    png.data[4 * i + 3] = 255;
  }
  return new Uint8Array(PNG.sync.write(png, { colorType: 0 }));
}

const isPng = (name: string): boolean => name.toLowerCase().endsWith('.png');

/**
 * A folder of PNG files as a greyscale dataset. PNGs directly in the folder are unlabelled; a
 * folder of sub-folders (one per class, as torchvision's ImageFolder) is labelled by sub-folder
 * name, classes in sorted order. Every image must have the same size.
 */
export async function readPngFolder(dir: string): Promise<ImageData> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    throw new DataError('DATA_UNREADABLE', `cannot read the folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { file: dir });
  }
  const classDirs = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const topFiles = entries.filter((e) => e.isFile() && isPng(e.name)).map((e) => e.name).sort();
  const files: { path: string; label: number }[] = [];
  if (topFiles.length) {
    for (const f of topFiles) files.push({ path: join(dir, f), label: -1 });
  } else {
    for (let c = 0; c < classDirs.length; c++) {
      const names = (await readdir(join(dir, classDirs[c]!))).filter(isPng).sort();
      for (const f of names) files.push({ path: join(dir, classDirs[c]!, f), label: c });
    }
  }
  if (!files.length) {
    throw new DataError('DATA_NO_IMAGES', 'no .png files found', { file: dir }, 'put PNG images in the folder, or one sub-folder of PNGs per class');
  }
  let width = 0, height = 0;
  const raw: Uint8Array[] = [];
  for (const f of files) {
    const img = decodeGreyPng(new Uint8Array(await readFile(f.path)), f.path);
    if (!raw.length) ({ width, height } = img);
    else if (img.width !== width || img.height !== height) {
      throw new DataError('DATA_SIZE_MISMATCH', `the image is ${img.width}×${img.height}, the first image (${files[0]!.path}) is ${width}×${height}`, { file: f.path },
        'resize all images to one size');
    }
    raw.push(img.grey);
  }
  const all = new Uint8Array(raw.length * width * height);
  raw.forEach((g, i) => all.set(g, i * width * height));
  const labels = topFiles.length ? null : Int32Array.from(files, (f) => f.label);
  return withLabels({ pixels: scalePixels(all, 255), count: files.length, width, height, maxValue: 255, source: dir }, labels, dir, topFiles.length ? undefined : classDirs);
}

export interface GridOptions {
  /** Images per row (default: ⌈√count⌉). */
  columns?: number;
  /** Each pixel drawn as scale × scale pixels (default: 4 for images up to 16 pixels wide, else 2). */
  scale?: number;
  /** Gap between images, in output pixels (default: scale). */
  gap?: number;
}

/** Lays out `count` images (values in [-1, 1]) in a grid on a mid-grey background; returns the PNG bytes and its size. */
export function encodeImageGrid(pixels: Float32Array, count: number, width: number, height: number, o: GridOptions = {}): { png: Uint8Array; width: number; height: number } {
  const cols = o.columns ?? Math.max(1, Math.ceil(Math.sqrt(count)));
  const rows = Math.max(1, Math.ceil(count / cols));
  const s = o.scale ?? (width <= 16 ? 4 : 2);
  const gap = o.gap ?? s;
  const W = cols * width * s + (cols + 1) * gap;
  const H = rows * height * s + (rows + 1) * gap;
  const grey = new Uint8Array(W * H).fill(128);
  const bytes = toBytes(pixels.subarray(0, count * width * height));
  for (let k = 0; k < count; k++) {
    const ox = gap + (k % cols) * (width * s + gap);
    const oy = gap + Math.floor(k / cols) * (height * s + gap);
    for (let y = 0; y < height * s; y++) {
      for (let x = 0; x < width * s; x++) {
        grey[(oy + y) * W + ox + x] = bytes[(k * height + Math.floor(y / s)) * width + Math.floor(x / s)]!;
      }
    }
  }
  return { png: encodeGreyPng(grey, W, H), width: W, height: H };
}

/** Writes an image grid PNG atomically. */
export async function writeImageGrid(path: string, pixels: Float32Array, count: number, width: number, height: number, o: GridOptions = {}): Promise<{ width: number; height: number }> {
  const g = encodeImageGrid(pixels, count, width, height, o);
  await writeFileAtomic(path, g.png);
  return { width: g.width, height: g.height };
}

/** Writes each image (values in [-1, 1]) as its own PNG, `<prefix>0000.png`…; returns the paths. */
export async function writeImagePngs(dir: string, pixels: Float32Array, count: number, width: number, height: number, prefix = 'sample-'): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  if (!(await stat(dir)).isDirectory()) throw new DataError('DATA_NOT_A_FOLDER', 'the output path is not a folder', { file: dir });
  const size = width * height;
  const digits = Math.max(4, String(count - 1).length);
  const paths: string[] = [];
  for (let k = 0; k < count; k++) {
    const path = join(dir, `${prefix}${String(k).padStart(digits, '0')}.png`);
    await writeFileAtomic(path, encodeGreyPng(toBytes(pixels.subarray(k * size, (k + 1) * size)), width, height));
    paths.push(path);
  }
  return paths;
}
