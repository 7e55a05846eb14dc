/**
 * One-hot encoding of categorical and boolean columns. Slots: the modelled categories (most
 * frequent first), then an "other" slot pooling rare categories when there are too many, then a
 * "missing" slot when the column has missing values.
 */
import { pickByCounts, type Rng } from '../util/rng.js';

export interface CategoryState {
  categories: string[];
  /** Categories pooled into the "other" slot, with their counts (kept for sampling on inverse). */
  other: { labels: string[]; counts: number[] } | null;
  missing: boolean;
}

/**
 * How many pooled labels are remembered for the inverse, the most frequent first (an ID column can
 * have millions; a film title column of 100,000 ratings has 9,000, and the 1,000 that were kept
 * here left a third of its rows' titles out of every sample).
 */
const MAX_REMEMBERED_OTHER = 50_000;

export function fitCategories(categories: readonly string[], counts: readonly number[], hasMissing: boolean, maxCategories: number): CategoryState {
  if (categories.length <= maxCategories) return { categories: [...categories], other: null, missing: hasMissing };
  const keep = Math.max(1, maxCategories - 1);
  return {
    categories: categories.slice(0, keep),
    other: { labels: categories.slice(keep, keep + MAX_REMEMBERED_OTHER), counts: counts.slice(keep, keep + MAX_REMEMBERED_OTHER) },
    missing: hasMissing,
  };
}

export function categoryWidth(s: CategoryState): number {
  return s.categories.length + (s.other ? 1 : 0) + (s.missing ? 1 : 0);
}

const indexCache = new WeakMap<CategoryState, Map<string, number>>();

function index(s: CategoryState): Map<string, number> {
  let m = indexCache.get(s);
  if (!m) {
    m = new Map(s.categories.map((c, i) => [c, i]));
    indexCache.set(s, m);
  }
  return m;
}

/** The slot for a category (null = missing), or -1 when the state has no slot for it. */
export function slotOf(s: CategoryState, key: string | null): number {
  if (key === null) return s.missing ? categoryWidth(s) - 1 : -1;
  const i = index(s).get(key);
  if (i !== undefined) return i;
  return s.other ? s.categories.length : -1;
}

/**
 * The category for a slot (null = missing). The "other" slot gives a pooled label drawn by its
 * frequency when an Rng is given, else the most frequent pooled label.
 */
export function categoryOfSlot(s: CategoryState, slot: number, rng?: Rng): string | null {
  // (the Rng is drawn from only for the pooled slot)
  return categoryOfSlotGiven(s, slot, rng && s.other && slot === s.categories.length ? rng.uniform() : undefined);
}

/** categoryOfSlot with the pooled draw's uniform given (u in [0, 1): its pick by the counts); without u, the most frequent pooled label. */
export function categoryOfSlotGiven(s: CategoryState, slot: number, u?: number): string | null {
  if (slot < s.categories.length) return s.categories[slot]!;
  if (s.other && slot === s.categories.length) return s.other.labels[u === undefined ? 0 : pickByCounts(s.other.counts, u)]!;
  return null;
}
