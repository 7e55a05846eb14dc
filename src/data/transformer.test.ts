import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readTable } from './read.js';
import { inferSchema } from './schema.js';
import { fitTransformer, transform, inverseTransform, spanLayout, type ContinuousMethod, type TransformerState } from './transformer.js';
import { makeTable, type Table } from './table.js';
import { Rng } from '../util/rng.js';
import { sharedDataset, SHARED_CSVS } from './shared-datasets.test.js';
import { ConfigError, DataError } from '../util/errors.js';
import { densityPeaks, type Mixture1D } from './gmm.js';

function assertTablesClose(actual: Table, expected: Table, label: string): void {
  assert.deepEqual(actual.names, expected.names, label);
  assert.equal(actual.rowCount, expected.rowCount, label);
  expected.columns.forEach((e, j) => {
    const a = actual.columns[j]!;
    const where = `${label}: column ${expected.names[j]}`;
    assert.equal(a.kind, e.kind, where);
    if (e.kind === 'number' || e.kind === 'datetime') {
      for (let i = 0; i < expected.rowCount; i++) {
        const x = e.values[i]!;
        const y = a.values[i] as number;
        if (Number.isNaN(x)) assert.ok(Number.isNaN(y), `${where} row ${i}: expected missing, got ${y}`);
        else assert.ok(Math.abs(x - y) <= 1e-6 * Math.max(1, Math.abs(x)), `${where} row ${i}: ${y} != ${x}`);
      }
    } else assert.deepEqual(a.values, e.values, where);
  });
}

function roundTrip(t: Table, method: ContinuousMethod | 'auto', seed = 1): { state: TransformerState; back: Table; encoded: Float32Array } {
  const state = fitTransformer(t, inferSchema(t), { continuous: method, rng: new Rng(seed) });
  const encoded = transform(state, t);
  return { state, encoded, back: inverseTransform(state, encoded, t.rowCount) };
}

for (const method of ['minmax', 'mode', 'standard', 'gaussian', 'auto'] as const) {
  test(`round trip reproduces every shared CSV (${method})`, async () => {
    for (const name of SHARED_CSVS) {
      const t = await readTable(sharedDataset(`${name}.csv`));
      const { back, encoded, state } = roundTrip(t, method);
      assertTablesClose(back, t, `${name}/${method}`);
      const layout = spanLayout(state);
      assert.equal(encoded.length, t.rowCount * layout.width);
      // Bounded heads stay in range: tanh spans in [-1, 1], one-hots are exactly one 1.
      for (const s of layout.spans) {
        for (let i = 0; i < t.rowCount; i++) {
          const row = i * layout.width + s.start;
          if (s.activation === 'tanh') assert.ok(Math.abs(encoded[row]!) <= 1, `${name} ${s.column} tanh span out of range`);
          if (s.activation === 'softmax') {
            let sum = 0;
            for (let k = 0; k < s.width; k++) sum += encoded[row + k]!;
            assert.equal(sum, 1, `${name} ${s.column} ${s.role} one-hot`);
          }
        }
      }
    }
  });
}

test('mode-specific normalisation finds the two modes of faithful eruptions', async () => {
  const t = await readTable(sharedDataset('faithful.csv'));
  const state = fitTransformer(t, inferSchema(t), { continuous: 'mode', rng: new Rng(7) });
  const col = state.columns.find((c) => c.name === 'eruptions')!;
  assert.equal(col.encoder, 'numeric');
  const mode = col.encoder === 'numeric' ? col.mode! : null;
  assert.equal(mode!.means.length, 2, `components: ${JSON.stringify(mode)}`);
  // The fitted density has exactly two peaks: short (~2 min) and long (~4.4 min) eruptions.
  const peaks = densityPeaks(mode!);
  assert.equal(peaks.length, 2, `peaks ${peaks.join(', ')} of ${JSON.stringify(mode)}`);
  assert.ok(Math.abs(peaks[0]! - 2.0) < 0.25, `short eruptions peak at ${peaks[0]}`);
  assert.ok(Math.abs(peaks[1]! - 4.4) < 0.25, `long eruptions peak at ${peaks[1]}`);
  // And the mixture's mass splits between them as in the data (~35 % short).
  const short = mode!.means.reduce((s, m, k) => s + (m < 3 ? mode!.weights[k]! : 0), 0);
  assert.ok(short > 0.3 && short < 0.42, `short-mode weight ${short}`);
  // Values are assigned to a component on their own side of the 3-minute gap.
  const encoded = transform(state, t);
  const layout = spanLayout(state);
  const modeSpan = layout.spans.find((s) => s.column === 'eruptions' && s.role === 'mode')!;
  const erupt = t.columns[0]!.values as Float64Array;
  for (let i = 0; i < t.rowCount; i++) {
    let k = 0;
    for (let j = 0; j < modeSpan.width; j++) if (encoded[i * layout.width + modeSpan.start + j] === 1) k = j;
    assert.equal(mode!.means[k]! < 3, erupt[i]! < 3, `row ${i} (${erupt[i]}) in mode ${k}`);
  }
});

