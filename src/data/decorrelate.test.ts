import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeDecorrelated, encodeDecorrelated, fitDecorrelation } from './decorrelate.js';
import { Rng } from '../util/rng.js';

/** Rows of (a, b, c, d): b strongly tied to a, c = exact linear function of a and b, d independent. */
function data(n: number, rng: Rng): Float64Array {
  const z = new Float64Array(n * 4);
  for (let i = 0; i < n; i++) {
    const a = rng.normal();
    const b = 0.99 * a + 0.01 * rng.normal();
    z.set([a, b, 2 * a - b + 1, rng.normal() * 3], i * 4);
  }
  return z;
}

test('whitening: components have zero mean and identity covariance; decode(encode(z)) = z', () => {
  const n = 3000;
  const z = data(n, new Rng(1));
  const s = fitDecorrelation(z, n, ['a', 'b', 'c', 'd']);
  // c is an exact linear function of a and b: that direction has no variance and is dropped.
  assert.equal(s.basis.length, 3);
  assert.ok(s.scale[0]! >= s.scale[1]! && s.scale[1]! >= s.scale[2]!, 'largest variance first');
  const k = s.basis.length;
  const c = new Float32Array(n * k);
  const back = new Float64Array(4);
  for (let i = 0; i < n; i++) {
    encodeDecorrelated(s, z.subarray(i * 4, i * 4 + 4), c, i * k);
    decodeDecorrelated(s, c, i * k, back);
    for (let j = 0; j < 4; j++) assert.ok(Math.abs(back[j]! - z[i * 4 + j]!) < 1e-5 * (1 + Math.abs(z[i * 4 + j]!)), `row ${i} col ${j}`);
  }
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      let ab = 0, ma = 0;
      for (let i = 0; i < n; i++) {
        ab += c[i * k + a]! * c[i * k + b]!;
        ma += c[i * k + a]!;
      }
      assert.ok(Math.abs(ma / n) < 1e-5);
      assert.ok(Math.abs(ab / n - (a === b ? 1 : 0)) < 1e-4, `cov ${a},${b} = ${ab / n}`);
    }
  }
  // The tight direction a − b (spread 0.01 in the data) stays tight for any component values:
  // decoded rows from standard-normal components keep b − 0.99a at the data's own spread.
  const rng = new Rng(2);
  const comps = new Float32Array(k);
  let sq = 0;
  for (let i = 0; i < 2000; i++) {
    for (let j = 0; j < k; j++) comps[j] = rng.normal();
    decodeDecorrelated(s, comps, 0, back);
    sq += (back[1]! - 0.99 * back[0]!) ** 2;
    assert.ok(Math.abs(back[2]! - (2 * back[0]! - back[1]! + 1)) < 1e-9, 'the exact relation holds exactly');
  }
  const spread = Math.sqrt(sq / 2000);
  assert.ok(spread > 0.008 && spread < 0.012, `b − 0.99a spread ${spread}`);
});
