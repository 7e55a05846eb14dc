/**
 * Checks on output paths before any work starts: an output never replaces an input (the data,
 * --exclude, --config, a model's own files), never replaces a folder that is not a ganforge model
 * (unless --force), never the working folder; its location must be writable. And a lock so two
 * processes never write the same model folder at once.
 */
import { accessSync, closeSync, constants, openSync, readFileSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, isAbsolute } from 'node:path';
import { UsageError } from '../index.js';
import { pidAlive } from '../util/atomic.js';
import { fsReason, OutputError, outputCode } from '../util/errors.js';

export interface NamedInput {
  path: string;
  /** How the user gave it, e.g. "the training data", "--exclude". */
  label: string;
}

/** The files a model folder holds; an output file never takes one of these names inside a model folder. */
export const MODEL_FILES = ['manifest.json', 'weights.bin', 'optimizer.bin', 'generator.onnx', 'sampler.onnx'];

function statOrNull(p: string): ReturnType<typeof statSync> | null {
  try {
    return statSync(p);
  } catch {
    return null;
  }
}

/** Same file on disk (through links and different spellings), or the same resolved path. */
export function sameFile(a: string, b: string): boolean {
  const sa = statOrNull(a), sb = statOrNull(b);
  if (sa && sb) return sa.dev === sb.dev && sa.ino === sb.ino;
  return resolve(a) === resolve(b);
}

/** `child` is `parent` or lies below it. */
export function isInside(child: string, parent: string): boolean {
  const r = relative(resolve(parent), resolve(child));
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}

export function isModelDir(dir: string): boolean {
  try {
    const st = statSync(join(dir, 'manifest.json'));
    if (!st.isFile() || st.size > 256 << 20) return false;
    return (JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { format?: unknown }).format === 'ganforge-model';
  } catch {
    return false;
  }
}

/** The folder the output will be created in must exist or be creatable, and be writable. */
export function checkWritableLocation(path: string): void {
  let at = dirname(resolve(path));
  for (;;) {
    const st = statOrNull(at);
    if (st) {
      if (!st.isDirectory()) throw new OutputError('OUTPUT_ENOTDIR', path, `${at} is not a folder`, 'choose another location');
      try {
        accessSync(at, constants.W_OK);
      } catch (e) {
        throw new OutputError(outputCode(e, 'ACCESS'), path, fsReason(e), 'choose another location');
      }
      return;
    }
    const up = dirname(at);
    if (up === at) return;
    at = up;
  }
}

/** An output file (-o, --report, --json): not a folder, not an input, not a file of a model folder, writable. */
export function checkOutputFile(path: string, flag: string, inputs: NamedInput[], modelDirs: string[] = []): void {
  const st = statOrNull(path);
  if (st?.isDirectory()) throw new UsageError(`${flag} ${path} is a folder`, 'give a file name');
  for (const i of inputs) {
    if (sameFile(path, i.path)) throw new UsageError(`${flag} ${path} is ${i.label} (an input); it would be overwritten`, 'choose another file name');
  }
  for (const d of modelDirs) {
    if (sameFile(dirname(path), d) && MODEL_FILES.includes(basename(path))) {
      throw new UsageError(`${flag} ${path} is a file of the model ${d}; it would be overwritten`, 'choose another file name');
    }
  }
  checkWritableLocation(path);
}

/**
 * The folder of `sample -o DIR/` (Parquet parts): new, empty, or holding only part-*.parquet files
 * (which are replaced); never a model folder, never a folder holding an input.
 */
export function checkPartsFolder(dir: string, inputs: NamedInput[], modelDirs: string[]): void {
  const st = statOrNull(dir);
  if (st && !st.isDirectory()) throw new UsageError(`-o ${dir} is a file, not a folder`, 'give a new folder name ending in /');
  for (const i of inputs) {
    if (isInside(i.path, dir)) throw new UsageError(`-o ${dir} holds ${i.label} (${i.path}); parts would be written beside it`, 'choose another folder name');
  }
  for (const d of modelDirs) if (sameFile(dir, d) || isModelDir(dir)) throw new UsageError(`-o ${dir} is a model folder`, 'choose another folder name');
  if (st) {
    const others = readdirSync(dir).filter((e) => !/^part-\d{5}\.parquet$/.test(e) && !e.startsWith('.part-'));
    if (others.length) throw new UsageError(`-o ${dir} holds other files (${others.slice(0, 3).join(', ')}${others.length > 3 ? ', …' : ''})`, 'choose a new or empty folder for the parts');
  }
  checkWritableLocation(join(dir, 'part-00000.parquet'));
}

/**
 * The model folder of `train --out`: replaced as a whole, so it must be new, empty, or a
 * ganforge model; never the working folder or one above it, never a folder holding an input.
 */
export function checkModelOut(out: string, inputs: NamedInput[], force: boolean): void {
  const abs = resolve(out);
  if (isInside(process.cwd(), abs)) {
    throw new UsageError(`--out ${out} is the current folder${abs === process.cwd() ? '' : ' or one above it'}; the model would replace everything in it`, 'give a new folder name, e.g. --out my-model');
  }
  const st = statOrNull(out);
  if (st && !st.isDirectory()) throw new UsageError(`--out ${out} is an existing file, not a model folder; it would be replaced`, 'choose another folder name');
  for (const i of inputs) {
    if (isInside(i.path, out)) throw new UsageError(`--out ${out} holds ${i.label} (${i.path}); saving the model would delete it`, 'choose another folder name');
  }
  if (st && !isModelDir(out)) {
    let entries: string[] = [];
    try {
      entries = readdirSync(out);
    } catch (e) {
      throw new OutputError(outputCode(e, 'READ'), out, fsReason(e));
    }
    if (entries.length && !force) {
      throw new UsageError(`--out ${out} is a folder of other files (${entries.length} entries), not a ganforge model; saving would delete them`, 'choose a new folder name, or add --force to replace it');
    }
  }
  checkWritableLocation(out);
}

/** A lock beside `target` (`.<name>.lock`, created exclusively) held while this process writes it. */
export function acquireLock(target: string): () => void {
  const lock = join(dirname(resolve(target)), `.${basename(resolve(target))}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(lock, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new OutputError(outputCode(e, 'LOCK'), target, fsReason(e));
      let pid = NaN;
      try {
        pid = Number(readFileSync(lock, 'utf8').trim());
      } catch {
        /* removed meanwhile */
      }
      if (pidAlive(pid)) throw new UsageError(`another ganforge (pid ${pid}) is writing ${target}`, `wait for it to finish, or choose another --out (remove ${lock} if no ganforge is running)`);
      rmSync(lock, { force: true });
      continue;
    }
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    let held = true;
    const release = (): void => {
      if (!held) return;
      held = false;
      process.off('exit', release);
      rmSync(lock, { force: true });
    };
    process.on('exit', release);
    return release;
  }
  throw new UsageError(`another ganforge is writing ${target}`, 'try again');
}