test('fit is deterministic given the seed and the state is plain JSON', async () => {
  const t = await readTable(sharedDataset('penguins.csv'));
  const a = roundTrip(t, 'mode', 3);
  const b = roundTrip(t, 'mode', 3);
  assert.deepEqual(a.state, b.state);
  const revived = JSON.parse(JSON.stringify(a.state)) as TransformerState;
  assert.deepEqual(transform(revived, t), a.encoded);
  assertTablesClose(inverseTransform(revived, a.encoded, t.rowCount), t, 'revived');
});

test('penguins layout: missing indicators for numeric columns, a missing slot for sex', async () => {
  const t = await readTable(sharedDataset('penguins.csv'));
  const { state } = roundTrip(t, 'minmax');
  const spans = spanLayout(state).spans;
  const bill = spans.filter((s) => s.column === 'bill_length_mm');
  assert.deepEqual(bill.map((s) => [s.role, s.width, s.activation]), [['value', 1, 'tanh'], ['missing', 2, 'softmax']]);
  const sex = spans.filter((s) => s.column === 'sex');
  assert.deepEqual(sex.map((s) => [s.role, s.width]), [['category', 3]]);
  const year = spans.filter((s) => s.column === 'year');
  assert.deepEqual(year.map((s) => [s.role, s.width]), [['category', 3]], 'year has 3 values: categorical');
});

function awkwardTable(): Table {
  return makeTable(
    ['empty', 'const', 'x', 'n', 'flag', 'when', 'label'],
    [
      { kind: 'number', values: new Float64Array(6).fill(NaN) },
      { kind: 'string', values: ['k', 'k', null, 'k', 'k', 'k'] },
      { kind: 'number', values: Float64Array.from([0.5, 1.25, -3, NaN, 10, 2]) },
      { kind: 'number', values: Float64Array.from([10, 200, 3000, 40, 5, 60000]) },
      { kind: 'boolean', values: [true, false, null, true, true, false] },
      { kind: 'datetime', values: Float64Array.from([Date.UTC(2020, 0, 1), Date.UTC(2021, 5, 1), Date.UTC(2019, 1, 1), NaN, Date.UTC(2020, 0, 2), Date.UTC(2022, 11, 31)]) },
      { kind: 'string', values: ['a', 'b', 'c', 'a', null, 'b'] },
    ],
  );
}

test('all-missing and constant columns are fitted, transformed and inverted', () => {
  const t = awkwardTable();
  const schema = inferSchema(t);
  assert.ok(schema.columns[0]!.allMissing && schema.columns[0]!.warnings.length > 0);
  assert.ok(schema.columns[1]!.constant);
  for (const method of ['minmax', 'mode', 'standard'] as const) {
    const { back, state } = roundTrip(t, method);
    const spans = spanLayout(state).spans;
    assert.ok(!spans.some((s) => s.column === 'empty'), 'no span for the all-missing column');
    // The constant column with one missing cell keeps only a value/missing one-hot.
    assert.deepEqual(spans.filter((s) => s.column === 'const').map((s) => [s.role, s.width]), [['category', 2]]);
    assertTablesClose(back, t, method);
  }
  const pure = makeTable(['c', 'x'], [{ kind: 'number', values: Float64Array.from([7, 7, 7]) }, { kind: 'number', values: Float64Array.from([1.5, 2.25, 3.125]) }]);
  const { back, state } = roundTrip(pure, 'mode');
  assert.deepEqual(spanLayout(state).spans.map((s) => s.column), ['x', 'x'], 'a fully constant column has no span');
  assertTablesClose(back, pure, 'constant');
});

