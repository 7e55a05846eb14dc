import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { trainImageClassifier } from './classifier.js';
import { labelAccuracy, modeCoverage } from './coverage.js';
import { loadDigits } from './digits.js';
import { ImageGan } from './image-gan.js';
import { encodeGreyPng, readPngFolder } from './png-io.js';
import { IMAGE_PRESETS, imageGanConfig, type ImagePreset } from './presets.js';

// Run lengths (8×8 digits, 1797 images, batch 128 = 14 rounds per epoch): unconditional 'best'
// 60 epochs (~4–6 s), conditional 'best' 100 epochs (~7–10 s) on one thread.

test('the classifier learns the 8×8 digits; a collapsed sample is flagged', async () => {
  const digits = loadDigits();
  const clf = await trainImageClassifier(digits, { seed: 0 });
  try {
    assert.ok(clf.heldOutAccuracy > 0.93, `held-out accuracy ${clf.heldOutAccuracy}`);
    assert.equal(clf.trainedOn + clf.heldOut, 1797);
    // Only the real 0s: one class covered, a warning.
    const zeros = digits.labels!.reduce<number[]>((a, l, i) => (l === 0 ? [...a, i] : a), []);
    const px = new Float32Array(zeros.length * 64);
    zeros.forEach((k, i) => px.set(digits.pixels.subarray(k * 64, (k + 1) * 64), i * 64));
    const c = await modeCoverage(clf, px, zeros.length);
    assert.equal(c.covered, 1);
    assert.match(c.warning!, /mode collapse: generated images cover 1 of 10/);
    const all = await modeCoverage(clf, digits.pixels, digits.count);
    assert.equal(all.covered, 10);
    assert.equal(all.warning, null);
  } finally {
    await clf.release();
  }
});

test('an unconditional digits GAN covers ≥ 8 of 10 classes; saves, loads and samples the same', async (t) => {
  const digits = loadDigits();
  const clf = await trainImageClassifier(digits, { seed: 0 });
  const dir = await mkdtemp(join(tmpdir(), 'ganforge-imagegan-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const gan = await ImageGan.train(digits, { preset: 'best', epochs: 60, seed: 0, gridEvery: 30, gridDir: join(dir, 'grids') });
  try {
    const images = await gan.sample(1000, { seed: 1 });
    const c = await modeCoverage(clf, images, 1000);
    assert.ok(c.covered >= 8, `covered ${c.covered} of 10: ${c.shares.map((s) => s.toFixed(2)).join(' ')}`);
    for (const v of images) assert.ok(v >= -1 && v <= 1);
    assert.deepEqual(gan.gridFiles.map((f) => f.slice(-14)), ['epoch-0030.png', 'epoch-0060.png']);
    const grid = PNG.sync.read(await readFile(gan.gridFiles[1]!));
    assert.deepEqual([grid.width, grid.height], [8 * (8 * 4) + 9 * 4, 8 * (8 * 4) + 9 * 4]);
    await gan.save(join(dir, 'model'));
    const loaded = await ImageGan.load(join(dir, 'model'));
    try {
      assert.deepEqual(loaded.info, gan.info);
      assert.deepEqual(await loaded.sample(20, { seed: 5 }), await gan.sample(20, { seed: 5 }));
    } finally {
      await loaded.release();
    }
  } finally {
    await gan.release();
    await clf.release();
  }
});

test('a conditional digits GAN asked for 3 draws 3s at least 70 % of the time', async () => {
  const digits = loadDigits();
  const clf = await trainImageClassifier(digits, { seed: 0 });
  const gan = await ImageGan.train(digits, { preset: 'best', conditional: true, epochs: 100, seed: 0 });
  try {
    const threes = await gan.sample(500, { seed: 2, label: 3 });
    const acc = await labelAccuracy(clf, threes, 500, 3);
    assert.ok(acc >= 0.7, `classifier called ${(100 * acc).toFixed(1)} % of the requested 3s a 3`);
    await assert.rejects(gan.sample(1, { label: 10 }), /label 10 is not a class/);
  } finally {
    await gan.release();
    await clf.release();
  }
});

test('every stabiliser preset sets its option and trains to finite images', async () => {
  assert.equal(imageGanConfig('wgan-gp').loss, 'wgan-gp');
  assert.equal(imageGanConfig('feature-matching').generatorLoss, 'feature_matching');
  assert.equal(imageGanConfig('pacgan').pac, 2);
  const classic = imageGanConfig('classic', { classes: 10 });
  assert.deepEqual([classic.latentDim, classic.generator.hidden, classic.discriminator.hidden, classic.batchSize, classic.condWidth], [100, [256], [256], 128, 10]);
  assert.throws(() => imageGanConfig('nope' as ImagePreset), /unknown image preset "nope"/);
  const digits = loadDigits();
  for (const preset of IMAGE_PRESETS) {
    const gan = await ImageGan.train(digits, { preset, epochs: 2, seed: 0, conditional: preset === 'feature-matching' });
    try {
      const x = await gan.sample(10, { seed: 0 });
      assert.ok(x.every((v) => Number.isFinite(v) && v >= -1 && v <= 1), preset);
      assert.equal(gan.log.length, 2);
    } finally {
      await gan.release();
    }
  }
});

test('a small labelled PNG folder trains (batch shrinks to fit) and its classifier separates the classes', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ganforge-smallpng-'));
  try {
    for (const [cls, level] of [['bright', 220], ['dark', 30]] as const) {
      await mkdir(join(dir, cls));
      for (let i = 0; i < 15; i++) await writeFile(join(dir, cls, `${i}.png`), encodeGreyPng(new Uint8Array(16).fill(level + i), 4, 4));
    }
    const data = await readPngFolder(dir);
    assert.equal(data.count, 30);
    const gan = await ImageGan.train(data, { conditional: true, epochs: 3, seed: 0 });
    const clf = await trainImageClassifier(data, { seed: 0, epochs: 60 });
    try {
      assert.equal(gan.trainer.config.batchSize, 30);
      assert.equal(gan.log.length, 3);
      assert.equal(clf.heldOutAccuracy, 1);
    } finally {
      await gan.release();
      await clf.release();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
