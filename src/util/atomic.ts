/**
 * Atomic writes: files and directories appear whole or not at all (temp beside the target +
 * rename). Temp names carry the writer's pid, so leftovers of a killed writer are recognised and
 * removed (or, for a directory caught between its two renames, restored) by the next writer.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { mkdir, open, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { outputError } from './errors.js';

let counter = 0;

/** Temp name next to the target (same filesystem, so rename is atomic); pid + counter keep it unique. */
export function tempPathFor(path: string): string {
  counter++;
  return join(dirname(path), `.${basename(path)}.${process.pid}.${counter}.tmp`);
}

/** Whether a process with this pid is running (a leftover of a live writer must not be touched). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function siblings(path: string): string[] {
  try {
    return readdirSync(dirname(path));
  } catch {
    return [];
  }
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Removes `.name.<pid>.<n>.tmp` files beside `path` left by writers that no longer run. */
export function removeStaleTempFiles(path: string): void {
  const re = new RegExp(`^\\.${escapeRe(basename(path))}\\.(\\d+)\\.\\d+\\.tmp$`);
  for (const name of siblings(path)) {
    const m = re.exec(name);
    if (m && !pidAlive(Number(m[1]))) rmSync(join(dirname(path), name), { force: true });
  }
}

const isDir = (p: string): boolean => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

/**
 * Cleans up after a directory writer that was killed: `<dir>.tmp-<pid>-<hex>` and
 * `<dir>.old-<pid>-<hex>` of dead pids are removed; if `dir` itself is missing (killed between
 * the two renames of the swap), the complete new copy (its manifest is written last) or else the
 * old one is renamed back to `dir` first. Returns what was restored, if anything.
 */
export function recoverDir(dir: string, completeMarker = 'manifest.json'): string | null {
  const re = new RegExp(`^${escapeRe(basename(dir))}\\.(tmp|old)-(\\d+)-[0-9a-f]+$`);
  const stale: { path: string; kind: string }[] = [];
  for (const name of siblings(dir)) {
    const m = re.exec(name);
    if (m && !pidAlive(Number(m[2]))) stale.push({ path: join(dirname(dir), name), kind: m[1]! });
  }
  if (!stale.length) return null;
  let restored: string | null = null;
  let present = true;
  try {
    statSync(dir);
  } catch {
    present = false;
  }
  if (!present) {
    const complete = (s: { path: string }): boolean => {
      try {
        return statSync(join(s.path, completeMarker)).isFile();
      } catch {
        return false;
      }
    };
    const pick = stale.find((s) => s.kind === 'tmp' && complete(s)) ?? stale.find((s) => s.kind === 'old' && isDir(s.path));
    if (pick) {
      renameSync(pick.path, dir);
      restored = pick.path;
    }
  }
  for (const s of stale) if (s.path !== restored) rmSync(s.path, { recursive: true, force: true });
  return restored;
}

/**
 * mkdir -p, one level at a time (Node's recursive mkdir loops forever under /proc, where a
 * missing folder can be neither found nor made).
 */
export async function makeParents(dir: string): Promise<void> {
  const missing: string[] = [];
  let at = resolve(dir);
  for (;;) {
    const st = await stat(at).catch(() => null);
    if (st) break;
    missing.push(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  for (const d of missing.reverse()) {
    await mkdir(d).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
    });
  }
}

/** Flushes a written file to the disk (before it is renamed into place). */
export async function syncFile(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Makes `path`'s folder, removes what killed writers of `path` left, and names this writer's temp file. */
export async function prepareTemp(path: string): Promise<string> {
  try {
    await makeParents(dirname(path));
  } catch (e) {
    throw outputError(path, e);
  }
  removeStaleTempFiles(path);
  return tempPathFor(path);
}

/**
 * Runs `write(tmp)` and renames tmp over `path`; on any failure the temp file is removed and the
 * target is left as it was, so readers never see a half-written file. File-system errors name
 * `path` (never the temp file) and say why ("cannot write out.csv: read-only file system").
 */
export async function atomicWrite(path: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = await prepareTemp(path);
  try {
    await write(tmp);
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw outputError(path, e);
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
 * point leaves either the old directory or the new one, never a mix; the next writer (or reader,
 * via recoverDir) removes the leftovers and restores the directory if the crash fell between the
 * two renames.
 */
export async function writeDirAtomic(dir: string, fill: (tmp: string) => Promise<void>): Promise<void> {
  recoverDir(dir);
  const tmp = `${dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await makeParents(dirname(tmp));
    await mkdir(tmp);
    await fill(tmp);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    throw outputError(dir, e);
  }
  const old = `${dir}.old-${process.pid}-${randomBytes(4).toString('hex')}`;
  let moved = false;
  try {
    const exists = await stat(dir).then(() => true, () => false);
    if (!exists) {
      await rename(tmp, dir);
      return;
    }
    await rename(dir, old);
    moved = true;
    await rename(tmp, dir);
  } catch (e) {
    if (moved) await rename(old, dir).catch(() => undefined);
    await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    throw outputError(dir, e);
  }
  await rm(old, { recursive: true, force: true });
}

/** Writes one file of a directory being built by writeDirAtomic (fsynced). */
export async function writeFileIn(dir: string, name: string, data: Uint8Array | string): Promise<void> {
  await writeFile(join(dir, name), data);
  await syncFile(join(dir, name));
}
