import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qualityScore, readTable, TableGan, type Table, type TableTrainOptions } from '../index.js';
import { makeTable, takeRows } from '../data/table.js';
import { OnnxSampler } from './onnx-sampling.js';
import { telcoTable } from './test-fixtures.js';
import { CALIBRATION_LEVELS, type Calibration } from './calibration.js';
import { normalQuantile } from '../data/quantile.js';
import { spanLayout, type TransformerState } from '../data/index.js';

/** The first `n` rows of a shared dataset (enough to keep every column type), plus a datetime column when asked. */
async function table(name: string, n: number, datetime = false): Promise<Table> {
  const t = await readTable(`../shared/datasets/${name}.csv`);
  const head = takeRows(t, Array.from({ length: Math.min(n, t.rowCount) }, (_, i) => i));
  if (!datetime) return head;
  // A date column (shared tables have none): days from 2020-01-01, some missing.
  const day = 86_400_000;
  const v = Float64Array.from({ length: head.rowCount }, (_, i) => (i % 17 === 5 ? NaN : Date.UTC(2020, 0, 1) + ((i * 7919) % 400) * day));
  return makeTable([...head.names, 'visit'], [...head.columns, { kind: 'datetime', values: v }]);
}

/** Compares two tables: categories, integers and datetimes exactly, reals within a relative tolerance of the column's range. */
function assertSameTable(ts: Table, onnx: Table, label: string, integers: Set<string>): { reals: number; worst: number } {
  assert.deepEqual(onnx.names, ts.names, label);
  let reals = 0, worst = 0;
  ts.columns.forEach((c, j) => {
    const o = onnx.columns[j]!;
    const name = ts.names[j]!;
    assert.equal(o.kind, c.kind, `${label} ${name}: kind`);
    if (c.kind !== 'number' || integers.has(name)) {
      assert.deepEqual(Array.from(o.values as ArrayLike<unknown>), Array.from(c.values as ArrayLike<unknown>), `${label} ${name}`);
      return;
    }
    const a = c.values as Float64Array, b = o.values as Float64Array;
    let lo = Infinity, hi = -Infinity;
    for (const x of a) if (!Number.isNaN(x)) (lo = Math.min(lo, x)), (hi = Math.max(hi, x));
    const scale = Math.max(hi - lo, 1e-12);
    for (let i = 0; i < a.length; i++) {
      assert.equal(Number.isNaN(b[i]!), Number.isNaN(a[i]!), `${label} ${name} row ${i}: missing`);
      if (Number.isNaN(a[i]!)) continue;
      const err = Math.abs(a[i]! - b[i]!) / scale;
      worst = Math.max(worst, err);
      assert.ok(err <= 1e-4, `${label} ${name} row ${i}: ${a[i]} vs ${b[i]}`);
      reals++;
    }
  });
  return { reals, worst };
}

/** A marginal calibration that moves every normal score and slot share (a trained one is fitted only where the generator is off). */
function syntheticCalibration(t: TransformerState): Calibration {
  const layout = spanLayout(t);
  const scores = t.columns.flatMap((col) => {
    const value = layout.spans.find((s) => s.column === col.name && s.role === 'value');
    if (col.encoder !== 'numeric' || col.method !== 'gaussian' || !value) return [];
    const miss = layout.spans.find((s) => s.column === col.name && s.role === 'missing');
    return [{ start: value.start, missing: miss ? miss.start : -1, knots: Array.from({ length: CALIBRATION_LEVELS }, (_, k) => 1.15 * normalQuantile((k + 0.5) / CALIBRATION_LEVELS) - 0.05) }];
  });
  const slots = layout.spans.filter((s) => s.activation === 'softmax').map((s) => ({ start: s.start, weights: Array.from({ length: s.width }, (_, k) => 0.6 + 0.3 * k) }));
  assert.ok(scores.length && slots.length);
  return { scores, slots };
}

