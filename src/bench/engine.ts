/** Times training rounds of the seed networks on the engine: ms per step and GFLOP/s. */
import { Rng } from '../util/rng.js';
import type { GanConfig } from '../train/config.js';
import { GanTrainer } from '../train/trainer.js';
import { DatasetSource, ResampleSource } from '../train/sources.js';

export interface StepBench {
  name: string;
  threads: number;
  roundsPerRun: number;
  ms_per_step: number;
  gflops: number;
}

/** Multiply-add FLOPs of one round: forward 2·m·n·k per Linear, backward twice that where weights get gradients. */
export function roundFlops(cfg: GanConfig, dataDim: number): number {
  const layers = (inDim: number, hidden: number[], out: number): [number, number][] => {
    const dims = [inDim, ...hidden, out];
    return dims.slice(1).map((d, i) => [dims[i]!, d]);
  };
  const g = layers(cfg.latentDim, cfg.generator.hidden, dataDim);
  const d = layers(dataDim * cfg.pac, cfg.discriminator.hidden, 1);
  const mm = (ls: [number, number][], rows: number): number => ls.reduce((s, [a, b]) => s + 2 * rows * a * b, 0);
  const b = cfg.batchSize, gb = cfg.generatorBatchSize ?? b;
  const perD = cfg.dUpdate === 'joint' ? 3 * mm(d, 2 * b) : 3 * mm(d, b) * 2; // D forward + backward (dX, dW)
  const dFake = cfg.reuseFake ? mm(g, b) : mm(g, b) * cfg.dSteps;
  const gStep = 3 * mm(g, gb) + 2 * mm(d, gb) - (cfg.reuseFake ? mm(g, gb) : 0); // G fwd+bwd, D fwd + dX
  return cfg.dSteps * perD + dFake + cfg.gSteps * gStep;
}

export async function benchRounds(name: string, cfg: GanConfig, dataDim: number, o: { threads: number; roundsPerRun: number; rounds: number; resample?: boolean }): Promise<StepBench> {
  const rng = new Rng(0);
  const rows = 5000;
  const data = rng.fillUniform(new Float32Array(rows * dataDim), -1, 1) as Float32Array;
  const source = o.resample ? new ResampleSource(data, dataDim) : new DatasetSource(data, dataDim);
  const trainer = new GanTrainer(cfg, dataDim, { seed: 0, threads: o.threads, roundsPerRun: o.roundsPerRun });
  const epochRounds = o.resample ? o.roundsPerRun * 4 : undefined;
  await trainer.trainEpoch(source, { rounds: epochRounds, sampleRows: 1 }); // warm-up: compile + first runs
  let timed = 0, seconds = 0;
  while (timed < o.rounds) {
    const before = trainer.rounds;
    const log = await trainer.trainEpoch(source, { rounds: epochRounds, sampleRows: 1 });
    timed += trainer.rounds - before;
    seconds += log.seconds;
  }
  await trainer.release();
  const ms = (1000 * seconds) / timed;
  return { name, threads: o.threads, roundsPerRun: o.roundsPerRun, ms_per_step: round(ms, 3), gflops: round(roundFlops(cfg, dataDim) / (ms * 1e6), 1) };
}

const round = (x: number, d: number): number => Math.round(x * 10 ** d) / 10 ** d;
