/**
 * The iris experiment: the 50 setosa flowers' four measurements scaled to [-1, 1]; G 10→16→32→4
 * (ReLU, Tanh), D 4→32→16→1 (LeakyReLU 0.2); Adam 2e-4, β = (0.5, 0.999); batches of 32 and 18;
 * samples mapped back to centimetres.
 */
import { join } from 'node:path';
import { Rng } from '../util/rng.js';
import { fitTransformer, getColumn, inferSchema, inverseTransform, loadDataset, makeTable, takeRows, transform, writeTable } from '../data/index.js';
import { evaluate, mean, std } from '../eval/index.js';
import { writeReport } from '../report/index.js';
import { resolveGanConfig } from '../train/config.js';
import { trainLoop } from '../train/loop.js';
import { irisConfig } from '../train/seed-configs.js';
import { DatasetSource } from '../train/sources.js';
import { GanTrainer } from '../train/trainer.js';
import { saveModel } from '../model/artifact.js';
import { compareRuns, demoDir, round, target, trainingRecords, type DemoOptions, type DemoResult } from './common.js';

const FEATURES = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];

export async function irisDemo(o: DemoOptions = {}): Promise<DemoResult> {
  const t0 = performance.now();
  const preset = o.preset ?? 'default';
  const seed = o.seed ?? 0;
  const dir = await demoDir('iris', o);
  const iris = loadDataset('iris');
  const species = getColumn(iris, 'species').values as (string | null)[];
  const setosaRows = species.flatMap((s, i) => (s === 'setosa' ? [i] : []));
  const setosa = takeRows(makeTable(FEATURES, FEATURES.map((f) => getColumn(iris, f))), setosaRows);
  const schema = inferSchema(setosa, { types: Object.fromEntries(FEATURES.map((f) => [f, 'continuous'])) });
  const state = fitTransformer(setosa, schema, { continuous: 'minmax', rng: new Rng(seed) });
  const encoded = transform(state, setosa);
  const epochs = o.quick ? 1500 : 10000;
  const base = irisConfig();
  // 'best': the same networks with the learning rate annealed over the run.
  const config = preset === 'best'
    ? resolveGanConfig({
      ...base,
      optimizerD: { ...base.optimizerD, lr: 5e-4, schedule: { kind: 'cosine', tMax: 2 * epochs, etaMin: 0 } },
      optimizerG: { ...base.optimizerG, lr: 5e-4, schedule: { kind: 'cosine', tMax: 2 * epochs, etaMin: 0 } },
    })
    : base;
  const trainer = new GanTrainer(config, 4, { seed, threads: o.threads });
  await trainLoop(trainer, new DatasetSource(encoded, 4), { epochs, dropLast: false, progress: o.progress, sampleRows: 50 });
  const n = 500;
  const rows = await trainer.sample(n, new Rng(seed).fork('final-sample'));
  const synthetic = inverseTransform(state, rows, n);
  const stats = FEATURES.map((f) => {
    const r = getColumn(setosa, f).values as Float64Array, s = getColumn(synthetic, f).values as Float64Array;
    return { feature: f, real_mean: round(mean(r), 3), synthetic_mean: round(mean(s), 3), real_std: round(std(r), 3), synthetic_std: round(std(s), 3), mean_error_in_std: round(Math.abs(mean(s) - mean(r)) / std(r), 3) };
  });
  const evaluation = evaluate(setosa, synthetic, { rng: seed });
  const modelDir = join(dir, 'model');
  await saveModel(modelDir, trainer, { kind: 'table', data: { schema, transformer: state, conditional: false, rows: setosa.rowCount } });
  await writeTable(join(dir, 'synthetic.csv'), synthetic);
  const report = join(dir, 'report.html');
  const runs = await compareRuns(dir, o.quick ? `${preset}-quick` : preset, {
    epochs, largest_mean_error_in_std: Math.max(...stats.map((x) => x.mean_error_in_std)), quality: evaluation.quality, detection: evaluation.detection.score,
  });
  await writeReport(report, { title: `ganforge demo: iris setosa (${preset})`, runs, evaluation, real: setosa, synthetic, training: trainingRecords(trainer.log) });
  await trainer.release();
  const worst = Math.max(...stats.map((s) => s.mean_error_in_std));
  return {
    demo: 'iris', preset, files: [report, modelDir, join(dir, 'synthetic.csv')], seconds: round((performance.now() - t0) / 1000, 1),
    checks: { epochs, features: stats as never, quality: evaluation.quality === null ? null : round(evaluation.quality, 3), detection: evaluation.detection.score === null ? null : round(evaluation.detection.score, 3) },
    // Quick runs are checked for sane behaviour, full runs against the experiment's target.
    targets: [target('largest per-feature mean error (in real std)', worst, o.quick ? 1 : 0.5)],
  };
}
