import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelFormatError, type ModelFormatErrorCode } from '../util/errors.js';
import { Rng } from '../util/rng.js';
import { trainLoop } from '../train/loop.js';
import { circleConfig } from '../train/seed-configs.js';
import { ResampleSource } from '../train/sources.js';
import { GanTrainer } from '../train/trainer.js';
import { loadModel, saveModel } from './artifact.js';
import { archiveSource, filesSource, modelArchive } from './model-archive.js';
import { packModel, readModel } from './model-files.js';

async function trained(): Promise<GanTrainer> {
  const t = new GanTrainer(circleConfig(), 2, { seed: 4 });
  await trainLoop(t, new ResampleSource(new Rng(2).fillUniform(new Float32Array(200 * 2), -1, 1) as Float32Array, 2), { epochs: 2, roundsPerEpoch: 5 });
  return t;
}

const fromSource = async (s: ReturnType<typeof archiveSource>) => readModel(s, await s.read('manifest.json', 'the manifest', null, 1 << 26));

test('a model archive is the model folder: tar unpacks it, loadModel reads it as the folder, the bytes match saveModel', async () => {
  const t = await trained();
  const dir = await mkdtemp(join(tmpdir(), 'ganforge-archive-'));
  try {
    const { files } = await packModel(t, { kind: 'points' });
    const tar = join(dir, 'circle-model.tar');
    await writeFile(tar, modelArchive(files, 'circle-model'));
    // The system tar unpacks it into a model folder that loads like any other.
    execFileSync('tar', ['-xf', tar, '-C', dir]);
    assert.deepEqual((await readdir(join(dir, 'circle-model'))).sort(), ['generator.onnx', 'manifest.json', 'optimizer.bin', 'weights.bin']);
    const unpacked = await loadModel(join(dir, 'circle-model'));
    const direct = await loadModel(tar);
    assert.equal(direct.manifest.training.rounds, 10);
    assert.deepEqual(direct.manifest, unpacked.manifest);
    for (const [k, v] of unpacked.values) assert.deepEqual(direct.values.get(k)!.data, v.data);
    assert.deepEqual(direct.generatorOnnx, unpacked.generatorOnnx);
    // The archive holds the weights and optimizer state saveModel writes, byte for byte.
    await saveModel(join(dir, 'saved'), t, { kind: 'points' });
    // (generator.onnx is built anew on each save: its tensor names count up.)
    for (const f of ['weights.bin', 'optimizer.bin'] as const) assert.deepEqual(new Uint8Array(await readFile(join(dir, 'saved', f))), files[f]);
    // Files picked one by one (a folder chosen in a browser) read the same.
    const picked = await fromSource(filesSource(new Map(Object.entries(files)), 'picked'));
    assert.deepEqual(picked.manifest, direct.manifest);
    await t.release();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('damaged archives are refused with a typed error before any network is built', async () => {
  const t = await trained();
  const { files } = await packModel(t, { kind: 'points' });
  await t.release();
  const good = modelArchive(files, 'm');
  const fails = async (bytes: Uint8Array, code: ModelFormatErrorCode): Promise<void> => {
    await assert.rejects(async () => fromSource(archiveSource(bytes, 'm.tar')), (e: unknown) => e instanceof ModelFormatError && e.code === code && e.message.includes('m.tar'));
  };
  await fails(good.subarray(0, good.length - 2048 - 600), 'MODEL_BAD_ARCHIVE'); // truncated inside the last member
  const header = good.slice();
  header[512 + 10] ^= 0xff; // a member name byte: the header checksum no longer matches
  await fails(header, 'MODEL_BAD_ARCHIVE');
  await fails(new TextEncoder().encode('name,value\n1,2\n'.repeat(100)), 'MODEL_BAD_ARCHIVE');
  // A flipped byte inside weights.bin: the manifest's checksum catches it.
  const flipped = good.slice();
  flipped[512 * 2 + 100] ^= 0x01;
  await fails(flipped, 'MODEL_CHECKSUM');
  // An archive without the manifest.
  const { 'manifest.json': _m, ...rest } = files;
  await assert.rejects(fromSource(filesSource(new Map(Object.entries(rest)), 'x')), (e: unknown) => e instanceof ModelFormatError && e.code === 'MODEL_MISSING_FILE');
  assert.throws(() => modelArchive(files, '../up'), (e: unknown) => e instanceof ModelFormatError && e.code === 'MODEL_BAD_NAME');
});
