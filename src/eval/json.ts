/** Metric values go into JSON reports, where NaN/Infinity cannot: undefined values become null. */
export function jsonNumber(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** Mean of the defined values (SDMetrics averages property scores with nanmean); null if none. */
export function meanDefined(values: readonly (number | null)[]): number | null {
  let s = 0;
  let n = 0;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    s += v;
    n++;
  }
  return n ? s / n : null;
}
