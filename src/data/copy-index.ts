/**
 * Exact copies: the rows of a table hashed so that any row of another table is looked up in
 * constant time (privacy metrics count copies of training rows; sampling refuses them).
 */
import { hashString } from '../util/rng.js';
import { categoryKeys } from './category-keys.js';
import type { Table } from './table.js';
import { identifierColumns } from './identifier.js';

/** A column compared for copies, by name (e.g. eval's ColumnInfo). */
export interface CopyColumn {
  name: string;
}

/** Every column of `t` but its identifier columns (identifierColumns: fresh values never copy), in its order. */
export function allColumns(t: Table): CopyColumn[] {
  const ids = new Set(identifierColumns(t));
  const kept = t.names.filter((name) => !ids.has(name));
  return (kept.length ? kept : t.names).map((name) => ({ name }));
}

/**
 * A 53-bit hash of every row over the given columns: numbers by their float64 bits (NaN and −0
 * canonicalised), categories by a string hash. Equal rows hash equally; matches are then
 * confirmed cell by cell, so a hash collision can never count as a copy.
 */
function rowHashes(t: Table, columns: readonly CopyColumn[]): Float64Array {
  const n = t.rowCount;
  const h1 = new Uint32Array(n).fill(0x811c9dc5);
  const h2 = new Uint32Array(n).fill(0x01000193);
  const scratch = new Float64Array(1);
  const bits = new Uint32Array(scratch.buffer);
  const mix = (i: number, x: number): void => {
    h1[i] = Math.imul(h1[i]! ^ x, 0x9e3779b1) ^ (h1[i]! >>> 15);
    h2[i] = Math.imul(h2[i]! ^ x, 0x85ebca6b) ^ (h2[i]! >>> 13);
  };
  for (const c of columns) {
    const col = t.columns[t.names.indexOf(c.name)]!;
    if (col.kind === 'number' || col.kind === 'datetime') {
      for (let i = 0; i < n; i++) {
        const v = col.values[i]!;
        scratch[0] = Number.isNaN(v) ? NaN : v === 0 ? 0 : v;
        mix(i, bits[0]!);
        mix(i, bits[1]!);
      }
    } else {
      const memo = new Map<string, number>();
      const keys = categoryKeys(col);
      for (let i = 0; i < n; i++) {
        let h = memo.get(keys[i]!);
        if (h === undefined) { h = hashString(keys[i]!); memo.set(keys[i]!, h); }
        mix(i, h);
      }
    }
  }
  return Float64Array.from(h1, (a, i) => a * 2097152 + (h2[i]! >>> 11));
}

function sameRow(a: Table, i: number, b: Table, j: number, columns: readonly CopyColumn[]): boolean {
  for (const c of columns) {
    const x = a.columns[a.names.indexOf(c.name)]!.values[i] ?? null;
    const y = b.columns[b.names.indexOf(c.name)]!.values[j] ?? null;
    if (x !== y && !(Number.isNaN(x) && Number.isNaN(y))) return false;
  }
  return true;
}

/** The rows of a table, hashed for exact-copy lookups over the given columns. */
export interface CopyIndex {
  /** 1 where row i of `t` equals some indexed row over the index's columns, else 0. */
  copies(t: Table): Uint8Array;
  /** 1 where indexed row i equals another indexed row (a duplicate within the indexed table), else 0. */
  duplicates(): Uint8Array;
}

export function copyIndex(train: Table, columns: readonly CopyColumn[]): CopyIndex {
  const index = new Map<number, number[]>();
  rowHashes(train, columns).forEach((h, r) => {
    const rows = index.get(h);
    if (rows) rows.push(r);
    else index.set(h, [r]);
  });
  return {
    copies(t) {
      const hashes = rowHashes(t, columns);
      const out = new Uint8Array(t.rowCount);
      for (let i = 0; i < t.rowCount; i++) {
        const rows = index.get(hashes[i]!);
        if (rows && rows.some((r) => sameRow(train, r, t, i, columns))) out[i] = 1;
      }
      return out;
    },
    duplicates() {
      const out = new Uint8Array(train.rowCount);
      for (const rows of index.values()) {
        if (rows.length < 2) continue;
        for (const r of rows) if (rows.some((q) => q !== r && sameRow(train, q, train, r, columns))) out[r] = 1;
      }
      return out;
    },
  };
}
