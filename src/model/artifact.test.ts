import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, truncate, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { ModelFormatError } from '../util/errors.js';
import { Rng } from '../util/rng.js';
import { VERSION } from '../util/version.js';
import { resolveGanConfig } from '../train/config.js';
import { trainLoop } from '../train/loop.js';
import { fillNormal32 } from '../train/random-fill.js';
import { circleConfig } from '../train/seed-configs.js';
import { ResampleSource } from '../train/sources.js';
import { GanTrainer } from '../train/trainer.js';
import { loadModel, saveModel, trainerFromModel } from './artifact.js';
import { tempDirs } from '../util/test-helpers.js';

const points = (): Float32Array => {
  const r = new Rng(11);
  return r.fillUniform(new Float32Array(400 * 2), -1, 1) as Float32Array;
};
const tmp = tempDirs('ganforge-model-');

async function trained(epochs: number, seed = 3): Promise<GanTrainer> {
  const t = new GanTrainer(circleConfig(), 2, { seed });
  await trainLoop(t, new ResampleSource(points(), 2), { epochs, roundsPerEpoch: 20 });
  return t;
}

test('the package version constant matches package.json', async () => {
  const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { version: string };
  assert.equal(VERSION, pkg.version);
});

test('save → load → sample gives identical rows for the same seed, and generator.onnx in plain onnxruntime agrees', async () => {
  const t = await trained(2);
  const dir = join(await tmp(), 'model');
  await saveModel(dir, t, { kind: 'points', data: { columns: ['x', 'y'] } });
  assert.deepEqual((await readdir(dir)).sort(), ['generator.onnx', 'manifest.json', 'optimizer.bin', 'weights.bin']);
  const before = await t.sample(300, new Rng(42));

  const loaded = await loadModel(dir);
  assert.equal(loaded.manifest.ganforgeVersion, VERSION);
  assert.deepEqual(loaded.manifest.data, { columns: ['x', 'y'] });
  assert.equal(loaded.manifest.log.length, 2);
  const t2 = trainerFromModel(loaded);
  const after = await t2.sample(300, new Rng(42));
  assert.deepEqual(after, before);

  // The standalone generator: same noise in, same rows out.
  // The library draws its noise with fillNormal32 from the sampling Rng, in batches of rows.
  const z = new Float32Array(300 * 3);
  fillNormal32(z, new Rng(42));
  const session = await ort.InferenceSession.create(join(dir, 'generator.onnx'));
  const out = await session.run({ z: new ort.Tensor('float32', z, [300, 3]) });
  const rows = out['rows']!.data as Float32Array;
  assert.deepEqual(out['rows']!.dims, [300, 2]);
  for (let i = 0; i < rows.length; i++) assert.ok(Math.abs(rows[i]! - before[i]!) < 1e-5, `row value ${i}: ${rows[i]} vs ${before[i]}`);
  await t.release();
  await t2.release();
});

test('resume from a checkpoint equals an uninterrupted run, bit for bit', async () => {
  const straight = await trained(4, 5);
  const first = await trained(2, 5);
  const dir = join(await tmp(), 'ckpt');
  await saveModel(dir, first);
  const resumed = trainerFromModel(await loadModel(dir));
  await trainLoop(resumed, new ResampleSource(points(), 2), { epochs: 4, roundsPerEpoch: 20 });
  assert.equal(resumed.epoch, 4);
  for (const name of straight.store.names()) assert.deepEqual(resumed.store.get(name), straight.store.get(name), name);
  assert.equal(resumed.log.length, 4);
  await Promise.all([straight.release(), first.release(), resumed.release()]);
});