const CASES: { name: string; rows: number; datetime?: boolean; calibrate?: boolean; make?: () => Table; o: TableTrainOptions }[] = [
  { name: 'penguins', rows: 344, datetime: true, o: {} },
  { name: 'penguins', rows: 344, calibrate: true, o: {} },
  { name: 'penguins', rows: 344, o: { preset: 'ctgan', epochs: 1 } },
  { name: 'penguins', rows: 344, o: { continuous: 'minmax', prior: false } },
  { name: 'penguins', rows: 344, o: { continuous: 'standard', prior: false, conditional: false } },
  { name: 'credit_data', rows: 600, o: {} },
  { name: 'flchain', rows: 600, o: {} },
  { name: 'lending_club', rows: 600, o: {} },
  { name: 'ames', rows: 400, o: {} },
  { name: 'wine', rows: 178, o: { decorrelate: true, prior: false } },
  { name: 'fertility', rows: 600, o: {} },
  // No column to stratify by: row clusters, picked by the score (the default path of trainTable).
  { name: 'faithful', rows: 272, o: { scoreStopping: { score: qualityScore, every: 1 } } },
  // Strata that are the cells of two columns' categories (chosen by the same score).
  { name: 'telco', rows: 3000, make: () => telcoTable(3000, 1), o: { scoreStopping: { score: qualityScore } } },
];

