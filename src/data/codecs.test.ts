import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../util/rng.js';
import { codecKind, codecOf, type CodecKind } from './codecs.js';
import { inferSchema } from './schema.js';
import { spansOf } from './spans.js';
import { makeTable, type Table } from './table.js';
import { fitTransformer, inverseTransform, spanLayout, transform, type ContinuousMethod } from './transformer.js';

/** Every kind of column: two-mode numbers with missing cells, integers, categories with missing, booleans, a constant, an all-missing column, identifiers. */
function mixed(n: number): Table {
  const r = new Rng(3);
  const num = Float64Array.from({ length: n }, (_, i) => (i % 10 === 0 ? NaN : Math.round((r.normal() * 2 + (i % 2 ? 40 : 0)) * 10) / 10));
  const int = Float64Array.from({ length: n }, () => r.int(7));
  const cat = Array.from({ length: n }, (_, i) => (i % 13 === 0 ? null : ['a', 'b', 'c'][r.int(3)]!));
  return makeTable(['num', 'int', 'cat', 'flag', 'const', 'empty', 'id'], [
    { kind: 'number', values: num },
    { kind: 'number', values: int },
    { kind: 'string', values: cat },
    { kind: 'boolean', values: Array.from({ length: n }, () => r.uniform() < 0.3) },
    { kind: 'string', values: new Array<string>(n).fill('k') },
    { kind: 'number', values: new Float64Array(n).fill(NaN) },
    { kind: 'string', values: Array.from({ length: n }, (_, i) => `ID${100000 + 7 * i}`) },
  ]);
}

/** Cells for comparison (a decoded −0 is 0). */
const cells = (v: ArrayLike<unknown>): unknown[] => Array.from(v, (x) => (x === 0 ? 0 : x));

const METHODS: ContinuousMethod[] = ['minmax', 'standard', 'mode', 'gaussian'];

test('every codec kind writes only its own spans and decodes what it encoded', () => {
  const t = mixed(400);
  const schema = inferSchema(t);
  const seen = new Set<CodecKind>();
  for (const continuous of METHODS) {
    const state = fitTransformer(t, schema, { continuous, decorrelate: false, rng: new Rng(1) });
    const layout = spanLayout(state);
    const w = layout.width;
    for (const col of state.columns) {
      const kind = codecKind(col);
      seen.add(kind);
      const codec = codecOf(col);
      const spans = spansOf(layout, col.name);
      // The layout's spans of the column are the codec's, in order.
      assert.deepEqual(layout.spans.filter((s) => s.column === col.name).map((s) => s.role), codec.spans(col, false).map((s) => s.role), `${continuous}/${col.name}`);
      const out = new Float32Array(t.rowCount * w);
      codec.encode(col, spans, { table: t, out, width: w });
      const mine = new Set(Object.values(spans).flatMap((s) => Array.from({ length: s.width }, (_, k) => s.start + k)));
      for (let i = 0; i < out.length; i++) if (!mine.has(i % w)) assert.equal(out[i], 0, `${kind} ${col.name} wrote outside its spans`);
      const back = codec.decode(col, spans, { data: out, rows: t.rowCount, width: w, clip: false, blockScore: null, ids: new Rng(2) });
      const orig = t.columns[t.names.indexOf(col.name)]!;
      if (kind === 'identifier') {
        assert.equal(new Set(back.values as string[]).size, t.rowCount, 'fresh unique identifiers');
        assert.ok((back.values as string[]).every((v) => v.startsWith('ID')));
        continue;
      }
      assert.equal(back.kind, orig.kind);
      assert.deepEqual(cells(back.values), cells(orig.values), `${kind} ${col.name} round trip`);
    }
    // The whole-table functions are these codecs run over every column.
    const whole = transform(state, t);
    const all = inverseTransform(state, whole, t.rowCount, { ids: new Rng(2) });
    assert.deepEqual(cells(all.columns[0]!.values), cells(t.columns[0]!.values));
  }
  assert.deepEqual([...seen].sort(), ['category', 'constant', 'gaussian', 'identifier', 'minmax', 'mode', 'standard'], 'the fixture covers every codec kind');
});

test('category decode: each slot decoded once, the pooled "other" slot drawing its label per row from rng in row order, as categoryOfSlot row by row would', async () => {
  const { categoryOfSlot } = await import('./onehot.js');
  const r = new Rng(9);
  const n = 3000;
  // A string column with 30 categories (pooled beyond 8), a number-valued categorical column, booleans; missing cells in each.
  const t = makeTable(['s', 'k', 'b'], [
    { kind: 'string', values: Array.from({ length: n }, (_, i) => (i % 17 === 0 ? null : `c${Math.floor(r.uniform() ** 2 * 30)}`)) },
    { kind: 'number', values: Float64Array.from({ length: n }, (_, i) => (i % 23 === 0 ? NaN : [3, 5, 8][r.int(3)]!)) },
    { kind: 'boolean', values: Array.from({ length: n }, (_, i) => (i % 11 === 0 ? null : r.uniform() < 0.4)) },
  ]);
  const schema = inferSchema(t, { types: { k: 'categorical' } });
  const state = fitTransformer(t, schema, { continuous: 'gaussian', maxCategories: 8, rng: new Rng(1) });
  const layout = spanLayout(state);
  const w = layout.width;
  // Random model-space rows (probabilities, not one-hots): argmax picks the slot.
  const data = Float32Array.from({ length: n * w }, () => r.uniform());
  const decoded = inverseTransform(state, data, n, { rng: new Rng(4) });
  const rng = new Rng(4);
  for (const col of state.columns) {
    if (col.encoder !== 'categorical') continue;
    const s = spansOf(layout, col.name).category!;
    const got = decoded.columns[decoded.names.indexOf(col.name)]!;
    const want: unknown[] = [];
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let k = 1; k < s.width; k++) if (data[i * w + s.start + k]! > data[i * w + s.start + best]!) best = k;
      const key = categoryOfSlot(col.slots, best, rng);
      want.push(key === null ? (got.kind === 'number' ? NaN : null) : got.kind === 'number' ? Number(key) : got.kind === 'boolean' ? key === 'true' : key);
    }
    assert.deepEqual(Array.from(got.values as ArrayLike<unknown>), want, col.name);
  }
  const pooled = state.columns.find((c) => c.name === 's');
  assert.ok(pooled?.encoder === 'categorical' && pooled.slots.other, 'the string column is pooled');
  assert.ok(new Set(decoded.columns[0]!.values as string[]).size > 9, 'pooled labels are drawn, not one label');
});
