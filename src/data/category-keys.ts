/** Categorical cells as string keys, the one spelling counting, hashing and matching of categories share. */
import type { ColumnData } from './table.js';

/** Key used for categorical cells; missing is its own category (as pandas value_counts(dropna=False)). */
export const MISSING_KEY = '\u0000<missing>';

/** Categorical cells as string keys (booleans as "true"/"false", missing as MISSING_KEY). */
export function categoryKeys(c: ColumnData): string[] {
  const out = new Array<string>(c.values.length);
  if (c.kind === 'number' || c.kind === 'datetime') {
    for (let i = 0; i < c.values.length; i++) {
      const v = c.values[i]!;
      out[i] = Number.isNaN(v) ? MISSING_KEY : String(v);
    }
    return out;
  }
  const vals = c.values as readonly (string | boolean | null)[];
  for (let i = 0; i < vals.length; i++) {
    const v = vals[i];
    out[i] = v === null || v === undefined ? MISSING_KEY : String(v);
  }
  return out;
}
