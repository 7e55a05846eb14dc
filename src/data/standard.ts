/** Standardisation to zero mean and unit variance (identity output head: values are unbounded). */

export interface StandardState {
  mean: number;
  std: number;
}

/** Mean and population standard deviation of the non-missing values (Welford's algorithm). */
export function fitStandard(values: Float64Array): StandardState {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (Number.isNaN(x)) continue;
    n++;
    const d = x - mean;
    mean += d / n;
    m2 += d * (x - mean);
  }
  const std = n > 0 ? Math.sqrt(m2 / n) : 0;
  return { mean, std: std > 0 ? std : 1 };
}

export function encodeStandard(s: StandardState, x: number): number {
  return (x - s.mean) / s.std;
}

export function decodeStandard(s: StandardState, v: number): number {
  return v * s.std + s.mean;
}
