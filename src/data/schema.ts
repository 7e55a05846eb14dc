/**
 * Schema inference: what each column is (continuous, integer, categorical, boolean, datetime),
 * how much of it is missing, and what is odd about it (constant, all missing, too many categories).
 */
import { ConfigError, DataError } from '../util/errors.js';
import type { ColumnData, Table } from './table.js';
import { detectIdentifier, type IdentifierPattern } from './identifier.js';

export type ColumnType = 'continuous' | 'integer' | 'categorical' | 'boolean' | 'datetime';

export interface ColumnSchema {
  name: string;
  /** Rows in the table (so a column's schema stands on its own). */
  rowCount: number;
  type: ColumnType;
  /** The Table column kind the values came in, so inverse transforms can give the same kind back. */
  sourceKind: ColumnData['kind'];
  missingCount: number;
  /** missingCount / rowCount. */
  missingShare: number;
  distinctCount: number;
  /** Every non-missing value is the same (or there is none). */
  constant: boolean;
  allMissing: boolean;
  /** Categorical/boolean: distinct values as text, most frequent first (ties: first seen first). */
  categories?: string[];
  /** Categorical/boolean: count of each entry of `categories`. */
  categoryCounts?: number[];
  /** Numeric/datetime: observed range. */
  min?: number;
  max?: number;
  /**
   * Categorical with more distinct values than its one-hot width (categorySlots): the encoding
   * keeps the most frequent ones and pools the rest into one "other" slot.
   */
  encoding?: 'onehot' | 'onehot-top';
  /** Unique text in every row (see identifier.ts): not modelled; generated as fresh unique values. */
  identifier?: IdentifierPattern;
  warnings: string[];
}

export interface Schema {
  rowCount: number;
  columns: ColumnSchema[];
}

export interface SchemaOverrides {
  /** Force a column's type, e.g. `{ label: 'categorical', year: 'integer' }`. */
  types?: Record<string, ColumnType>;
  /** Integer columns with at most this many distinct values become categorical (default 5). */
  maxIntegerCategories?: number;
  /** One-hot width limit before rare categories are pooled (default: categorySlots' rule). */
  maxCategories?: number;
}

const DEFAULT_MAX_INTEGER_CATEGORIES = 5;
export const DEFAULT_MAX_CATEGORIES = 100;

/** Beyond DEFAULT_MAX_CATEGORIES, categories of at least WIDE_CATEGORY_ROWS rows keep slots of their own, up to WIDE_MAX_CATEGORIES slots. */
export const WIDE_MAX_CATEGORIES = 250;
export const WIDE_CATEGORY_ROWS = 30;

/**
 * The one-hot width of a categorical column with these category counts (most frequent first),
 * the slot of pooled categories included: `maxCategories` if given; else the
 * DEFAULT_MAX_CATEGORIES − 1 most frequent categories and every further one of at least
 * WIDE_CATEGORY_ROWS rows, up to WIDE_MAX_CATEGORIES slots. A category with as many rows as a
 * copula stratum needs (ANCHOR_MIN_ROWS, copula.ts) is worth a slot: pooled categories are drawn by
 * frequency alone (185 countries of 57 yearly rows each, 85 of them pooled, scored 0.54 on the
 * contingency of country and region; with a slot and a stratum each, 0.95).
 */
export function categorySlots(counts: readonly number[], maxCategories?: number): number {
  if (maxCategories !== undefined) return maxCategories;
  if (counts.length <= DEFAULT_MAX_CATEGORIES) return DEFAULT_MAX_CATEGORIES;
  let keep = DEFAULT_MAX_CATEGORIES - 1;
  while (keep < counts.length && keep < WIDE_MAX_CATEGORIES - 1 && counts[keep]! >= WIDE_CATEGORY_ROWS) keep++;
  return keep === counts.length ? keep : keep + 1;
}