test('a corrupt manifest, a truncated weight file, a foreign file and a missing model give typed errors', async () => {
  const t = await trained(1);
  const base = await tmp();
  const good = join(base, 'm');
  await saveModel(good, t);
  await t.release();

  const bad1 = join(base, 'bad1');
  await saveModel(bad1, t);
  await writeFile(join(bad1, 'manifest.json'), '{"format": "ganforge-model", "formatVersion": 1, "config": {');
  await assert.rejects(loadModel(bad1), (e: unknown) => e instanceof ModelFormatError && e.code === 'MODEL_CORRUPT_MANIFEST' && /manifest.json/.test(e.message));

  const bad2 = join(base, 'bad2');
  await saveModel(bad2, t);
  await truncate(join(bad2, 'weights.bin'), 100);
  await assert.rejects(loadModel(bad2), (e: unknown) => e instanceof ModelFormatError && e.code === 'MODEL_TRUNCATED' && /weights.bin has 100 bytes/.test(e.message));

  const bad3 = join(base, 'bad3');
  await saveModel(bad3, t);
  const w = await readFile(join(bad3, 'weights.bin'));
  w[10] = w[10]! ^ 0xff;
  await writeFile(join(bad3, 'weights.bin'), w);
  await assert.rejects(loadModel(bad3), (e: unknown) => e instanceof ModelFormatError && e.code === 'MODEL_CHECKSUM');

  const bad4 = join(base, 'bad4');
  await saveModel(bad4, t);
  await writeFile(join(bad4, 'manifest.json'), JSON.stringify({ name: 'some other tool' }));
  await assert.rejects(loadModel(bad4), (e: unknown) => e instanceof ModelFormatError && e.code === 'MODEL_FOREIGN_FILE');

  await assert.rejects(loadModel(join(base, 'nope')), (e: unknown) => e instanceof ModelFormatError && e.code === 'MODEL_MISSING_FILE');
  await loadModel(good); // the good one still loads
});

test('saving over an existing model replaces it whole (no temp folders left behind)', async () => {
  const t = await trained(1);
  const base = await tmp();
  const dir = join(base, 'm');
  await saveModel(dir, t);
  await trainLoop(t, new ResampleSource(points(), 2), { epochs: 2, roundsPerEpoch: 20 });
  await saveModel(dir, t);
  assert.equal((await loadModel(dir)).manifest.training.epoch, 2);
  assert.deepEqual(await readdir(base), ['m']);
  await t.release();
});

test('a config with an unknown key or a bad value is rejected with the key named', () => {
  assert.throws(() => resolveGanConfig({ ...circleConfig(), batchsize: 3 } as never), /unknown key "batchsize"/);
  assert.throws(() => resolveGanConfig({ ...circleConfig(), loss: 'wgan' as never }), /config loss: must be one of bce, wgan-gp, hinge/);
  assert.throws(() => resolveGanConfig({ ...circleConfig(), generator: { hidden: [0] } }), /generator.hidden/);
  assert.throws(() => resolveGanConfig({ ...circleConfig(), emaDecay: 1 }), /emaDecay: must be 0 \(off\) or in \(0, 1\)/);
  assert.equal(resolveGanConfig({ ...circleConfig(), emaDecay: 0 }).emaDecay, undefined, 'emaDecay 0 turns averaging off');
});

test('with generator weight averaging (EMA), samples and generator.onnx use the averages', async () => {
  const t = new GanTrainer(resolveGanConfig({ ...circleConfig(), emaDecay: 0.9 }), 2, { seed: 4 });
  await trainLoop(t, new ResampleSource(points(), 2), { epochs: 2, roundsPerEpoch: 20 });
  const w = t.store.get('G.0.weight'), avg = t.store.get('ema.G.0.weight');
  assert.notDeepEqual(avg, w);
  const dir = join(await tmp(), 'ema');
  await saveModel(dir, t);
  const rows = await t.sample(50, new Rng(3));
  const z = new Float32Array(50 * 3);
  fillNormal32(z, new Rng(3));
  const session = await ort.InferenceSession.create(join(dir, 'generator.onnx'));
  const out = (await session.run({ z: new ort.Tensor('float32', z, [50, 3]) }))['rows']!.data as Float32Array;
  for (let i = 0; i < out.length; i++) assert.ok(Math.abs(out[i]! - rows[i]!) < 1e-5);
  const reloaded = trainerFromModel(await loadModel(dir));
  assert.deepEqual(await reloaded.sample(50, new Rng(3)), rows);
  await Promise.all([t.release(), reloaded.release()]);
});
