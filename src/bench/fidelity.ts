/**
 * `npm run bench:fidelity [-- --json] [-- --seeds 3] [-- --tables iris,wine] [-- --scale]`: trains
 * the default table recipe on the reference tables (`--scale`: the real-size tables; `--tables`
 * any of ../shared/datasets) and prints quality, column shapes (and the worst column), pair trends,
 * detection, exact-copy rates and training time, beside the built-in Gaussian copula baseline
 * fitted on the same table, and the CTGAN 0.12.1 / SDV peer figures.
 * For experiments: `--config '{"batchSize":50}'` merges into the recipe's config, `--stop
 * '{"every":5,"patience":4}'` changes the quality early stopping, `--encoding
 * '{"continuous":"gaussian","decorrelate":false}'` the column encoding, `--threads 2`.
 */
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { evaluate, qualityScore, readTable, trainTable, Rng, type Table, type EvaluationResult } from '../index.js';
import { fitCopula, sampleCopula } from '../model/copula.js';
import type { GanConfig } from '../train/config.js';
import type { ScoreStopping, TableTrainOptions } from '../model/table-model.js';
import { takeRows } from '../data/index.js';
import { exactCopyRate, matchColumns, scoredColumns } from '../eval/index.js';

/** The real-size tables (`--scale`). */
const SCALE = ['credit_data', 'ames', 'flchain', 'lending_club', 'letter', 'fertility'];

/** SDV 1.38 GaussianCopula and CTGAN 0.12.1 on the shared tables, quality / detection (../shared/anchors/PEERS.md). */
const PEERS: Record<string, { copula: [number, number]; ctgan: [number, number] }> = {
  iris: { copula: [0.728, 0.593], ctgan: [0.651, 0.536] },
  wine: { copula: [0.863, 0.83], ctgan: [0.692, 0.098] },
  breast_cancer: { copula: [0.927, 0.716], ctgan: [0.684, 0.015] },
  penguins: { copula: [0.831, 0.946], ctgan: [0.734, 0.284] },
  faithful: { copula: [0.817, 0.76], ctgan: [0.743, 0.953] },
  credit_data: { copula: [0.9, 0.4], ctgan: [0.767, 0.441] },
  lending_club: { copula: [0.84, 0.06], ctgan: [0.79, 0.318] },
  ames: { copula: [0.801, 0.001], ctgan: [0.749, 0.108] },
  flchain: { copula: [0.906, 0.619], ctgan: [0.832, 0.677] },
  letter: { copula: [0.867, 0.278], ctgan: [0.753, 0.707] },
  fertility: { copula: [0.962, 0.844], ctgan: [NaN, NaN] },
};

/** CTGAN 0.12.1, default settings, 300 epochs, seed 0, SDMetrics 0.29, one thread (from the issue). */
const CTGAN: Record<string, { quality: number; detection: number; seconds: number }> = {
  iris: { quality: 0.651, detection: 0.507, seconds: 27 },
  wine: { quality: 0.692, detection: 0.098, seconds: 22.5 },
  breast_cancer: { quality: 0.684, detection: 0.015, seconds: 36.6 },
  penguins: { quality: 0.734, detection: 0.284, seconds: 15.7 },
  faithful: { quality: 0.743, detection: 0.953, seconds: 10.5 },
};

function worstShape(ev: EvaluationResult): { score: number; column: string } {
  let worst = { score: 1, column: '' };
  for (const c of ev.per_column) if (c.score !== null && c.score < worst.score) worst = { score: c.score, column: c.column };
  return worst;
}

function datasetsDir(): string {
  for (const p of ['../shared/datasets', '/work/shared/datasets']) if (existsSync(p)) return resolve(p);
  throw new Error('../shared/datasets not found');
}

/** Share of `rows` identical to some row of `pool` (eval's exact-copy rate). */
function copyRate(pool: Table, rows: Table): number {
  return exactCopyRate(pool, rows, undefined, scoredColumns(pool, matchColumns(pool, rows)).columns).synthetic;
}

interface Row {
  table: string;
  seed: number;
  quality: number;
  column_shapes: number;
  /** The lowest per-column shape score, and its column. */
  worst_shape: number;
  worst_column: string;
  column_pair_trends: number;
  detection: number;
  copula_quality: number;
  copula_detection: number;
  exact_copy_rate: number;
  holdout_copy_rate: number;
  epochs: number;
  seconds: number;
}

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(`npm run bench:fidelity [-- --json] [-- --seeds 3] [-- --tables iris,wine] [-- --scale]
  the default table recipe on the five small tables (about 1 minute), --scale the real-size ones
  (about 4 minutes a seed), --tables any of ../shared/datasets; quality, column shapes, pair trends,
  detection, copies and training time beside the built-in copula and the peers' figures.
  experiments: --config '{"batchSize":50}' --stop '{"patience":4}' --encoding '{"continuous":"gaussian"}' --threads 2`);
  process.exit(0);
}
const json = args.includes('--json');
const seeds = Number(args[args.indexOf('--seeds') + 1] ?? 3) || 3;
const tablesArg = args.includes('--tables') ? args[args.indexOf('--tables') + 1]!.split(',') : args.includes('--scale') ? SCALE : Object.keys(CTGAN);
const jsonArg = <T>(flag: string): T | undefined => (args.includes(flag) ? (JSON.parse(args[args.indexOf(flag) + 1]!) as T) : undefined);
const config = jsonArg<Partial<GanConfig>>('--config');
const encoding = jsonArg<Pick<TableTrainOptions, 'continuous' | 'decorrelate' | 'prior' | 'strata' | 'quality'>>('--encoding');
const stop = jsonArg<Omit<ScoreStopping, 'score'>>('--stop');
const threads = args.includes('--threads') ? Number(args[args.indexOf('--threads') + 1]) : undefined;

