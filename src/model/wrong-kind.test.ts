import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset } from '../data/datasets.js';
import { ImageGan } from '../images/image-gan.js';
import { circleConfig } from '../train/seed-configs.js';
import { GanTrainer } from '../train/trainer.js';
import { ModelFormatError } from '../util/errors.js';
import { saveModel } from './artifact.js';
import { TableGan } from './table-model.js';

test('a model of the wrong kind gets one error, MODEL_WRONG_KIND naming its manifest, from the table and the image loaders alike', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ganforge-kind-'));
  try {
    const trainer = new GanTrainer(circleConfig(), 2, { seed: 0 });
    const images = join(dir, 'images-model'), points = join(dir, 'points-model'), table = join(dir, 'table-model');
    await saveModel(images, trainer, { kind: 'images', data: { width: 1, height: 2, classNames: [] } });
    await saveModel(points, trainer, { kind: 'points', data: null });
    await saveModel(table, trainer, { kind: 'table', data: null });
    await trainer.release();
    const wrongKind = (manifestDir: string, found: RegExp) => (e: unknown): boolean => {
      assert.ok(e instanceof ModelFormatError, String(e));
      assert.equal(e.code, 'MODEL_WRONG_KIND');
      assert.equal(e.file, join(manifestDir, 'manifest.json'));
      assert.match(e.message, found);
      return true;
    };
    await assert.rejects(TableGan.load(images), wrongKind(images, /an image model, not a table model.*image commands/));
    await assert.rejects(TableGan.load(points), wrongKind(points, /a 2-D points model, not a table model/));
    await assert.rejects(TableGan.train(loadDataset('iris'), { epochs: 1 }, images), wrongKind(images, /not a table model/));
    await assert.rejects(ImageGan.load(table), wrongKind(table, /a table model, not an image model.*table commands/));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
