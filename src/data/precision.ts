/**
 * How finely a numeric column is written, learned at fit time so inverse transforms give values
 * back at the same precision (e.g. iris lengths with one decimal, datetimes on whole days).
 */

const MAX_DECIMALS = 6;

/** The fewest decimals (0..6) that represent every value exactly, or null if more are needed. */
export function observedDecimals(values: Float64Array): number | null {
  let need = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (Number.isNaN(x)) continue;
    while (need <= MAX_DECIMALS && !representable(x, need)) need++;
    if (need > MAX_DECIMALS) return null;
  }
  return need;
}

function representable(x: number, decimals: number): boolean {
  const p = 10 ** decimals;
  const scaled = x * p;
  return Math.abs(scaled - Math.round(scaled)) <= 1e-9 * Math.max(1, Math.abs(scaled));
}

export function roundTo(x: number, decimals: number): number {
  const p = 10 ** decimals;
  return Math.round(x * p) / p;
}

/**
 * Raw values that float arithmetic wrote beside their rounded value (a difference of two
 * two-decimal readings saved as 0.0899999999999999, a month as 2000.08333333333): for each rounded
 * value, the raw value seen most often, where that is not the rounded value itself. Inverse
 * transforms give it back in place of the rounded value, so a synthetic column holds the same
 * repeated values as the real one (and a copy of a real row is recognised as one).
 */
export interface RawValues {
  /** Rounded values, ascending. */
  rounded: number[];
  /** The raw value written for each. */
  raw: number[];
}

/** At most this many rounded values keep a raw value (those whose raw value repeats most). */
const MAX_RAW_VALUES = 4096;

/** The raw values of a column rounded to `decimals` (undefined where no repeated raw value differs from its rounded one). */
export function rawValues(values: Float64Array, decimals: number): RawValues | undefined {
  let noisy = false;
  for (let i = 0; i < values.length && !noisy; i++) {
    const x = values[i]!;
    if (!Number.isNaN(x) && roundTo(x, decimals) !== x) noisy = true;
  }
  if (!noisy) return undefined;
  const sorted = values.filter((x) => !Number.isNaN(x)).sort();
  // Sorted raw values round to non-decreasing rounded values, so each rounded value's raw values are one run.
  const found: { rounded: number; raw: number; count: number }[] = [];
  for (let start = 0; start < sorted.length;) {
    const rounded = roundTo(sorted[start]!, decimals);
    let best = sorted[start]!, bestCount = 0, i = start;
    while (i < sorted.length && roundTo(sorted[i]!, decimals) === rounded) {
      let j = i;
      while (j < sorted.length && sorted[j] === sorted[i]) j++;
      if (j - i > bestCount) { best = sorted[i]!; bestCount = j - i; }
      i = j;
    }
    if (best !== rounded && bestCount >= 2) found.push({ rounded, raw: best, count: bestCount });
    start = i;
  }
  if (found.length === 0) return undefined;
  const kept = found.length <= MAX_RAW_VALUES ? found : found.sort((a, b) => b.count - a.count || a.rounded - b.rounded).slice(0, MAX_RAW_VALUES).sort((a, b) => a.rounded - b.rounded);
  return { rounded: kept.map((f) => f.rounded), raw: kept.map((f) => f.raw) };
}

/** x (already rounded) as the column's raw value for it, if it has one. */
export function toRaw(r: RawValues, x: number): number {
  let lo = 0, hi = r.rounded.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = r.rounded[mid]!;
    if (v === x) return r.raw[mid]!;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return x;
}

const DATETIME_STEPS = [86_400_000, 3_600_000, 60_000, 1000, 1];

/** The coarsest of day/hour/minute/second/millisecond that every datetime value is a multiple of. */
export function datetimeStep(values: Float64Array): number {
  for (const step of DATETIME_STEPS) {
    let ok = true;
    for (let i = 0; i < values.length && ok; i++) {
      const x = values[i]!;
      if (!Number.isNaN(x) && x % step !== 0) ok = false;
    }
    if (ok) return step;
  }
  return 1;
}