test('inverse restores types, rounds integers and clips on request', () => {
  const t = awkwardTable();
  const state = fitTransformer(t, inferSchema(t, { types: { n: 'integer' } }), { continuous: 'minmax', rng: new Rng(1) });
  const layout = spanLayout(state);
  const data = transform(state, t);
  const nSpan = layout.spans.find((s) => s.column === 'n' && s.role === 'value')!;
  const xSpan = layout.spans.find((s) => s.column === 'x' && s.role === 'value')!;
  data[nSpan.start] = 0.123; // between the observed values
  data[layout.width + xSpan.start] = 5; // far outside [-1, 1]
  const back = inverseTransform(state, data, t.rowCount);
  assert.ok(Number.isInteger(back.columns[3]!.values[0]), 'integers come back whole');
  assert.ok((back.columns[2]!.values[1] as number) > 10);
  const clipped = inverseTransform(state, data, t.rowCount, { clip: true });
  assert.equal(clipped.columns[2]!.values[1], 10);
  assert.equal(back.columns[4]!.kind, 'boolean');
  assert.equal(back.columns[5]!.kind, 'datetime');
});

test('high-cardinality categoricals warn and pool rare categories into one slot', () => {
  const n = 400;
  const ids = Array.from({ length: n }, (_, i) => (i < 100 ? 'common' : `id${i}`));
  const t = makeTable(['id', 'x'], [{ kind: 'string', values: ids }, { kind: 'number', values: Float64Array.from({ length: n }, (_, i) => i / 7) }]);
  const schema = inferSchema(t, { maxCategories: 20 });
  assert.equal(schema.columns[0]!.encoding, 'onehot-top');
  assert.match(schema.columns[0]!.warnings.join(' '), /identifier/);
  const state = fitTransformer(t, schema, { continuous: 'minmax', rng: new Rng(1), maxCategories: 20 });
  assert.equal(spanLayout(state).spans[0]!.width, 20);
  const back = inverseTransform(state, transform(state, t), n, { rng: new Rng(2) });
  assert.equal(back.columns[0]!.values[0], 'common');
  const pooled = new Set((back.columns[0]!.values as (string | null)[]).slice(100));
  assert.ok(pooled.size > 50 && [...pooled].every((v) => typeof v === 'string' && v.startsWith('id')), 'pooled slot samples real labels');
});

test('a pooled slot draws from thousands of rare labels by their counts (film titles: 9,000, the first 1,000 kept left a third of the rows out)', () => {
  // 6,000 labels: label k has 1 + ⌊3000/(k+1)⌋ rows, so the 1,100 most frequent cover about 80 %.
  const keys: string[] = [];
  for (let k = 0; k < 6000; k++) for (let r = 0; r <= Math.floor(3000 / (k + 1)); r++) keys.push(`t${k}`);
  const n = keys.length;
  const t = makeTable(['title'], [{ kind: 'string', values: keys }]);
  const state = fitTransformer(t, inferSchema(t), { continuous: 'gaussian', rng: new Rng(1) });
  const slots = state.columns[0]!.encoder === 'categorical' ? state.columns[0]!.slots : null;
  assert.ok(slots?.other, 'pooled');
  assert.equal(slots.other.labels.length, 6000 - slots.categories.length, 'every pooled label is remembered');
  // Every row set to the pooled slot: their labels follow the pooled counts, far ranks included.
  const width = spanLayout(state).width;
  const rows = new Float32Array(n * width);
  for (let i = 0; i < n; i++) rows[i * width + slots.categories.length] = 1;
  const back = inverseTransform(state, rows, n, { rng: new Rng(2) }).columns[0]!.values as string[];
  const rank = (v: string): number => Number(v.slice(1));
  const far = back.filter((v) => rank(v) >= 1100).length / n;
  const pooledRows = keys.filter((v) => rank(v) >= slots.categories.length).length;
  const expected = keys.filter((v) => rank(v) >= 1100).length / pooledRows;
  assert.ok(Math.abs(far - expected) < 0.02, `labels ranked 1100+: ${far} of the draws, ${expected} of the pooled rows`);
  assert.ok(back.every((v) => rank(v) >= slots.categories.length), 'only pooled labels');
});