const rows: Row[] = [];
for (const name of tablesArg) {
  const real = await readTable(resolve(datasetsDir(), `${name}.csv`));
  // Baseline for copies: how often a real row held out (20 %) repeats one of the other 80 %.
  const perm = new Rng(99).permutation(real.rowCount);
  const cut = Math.floor(real.rowCount * 0.8);
  const holdoutRate = copyRate(takeRows(real, perm.subarray(0, cut)), takeRows(real, perm.subarray(cut)));
  for (let seed = 0; seed < seeds; seed++) {
    const t0 = performance.now();
    const model = await trainTable(real, { ...encoding, seed, config, threads, ...(stop ? { scoreStopping: { ...stop, score: qualityScore } } : {}) });
    const seconds = (performance.now() - t0) / 1000;
    const synthetic = await model.sample(real.rowCount, { seed: 1000 + seed });
    const ev = evaluate(real, synthetic, { rng: seed });
    const cop = evaluate(real, sampleCopula(fitCopula(real, { seed }), real.rowCount, { seed: 1000 + seed }), { rng: seed });
    const worst = worstShape(ev);
    const r: Row = {
      table: name, seed, quality: ev.quality ?? NaN, column_shapes: ev.column_shapes ?? NaN, worst_shape: worst.score, worst_column: worst.column,
      column_pair_trends: ev.column_pair_trends ?? NaN, detection: ev.detection.score ?? NaN,
      copula_quality: cop.quality ?? NaN, copula_detection: cop.detection.score ?? NaN,
      exact_copy_rate: ev.exact_copy_rate.synthetic, holdout_copy_rate: holdoutRate,
      epochs: model.trainer.epoch, seconds,
    };
    await model.release();
    rows.push(r);
    if (json) console.log(JSON.stringify(r));
  }
}

const f = (x: number, d = 3): string => x.toFixed(d);
/** A table's name in the printed tables (a path given to --tables: its file name). */
const label = (name: string): string => basename(name).slice(0, 14).padEnd(15);
if (!json) {
  console.log('table          seed  quality  shapes  worst (column)            pairs  detection  copula q/det   copies  holdout-copies  epochs  seconds');
  for (const r of rows) {
    console.log(`${label(r.table)}${String(r.seed).padEnd(6)}${f(r.quality).padEnd(9)}${f(r.column_shapes).padEnd(8)}${`${f(r.worst_shape)} (${r.worst_column.slice(0, 16)})`.padEnd(26)}${f(r.column_pair_trends).padEnd(7)}${f(r.detection).padEnd(11)}${`${f(r.copula_quality)}/${f(r.copula_detection)}`.padEnd(15)}${f(r.exact_copy_rate).padEnd(8)}${f(r.holdout_copy_rate).padEnd(16)}${String(r.epochs).padEnd(8)}${f(r.seconds, 1)}`);
  }
  console.log('\nmean of seeds vs the built-in copula and the peers (SDV GaussianCopula, CTGAN: ../shared/anchors/PEERS.md), quality / detection');
  console.log('table          ganforge          built-in copula   SDV copula        CTGAN             worst shape');
  for (const name of tablesArg) {
    const rs = rows.filter((r) => r.table === name);
    const mean = (k: keyof Row): number => rs.reduce((s, r) => s + (r[k] as number), 0) / rs.length;
    const p = PEERS[name];
    const pair = (a: number, b: number): string => `${f(a)} / ${f(b)}`.padEnd(18);
    console.log(`${label(name)}${pair(mean('quality'), mean('detection'))}${pair(mean('copula_quality'), mean('copula_detection'))}${p ? pair(...p.copula) : ''.padEnd(18)}${p ? pair(...p.ctgan) : ''.padEnd(18)}${f(Math.min(...rs.map((r) => r.worst_shape)))}`);
  }
  console.log('\nmean of seeds vs CTGAN 0.12.1 (goal: quality ≥ CTGAN + 0.05, detection ≥ CTGAN + 0.1 or ≥ 0.9, time ≤ CTGAN/5)');
  console.log('table          quality (CTGAN)   detection (CTGAN)   seconds (CTGAN/5)   copies ≤ holdout');
  for (const name of tablesArg) {
    const rs = rows.filter((r) => r.table === name);
    const mean = (k: keyof Row): number => rs.reduce((s, r) => s + (r[k] as number), 0) / rs.length;
    const c = CTGAN[name];
    const mark = (ok: boolean): string => (ok ? '✓' : '✗');
    if (!c) continue;
    const detGoal = c.detection > 0.8 ? 0.9 : c.detection + 0.1;
    console.log(`${label(name)}${f(mean('quality'))} (${f(c.quality)}) ${mark(mean('quality') >= c.quality + 0.05)}   ${f(mean('detection'))} (${f(c.detection)}) ${mark(mean('detection') >= detGoal)}     ${f(mean('seconds'), 1).padStart(5)} (${f(c.seconds / 5, 1)}) ${mark(mean('seconds') <= c.seconds / 5)}       ${mark(mean('exact_copy_rate') <= rs[0]!.holdout_copy_rate)}`);
  }
}
