/**
 * The table-round benchmark: the default recipe's training round at real tables' sizes on the
 * engine, interleaved with its PyTorch transcription (bench/torch_table_round.py) in the same run,
 * one thread each; and sampling speed of a model trained briefly on the same table.
 * Medians over repetitions (the machines are shared): wall time, and process CPU time, which
 * other work on the machine disturbs less.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTable } from '../data/index.js';
import { TableGan, tableRoundsPerEpoch } from '../model/table-model.js';
import { Rng } from '../util/rng.js';
import { layoutJson, tableSetup, type TableSizes } from './table-setup.js';
import { median, TableRoundTimer } from './table-round.js';

export interface TableRoundCase extends TableSizes {
  /** A CSV under ../shared/datasets. */
  file: string;
}

export interface TableRoundRecord {
  name: 'table-round';
  table: string;
  batch: number;
  hidden: number;
  width: number;
  cond_width: number;
  threads: number;
  ms_per_round: number;
  cpu_ms_per_round: number;
  torch_ms: number | null;
  torch_cpu_ms: number | null;
  /** ganforge ÷ PyTorch, wall time medians (below 1: ganforge is faster). */
  ratio: number | null;
  cpu_ratio: number | null;
  /** The same round with its program on a session thread of its own (TrainerOptions.sessionThread), in the same reps, and its ratio to PyTorch's. */
  thread_ms_per_round: number;
  thread_ratio: number | null;
  gflops: number;
  rounds_per_epoch: number;
  reps: number;
  note?: string;
}

export function datasetPath(file: string): string | null {
  for (const p of [`../shared/datasets/${file}`, `/work/shared/datasets/${file}`]) if (existsSync(p)) return resolve(p);
  return null;
}

function torchScript(): string | null {
  const here = fileURLToPath(new URL('.', import.meta.url));
  for (const p of [resolve(here, '../../bench/torch_table_round.py'), resolve('bench/torch_table_round.py')]) if (existsSync(p)) return p;
  return null;
}