test('transform rejects unknown categories and columns with a DataError', () => {
  const t = awkwardTable();
  const { state } = roundTrip(t, 'minmax');
  const other = makeTable(t.names, t.columns.map((c, j) => (j === 6 ? { kind: 'string', values: ['a', 'zzz', 'c', 'a', null, 'b'] } : c)));
  assert.throws(() => transform(state, other), (e: unknown) => e instanceof DataError && e.column === 'label' && e.row === 2 && /zzz/.test(e.message));
  assert.throws(() => transform(state, makeTable(['x'], [t.columns[2]!])), (e: unknown) => e instanceof DataError && e.code === 'DATA_UNKNOWN_COLUMN');
});

test('inverse of arbitrary generator output gives valid values of the original types', async () => {
  const t = await readTable(sharedDataset('penguins.csv'));
  for (const method of ['minmax', 'mode', 'standard', 'gaussian', 'auto'] as const) {
    const state = fitTransformer(t, inferSchema(t), { continuous: method, rng: new Rng(1) });
    const n = 500;
    const noise = new Float32Array(n * spanLayout(state).width);
    // Unbounded heads (normal scores, whitened components) get values beyond any observed one.
    new Rng(2).fillUniform(noise, method === 'minmax' || method === 'mode' ? -1 : -6, method === 'minmax' || method === 'mode' ? 1 : 6);
    const back = inverseTransform(state, noise, n, { clip: true });
    const schema = inferSchema(t);
    back.columns.forEach((c, j) => {
      const s = schema.columns[j]!;
      assert.equal(c.kind, t.columns[j]!.kind, s.name);
      if (s.type === 'categorical') {
        const allowed = new Set([...s.categories!, null]);
        for (const v of c.values) assert.ok(allowed.has(v === null ? null : String(v)), `${s.name}: ${String(v)}`);
      } else {
        let missing = 0;
        for (const v of c.values as Float64Array) {
          if (Number.isNaN(v)) {
            missing++;
            continue;
          }
          assert.ok(v >= s.min! && v <= s.max!, `${s.name} ${v} clipped into [${s.min}, ${s.max}]`);
          if (s.type === 'integer') assert.ok(Number.isInteger(v));
        }
        if (s.missingCount === 0) assert.equal(missing, 0, `${s.name} has no missing span`);
        else assert.ok(missing > 0 && missing < n, `${s.name}: missing indicator decides`);
      }
    });
  }
});

test('EM + BIC mixtures are an option; bad options are ConfigErrors', async () => {
  const t = await readTable(sharedDataset('sixparam.csv'));
  const state = fitTransformer(t, inferSchema(t), { continuous: 'mode', mixture: 'bic', rng: new Rng(1), sampleSize: 2000 });
  assertTablesClose(inverseTransform(state, transform(state, t), t.rowCount), t, 'bic');
  const f = await readTable(sharedDataset('faithful.csv'));
  const bic = fitTransformer(f, inferSchema(f), { continuous: 'mode', mixture: 'bic', rng: new Rng(1) }).columns[0]!;
  assert.equal(densityPeaks((bic as { mode: Mixture1D }).mode).length >= 2, true);
  assert.throws(() => fitTransformer(t, inferSchema(t), { continuous: 'gmm' as 'mode', rng: new Rng(1) }), (e: unknown) => e instanceof ConfigError && e.path === 'continuous');
  assert.throws(() => fitTransformer(t, inferSchema(t), { continuous: 'mode', maxModes: 0, rng: new Rng(1) }), (e: unknown) => e instanceof ConfigError);
});

