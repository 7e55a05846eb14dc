/**
 * The 1-D Gaussian experiment: target N(4, 1.25); the generator maps 50 uniform noise values to
 * 500 values; the discriminator sees only the four moments of each 500-value sample; 20 D and 20 G
 * updates per epoch; Adam 1e-4 cosine-annealed to 1e-5 (T_max = 100 updates).
 */
import { join } from 'node:path';
import { Rng } from '../util/rng.js';
import { moments } from '../eval/index.js';
import { writeReport } from '../report/index.js';
import { resolveGanConfig } from '../train/config.js';
import type { EpochLog } from '../train/epoch-log.js';
import { trainLoop } from '../train/loop.js';
import { gaussianConfig } from '../train/seed-configs.js';
import { GeneratedSource } from '../train/sources.js';
import { GanTrainer } from '../train/trainer.js';
import { saveModel } from '../model/artifact.js';
import { compareRuns, demoDir, round, target, trainingRecords, type DemoOptions, type DemoResult } from './common.js';

const MU = 4;
const SIGMA = 1.25;
const WIDTH = 500;

/** Mean and std of all generated values, from the per-column statistics of the epoch's sample. */
function pooled(log: EpochLog): { mean: number; std: number } {
  const n = log.genMean.length;
  const mean = log.genMean.reduce((a, b) => a + b, 0) / n;
  let v = 0;
  for (let j = 0; j < n; j++) v += log.genStd[j]! ** 2 + (log.genMean[j]! - mean) ** 2;
  return { mean, std: Math.sqrt(v / n) };
}

export async function gaussianDemo(o: DemoOptions = {}): Promise<DemoResult> {
  const t0 = performance.now();
  const preset = o.preset ?? 'default';
  const seed = o.seed ?? 0;
  const dir = await demoDir('gaussian', o);
  const epochs = o.quick ? 400 : 2001;
  const base = gaussianConfig();
  // 'best': the same networks, with the learning rate annealed once over the whole run instead of
  // cycling every 100 updates, so training settles instead of oscillating.
  const anneal = { kind: 'cosine' as const, tMax: 2 * 20 * epochs, etaMin: 1e-6 };
  const config = preset === 'best'
    ? resolveGanConfig({ ...base, optimizerD: { ...base.optimizerD, schedule: anneal }, optimizerG: { ...base.optimizerG, schedule: anneal } })
    : base;
  const source = new GeneratedSource(WIDTH, (out, off, rows, rng) => {
    for (let i = 0; i < rows * WIDTH; i++) out[off + i] = MU + SIGMA * rng.normal();
  });
  const trainer = new GanTrainer(config, WIDTH, { seed, threads: o.threads });
  await trainLoop(trainer, source, {
    epochs, roundsPerEpoch: 1, progress: o.progress, sampleRows: 20,
    onEpoch: (log) => {
      const p = pooled(log);
      log.metrics = { ...(log.metrics ?? {}), gen_mean: p.mean, gen_std: p.std };
    },
  });
  const rows = await trainer.sample(10, new Rng(seed).fork('final-sample'));
  const synthetic = rows.subarray(0, 5000);
  const realRng = new Rng(seed).fork('real-sample');
  const real = Float64Array.from({ length: 5000 }, () => MU + SIGMA * realRng.normal());
  const m = moments(synthetic), mr = moments(real);
  const modelDir = join(dir, 'model');
  await saveModel(modelDir, trainer, { kind: 'sample1d', data: null });
  const report = join(dir, 'report.html');
  const runs = await compareRuns(dir, o.quick ? `${preset}-quick` : preset, { epochs, mean: m.mean, std: m.std, skewness: m.skewness, excess_kurtosis: m.kurtosis });
  await writeReport(report, {
    title: `ganforge demo: 1-D Gaussian N(4, 1.25) (${preset})`, runs,
    samples1d: { name: 'x', real, synthetic, moments: { real: mr, synthetic: m } },
    training: trainingRecords(trainer.log),
  });
  await trainer.release();
  const trajectory = trainer.log.filter((l) => l.epoch % Math.max(1, Math.floor(epochs / 20)) === 0)
    .map((l) => ({ epoch: l.epoch, mean: round(l.metrics!['gen_mean']!, 3), std: round(l.metrics!['gen_std']!, 3) }));
  return {
    demo: 'gaussian', preset, files: [report, modelDir], seconds: round((performance.now() - t0) / 1000, 1),
    checks: {
      epochs, final_mean: round(m.mean), final_std: round(m.std), final_skewness: round(m.skewness), final_excess_kurtosis: round(m.kurtosis),
      trajectory,
    },
    // Quick runs are checked for sane behaviour, full runs against the experiment's target.
    targets: [target('|mean − 4|', Math.abs(m.mean - MU), o.quick ? 0.3 : 0.15), target('|std − 1.25|', Math.abs(m.std - SIGMA), o.quick ? 0.4 : 0.15)],
  };
}
