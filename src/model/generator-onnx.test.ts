import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { readTable } from '../data/read.js';
import { Rng } from '../util/rng.js';
import { TableGan } from './table-model.js';

const penguins = join('..', 'shared', 'datasets', 'penguins.csv');

test('a table model\'s generator.onnx (categorical columns, condition and copula prior inputs) gives the library\'s rows in plain onnxruntime', async () => {
  const model = await TableGan.train(await readTable(penguins), { epochs: 2, seed: 6, threads: 1, progress: 'silent' });
  const dir = await mkdtemp(join(tmpdir(), 'ganforge-gen-onnx-'));
  try {
    await model.save(join(dir, 'm'));
    const t = model.trainer;
    const cw = t.config.condWidth ?? 0;
    assert.ok(cw > 0, 'the default recipe conditions on the categorical columns');
    assert.ok(t.config.prior, 'and starts the generator from a copula prior');
    const n = 257, latent = t.config.latentDim, h = Math.ceil(latent / 2), dim = t.dataDim;
    const rng = new Rng(9);
    const zUniform = Float32Array.from({ length: n * 2 * h }, () => 1e-6 + (1 - 2e-6) * rng.uniform());
    const cond = new Float32Array(n * cw);
    for (let i = 0; i < n; i++) cond[i * cw + Math.floor(rng.uniform() * cw)] = 1;
    const prior = Float32Array.from({ length: n * dim }, () => 0.7 * rng.normal());
    const library = await t.sampleFrom(n, { zUniform, cond, prior });

    // The same latent noise as the library makes in its graph (Box–Muller on the uniform pairs).
    const z = new Float32Array(n * latent);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < latent; j++) {
        const k = j % h;
        const r = Math.sqrt(-2 * Math.log(zUniform[i * 2 * h + k]!)), theta = 2 * Math.PI * zUniform[i * 2 * h + h + k]!;
        z[i * latent + j] = j < h ? r * Math.cos(theta) : r * Math.sin(theta);
      }
    }
    const session = await ort.InferenceSession.create(join(dir, 'm', 'generator.onnx'), { intraOpNumThreads: 1 });
    assert.deepEqual([...session.inputNames].sort(), ['cond', 'prior', 'z']);
    const out = await session.run({
      z: new ort.Tensor('float32', z, [n, latent]), cond: new ort.Tensor('float32', cond, [n, cw]), prior: new ort.Tensor('float32', prior, [n, dim]),
    });
    assert.deepEqual(out['rows']!.dims, [n, dim]);
    const rows = out['rows']!.data as Float32Array;
    let worst = 0;
    for (let i = 0; i < rows.length; i++) worst = Math.max(worst, Math.abs(rows[i]! - library[i]!));
    assert.ok(worst < 1e-4, `largest difference ${worst}`);
    // Not a trivial output: the one-hot spans' softmax probabilities vary between rows.
    assert.ok(new Set(Array.from(rows.subarray(0, 50 * dim), (v) => v.toFixed(3))).size > 100);
    await session.release();
  } finally {
    await model.release();
    await rm(dir, { recursive: true, force: true });
  }
});
