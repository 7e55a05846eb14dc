/**
 * The handwritten-digit GAN: the fully connected image GAN (z=100 → 256 → 64 pixels, D 64 → 256
 * → 1, LeakyReLU 0.2, BCE, batch 128, Adam 2e-4 β=(0.5, 0.999)) on the shipped 8×8 digits.
 * Checked by mode coverage: a classifier the library trains on the real digits labels 1000
 * generated images; the demo reports how many of the 10 classes they cover.
 */
import { join } from 'node:path';
import { writeReport } from '../report/index.js';
import { trainImageClassifier } from '../images/classifier.js';
import { modeCoverage } from '../images/coverage.js';
import { loadDigits } from '../images/digits.js';
import { ImageGan } from '../images/image-gan.js';
import { demoDir, round, target, trainingRecords, type DemoOptions, type DemoResult } from './common.js';

export async function digitsDemo(o: DemoOptions = {}): Promise<DemoResult> {
  const t0 = performance.now();
  const preset = o.preset ?? 'default';
  const seed = o.seed ?? 0;
  const dir = await demoDir('digits', o);
  const digits = loadDigits();
  const classifier = await trainImageClassifier(digits, { seed, threads: o.threads });
  // 'default' is the classic fully connected GAN; 'best' adds PacGAN packs of 2, one-sided label
  // smoothing and higher learning rates (imageGanConfig 'best').
  const epochs = o.quick ? 40 : preset === 'best' ? 200 : 150;
  const gridEvery = o.quick ? 20 : 50;
  const gan = await ImageGan.train(digits, {
    preset: preset === 'best' ? 'best' : 'classic', epochs, seed, threads: o.threads, progress: o.progress,
    gridEvery, gridDir: join(dir, 'grids'),
    onEpoch: async (log, g) => {
      if (log.epoch % 10 !== 0) return;
      const c = await modeCoverage(classifier, await g.sample(500, { seed: seed + 2 }), 500);
      log.metrics = { ...(log.metrics ?? {}), classes_covered: c.covered };
    },
  });
  const n = 1000;
  const images = await gan.sample(n, { seed: seed + 1 });
  const coverage = await modeCoverage(classifier, images, n);
  const grid = await gan.writeGrid(join(dir, 'samples.png'), seed);
  const modelDir = join(dir, 'model');
  await gan.save(modelDir, { classes_covered: coverage.covered, class_shares: coverage.shares, classifier_accuracy: classifier.heldOutAccuracy });
  const report = join(dir, 'report.html');
  await writeReport(report, {
    title: `ganforge demo: 8×8 digits (${preset})`,
    images: [
      { title: 'real digits', pixels: digits.pixels.slice(0, 64 * 64), count: 64, width: 8, height: 8, range: [-1, 1] },
      { title: `generated digits, epoch ${gan.trainer.epoch}`, pixels: images.slice(0, 64 * 64), count: 64, width: 8, height: 8, range: [-1, 1] },
    ],
    training: trainingRecords(gan.log),
  });
  const msPerEpoch = gan.log.reduce((a, l) => a + l.seconds, 0) / gan.log.length * 1000;
  await gan.release();
  await classifier.release();
  const minCovered = o.quick ? 6 : 8;
  // A uniform sample puts 0.1 in each class; a GAN drifting towards a few modes overfills some.
  const maxShare = Math.max(...coverage.shares), shareLimit = o.quick ? 0.4 : 0.3;
  return {
    demo: 'digits', preset, files: [grid, join(dir, 'grids'), report, modelDir], seconds: round((performance.now() - t0) / 1000, 1),
    checks: {
      epochs, ms_per_epoch: round(msPerEpoch, 1),
      classes_covered: coverage.covered, class_shares: coverage.shares.map((s) => round(s, 3)),
      classifier_accuracy: round(classifier.heldOutAccuracy, 3), ...(coverage.warning ? { warning: coverage.warning } : {}),
    },
    // Quick runs are checked for sane behaviour, full runs against the coverage target.
    targets: [
      { name: 'classes covered (of 10)', met: coverage.covered >= minCovered, detail: `${coverage.covered} ≥ ${minCovered}` },
      target('largest class share', maxShare, shareLimit),
    ],
  };
}
