import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readTable } from './read.js';
import { inferSchema } from './schema.js';
import { fitTransformer, transform, inverseTransform, spanLayout } from './transformer.js';
import { ConditionalSampler } from './conditional.js';
import { rejectionSample, parseCondition } from './rejection.js';
import { makeTable, takeRows } from './table.js';
import { Rng } from '../util/rng.js';
import { DataError } from '../util/errors.js';
import { sharedDataset } from './shared-datasets.test.js';

async function penguins() {
  const t = await readTable(sharedDataset('penguins.csv'));
  const state = fitTransformer(t, inferSchema(t), { continuous: 'minmax', rng: new Rng(1) });
  const encoded = transform(state, t);
  return { t, state, encoded, sampler: new ConditionalSampler(state, encoded, t.rowCount) };
}

test('conditional vector covers the categorical columns, one block each', async () => {
  const { sampler } = await penguins();
  // species(3) island(3) sex(female, male, missing) year(3)
  assert.deepEqual(sampler.blocks.map((b) => [b.column, b.width]), [['species', 3], ['island', 3], ['sex', 3], ['year', 3]]);
  assert.equal(sampler.condWidth, 12);
});

test('sampleTrain: one condition per row, on the masked column, and the real row has that category', async () => {
  const { sampler, encoded, state } = await penguins();
  const width = spanLayout(state).width;
  const batch = 4000;
  const { cond, mask, rows } = sampler.sampleTrain(batch, new Rng(5));
  assert.equal(cond.length, batch * 12);
  assert.equal(mask.length, batch * 4);
  const perBlockSlot = sampler.blocks.map((b) => new Array<number>(b.width).fill(0));
  for (let i = 0; i < batch; i++) {
    const ones = [...cond.subarray(i * 12, (i + 1) * 12)].flatMap((v, k) => (v === 1 ? [k] : []));
    assert.equal(ones.length, 1);
    const b = sampler.blocks.findIndex((bl) => ones[0]! >= bl.condStart && ones[0]! < bl.condStart + bl.width);
    assert.equal(mask[i * 4 + b], 1);
    const slot = ones[0]! - sampler.blocks[b]!.condStart;
    assert.equal(encoded[rows[i]! * width + sampler.blocks[b]!.start + slot], 1, 'row has the conditioned category');
    perBlockSlot[b]![slot]!++;
  }
  // Training-by-sampling: the rare missing-sex slot (11 of 344 rows) is drawn with probability
  // ∝ log(1 + 11) among log(1 + 165), log(1 + 168): about 0.26 of sex conditions, not 0.03.
  const sex = perBlockSlot[2]!;
  const share = sex[2]! / (sex[0]! + sex[1]! + sex[2]!);
  const expected = Math.log(12) / (Math.log(166) + Math.log(169) + Math.log(12));
  assert.ok(Math.abs(share - expected) < 0.04, `missing-sex share ${share}, expected ≈ ${expected}`);
});

test('sampleOriginal follows the empirical frequencies', async () => {
  const { sampler } = await penguins();
  const batch = 20000;
  const cond = sampler.sampleOriginal(batch, new Rng(9));
  const island = sampler.blocks[1]!;
  const counts = [0, 0, 0];
  let onIsland = 0;
  for (let i = 0; i < batch; i++) {
    for (let k = 0; k < 3; k++) if (cond[i * 12 + island.condStart + k] === 1) {
      counts[k]!++;
      onIsland++;
    }
  }
  // Biscoe 168, Dream 124, Torgersen 52 of 344.
  assert.ok(Math.abs(counts[0]! / onIsland - 168 / 344) < 0.03, `${counts}`);
  assert.ok(Math.abs(counts[2]! / onIsland - 52 / 344) < 0.03, `${counts}`);
  assert.ok(Math.abs(onIsland / batch - 0.25) < 0.02);
});

test('condFor: one or several column=value pairs; unknown names and values are DataErrors', async () => {
  const { sampler } = await penguins();
  const c = sampler.condFor({ species: 'Gentoo', year: '2008' }, 3);
  for (let i = 0; i < 3; i++) {
    const row = [...c.subarray(i * 12, (i + 1) * 12)];
    assert.equal(row.reduce((s, v) => s + v, 0), 2);
    assert.equal(sampler.labelOf(0, row.indexOf(1)), 'Gentoo');
    assert.equal(row[sampler.blocks[3]!.condStart + 1] + row[sampler.blocks[3]!.condStart] + row[sampler.blocks[3]!.condStart + 2], 1);
  }
  assert.throws(() => sampler.condFor({ species: 'Emperor' }, 1), (e: unknown) => e instanceof DataError && e.code === 'DATA_UNKNOWN_CATEGORY' && e.column === 'species' && /Adelie/.test(e.message));
  assert.throws(() => sampler.condFor({ colour: 'red' }, 1), (e: unknown) => e instanceof DataError && e.code === 'DATA_UNKNOWN_COLUMN' && e.column === 'colour');
  assert.throws(() => sampler.condFor({ body_mass_g: '4000' }, 1), (e: unknown) => e instanceof DataError && e.code === 'DATA_NOT_CATEGORICAL');
});

test('no categorical columns: condWidth 0 and empty conditions', async () => {
  const t = await readTable(sharedDataset('faithful.csv'));
  const state = fitTransformer(t, inferSchema(t), { continuous: 'minmax', rng: new Rng(1) });
  const s = new ConditionalSampler(state, transform(state, t), t.rowCount);
  assert.equal(s.condWidth, 0);
  const r = s.sampleTrain(8, new Rng(1));
  assert.equal(r.cond.length, 0);
  assert.equal(s.sampleOriginal(8, new Rng(1)).length, 0);
});

test('rejection sampling keeps only rows meeting a continuous condition, and gives up on impossible ones', async () => {
  const { t, state, encoded } = await penguins();
  const rng = new Rng(3);
  const width = spanLayout(state).width;
  // A stand-in generator: resample real encoded rows and decode them.
  const generate = (n: number) => {
    const idx = Array.from({ length: n }, () => rng.int(t.rowCount));
    const out = new Float32Array(n * width);
    idx.forEach((r, i) => out.set(encoded.subarray(r * width, (r + 1) * width), i * width));
    return inverseTransform(state, out, n);
  };
  const heavy = parseCondition('body_mass_g>=5000', t.names);
  const got = await rejectionSample({ count: 50, generate, predicate: heavy, batchSize: 100 });
  assert.equal(got.rowCount, 50);
  const mass = got.columns[t.names.indexOf('body_mass_g')]!.values as Float64Array;
  assert.ok([...mass].every((m) => m >= 5000));
  await assert.rejects(
    rejectionSample({ count: 5, generate, predicate: parseCondition('body_mass_g>99999', t.names), maxCandidates: 2000 }),
    (e: unknown) => e instanceof DataError && e.code === 'DATA_CONDITION_TOO_RARE',
  );
  assert.throws(() => parseCondition('wings>2', t.names), (e: unknown) => e instanceof DataError && e.column === 'wings');
  const small = takeRows(t, [0, 1, 2]);
  assert.equal(makeTable(small.names, small.columns).rowCount, 3);
  assert.equal(parseCondition('species!=Adelie', t.names)({ species: 'Gentoo' }), true);
});
