/**
 * Identifier-like columns: text unique in every row (customer ids, names, emails). One-hot
 * encoding them gives one slot per row — a huge, slow model that can only copy training values.
 * They are detected by the schema, not modelled, and generated as fresh unique values that keep
 * the common prefix of the originals (e.g. "ID-" of "ID-1000", "ID-1001", …).
 */
import type { Rng } from '../util/rng.js';
import type { ColumnData, Table } from './table.js';

export interface IdentifierPattern {
  /** The text every value starts with, up to its first digit. */
  prefix: string;
  /** Distinct values seen (= present values). */
  distinct: number;
}

/** Fewer rows than this and uniqueness says nothing (a 10-row table of names is just categories). */
export const MIN_IDENTIFIER_ROWS = 20;

/** A text column whose present values are all different, on at least MIN_IDENTIFIER_ROWS rows. */
export function detectIdentifier(c: ColumnData, distinct: number, missing: number): IdentifierPattern | null {
  if (c.kind !== 'string') return null;
  const present = c.values.length - missing;
  if (present < MIN_IDENTIFIER_ROWS || distinct !== present) return null;
  let prefix: string | null = null;
  for (const v of c.values as (string | null)[]) {
    if (v === null) continue;
    if (prefix === null) prefix = v;
    else {
      let k = 0;
      while (k < prefix.length && k < v.length && prefix.charCodeAt(k) === v.charCodeAt(k)) k++;
      prefix = prefix.slice(0, k);
    }
    if (prefix === '') break;
  }
  const cut = (prefix ?? '').search(/\d/);
  return { prefix: (cut >= 0 ? prefix!.slice(0, cut) : prefix ?? '').slice(0, 40), distinct };
}

/**
 * The names of `t`'s identifier columns (detectIdentifier). Samples give them fresh unique values,
 * so they are left out of fidelity scores (as SDMetrics leaves out 'id' columns) and out of the
 * exact-copy checks, which they would otherwise make vacuous: no fresh id equals a real one.
 */
export function identifierColumns(t: Table): string[] {
  // (score stopping scores against one reference table many times: found once per table)
  let names = identifierCache.get(t);
  if (!names) identifierCache.set(t, (names = findIdentifiers(t)));
  return names;
}

const identifierCache = new WeakMap<Table, string[]>();

function findIdentifiers(t: Table): string[] {
  return t.names.filter((_, j) => {
    const c = t.columns[j]!;
    if (c.kind !== 'string') return false;
    const seen = new Set<string>();
    let missing = 0;
    for (const v of c.values as (string | null)[]) {
      if (v === null) missing++;
      else seen.add(v);
    }
    return detectIdentifier(c, seen.size, missing) !== null;
  });
}

/**
 * `n` fresh values: the prefix, "syn", and 96 random bits in hex — unique in practice for any
 * number of rows (a collision among 10^9 values has odds of about 10^-11), and never equal to an
 * original value unless one happens to have that form.
 */
export function freshIdentifiers(p: IdentifierPattern, n: number, rng: Rng): string[] {
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = identifierOf(p.prefix, rng.int(0x100000000), rng.int(0x100000000), rng.int(0x100000000));
  return out;
}

/** Rows' fresh values from their own words (three per row, `words[3i ..]`): what sampling by row streams gives identifier columns. */
export function identifiersOf(prefix: string, words: Uint32Array, n: number): string[] {
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = identifierOf(prefix, words[3 * i]!, words[3 * i + 1]!, words[3 * i + 2]!);
  return out;
}

/** One fresh value: the prefix, "syn", and three 32-bit words in hex. */
function identifierOf(prefix: string, a: number, b: number, c: number): string {
  const hex = (x: number): string => x.toString(16).padStart(8, '0');
  return `${prefix}syn${hex(a)}${hex(b)}${hex(c)}`;
}
