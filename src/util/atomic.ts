/** Atomic writes: files and directories appear whole or not at all (temp + rename). */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const tempName = (path: string): string => `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;

export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = tempName(path);
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Builds a directory with `fill(tmpDir)` beside the target, then swaps it in. A crash at any
 * point leaves either the old directory or the new one (plus a stray temp folder), never a mix.
 */
export async function writeDirAtomic(dir: string, fill: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = tempName(dir);
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

export async function writeFileIn(dir: string, name: string, data: Uint8Array | string): Promise<void> {
  const fh = await open(join(dir, name), 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
}