function torchRound(layoutFile: string, rounds: number, env: NodeJS.ProcessEnv): { wall: number; cpu: number } | string {
  const script = torchScript();
  if (!script || !existsSync('/usr/bin/python3')) return 'bench/torch_table_round.py or /usr/bin/python3 not found';
  const r = spawnSync('/usr/bin/python3', [script, layoutFile, '--rounds', String(rounds), '--epochs', '3'], { env, encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) return `PyTorch run failed: ${(r.stderr || r.error?.message || '').trim().split('\n').at(-1)}`;
  const j = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { ms_per_round: number; cpu_ms_per_round: number };
  return { wall: j.ms_per_round, cpu: j.cpu_ms_per_round };
}

const r2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * One table's round: `reps` interleaved pairs (a ganforge epoch, then a PyTorch run of 3 epochs);
 * an epoch is as many rounds as training on the table does (rows / batch; `rounds` to change).
 */
export async function benchTableRoundCase(c: TableRoundCase, o: { reps: number; rounds?: number; env: NodeJS.ProcessEnv; log: (s: string) => void }): Promise<TableRoundRecord> {
  const path = datasetPath(c.file);
  if (!path) throw new Error(`${c.file} not found under ../shared/datasets`);
  const setup = await tableSetup(path, c);
  const layout = layoutJson(setup);
  const dir = mkdtempSync(join(tmpdir(), 'ganforge-bench-table-'));
  const layoutFile = join(dir, 'layout.json');
  writeFileSync(layoutFile, JSON.stringify(layout));
  const rounds = o.rounds ?? tableRoundsPerEpoch(setup.rows, setup.config);
  const ours: { wall: number; cpu: number }[] = [];
  const threaded: { wall: number; cpu: number }[] = [];
  const theirs: { wall: number; cpu: number }[] = [];
  let note: string | undefined;
  const timer = await TableRoundTimer.create(setup);
  const threadTimer = await TableRoundTimer.create(setup, { sessionThread: true });
  try {
    for (let i = 0; i < o.reps; i++) {
      o.log(`table-round ${setup.name} (batch ${layout.batch}, width ${layout.hidden}): rep ${i + 1}/${o.reps}`);
      ours.push(await timer.epoch(rounds));
      threaded.push(await threadTimer.epoch(rounds));
      if (note === undefined) {
        const t = torchRound(layoutFile, rounds, o.env);
        if (typeof t === 'string') note = t;
        else theirs.push(t);
      }
    }
  } finally {
    await timer.release();
    await threadTimer.release();
    rmSync(dir, { recursive: true, force: true });
  }
  const ms = median(ours.map((x) => x.wall)), cpu = median(ours.map((x) => x.cpu)), tms1 = median(threaded.map((x) => x.wall));
  const tms = theirs.length ? median(theirs.map((x) => x.wall)) : null, tcpu = theirs.length ? median(theirs.map((x) => x.cpu)) : null;
  return {
    name: 'table-round', table: setup.name, batch: layout.batch, hidden: layout.hidden, width: layout.width, cond_width: layout.condWidth, threads: 1,
    ms_per_round: r2(ms), cpu_ms_per_round: r2(cpu), torch_ms: tms === null ? null : r2(tms), torch_cpu_ms: tcpu === null ? null : r2(tcpu),
    ratio: tms ? Math.round((ms / tms) * 1000) / 1000 : null, cpu_ratio: tcpu ? Math.round((cpu / tcpu) * 1000) / 1000 : null,
    thread_ms_per_round: r2(tms1), thread_ratio: tms ? Math.round((tms1 / tms) * 1000) / 1000 : null,
    gflops: Math.round((timer.flops / (ms * 1e6)) * 10) / 10, rounds_per_epoch: rounds, reps: o.reps, ...(note ? { note } : {}),
  };
}

export interface SampleRecord {
  name: 'sample';
  model: string;
  rows: number;
  /** Rows per second of TableGan.sample: noise, conditions, copula prior, generator, calibration, one-hot draws and decoding into the table's own values and types. */
  rows_per_s: number;
  /** Rows per second of the generator's forward alone (ONNX, inputs made beforehand): the compute floor that sampling is measured against. */
  generator_floor_rows_per_s: number;
  /** Time per row of sampling over the floor's (the scale-out issue's target: ≤ 2). */
  ratio: number;
}

/** A model trained for a couple of epochs on `file`, then sampled: end-to-end and generator-forward-only speed (best of 5, interleaved). */
export async function benchSample(file: string, rows: number): Promise<SampleRecord> {
  const path = datasetPath(file);
  if (!path) throw new Error(`${file} not found under ../shared/datasets`);
  const table = await readTable(path);
  const gan = await TableGan.train(table, { seed: 0, epochs: 2, progress: 'silent', threads: 1 });
  // The forward's inputs for one chunk, made once: the floor runs the generator alone over as many rows.
  const chunk = Math.min(8192, rows);
  const rs = gan.rowSampler({ seed: 1, exclude: false });
  const inputs = rs.generatorInputs(chunk, rs.noise(Float64Array.from({ length: chunk }, (_, i) => i), null, 0, chunk));
  await gan.sample(1000, { seed: 9, exclude: false });
  await gan.trainer.sampleFrom(chunk, inputs);
  let full = Infinity, floor = Infinity;
  for (let i = 0; i < 5; i++) {
    let t0 = performance.now();
    await gan.sample(rows, { seed: i, exclude: false });
    full = Math.min(full, performance.now() - t0);
    t0 = performance.now();
    for (let done = 0; done < rows; done += chunk) await gan.trainer.sampleFrom(chunk, inputs);
    floor = Math.min(floor, (performance.now() - t0) * (rows / (Math.ceil(rows / chunk) * chunk)));
  }
  await gan.trainer.release();
  return {
    name: 'sample', model: `${file.replace(/\.csv$/, '')} (default recipe, 2 epochs)`, rows,
    rows_per_s: Math.round(rows / (full / 1000)), generator_floor_rows_per_s: Math.round(rows / (floor / 1000)), ratio: Math.round((full / floor) * 100) / 100,
  };
}
