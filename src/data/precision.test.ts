import { test } from 'node:test';
import assert from 'node:assert/strict';
import { observedDecimals, rawValues, roundTo, toRaw } from './precision.js';

test('rawValues: each rounded value keeps the raw value written most often for it, where that differs and repeats', () => {
  // Differences of two-decimal readings, as float arithmetic writes them.
  const v = Float64Array.from([
    0.38 - 0.29, 0.38 - 0.29, 0.38 - 0.29, 0.09, // 0.0899999999999999 ×3 beats 0.09 ×1
    0.35 - 0.23, 0.35 - 0.23, 0.12, 0.12, 0.12, // 0.12 itself is the most frequent: no entry
    1.1 - 0.9, 0.2, // each written once: no entry
    NaN, 0.5, 0.5,
  ]);
  assert.notEqual(0.38 - 0.29, 0.09);
  assert.equal(observedDecimals(v), 2);
  const r = rawValues(v, 2)!;
  assert.deepEqual(r, { rounded: [0.09], raw: [0.38 - 0.29] });
  assert.equal(toRaw(r, roundTo(0.0912, 2)), 0.38 - 0.29);
  assert.equal(toRaw(r, 0.12), 0.12);
  assert.equal(toRaw(r, 0.08), 0.08);
  // Clean columns have none.
  assert.equal(rawValues(Float64Array.from([0.1, 0.2, 0.2, 3.25]), 2), undefined);
});

test('rawValues: the many-valued case keeps the most repeated raw values, in ascending order', () => {
  const v: number[] = [];
  for (let k = 0; k < 6000; k++) {
    const x = k / 100 + 1e-13; // every value noisy
    for (let c = 0; c < 2 + (k % 3); c++) v.push(x);
  }
  const r = rawValues(Float64Array.from(v), 2)!;
  assert.equal(r.rounded.length, 4096);
  assert.equal(r.raw.length, 4096);
  for (let k = 1; k < r.rounded.length; k++) assert.ok(r.rounded[k]! > r.rounded[k - 1]!);
  // The 2000 values seen 4 times are all kept; the rest are filled by those seen 3 times.
  assert.equal(r.rounded.filter((x) => Math.round(x * 100) % 3 === 2).length, 2000);
  r.rounded.forEach((x, k) => assert.equal(r.raw[k], Math.round(x * 100) / 100 + 1e-13));
});
