/**
 * TEST SUPPORT ONLY: a full report input built from the benchmark datasets (iris vs a seeded
 * jittered copy, a made-up training log, digits as images, a ring of 2-D points).
 */
import type { Table } from '../data/table.js';
import { makeTable } from '../data/table.js';
import { evaluate } from '../eval/evaluate.js';
import { circleStats, modeCoverage } from '../eval/points.js';
import { moments } from '../eval/stats.js';
import { loadDataset } from '../eval/test-helpers.js';
import { Rng } from '../util/rng.js';
import type { ReportInput, TrainingLogRecord } from './types.js';

function jitter(t: Table, rng: Rng): Table {
  return makeTable(t.names, t.columns.map((c) => (c.kind === 'number'
    ? { kind: 'number' as const, values: c.values.map((v) => v + 0.3 * rng.normal()) }
    : c)));
}

export function fullReportInput(): ReportInput {
  const rng = new Rng(11);
  const real = loadDataset('iris');
  const synthetic = jitter(real, rng);
  const training: TrainingLogRecord[] = Array.from({ length: 40 }, (_, i) => ({
    epoch: i + 1,
    dLossReal: 0.7 - 0.2 * Math.exp(-i / 10) + 0.02 * rng.normal(),
    dLossFake: 0.7 - 0.15 * Math.exp(-i / 8) + 0.02 * rng.normal(),
    gLoss: 0.7 + 0.5 * Math.exp(-i / 12) + 0.02 * rng.normal(),
    dAccReal: 0.5 + 0.3 * Math.exp(-i / 10),
    gen_mean: 5.8 * (1 - Math.exp(-i / 5)),
    gen_std: 0.8 * (1 - Math.exp(-i / 7)),
  }));
  const digits = loadDataset('digits');
  const count = 36;
  const pixels = new Float32Array(count * 64);
  for (let k = 0; k < count; k++) for (let p = 0; p < 64; p++) pixels[k * 64 + p] = (digits.columns[p]!.values as Float64Array)[k]!;
  const ring = (n: number, noise: number): Float64Array => {
    const out = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      const a = rng.uniformIn(0, 2 * Math.PI);
      const r = 2 + noise * rng.normal();
      out[2 * i] = r * Math.cos(a);
      out[2 * i + 1] = r * Math.sin(a);
    }
    return out;
  };
  const ringReal = ring(500, 0.05);
  const ringSyn = ring(500, 0.15);
  const faithful = loadDataset('faithful').columns[0]!.values as Float64Array;
  const fake = faithful.map((v) => v + 0.4 * rng.normal());
  const modes = Array.from({ length: 8 }, (_, k) => [2 * Math.cos((k * Math.PI) / 4), 2 * Math.sin((k * Math.PI) / 4)]);
  return {
    runs: { columns: ['radius std', 'quality'], rows: [{ label: 'default', values: [0.0526, 0.93] }, { label: 'best', values: [0.0319, null] }] },
    title: 'iris: real vs jittered copy',
    evaluation: evaluate(real, synthetic, { rng: 1, target: 'species' }),
    real,
    synthetic,
    training,
    images: [{ title: 'digits (real)', pixels, count, width: 8, height: 8, range: [0, 16] }],
    points: { real: ringReal, synthetic: ringSyn, axes: ['x', 'y'], circle: circleStats(ringSyn, 2), modes: modeCoverage(ringSyn, 2, modes, 0.3) },
    samples1d: { name: 'faithful eruptions', real: faithful, synthetic: fake, moments: { real: moments(faithful), synthetic: moments(fake) } },
  };
}
