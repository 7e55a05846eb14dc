import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../util/rng.js';
import { fitTransformer, inferSchema, makeTable, spanLayout, transform, type Table } from '../data/index.js';
import { normalQuantile } from '../data/quantile.js';
import { calibrateScores, calibrateSlots, fitCalibration } from './calibration.js';
import { TableGan } from './table-model.js';

/** x ~ N(0, 1); y = x + noise with 10 % missing; kind: a/b/c at 60/30/10 %. */
function table(n: number, seed: number): Table {
  const rng = new Rng(seed);
  const x = new Float64Array(n), y = new Float64Array(n);
  const kind: string[] = [];
  for (let i = 0; i < n; i++) {
    x[i] = rng.normal();
    y[i] = rng.uniform() < 0.1 ? NaN : x[i]! + rng.normal();
    const u = rng.uniform();
    kind.push(u < 0.6 ? 'a' : u < 0.9 ? 'b' : 'c');
  }
  return makeTable(['x', 'y', 'kind'], [{ kind: 'number', values: x }, { kind: 'number', values: y }, { kind: 'string', values: kind }]);
}

/** Largest gap between the empirical distribution function of `v` and N(0, 1)'s. */
function ksNormal(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  let worst = 0;
  s.forEach((x, i) => {
    const p = 0.5 * (1 + erf(x / Math.SQRT2));
    worst = Math.max(worst, Math.abs(p - i / s.length), Math.abs(p - (i + 1) / s.length));
  });
  return worst;
}