test('sampler.onnx gives the TypeScript path\'s table from the same uniforms: categories, integers, missing values and datetimes exactly, reals to float tolerance', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ganforge-sampler-'));
  const stratified: string[] = [];
  try {
    for (const [k, c] of CASES.entries()) {
      const data = c.make ? c.make() : await table(c.name, c.rows, c.datetime);
      const trained = await TableGan.train(data, { epochs: 2, seed: k, progress: 'silent', ...c.o });
      if (trained.data.copula?.strata) stratified.push(`${c.name}${trained.data.copula.strata.dim < 0 ? ' (clusters)' : trained.data.copula.strata.dims ? ' (cells)' : ''}`);
      if (c.calibrate) trained.data.calibration = syntheticCalibration(trained.data.transformer);
      const at = join(dir, `m${k}`);
      await trained.save(at);
      await trained.release();
      const model = await TableGan.load(at);
      const onnx = await OnnxSampler.open(at);
      try {
        const label = `${c.name} ${JSON.stringify(c.o)}`;
        const n = 1500;
        const ts = await model.sample(n, { seed: 11, exclude: false });
        const blocks: Table[] = [];
        for await (const b of onnx.blocks(model, 11, 0, n, 600)) blocks.push(b);
        const { concatTables } = await import('../data/rejection.js');
        const integers = new Set(model.schema.columns.filter((s) => s.type === 'integer' || s.type === 'datetime').map((s) => s.name));
        const r = assertSameTable(ts, concatTables(blocks), label, integers);
        assert.ok(r.reals > 0 || integers.size > 0 || model.schema.columns.every((s) => s.type === 'categorical' || s.type === 'boolean'), `${label}: nothing compared`);
        // A shard through the graph is the same rows.
        const part: Table[] = [];
        for await (const b of onnx.blocks(model, 11, 700, 50, 600)) part.push(b);
        assertSameTable(takeRows(ts, Array.from({ length: 50 }, (_, i) => 700 + i)), part[0]!, `${label} shard`, integers);
      } finally {
        await onnx.release();
        await model.release();
      }
    }
    // Stratified copula priors (one copula per category of a column) are among the cases.
    assert.ok(stratified.length >= 3 && stratified.includes('faithful (clusters)') && stratified.includes('telco (cells)'), `stratified priors in ${stratified.join(', ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** f in a fresh temporary folder, removed afterwards. */
async function inTempDir(prefix: string, f: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    await f(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The saved model at `dir` sampled n rows (seed, no copy exclusion) by both engines: the TypeScript path and sampler.onnx. */
async function bothEngines(dir: string, n: number, seed: number, f: (r: { model: TableGan; onnx: OnnxSampler; ts: Table; graph: Table }) => void): Promise<void> {
  const model = await TableGan.load(dir);
  const onnx = await OnnxSampler.open(dir);
  try {
    const ts = await model.sample(n, { seed, exclude: false });
    const blocks: Table[] = [];
    for await (const b of onnx.blocks(model, seed, 0, n)) blocks.push(b);
    f({ model, onnx, ts, graph: blocks[0]! });
  } finally {
    await onnx.release();
    await model.release();
  }
}

test('a periodic checkpoint is a whole model folder: its sampler.onnx samples the checkpoint\'s own rows', () => inTempDir('ganforge-checkpoint-', async (dir) => {
  const data = await table('penguins', 344);
  const out = join(dir, 'm'), copy = join(dir, 'at-epoch-2');
  const { cpSync, readdirSync } = await import('node:fs');
  // The callback of epoch 2 runs after that epoch's checkpoint is written and before training goes on.
  const trained = await TableGan.train(data, {
    epochs: 4, seed: 3, progress: 'silent', checkpointEvery: 2, checkpointDir: out,
    onEpoch: (log) => void (log.epoch === 2 ? cpSync(out, copy, { recursive: true }) : undefined),
  });
  await trained.release();
  assert.ok(readdirSync(copy).includes('sampler.onnx'), `checkpoint holds ${readdirSync(copy).join(', ')}`);
  await bothEngines(copy, 800, 5, ({ model, ts, graph }) => {
    assert.equal(model.log.at(-1)?.epoch, 2);
    const integers = new Set(model.schema.columns.filter((s) => s.type === 'integer').map((s) => s.name));
    assertSameTable(ts, graph, 'checkpoint', integers);
  });
}));

test('a pooled category column: --engine onnx draws each pooled row\'s label as the TypeScript path does', () => inTempDir('ganforge-pooled-', async (dir) => {
  let s = 99;
  const u = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  const n = 2000;
  const city = Array.from({ length: n }, () => `c${Math.floor(250 * u() ** 3)}`);
  const zip = Float64Array.from({ length: n }, () => 10000 + Math.floor(180 * u() ** 2));
  const data = makeTable(['city', 'zip', 'x'], [{ kind: 'string', values: city }, { kind: 'number', values: zip }, { kind: 'number', values: Float64Array.from({ length: n }, () => u()) }]);
  const trained = await TableGan.train(data, { epochs: 1, seed: 4, progress: 'silent', schema: { types: { zip: 'categorical' } } });
  await trained.save(join(dir, 'm'));
  await trained.release();
  await bothEngines(join(dir, 'm'), 1200, 3, ({ onnx, ts, graph }) => {
    assert.ok(onnx.description.outputs.filter((o) => o.pooled).length === 2, 'both columns are pooled');
    assertSameTable(ts, graph, 'pooled', new Set());
    // (and the draw happened: many of the city column's pooled labels appear, not one)
    const pooledCity = new Set(onnx.description.outputs.find((o) => o.name === 'city')!.pooled!.labels);
    assert.ok(new Set((ts.columns[0]!.values as string[]).filter((v) => pooledCity.has(v))).size > 30);
  });
}));

test('a column written with float noise (0.0899999999999999 for 0.09) samples its raw values, on both engines', () => inTempDir('ganforge-raw-', async (dir) => {
  let s = 7;
  const u = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  const n = 1500;
  const before = Float64Array.from({ length: n }, () => 29 + Math.round(100 * u()) / 100);
  const change = Float64Array.from(before, (b) => b - (29 + Math.round(100 * u() ** 2) / 100));
  const data = makeTable(['before', 'change'], [{ kind: 'number', values: before }, { kind: 'number', values: change }]);
  const real = new Set(change);
  assert.ok(Array.from(change).filter((x) => x !== Math.round(x * 100) / 100).length > n / 2, 'most values are noisy');
  const trained = await TableGan.train(data, { epochs: 1, seed: 2, progress: 'silent' });
  await trained.save(join(dir, 'm'));
  await trained.release();
  await bothEngines(join(dir, 'm'), 1000, 3, ({ model, ts, graph }) => {
    const cols = model.data.transformer.columns;
    assert.ok(cols.find((c) => c.name === 'change' && c.encoder === 'numeric' && c.raw && c.raw.rounded.length > 50), 'change keeps raw values');
    assert.ok(cols.find((c) => c.name === 'before' && c.encoder === 'numeric' && !c.raw), 'before has none');
    const a = ts.columns[1]!.values as Float64Array, b = graph.columns[1]!.values as Float64Array;
    assert.deepEqual(Array.from(b), Array.from(a), 'the ONNX sampler gives the same raw values');
    const seen = Array.from(a).filter((x) => real.has(x)).length;
    assert.ok(seen > 0.97 * a.length, `${seen} of ${a.length} synthetic values are values of the real column`);
  });
}));
