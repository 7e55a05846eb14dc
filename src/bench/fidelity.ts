/**
 * `npm run bench:fidelity [-- --json] [-- --seeds 3] [-- --tables iris,wine]`: trains the default
 * table recipe on the reference tables and prints quality, column shapes, pair trends, detection,
 * exact-copy rates and training time, next to the CTGAN 0.12.1 reference figures.
 * For experiments: `--config '{"batchSize":50}'` merges into the recipe's config, `--stop
 * '{"every":5,"patience":4}'` changes the quality early stopping, `--encoding
 * '{"continuous":"gaussian","decorrelate":false}'` the column encoding, `--threads 2`.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { evaluate, qualityScore, readTable, trainTable, Rng, type Table } from '../index.js';
import type { GanConfig } from '../train/config.js';
import type { ScoreStopping, TableTrainOptions } from '../model/table-model.js';
import { takeRows } from '../data/index.js';
import { exactCopyRate, matchColumns } from '../eval/index.js';

/** CTGAN 0.12.1, default settings, 300 epochs, seed 0, SDMetrics 0.29, one thread (from the issue). */
const CTGAN: Record<string, { quality: number; detection: number; seconds: number }> = {
  iris: { quality: 0.651, detection: 0.507, seconds: 27 },
  wine: { quality: 0.692, detection: 0.098, seconds: 22.5 },
  breast_cancer: { quality: 0.684, detection: 0.015, seconds: 36.6 },
  penguins: { quality: 0.734, detection: 0.284, seconds: 15.7 },
  faithful: { quality: 0.743, detection: 0.953, seconds: 10.5 },
};

function datasetsDir(): string {
  for (const p of ['../shared/datasets', '/work/shared/datasets']) if (existsSync(p)) return resolve(p);
  throw new Error('../shared/datasets not found');
}

/** Share of `rows` identical to some row of `pool` (eval's exact-copy rate). */
function copyRate(pool: Table, rows: Table): number {
  return exactCopyRate(pool, rows, undefined, matchColumns(pool, rows)).synthetic;
}

interface Row {
  table: string;
  seed: number;
  quality: number;
  column_shapes: number;
  column_pair_trends: number;
  detection: number;
  exact_copy_rate: number;
  holdout_copy_rate: number;
  epochs: number;
  seconds: number;
}

const args = process.argv.slice(2);
const json = args.includes('--json');
const seeds = Number(args[args.indexOf('--seeds') + 1] ?? 3) || 3;
const tablesArg = args.includes('--tables') ? args[args.indexOf('--tables') + 1]!.split(',') : Object.keys(CTGAN);
const jsonArg = <T>(flag: string): T | undefined => (args.includes(flag) ? (JSON.parse(args[args.indexOf(flag) + 1]!) as T) : undefined);
const config = jsonArg<Partial<GanConfig>>('--config');
const encoding = jsonArg<Pick<TableTrainOptions, 'continuous' | 'decorrelate'>>('--encoding');
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
    const r: Row = {
      table: name, seed, quality: ev.quality ?? NaN, column_shapes: ev.column_shapes ?? NaN, column_pair_trends: ev.column_pair_trends ?? NaN,
      detection: ev.detection.score ?? NaN, exact_copy_rate: ev.exact_copy_rate.synthetic, holdout_copy_rate: holdoutRate,
      epochs: model.trainer.epoch, seconds,
    };
    await model.release();
    rows.push(r);
    if (json) console.log(JSON.stringify(r));
  }
}

const f = (x: number, d = 3): string => x.toFixed(d);
if (!json) {
  console.log('table          seed  quality  shapes  pairs  detection  copies  holdout-copies  epochs  seconds');
  for (const r of rows) {
    console.log(`${r.table.padEnd(15)}${String(r.seed).padEnd(6)}${f(r.quality).padEnd(9)}${f(r.column_shapes).padEnd(8)}${f(r.column_pair_trends).padEnd(7)}${f(r.detection).padEnd(11)}${f(r.exact_copy_rate).padEnd(8)}${f(r.holdout_copy_rate).padEnd(16)}${String(r.epochs).padEnd(8)}${f(r.seconds, 1)}`);
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
    console.log(`${name.padEnd(15)}${f(mean('quality'))} (${f(c.quality)}) ${mark(mean('quality') >= c.quality + 0.05)}   ${f(mean('detection'))} (${f(c.detection)}) ${mark(mean('detection') >= detGoal)}     ${f(mean('seconds'), 1).padStart(5)} (${f(c.seconds / 5, 1)}) ${mark(mean('seconds') <= c.seconds / 5)}       ${mark(mean('exact_copy_rate') <= rs[0]!.holdout_copy_rate)}`);
  }
}
