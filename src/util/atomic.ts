/** Atomic writes: files and directories appear whole or not at all (temp beside the target + rename). */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

let counter = 0;

/** Temp name next to the target (same filesystem, so rename is atomic); pid + counter keep it unique. */
export function tempPathFor(path: string): string {
  counter++;
  return join(dirname(path), `.${basename(path)}.${process.pid}.${counter}.tmp`);
}

async function syncFile(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Runs `write(tmp)` and renames tmp over `path`; on any failure the temp file is removed and the
 * target is left as it was, so readers never see a half-written file.
 */
export async function atomicWrite(path: string, write: (tmp: string) => Promise<void>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = tempPathFor(path);
  try {
    await write(tmp);
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

/** Writes bytes or text atomically, fsynced so a crash never exposes an empty file. */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  await atomicWrite(path, async (tmp) => {
    await writeFile(tmp, data);
    await syncFile(tmp);
  });
}

/**
 * Builds a directory with `fill(tmpDir)` beside the target, then swaps it in. A crash at any
 * point leaves either the old directory or the new one (plus a stray temp folder), never a mix.
 */
export async function writeDirAtomic(dir: string, fill: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = `${dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  await mkdir(tmp, { recursive: true });
  try {
    await fill(tmp);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  const exists = await stat(dir).then(() => true, () => false);
  if (!exists) {
    await rename(tmp, dir);
    return;
  }
  const old = `${dir}.old-${process.pid}-${randomBytes(4).toString('hex')}`;
  await rename(dir, old);
  await rename(tmp, dir);
  await rm(old, { recursive: true, force: true });
}

/** Writes one file of a directory being built by writeDirAtomic (fsynced). */
export async function writeFileIn(dir: string, name: string, data: Uint8Array | string): Promise<void> {
  await writeFile(join(dir, name), data);
  await syncFile(join(dir, name));
}
