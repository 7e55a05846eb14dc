import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readTable } from './read.js';
import { inferSchema } from './schema.js';
import { fitTransformer, transform } from './transformer.js';
import { checkTransformerState } from './state-check.js';
import { ModelFormatError } from '../util/errors.js';
import { Rng } from '../util/rng.js';
import { sharedDataset } from './shared-datasets.test.js';

test('a saved transformer state passes the check and still works; damaged ones fail with the field path', async () => {
  const t = await readTable(sharedDataset('penguins.csv'));
  for (const continuous of ['minmax', 'standard', 'mode', 'gaussian', 'auto'] as const) {
    const state = fitTransformer(t, inferSchema(t), { continuous, rng: new Rng(1) });
    const json = JSON.parse(JSON.stringify(state)) as unknown;
    assert.deepEqual(transform(checkTransformerState(json, 'model.json'), t), transform(state, t));
  }
  const good = JSON.parse(JSON.stringify(fitTransformer(t, inferSchema(t), { continuous: 'mode', rng: new Rng(1) }))) as { columns: Record<string, unknown>[] };
  const damage: [string, (s: { columns: Record<string, unknown>[] } & Record<string, unknown>) => void, RegExp][] = [
    ['version', (s) => (s.version = 2), /version/],
    ['encoder', (s) => (s.columns[2]!.encoder = 'magic'), /columns\[2\]\.encoder/],
    ['mode stds', (s) => ((s.columns[2]!.mode as { stds: number[] }).stds[0] = -1), /columns\[2\]\.mode\.stds\[0\]/],
    ['mode lengths', (s) => (s.columns[2]!.mode as { scales: number[] }).scales.pop(), /scales: expected/],
    ['categories', (s) => ((s.columns[0]!.slots as { categories: unknown[] }).categories[1] = 5), /columns\[0\]\.slots\.categories\[1\]/],
    ['duplicate', (s) => (s.columns[1]!.name = s.columns[0]!.name), /duplicate/],
    ['raw lengths', (s) => (s.columns[2]!.raw = { rounded: [1.5, 2.5], raw: [1.5000000000000002] }), /columns\[2\]\.raw\.raw: expected 2 values/],
    ['raw order', (s) => (s.columns[2]!.raw = { rounded: [2.5, 1.5], raw: [2.5000000000000004, 1.5000000000000002] }), /columns\[2\]\.raw\.rounded: expected ascending/],
    ['raw value', (s) => (s.columns[2]!.raw = { rounded: [1.5], raw: ['x'] }), /columns\[2\]\.raw\.raw\[0\]/],
  ];
  for (const [label, hurt, message] of damage) {
    const copy = JSON.parse(JSON.stringify(good)) as { columns: Record<string, unknown>[] } & Record<string, unknown>;
    hurt(copy);
    assert.throws(() => checkTransformerState(copy, 'model.json'), (e: unknown) => e instanceof ModelFormatError && e.file === 'model.json' && message.test(e.message), label);
  }
  assert.throws(() => checkTransformerState('nope'), ModelFormatError);
  // Normal scores and the whitening rotation.
  type Gaussian = { columns: Record<string, unknown>[]; decorrelation: { columns: string[]; basis: number[][]; scale: number[] } } & Record<string, unknown>;
  const gaussian = JSON.parse(JSON.stringify(fitTransformer(t, inferSchema(t), { continuous: 'gaussian', rng: new Rng(1) }))) as Gaussian;
  const j = gaussian.columns.findIndex((c) => c.method === 'gaussian');
  const hurtGaussian: [string, (s: Gaussian) => void, RegExp][] = [
    ['knots order', (s) => (s.columns[j]!.quantile as { knots: number[] }).knots.reverse(), new RegExp(`columns\\[${j}\\]\\.quantile\\.knots\\[1\\]: knots must be ascending`)],
    ['knots count', (s) => ((s.columns[j]!.quantile as { rows: number }).rows = 1), /more knots than rows/],
    ['rotation column', (s) => (s.decorrelation.columns[0] = 'species'), /decorrelation\.columns\[0\]: "species" is not a gaussian-encoded column/],
    ['rotation width', (s) => s.decorrelation.basis[0]!.pop(), /decorrelation\.basis\[0\]/],
    ['rotation scale', (s) => (s.decorrelation.scale[1] = 0), /decorrelation\.scale\[1\]/],
  ];
  for (const [label, hurt, message] of hurtGaussian) {
    const copy = JSON.parse(JSON.stringify(gaussian)) as Gaussian;
    hurt(copy);
    assert.throws(() => checkTransformerState(copy, 'model.json'), (e: unknown) => e instanceof ModelFormatError && message.test(e.message), label);
  }
});