test('datetimes round-trip exactly at their step: whole days over two centuries, whole seconds over two weeks', () => {
  const rng = new Rng(11);
  const days = Float64Array.from({ length: 300 }, () => Date.UTC(1900, 0, 1) + rng.int(73_000) * 86_400_000);
  const secs = Float64Array.from({ length: 300 }, () => Date.UTC(2024, 4, 1) + rng.int(14 * 86_400) * 1000);
  const t = makeTable(['d', 's'], [{ kind: 'datetime', values: days }, { kind: 'datetime', values: secs }]);
  for (const method of ['minmax', 'mode', 'standard', 'gaussian', 'auto'] as const) {
    const { back } = roundTrip(t, method);
    assert.deepEqual([...back.columns[0]!.values], [...days], `${method} days`);
    assert.deepEqual([...back.columns[1]!.values], [...secs], `${method} seconds`);
  }
});

test('NaN in model output is a DataError, not a silent missing value', async () => {
  const t = await readTable(sharedDataset('iris.csv'));
  const state = fitTransformer(t, inferSchema(t), { continuous: 'minmax', rng: new Rng(1) });
  const data = transform(state, t);
  data[spanLayout(state).width * 3 + 1] = NaN;
  assert.throws(() => inverseTransform(state, data, t.rowCount), (e: unknown) => e instanceof DataError && e.code === 'DATA_NON_FINITE_OUTPUT' && e.row === 4 && e.column === 'sepal_width');
  const cat = transform(state, t);
  cat[spanLayout(state).spans.find((s) => s.column === 'species')!.start] = NaN;
  assert.throws(() => inverseTransform(state, cat, t.rowCount), (e: unknown) => e instanceof DataError && e.column === 'species' && e.row === 1);
});

test("'auto' on breast_cancer: normal scores for all 30 measurements, generated as one whitened block", async () => {
  const t = await readTable(sharedDataset('breast_cancer.csv'));
  const state = fitTransformer(t, inferSchema(t), { continuous: 'auto', rng: new Rng(1) });
  const numeric = state.columns.filter((c) => c.encoder === 'numeric');
  assert.equal(numeric.length, 30);
  assert.ok(numeric.every((c) => c.encoder === 'numeric' && c.method === 'gaussian'));
  assert.deepEqual(state.decorrelation!.columns, numeric.map((c) => c.name));
  const layout = spanLayout(state);
  const comps = layout.spans.filter((s) => s.role === 'components');
  assert.equal(comps.length, 1);
  assert.equal(comps[0]!.width, 30);
  assert.equal(layout.width, 30 + 2); // + the diagnosis one-hot
  // The encoded training rows: components with zero mean and (to float32) identity covariance.
  const enc = transform(state, t);
  const n = t.rowCount;
  const at = comps[0]!.start;
  for (const [a, b] of [[0, 0], [0, 1], [5, 5], [29, 29], [3, 28]] as const) {
    let ma = 0, mb = 0, ab = 0;
    for (let i = 0; i < n; i++) {
      const x = enc[i * layout.width + at + a]!, y = enc[i * layout.width + at + b]!;
      ma += x; mb += y; ab += x * y;
    }
    assert.ok(Math.abs(ma / n) < 1e-5, `component ${a} mean ${ma / n}`);
    assert.ok(Math.abs(ab / n - (a === b ? 1 : 0)) < 1e-4, `cov(${a}, ${b}) = ${ab / n}`);
  }
  // decorrelate: false keeps one identity value span per column.
  const plain = fitTransformer(t, inferSchema(t), { continuous: 'auto', decorrelate: false, rng: new Rng(1) });
  assert.equal(plain.decorrelation, undefined);
  assert.equal(spanLayout(plain).spans.filter((s) => s.role === 'value' && s.activation === 'identity').length, 30);
});

test("'auto' keeps mode-specific normalisation for clearly bimodal columns (faithful) and leaves them out of the rotation", async () => {
  const t = await readTable(sharedDataset('faithful.csv'));
  const state = fitTransformer(t, inferSchema(t), { continuous: 'auto', rng: new Rng(1) });
  assert.ok(state.columns.every((c) => c.encoder !== 'numeric' || c.method === 'mode'));
  assert.equal(state.decorrelation, undefined);
});
