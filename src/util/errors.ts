/**
 * Typed errors. Every error a user can cause carries where it happened (file, row, column,
 * graph node) and what to do next, so the CLI can print one line instead of a stack trace.
 */

export interface ErrorLocation {
  file?: string;
  /** 1-based row number in the user's file (the header is row 1 for CSV). */
  row?: number;
  column?: string;
}

export class GanforgeError extends Error {
  /** A short, stable machine-readable code, e.g. `DATA_RAGGED_ROW`. */
  readonly code: string;
  /** What the user can do about it. */
  readonly hint: string | undefined;

  constructor(code: string, message: string, hint?: string) {
    super(hint ? `${message} — ${hint}` : message);
    this.name = new.target.name;
    this.code = code;
    this.hint = hint;
  }
}

function where(loc: ErrorLocation): string {
  const parts: string[] = [];
  if (loc.file !== undefined) parts.push(loc.file);
  if (loc.row !== undefined) parts.push(`row ${loc.row}`);
  if (loc.column !== undefined) parts.push(`column "${loc.column}"`);
  return parts.length ? `${parts.join(', ')}: ` : '';
}

/** Bad input data: unreadable file, ragged row, bad value, unknown column. */
export class DataError extends GanforgeError {
  readonly file: string | undefined;
  readonly row: number | undefined;
  readonly column: string | undefined;
  constructor(code: string, message: string, loc: ErrorLocation = {}, hint?: string) {
    super(code, `${where(loc)}${message}`, hint);
    this.file = loc.file;
    this.row = loc.row;
    this.column = loc.column;
  }
}

/** A configuration value or option that is unknown, of the wrong type, or out of range. */
export class ConfigError extends GanforgeError {
  readonly path: string | undefined;
  constructor(code: string, message: string, path?: string, hint?: string) {
    super(code, path ? `config ${path}: ${message}` : message, hint);
    this.path = path;
  }
}

/** A model file that is corrupt, truncated, foreign, or from an incompatible version. */
export class ModelFormatError extends GanforgeError {
  readonly file: string | undefined;
  constructor(code: string, message: string, file?: string, hint?: string) {
    super(code, file ? `${file}: ${message}` : message, hint);
    this.file = file;
  }
}

/** A graph that cannot be built, differentiated or run (shape mismatch, missing gradient rule, NaN feed). */
export class GraphError extends GanforgeError {
  readonly node: string | undefined;
  constructor(code: string, message: string, node?: string, hint?: string) {
    super(code, node ? `${node}: ${message}` : message, hint);
    this.node = node;
  }
}

/** Training that cannot go on: NaN/Inf losses or parameters, a checkpoint that does not match. */
export class TrainingError extends GanforgeError {
  readonly step: number | undefined;
  constructor(code: string, message: string, step?: number, hint?: string) {
    super(code, step !== undefined ? `step ${step}: ${message}` : message, hint);
    this.step = step;
  }
}

/** Bad command-line usage (exit code 2). */
export class UsageError extends GanforgeError {
  constructor(message: string, hint?: string) {
    super('USAGE', message, hint);
  }
}

const FS_REASONS: Record<string, string> = {
  EROFS: 'read-only file system', EACCES: 'permission denied', EPERM: 'operation not permitted', ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded', EISDIR: 'it is a directory', ENOTDIR: 'a part of the path is not a directory',
  ENOENT: 'the folder does not exist', EEXIST: 'it already exists', ENAMETOOLONG: 'the name is too long', EBUSY: 'it is busy',
  EMFILE: 'too many open files', EIO: 'input/output error', ELOOP: 'too many symbolic links',
};

/** The reason an fs call failed, in words ("read-only file system"), from a Node errno error. */
export function fsReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return (code && FS_REASONS[code]) ?? (code ? code : (e as Error)?.message ?? String(e));
}

/** An output that cannot be written (read-only, full disk, a directory in the way) or that would overwrite an input. */
export class OutputError extends GanforgeError {
  readonly file: string;
  readonly reason: string;
  constructor(code: string, file: string, reason: string, hint?: string) {
    super(code, `cannot write ${file}: ${reason}`, hint);
    this.file = file;
    this.reason = reason;
  }
}

/** Wraps a Node fs error while writing `file` as an OutputError naming the user's path, not the temp file. */
export function outputError(file: string, e: unknown): unknown {
  if (e instanceof GanforgeError) return e;
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (!code) return e;
  return new OutputError(`OUTPUT_${code}`, file, fsReason(e), code === 'ENOSPC' || code === 'EDQUOT' ? 'free some space or choose another location' : 'choose another location');
}
