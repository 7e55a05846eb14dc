import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../util/rng.js';
import { inferSchema } from './schema.js';
import { makeTable } from './table.js';
import { fitTransformer, inverseTransform, spanLayout, transform } from './transformer.js';
import { checkTransformerState } from './state-check.js';

const table = (n: number) =>
  makeTable(['id', 'x', 'g'], [
    { kind: 'string', values: Array.from({ length: n }, (_, i) => `C-${1000 + i}`) },
    { kind: 'number', values: Float64Array.from({ length: n }, (_, i) => (i * 7) % 13) },
    { kind: 'string', values: Array.from({ length: n }, (_, i) => (i % 3 ? 'a' : 'b')) },
  ]);

test('a text column unique in every row is an identifier: warned, not encoded, generated as fresh unique values with its prefix', () => {
  const t = table(93);
  const schema = inferSchema(t);
  const id = schema.columns[0]!;
  assert.deepEqual(id.identifier, { prefix: 'C-', distinct: 93 });
  assert.match(id.warnings.join(), /identifier/);
  assert.equal(schema.columns[2]!.identifier, undefined, 'a repeating text column is a category');
  const state = fitTransformer(t, schema, { continuous: 'minmax', rng: new Rng(1) });
  checkTransformerState(JSON.parse(JSON.stringify(state)));
  // No span for the identifier: the model width is x's one value plus g's two slots.
  assert.equal(spanLayout(state).width, 1 + 2);
  const rows = 5000;
  const encoded = transform(state, t);
  const back = inverseTransform(state, new Float32Array(rows * 3).map((_, i) => encoded[i % encoded.length]!), rows, { ids: new Rng(7) });
  const ids = back.columns[0]!.values as string[];
  assert.equal(new Set(ids).size, rows, 'fresh values are unique');
  assert.ok(ids.every((v) => /^C-syn[0-9a-f]{24}$/.test(v)));
  assert.ok(!ids.some((v) => (t.columns[0]!.values as string[]).includes(v)), 'no original value is reproduced');
  // The same Rng gives the same values (seeded, no global randomness).
  const again = inverseTransform(state, new Float32Array(rows * 3).map((_, i) => encoded[i % encoded.length]!), rows, { ids: new Rng(7) });
  assert.deepEqual(again.columns[0]!.values, ids);
});

test('identifiers need enough rows and an explicit type override keeps the column categorical', () => {
  assert.equal(inferSchema(table(10)).columns[0]!.identifier, undefined);
  assert.equal(inferSchema(table(93), { types: { id: 'categorical' } }).columns[0]!.identifier, undefined);
});
