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

test('a column of numbers with a few stray texts says which texts made it categorical', async () => {
  const { inferSchema: infer } = await import('./schema.js');
  const values = Array.from({ length: 200 }, (_, i) => (i === 150 ? 'oops' : i % 40 === 0 ? 'NA' : String(i / 7)));
  const col = infer(makeTable(['x'], [{ kind: 'string', values }])).columns[0]!;
  assert.equal(col.type, 'categorical');
  assert.match(col.warnings[0]!, /194 of 200 values are numbers.*"NA", "oops"/);
  assert.ok(!col.warnings.join().includes('identifier'));
  // Plain text categories get no such warning.
  const plain = infer(makeTable(['g'], [{ kind: 'string', values: values.map((_, i) => (i % 2 ? 'a' : 'b')) }])).columns[0]!;
  assert.deepEqual(plain.warnings, []);
  // Unique numbers plus one typo: still a (broken) number column, never an identifier.
  const typo = infer(makeTable(['x'], [{ kind: 'string', values: Array.from({ length: 100 }, (_, i) => (i === 3 ? 'oops' : String(i * 1.5))) }])).columns[0]!;
  assert.equal(typo.identifier, undefined);
});
