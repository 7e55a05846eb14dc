/**
 * A browser has no files to write: the `browser` condition resolves "#atomic" (package.json `imports`) to this module, whose
 * writers fail with a clear error. The studio hands its outputs (samples, report, model archive)
 * to the user as downloads instead.
 */
import { OutputError } from './errors.js';

const noFiles = (path: string): OutputError => new OutputError('OUTPUT_NO_FILE_SYSTEM', path, 'a browser has no file system', 'download the result from the page instead');

export async function atomicWrite(path: string, _write: (tmp: string) => Promise<void>): Promise<void> {
  throw noFiles(path);
}

export async function writeFileAtomic(path: string, _data: Uint8Array | string): Promise<void> {
  throw noFiles(path);
}

export async function writeDirAtomic(dir: string, _fill: (tmp: string) => Promise<void>): Promise<void> {
  throw noFiles(dir);
}

export async function writeFileIn(dir: string, name: string, _data: Uint8Array | string): Promise<void> {
  throw noFiles(`${dir}/${name}`);
}
