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
