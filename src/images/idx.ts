/**
 * The IDX file format of MNIST (LeCun et al.): a 4-byte magic number (two zero bytes, a type
 * code, the number of dimensions), one big-endian uint32 per dimension, then the values.
 * ganforge reads unsigned-byte files (type 0x08): images are 3-D (count × rows × cols), labels
 * 1-D. Files may be gzip-compressed (as MNIST is distributed).
 */
import { readFile } from 'node:fs/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DataError } from '../util/errors.js';
import { writeFileAtomic } from '../util/atomic.js';
import { scalePixels, withLabels, type ImageData } from './image-data.js';

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

const UBYTE = 0x08;

async function readBytes(file: string): Promise<Buffer> {
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch (e) {
    throw new DataError('DATA_UNREADABLE', `cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { file });
  }
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      return gunzipSync(buf);
    } catch (e) {
      throw new DataError('DATA_BAD_GZIP', `the file looks gzip-compressed but does not decompress (${(e as Error).message})`, { file }, 'the download may be incomplete; fetch it again');
    }
  }
  return buf;
}

/** Parses an unsigned-byte IDX array; `file` names the source in errors. */
export function parseIdx(buf: Uint8Array, file: string): IdxArray {
  if (buf.length < 4 || buf[0] !== 0 || buf[1] !== 0) {
    const got = Array.from(buf.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new DataError('DATA_BAD_MAGIC', `not an IDX file: the magic number is ${got || 'missing'}, expected 00 00 08 <dims>`, { file },
      'give MNIST-style files such as train-images-idx3-ubyte(.gz) and train-labels-idx1-ubyte(.gz)');
  }
  if (buf[2] !== UBYTE) {
    throw new DataError('DATA_UNSUPPORTED_IDX_TYPE', `IDX value type 0x${buf[2]!.toString(16)} is not supported (only unsigned bytes, 0x08)`, { file });
  }
  const rank = buf[3]!;
  const headerBytes = 4 + 4 * rank;
  if (rank === 0 || buf.length < headerBytes) throw new DataError('DATA_TRUNCATED', `the header ends after ${buf.length} bytes (${rank} dimensions need ${headerBytes})`, { file });
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const size = dims.reduce((a, b) => a * b, 1);
  if (buf.length - headerBytes < size) {
    throw new DataError('DATA_TRUNCATED', `the header promises ${dims.join(' × ')} = ${size} values but only ${buf.length - headerBytes} bytes follow`, { file },
      'the file is incomplete; download or copy it again');
  }
  return { dims, data: buf.subarray(headerBytes, headerBytes + size) };
}

/** Encodes an unsigned-byte IDX array (used by tests and benchmarks to make MNIST-shaped files). */
export function encodeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  out[2] = UBYTE;
  out[3] = dims.length;
  const view = new DataView(out.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}

export async function writeIdx(file: string, dims: readonly number[], data: Uint8Array, gzip = file.endsWith('.gz')): Promise<void> {
  const bytes = encodeIdx(dims, data);
  await writeFileAtomic(file, gzip ? gzipSync(bytes) : bytes);
}

/** Reads MNIST-format images (idx3-ubyte) and, optionally, their labels (idx1-ubyte). */
export async function readIdxImages(imagesFile: string, labelsFile?: string): Promise<ImageData> {
  const img = parseIdx(await readBytes(imagesFile), imagesFile);
  if (img.dims.length !== 3) {
    throw new DataError('DATA_BAD_IDX_SHAPE', `expected 3 dimensions (images × rows × columns), got ${img.dims.length}`, { file: imagesFile },
      img.dims.length === 1 ? 'this looks like a label file; pass it with --labels' : undefined);
  }
  const [count, height, width] = img.dims as [number, number, number];
  if (count === 0) throw new DataError('DATA_NO_IMAGES', 'the file holds no images', { file: imagesFile });
  let labels: Int32Array | null = null;
  if (labelsFile !== undefined) {
    const lab = parseIdx(await readBytes(labelsFile), labelsFile);
    if (lab.dims.length !== 1) throw new DataError('DATA_BAD_IDX_SHAPE', `expected a 1-dimensional label file, got ${lab.dims.length} dimensions`, { file: labelsFile });
    labels = Int32Array.from(lab.data);
  }
  return withLabels({ pixels: scalePixels(img.data, 255), count, width, height, maxValue: 255, source: imagesFile }, labels, labelsFile ?? imagesFile);
}
