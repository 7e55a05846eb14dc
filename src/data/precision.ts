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
