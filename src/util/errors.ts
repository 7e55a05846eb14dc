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

/** Codes of DataError. */
export type DataErrorCode =
  | 'DATA_BAD_CONDITION' | 'DATA_BAD_CSV' | 'DATA_BAD_GZIP' | 'DATA_BAD_IDX_SHAPE' | 'DATA_BAD_JSON'
  | 'DATA_BAD_MAGIC' | 'DATA_BAD_OVERRIDE' | 'DATA_BAD_PARQUET' | 'DATA_BAD_PNG' | 'DATA_BAD_XLSX'
  | 'DATA_BLANK_COLUMN_NAME' | 'DATA_COLUMN_EXTRA' | 'DATA_COLUMN_MISSING' | 'DATA_COLUMN_TYPE'
  | 'DATA_CONDITION_TOO_RARE' | 'DATA_DUPLICATE_COLUMN' | 'DATA_EMPTY_FILE' | 'DATA_EMPTY_TABLE' | 'DATA_HUGE_FIELD'
  | 'DATA_LABEL_COUNT_MISMATCH' | 'DATA_MISSING_ASSET' | 'DATA_NESTED_VALUE' | 'DATA_NON_FINITE'
  | 'DATA_NON_FINITE_OUTPUT' | 'DATA_NOTHING_TO_LEARN' | 'DATA_NOT_AN_ARRAY' | 'DATA_NOT_AN_OBJECT'
  | 'DATA_NOT_A_FILE' | 'DATA_NOT_A_FOLDER' | 'DATA_NOT_CATEGORICAL' | 'DATA_NOT_CONDITIONAL' | 'DATA_NOT_PNG'
  | 'DATA_NOT_UTF8' | 'DATA_NO_FEATURES' | 'DATA_NO_FILE' | 'DATA_NO_IMAGES' | 'DATA_NO_LABELS' | 'DATA_NO_ROWS'
  | 'DATA_NO_SHEET' | 'DATA_RAGGED_ROW' | 'DATA_SIZE_MISMATCH' | 'DATA_TARGET_NOT_NUMERIC' | 'DATA_TOO_BIG_FOR_EXCEL'
  | 'DATA_TOO_FEW_IMAGES' | 'DATA_TOO_FEW_ROWS' | 'DATA_TOO_LARGE' | 'DATA_TOO_MANY_COLUMNS' | 'DATA_TOO_MANY_ROWS'
  | 'DATA_TRUNCATED' | 'DATA_TYPE_MISMATCH' | 'DATA_UNCLOSED_QUOTE' | 'DATA_UNEXPECTED_MISSING'
  | 'DATA_UNKNOWN_CATEGORY' | 'DATA_UNKNOWN_COLUMN' | 'DATA_UNKNOWN_DATASET' | 'DATA_UNKNOWN_FORMAT'
  | 'DATA_UNKNOWN_TARGET' | 'DATA_UNREADABLE' | 'DATA_UNSUPPORTED_IDX_TYPE' | 'DATA_XLSX_RESERVED_TEXT'
  | 'DATA_XLSX_TOO_LARGE';

/** Codes of ConfigError. */
export type ConfigErrorCode =
  | 'CONFIG_BAD_JSON' | 'CONFIG_BAD_TYPE' | 'CONFIG_BAD_VALUE' | 'CONFIG_ENGINE_ONNX_OPTION'
  | 'CONFIG_NOT_CONDITIONAL' | 'CONFIG_NO_FILE_SYSTEM' | 'CONFIG_NO_LABELS' | 'CONFIG_NO_RUNTIME' | 'CONFIG_NO_TRAINING_DATA'
  | 'CONFIG_TOO_FEW_IMAGES' | 'CONFIG_UNKNOWN_KEY' | 'CONFIG_UNKNOWN_PRESET' | 'CONFIG_UNREADABLE';

/** Codes of ModelFormatError. */
export type ModelFormatErrorCode =
  | 'MODEL_BAD_ARCHIVE' | 'MODEL_BAD_DATA' | 'MODEL_BAD_NAME' | 'MODEL_BAD_TRANSFORMER' | 'MODEL_CHANGED'
  | 'MODEL_CHECKSUM' | 'MODEL_CORRUPT_MANIFEST' | 'MODEL_FOREIGN_FILE' | 'MODEL_MISSING_FILE' | 'MODEL_NEWER_FORMAT'
  | 'MODEL_NOT_A_FILE' | 'MODEL_NO_SAMPLER' | 'MODEL_SHAPE_MISMATCH' | 'MODEL_TOO_LARGE' | 'MODEL_TRUNCATED'
  | 'MODEL_UNREADABLE' | 'MODEL_WRONG_KIND';

/** Codes of GraphError. */
export type GraphErrorCode =
  | 'GRAPH_BAD_ATTR' | 'GRAPH_BAD_AXIS' | 'GRAPH_BAD_CONSTANT' | 'GRAPH_BAD_SHAPE' | 'GRAPH_BAD_STEP'
  | 'GRAPH_BAD_STEPS' | 'GRAPH_BAD_UPDATE' | 'GRAPH_BAD_VALUE' | 'GRAPH_DTYPE_MISMATCH' | 'GRAPH_DUPLICATE_NAME'
  | 'GRAPH_FOREIGN_TENSOR' | 'GRAPH_GRAD_SHAPE' | 'GRAPH_MISSING_FEED' | 'GRAPH_MISSING_INPUT'
  | 'GRAPH_NON_FINITE_FEED' | 'GRAPH_NOT_DIFFERENTIABLE' | 'GRAPH_NO_GRADIENT' | 'GRAPH_NO_PATH' | 'GRAPH_NO_TENSOR'
  | 'GRAPH_ORT_REJECTED' | 'GRAPH_SHAPE_MISMATCH' | 'GRAPH_UNKNOWN_OP' | 'GRAPH_UNKNOWN_VARIABLE';

