/**
 * The two speed figures the studio's benchmark compares across runtimes, as one function both
 * sides run: `npm run bench` calls it on onnxruntime-node, and the studio's bench page (bundled
 * with onnxruntime-web) calls the very same code in Chromium. No file system: the table is given.
 */
import { TableGan } from '../model/table-model.js';
import type { Table } from '../data/table.js';
import { sixparamConfig } from '../train/seed-configs.js';
import { benchRounds, roundFlops } from './engine.js';
import { Graph, Program, VariableStore, matmul } from '../engine/index.js';
import { Rng } from '../util/rng.js';

export interface StudioSpeed {
  /** The default recipe training on penguins (TableGan.train): ms per round after warm-up epochs. */
  penguins_ms_per_round: number;
  penguins_rounds: number;
  /** The seed-000 (sixparam) network's training step, one step per run. */
  seed000_ms_per_step: number;
  /** The same step at the trainer's default of 16 steps per run (an ONNX Loop: the variables cross into the runtime once per 16 steps). */
  seed000_loop_ms_per_step: number;
  /** Multiply-add GFLOP/s of a lone [256×512]·[512×512] product on the same runtime (the seed-000 step is mostly such products). */
  gemm_gflops: number;
}

/** The seed-000 step's matrix-product FLOPs (its Linear layers forward and backward). */
export const seed000Flops = (): number => roundFlops(sixparamConfig(), 6);

/** GFLOP/s of one [256×512]·[512×512] product, run alone in a program on the current runtime for about `ms` milliseconds. */
export async function gemmProbe(ms = 600, threads = 1): Promise<number> {
  const [m, k, n] = [256, 512, 512];
  const g = new Graph();
  const a = g.input('a', [m, k]);
  const b = g.input('b', [k, n]);
  const program = await Program.compile(g, { outputs: { c: matmul(a, b) } }, new VariableStore(), { threads, checkFeeds: false, name: 'gemm_probe' });
  try {
    const rng = new Rng(1);
    const feeds = { a: rng.fillUniform(new Float32Array(m * k), -1, 1) as Float32Array, b: rng.fillUniform(new Float32Array(k * n), -1, 1) as Float32Array };
    for (let i = 0; i < 5; i++) await program.run(feeds);
    let runs = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < ms) {
      await program.run(feeds);
      runs++;
    }
    const perRun = (performance.now() - t0) / runs;
    return Math.round((2 * m * k * n) / (perRun * 1e5)) / 10;
  } finally {
    await program.release();
  }
}

export async function studioSpeed(penguins: Table, o: { epochs?: number; warmup?: number; seedRounds?: number; threads?: number } = {}): Promise<StudioSpeed> {
  const epochs = o.epochs ?? 40, warmup = o.warmup ?? 5, threads = o.threads ?? 1;
  let seconds = 0, rounds = 0, last = 0;
  const model = await TableGan.train(penguins, {
    seed: 0, epochs, threads,
    onEpoch: (log) => {
      if (log.epoch > warmup) {
        seconds += log.seconds;
        rounds += log.rounds - last;
      }
      last = log.rounds;
    },
  });
  await model.release();
  const step = await benchRounds('seed000-step', sixparamConfig(), 6, { threads, roundsPerRun: 1, rounds: o.seedRounds ?? 120 });
  const loop = await benchRounds('seed000-step', sixparamConfig(), 6, { threads, roundsPerRun: 16, rounds: o.seedRounds ?? 120 });
  const gemm = await gemmProbe(600, threads);
  return {
    penguins_ms_per_round: Math.round((1e6 * seconds) / rounds) / 1000, penguins_rounds: rounds,
    seed000_ms_per_step: step.ms_per_step, seed000_loop_ms_per_step: loop.ms_per_step, gemm_gflops: gemm,
  };
}
