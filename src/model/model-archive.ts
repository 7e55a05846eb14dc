/**
 * A model folder as one file: a POSIX (ustar) tar archive holding `<name>/manifest.json`,
 * weights.bin, optimizer.bin, generator.onnx and (table models) sampler.onnx, which `tar -xf` unpacks into a model folder and
 * which `loadModel` (so `ganforge sample` / `inspect`) and the studio read as is. No file system
 * here: the browser writes and reads archives too.
 */
import { ModelFormatError } from '../util/errors.js';
import type { ModelFiles, ModelSource } from './model-files.js';
import { OPTIONAL_MODEL_FILES } from './manifest-check.js';

const BLOCK = 512;
/** The files of a model archive, in the order written (manifest.json last, as in a folder). */
const ARCHIVE_FILES = ['weights.bin', 'optimizer.bin', 'generator.onnx', 'manifest.json'] as const;

function writeString(h: Uint8Array, at: number, length: number, s: string): void {
  const b = new TextEncoder().encode(s);
  if (b.length > length) throw new ModelFormatError('MODEL_BAD_NAME', `"${s}" is too long for a tar header`);
  h.set(b, at);
}

const octal = (n: number, digits: number): string => n.toString(8).padStart(digits, '0');

function header(name: string, size: number, mtime: number, type: '0' | '5'): Uint8Array {
  const h = new Uint8Array(BLOCK);
  writeString(h, 0, 100, name);
  writeString(h, 100, 8, `${octal(type === '5' ? 0o755 : 0o644, 7)}\0`);
  writeString(h, 108, 8, `${octal(0, 7)}\0`);
  writeString(h, 116, 8, `${octal(0, 7)}\0`);
  writeString(h, 124, 12, `${octal(size, 11)}\0`);
  writeString(h, 136, 12, `${octal(mtime, 11)}\0`);
  h.fill(0x20, 148, 156); // the checksum field counts as spaces while summing
  writeString(h, 156, 1, type);
  writeString(h, 257, 6, 'ustar\0');
  writeString(h, 263, 2, '00');
  let sum = 0;
  for (const x of h) sum += x;
  writeString(h, 148, 8, `${octal(sum, 6)}\0 `);
  return h;
}

/** The model's files (and its optional ones, e.g. sampler.onnx) as a tar archive under the folder `name` (e.g. "iris-model"). */
export function modelArchive(files: ModelFiles['files'], name = 'model', date = new Date(), extra: ModelFiles['extra'] = {}): Uint8Array {
  if (!/^[A-Za-z0-9._-]{1,80}$/.test(name) || name === '.' || name === '..') throw new ModelFormatError('MODEL_BAD_NAME', `"${name}" is not a plain folder name`);
  const mtime = Math.floor(date.getTime() / 1000);
  const parts: Uint8Array[] = [header(`${name}/`, 0, mtime, '5')];
  const all: Record<string, Uint8Array> = { ...files, ...extra };
  const names = [...ARCHIVE_FILES.slice(0, -1), ...OPTIONAL_MODEL_FILES.filter((f) => extra[f]), 'manifest.json'];
  for (const f of names) {
    const data = all[f]!;
    parts.push(header(`${name}/${f}`, data.length, mtime, '0'), data);
    const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
    if (pad) parts.push(new Uint8Array(pad));
  }
  parts.push(new Uint8Array(2 * BLOCK));
  const out = new Uint8Array(parts.reduce((t, p) => t + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Whether these bytes start with a tar (ustar) header. */
export const isUstar = (h: Uint8Array): boolean => new TextDecoder().decode(h.subarray(257, 262)) === 'ustar';

function field(h: Uint8Array, at: number, length: number): string {
  const b = h.subarray(at, at + length);
  const end = b.indexOf(0);
  return new TextDecoder().decode(end < 0 ? b : b.subarray(0, end));
}

/**
 * The model files in a tar archive (flat, or in one folder). Only the model's own files are taken;
 * links, devices and anything else are refused (nothing in an archive is ever written to disk).
 */
export function archiveSource(bytes: Uint8Array, label: string): ModelSource {
  const bad = (msg: string): ModelFormatError => new ModelFormatError('MODEL_BAD_ARCHIVE', msg, label, 'download the model again, or give the model folder');
  const found = new Map<string, Uint8Array>();
  let at = 0;
  while (at + BLOCK <= bytes.length) {
    const h = bytes.subarray(at, at + BLOCK);
    if (h.every((x) => x === 0)) break;
    if (!isUstar(h)) throw bad(`not a tar archive (no ustar header at byte ${at})`);
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
    if (Number.parseInt(field(h, 148, 8).trim(), 8) !== sum) throw bad(`damaged tar header at byte ${at}`);
    const size = Number.parseInt(field(h, 124, 12).trim() || '0', 8);
    if (!Number.isSafeInteger(size) || size < 0 || at + BLOCK + size > bytes.length) throw bad(`a member at byte ${at} runs past the end of the archive (truncated?)`);
    const prefix = field(h, 345, 155);
    const path = prefix ? `${prefix}/${field(h, 0, 100)}` : field(h, 0, 100);
    const type = String.fromCharCode(h[156]!);
    const parts = path.split('/').filter((p) => p !== '' && p !== '.');
    if (type === '0' || type === '\0') {
      const name = parts[parts.length - 1] ?? '';
      if (parts.length > 2 || parts.includes('..')) throw bad(`unexpected member ${path.slice(0, 120)} (a model archive holds one folder of files)`);
      if ((ARCHIVE_FILES as readonly string[]).includes(name) || (OPTIONAL_MODEL_FILES as readonly string[]).includes(name)) {
        if (found.has(name)) throw bad(`${name} appears twice`);
        found.set(name, bytes.subarray(at + BLOCK, at + BLOCK + size));
      }
    } else if (type !== '5' && type !== 'x' && type !== 'g') {
      throw bad(`member ${path.slice(0, 120)} is not a regular file (tar type '${type}')`);
    }
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return filesSource(found, label);
}

/** Model files already in memory (an archive's, or files picked in a browser), by name. */
export function filesSource(files: ReadonlyMap<string, Uint8Array>, label: string): ModelSource {
  const path = (name: string): string => `${label}/${name}`;
  return {
    label,
    path,
    async read(name, what, expectBytes, maxBytes) {
      const b = files.get(name);
      if (!b) throw new ModelFormatError('MODEL_MISSING_FILE', `cannot read ${what} (there is no ${name})`, path(name), 'is this a ganforge model (made by `ganforge train` or the studio)?');
      if (expectBytes !== null && b.length !== expectBytes) throw new ModelFormatError('MODEL_TRUNCATED', `${name} has ${b.length} bytes, the manifest says ${expectBytes}`, path(name), 'the model file is damaged (truncated copy?)');
      if (b.length > maxBytes) throw new ModelFormatError('MODEL_TOO_LARGE', `${what} is ${b.length} bytes, more than a model file can be (${maxBytes})`, path(name), 'the model is damaged');
      return b.slice();
    },
  };
}