/** Codes of TrainingError. */
export type TrainingErrorCode =
  | 'TRAINING_BAD_NOISE' | 'TRAINING_CHECKPOINT_MISMATCH' | 'TRAINING_DIVERGED' | 'TRAINING_NO_CONDITIONER'
  | 'TRAINING_NO_PRIOR';

/** Codes of OutputError: OUTPUT_ and the fs error's errno name (OUTPUT_EROFS, OUTPUT_ENOSPC, …) where the system gave one. */
export type OutputErrorCode =
  | 'OUTPUT_ACCESS' | 'OUTPUT_LOCK' | 'OUTPUT_READ' | 'OUTPUT_ENOTDIR' | 'OUTPUT_NO_FILE_SYSTEM'
  | `OUTPUT_E${string}`;

/** The one code of UsageError. */
export type UsageErrorCode = 'USAGE';

/** Every code a ganforge error can carry: one scheme, the class's prefix then what went wrong (DATA_RAGGED_ROW, MODEL_CHECKSUM). */
export type ErrorCode = DataErrorCode | ConfigErrorCode | ModelFormatErrorCode | GraphErrorCode | TrainingErrorCode | OutputErrorCode | UsageErrorCode;

export class GanforgeError<C extends ErrorCode = ErrorCode> extends Error {
  /** A short, stable machine-readable code, e.g. `DATA_RAGGED_ROW`: the class's prefix, then what went wrong. */
  readonly code: C;
  /** What the user can do about it. */
  readonly hint: string | undefined;

  constructor(code: C, message: string, hint?: string) {
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
export class DataError extends GanforgeError<DataErrorCode> {
  readonly file: string | undefined;
  readonly row: number | undefined;
  readonly column: string | undefined;
  constructor(code: DataErrorCode, message: string, loc: ErrorLocation = {}, hint?: string) {
    super(code, `${where(loc)}${message}`, hint);
    this.file = loc.file;
    this.row = loc.row;
    this.column = loc.column;
  }
}

/** A configuration value or option that is unknown, of the wrong type, or out of range. */
export class ConfigError extends GanforgeError<ConfigErrorCode> {
  readonly path: string | undefined;
  constructor(code: ConfigErrorCode, message: string, path?: string, hint?: string) {
    super(code, path ? `config ${path}: ${message}` : message, hint);
    this.path = path;
  }
}

/** A model file that is corrupt, truncated, foreign, or from an incompatible version. */
export class ModelFormatError extends GanforgeError<ModelFormatErrorCode> {
  readonly file: string | undefined;
  constructor(code: ModelFormatErrorCode, message: string, file?: string, hint?: string) {
    super(code, file ? `${file}: ${message}` : message, hint);
    this.file = file;
  }
}

/** A graph that cannot be built, differentiated or run (shape mismatch, missing gradient rule, NaN feed). */
export class GraphError extends GanforgeError<GraphErrorCode> {
  readonly node: string | undefined;
  constructor(code: GraphErrorCode, message: string, node?: string, hint?: string) {
    super(code, node ? `${node}: ${message}` : message, hint);
    this.node = node;
  }
}

/** Training that cannot go on: NaN/Inf losses or parameters, a checkpoint that does not match. */
export class TrainingError extends GanforgeError<TrainingErrorCode> {
  readonly step: number | undefined;
  constructor(code: TrainingErrorCode, message: string, step?: number, hint?: string) {
    super(code, step !== undefined ? `step ${step}: ${message}` : message, hint);
    this.step = step;
  }
}

/** Bad command-line usage (exit code 2). */
export class UsageError extends GanforgeError<UsageErrorCode> {
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
export class OutputError extends GanforgeError<OutputErrorCode> {
  readonly file: string;
  readonly reason: string;
  constructor(code: OutputErrorCode, file: string, reason: string, hint?: string) {
    super(code, `cannot write ${file}: ${reason}`, hint);
    this.file = file;
    this.reason = reason;
  }
}

/** OUTPUT_ and the errno name of a Node fs error (OUTPUT_EACCES), or OUTPUT_<fallback> when it has none. */
export function outputCode(e: unknown, fallback: 'ACCESS' | 'LOCK' | 'READ'): OutputErrorCode {
  const errno = (e as NodeJS.ErrnoException | undefined)?.code;
  return errno && /^E[A-Z]+$/.test(errno) ? `OUTPUT_${errno as `E${string}`}` : `OUTPUT_${fallback}`;
}

/** Wraps a Node fs error while writing `file` as an OutputError naming the user's path, not the temp file. */
export function outputError(file: string, e: unknown): unknown {
  if (e instanceof GanforgeError) return e;
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (!code) return e;
  return new OutputError(`OUTPUT_${code as `E${string}`}`, file, fsReason(e), code === 'ENOSPC' || code === 'EDQUOT' ? 'free some space or choose another location' : 'choose another location');
}