/** Distinct non-missing values as text with counts, in order of decreasing count. */
export function countCategories(c: ColumnData): { categories: string[]; counts: number[] } {
  const counts = new Map<string, number>();
  const n = c.values.length;
  for (let i = 0; i < n; i++) {
    const key = categoryKey(c, i);
    if (key !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  // Stable sort keeps first-seen order among ties, so the result is deterministic.
  const entries = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  return { categories: entries.map((e) => e[0]), counts: entries.map((e) => e[1]) };
}

/** A cell as category text (numbers via String(), which round-trips exactly through Number()). */
export function categoryKey(c: ColumnData, i: number): string | null {
  const v = c.values[i];
  if (c.kind === 'number' || c.kind === 'datetime') return Number.isNaN(v) ? null : String(v);
  if (v === null || v === undefined) return null;
  return String(v);
}

function missingCount(c: ColumnData): number {
  let m = 0;
  if (c.kind === 'number' || c.kind === 'datetime') {
    for (const v of c.values) if (Number.isNaN(v)) m++;
  } else for (const v of c.values) if (v === null) m++;
  return m;
}

function numericStats(v: Float64Array): { min: number; max: number; integer: boolean; distinct: number } {
  let min = Infinity;
  let max = -Infinity;
  let integer = true;
  const seen = new Set<number>();
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (Number.isNaN(x)) continue;
    if (x < min) min = x;
    if (x > max) max = x;
    if (integer && !Number.isInteger(x)) integer = false;
    // Counting distinct values exactly is only needed up to the thresholds we test against.
    if (seen.size <= DEFAULT_MAX_CATEGORIES * 10) seen.add(x);
  }
  return { min, max, integer, distinct: seen.size };
}

function inferType(c: ColumnData, name: string, override: ColumnType | undefined, maxIntCats: number, file?: string): ColumnType {
  if (override) {
    const numericOnly = override === 'continuous' || override === 'integer' || override === 'datetime';
    if (numericOnly && c.kind !== 'number' && c.kind !== 'datetime') {
      throw new DataError('DATA_BAD_OVERRIDE', `cannot treat a ${c.kind} column as ${override}`, { file, column: name }, 'use categorical for text columns, or fix the values');
    }
    if (override === 'boolean' && c.kind !== 'boolean') {
      throw new DataError('DATA_BAD_OVERRIDE', `cannot treat a ${c.kind} column as boolean`, { file, column: name }, 'boolean columns hold only true/false; use categorical');
    }
    return override;
  }
  if (c.kind === 'string') return 'categorical';
  if (c.kind === 'boolean') return 'boolean';
  if (c.kind === 'datetime') return 'datetime';
  const s = numericStats(c.values);
  if (!s.integer) return 'continuous';
  return s.distinct > 0 && s.distinct <= maxIntCats ? 'categorical' : 'integer';
}

const COLUMN_TYPES: readonly ColumnType[] = ['continuous', 'integer', 'categorical', 'boolean', 'datetime'];
const OVERRIDE_KEYS = ['types', 'maxIntegerCategories', 'maxCategories'];

/** Overrides come from user config files: every key and value is checked (a typo must not pass silently). */
function checkOverrides(o: SchemaOverrides): void {
  const bad = (path: string, what: string): never => {
    throw new ConfigError('CONFIG_BAD_VALUE', what, `schema.${path}`);
  };
  if (typeof o !== 'object' || o === null || Array.isArray(o)) bad('', 'must be an object');
  for (const k of Object.keys(o)) if (!OVERRIDE_KEYS.includes(k)) throw new ConfigError('CONFIG_UNKNOWN_KEY', `unknown key "${k}"`, `schema.${k}`, `known keys: ${OVERRIDE_KEYS.join(', ')}`);
  if (o.types !== undefined) {
    if (typeof o.types !== 'object' || o.types === null || Array.isArray(o.types)) bad('types', 'must be an object of column → type');
    for (const [col, t] of Object.entries(o.types)) {
      if (!COLUMN_TYPES.includes(t)) bad(`types.${col}`, `must be one of ${COLUMN_TYPES.join(', ')}, got ${JSON.stringify(t)}`);
    }
  }
  for (const k of ['maxIntegerCategories', 'maxCategories'] as const) {
    const v = o[k];
    if (v !== undefined && !(Number.isInteger(v) && v >= (k === 'maxCategories' ? 2 : 0) && v <= 100_000)) {
      bad(k, `must be a whole number from ${k === 'maxCategories' ? 2 : 0} to 100000, got ${JSON.stringify(v)}`);
    }
  }
}

const NUMBER_TEXT = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/**
 * A text column whose values are nearly all numbers: a few stray cells ("oops", "NA", "0x1F",
 * "1,234") turned it categorical. Says which, so the user can fix them or mark them missing.
 */
function numericExceptions(categories: string[], counts: number[]): string | null {
  let numeric = 0;
  let total = 0;
  const others: string[] = [];
  categories.forEach((v, k) => {
    total += counts[k]!;
    if (NUMBER_TEXT.test(v)) numeric += counts[k]!;
    else if (others.length < 5) others.push(v);
  });
  if (numeric < 0.8 * total || numeric === total) return null;
  const shown = others.map((v) => JSON.stringify(v.length > 20 ? `${v.slice(0, 20)}…` : v)).join(', ');
  return `${numeric} of ${total} values are numbers, but ${total - numeric} (such as ${shown}) are not, so the column is treated as categorical — leave those cells empty (missing) or fix them to model it as numbers`;
}

export function inferSchema(table: Table, overrides: SchemaOverrides = {}): Schema {
  checkOverrides(overrides);
  const maxIntCats = overrides.maxIntegerCategories ?? DEFAULT_MAX_INTEGER_CATEGORIES;
  for (const name of Object.keys(overrides.types ?? {})) {
    if (!table.names.includes(name)) {
      throw new DataError('DATA_UNKNOWN_COLUMN', 'type override names a column the table does not have', { column: name }, `columns are: ${table.names.join(', ')}`);
    }
  }
  const n = table.rowCount;
  const columns = table.columns.map((c, j): ColumnSchema => {
    const name = table.names[j]!;
    const type = inferType(c, name, overrides.types && Object.hasOwn(overrides.types, name) ? overrides.types[name] : undefined, maxIntCats);
    const missing = missingCount(c);
    const warnings: string[] = [];
    const col: ColumnSchema = {
      name,
      rowCount: n,
      type,
      sourceKind: c.kind,
      missingCount: missing,
      missingShare: n === 0 ? 0 : missing / n,
      distinctCount: 0,
      constant: false,
      allMissing: missing === n,
      warnings,
    };
    if (type === 'categorical' || type === 'boolean') {
      const { categories, counts } = countCategories(c);
      col.categories = categories;
      col.categoryCounts = counts;
      col.distinctCount = categories.length;
      const slots = categorySlots(counts, overrides.maxCategories);
      col.encoding = categories.length > slots ? 'onehot-top' : 'onehot';
      const mostlyNumbers = c.kind === 'string' ? numericExceptions(categories, counts) : null;
      if (mostlyNumbers) warnings.push(mostlyNumbers);
      const id = mostlyNumbers || (overrides.types && Object.hasOwn(overrides.types, name)) ? null : detectIdentifier(c, categories.length, missing);
      if (id) {
        col.identifier = id;
        warnings.push(`every one of its ${categories.length} values is different, so it looks like an identifier: it is not modelled, and samples get fresh unique values (set schema.types.${name} to "categorical" to model it anyway)`);
      } else if (categories.length > slots) {
        const idLike = !mostlyNumbers && categories.length > 0.5 * (n - missing);
        warnings.push(
          `${categories.length} distinct values: only the ${slots - 1} most frequent are modelled, the rest are pooled into one "other" slot` +
            (idLike ? '; most values are unique, so this looks like an identifier — consider dropping the column' : ''),
        );
      }
    } else {
      const s = numericStats(c.values as Float64Array);
      col.distinctCount = s.distinct;
      if (s.distinct > 0) {
        col.min = s.min;
        col.max = s.max;
      }
      if (type === 'integer' && !s.integer) warnings.push('treated as integer but has fractional values: they will be rounded');
    }
    if (col.allMissing) warnings.push('every value is missing: the column is kept as all-missing and not modelled');
    else if (col.distinctCount === 1) {
      col.constant = true;
      warnings.push(missing > 0 ? 'every present value is the same: only which cells are missing is modelled' : 'every value is the same: the column is reproduced as a constant and not modelled');
    }
    if (col.allMissing) col.constant = true;
    return col;
  });
  return { rowCount: n, columns };
}