function erf(x: number): number {
  // Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7).
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

test('calibration maps distorted generated scores onto N(0, 1) monotonically and weights category slots to the training shares', () => {
  const real = table(3000, 1);
  const state = fitTransformer(real, inferSchema(real), { continuous: 'gaussian', decorrelate: false, rng: new Rng(0) });
  const layout = spanLayout(state);
  const span = (column: string, role: string) => layout.spans.find((s) => s.column === column && s.role === role)!;
  const [x, y, miss, kind] = [span('x', 'value'), span('y', 'value'), span('y', 'missing'), span('kind', 'category')];
  const w = layout.width;
  const encoded = transform(state, real);
  // A "generator" with skewed, shifted scores, a missing share of 30 % and uniform category probabilities.
  const n = 20_000;
  const rng = new Rng(2);
  const gen = new Float32Array(n * w);
  for (let i = 0; i < n; i++) {
    gen[i * w + x.start] = Math.exp(0.5 * rng.normal()) - 0.5;
    gen[i * w + y.start] = 2 + 3 * rng.normal();
    gen[i * w + miss.start] = 0.7;
    gen[i * w + miss.start + 1] = 0.3;
    for (let k = 0; k < kind.width; k++) gen[i * w + kind.start + k] = 1 / kind.width;
  }
  const c = fitCalibration(state, layout, gen, n, encoded, real.rowCount);
  assert.deepEqual(c.scores.map((s) => s.start), [x.start, y.start]);
  assert.equal(c.scores[1]!.missing, miss.start);

  // Fresh rows of the same generator: scores come out N(0, 1) with their order kept.
  const m = 5000;
  const rows = new Float32Array(m * w);
  for (let i = 0; i < m; i++) {
    rows[i * w + x.start] = Math.exp(0.5 * rng.normal()) - 0.5;
    rows[i * w + y.start] = 2 + 3 * rng.normal();
    rows[i * w + miss.start + (i % 4 === 0 ? 1 : 0)] = 1;
    for (let k = 0; k < kind.width; k++) rows[i * w + kind.start + k] = 1 / kind.width;
  }
  const before = rows.slice();
  calibrateSlots(c, rows, m, w);
  calibrateScores(c, rows, m, w);
  const col = (data: Float32Array, at: number, keep = (_i: number) => true) => Array.from({ length: m }, (_, i) => i).filter(keep).map((i) => data[i * w + at]!);
  assert.ok(ksNormal(col(before, x.start)) > 0.15, 'the distortion is visible before');
  assert.ok(ksNormal(col(rows, x.start)) < 0.025, `x after: KS ${ksNormal(col(rows, x.start))}`);
  const present = (i: number) => i % 4 !== 0;
  assert.ok(ksNormal(col(rows, y.start, present)) < 0.025);
  // Rows generated as missing keep their (ignored) score.
  for (let i = 0; i < m; i += 4) assert.equal(rows[i * w + y.start], before[i * w + y.start]);
  // Monotone: the order of the generated scores is the order of the calibrated ones.
  const bx = col(before, x.start), ax = col(rows, x.start);
  const order = [...bx.keys()].sort((i, j) => bx[i]! - bx[j]!);
  for (let k = 1; k < order.length; k++) assert.ok(ax[order[k]!]! >= ax[order[k - 1]!]!);
  // Slot weights: mean calibrated probabilities equal the training shares.
  const shares = [0, 0, 0].map((_, k) => Array.from({ length: real.rowCount }, (_, i) => encoded[i * w + kind.start + k]!).reduce((s, v) => s + v, 0) / real.rowCount);
  for (let k = 0; k < kind.width; k++) {
    const mean = col(rows, kind.start + k).reduce((s, v) => s + v, 0) / m;
    assert.ok(Math.abs(mean - shares[k]!) < 2e-3, `slot ${k}: ${mean} vs ${shares[k]}`);
  }
  assert.ok(Math.abs(shares[0]! - 0.6) < 0.03);
});

test('a generator that already matches gets no calibration; one slightly off gets a map close to the shift', () => {
  const real = table(3000, 3);
  const state = fitTransformer(real, inferSchema(real), { continuous: 'gaussian', decorrelate: false, rng: new Rng(0) });
  const layout = spanLayout(state);
  const encoded = transform(state, real);
  // The training rows' own encoding: exactly N(0, 1) scores and the training shares.
  assert.deepEqual(fitCalibration(state, layout, encoded, real.rowCount, encoded, real.rowCount), { scores: [], slots: [] });
  // Scores shifted by 0.15 (KS ≈ 0.06, far past 1.36/√3000 ≈ 0.025): the map undoes the shift.
  const x = layout.spans.find((s) => s.column === 'x' && s.role === 'value')!;
  const shifted = encoded.slice();
  for (let i = 0; i < real.rowCount; i++) shifted[i * layout.width + x.start] += 0.15;
  const c = fitCalibration(state, layout, shifted, real.rowCount, encoded, real.rowCount);
  assert.deepEqual(c.scores.map((s) => s.start), [x.start]);
  const z = (k: number) => normalQuantile((k + 0.5) / 1000);
  for (const k of [100, 300, 500, 700, 900]) assert.ok(Math.abs(c.scores[0]!.knots[k]! - 0.15 - z(k)) < 0.1, `knot ${k}: ${c.scores[0]!.knots[k]} vs ${z(k) + 0.15}`);
});

test('a trained table model keeps its calibration through save and load, and a damaged one is refused', async () => {
  const real = table(600, 4);
  const model = await TableGan.train(real, { seed: 0, epochs: 3, threads: 1 });
  assert.ok(model.data.calibration && model.data.calibration.scores.length === 2);
  const dir = await mkdtemp(join(tmpdir(), 'gf-cal-'));
  try {
    await model.save(dir);
    const a = await model.sample(300, { seed: 5, exclude: false });
    const loaded = await TableGan.load(dir);
    assert.deepEqual(loaded.data.calibration, model.data.calibration);
    const b = await loaded.sample(300, { seed: 5, exclude: false });
    assert.deepEqual(b.columns, a.columns);
    await loaded.release();
    const path = join(dir, 'manifest.json');
    const manifest = JSON.parse(await readFile(path, 'utf8'));
    manifest.data.calibration.scores[0].knots[10] = 1e9;
    await writeFile(path, JSON.stringify(manifest));
    await assert.rejects(TableGan.load(dir), (e: Error) => /data\.calibration\.scores\[0\]\.knots/.test(e.message));
  } finally {
    await model.release();
    await rm(dir, { recursive: true, force: true });
  }
});
