/** Atomic file replacement: write a sibling temp file, then rename over the target. */
import { rename, unlink, writeFile, open } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

let counter = 0;

/** Temp name next to the target (same filesystem, so rename is atomic); pid + counter keep it unique. */
export function tempPathFor(path: string): string {
  counter++;
  return join(dirname(path), `.${basename(path)}.${process.pid}.${counter}.tmp`);
}

/**
 * Runs `write(tmp)` and renames tmp over `path`; on any failure the temp file is removed and the
 * target is left as it was, so readers never see a half-written file.
 */
export async function atomicWrite(path: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = tempPathFor(path);
  try {
    await write(tmp);
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

export async function atomicWriteBytes(path: string, bytes: Uint8Array | string): Promise<void> {
  await atomicWrite(path, async (tmp) => {
    await writeFile(tmp, bytes);
    // fsync so the rename never exposes an empty file after a crash.
    const fh = await open(tmp, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  });
}
