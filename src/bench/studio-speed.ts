/**
 * The two speed figures the studio's benchmark compares across runtimes, as one function both
 * sides run: `npm run bench` calls it on onnxruntime-node, and the studio's bench page (bundled
 * with onnxruntime-web) calls the very same code in Chromium. No file system: the table is given.
 */
import { TableGan } from '../model/table-model.js';
import type { Table } from '../data/table.js';
import { sixparamConfig } from '../train/seed-configs.js';
import { benchRounds } from './engine.js';

export interface StudioSpeed {
  /** The default recipe training on penguins (TableGan.train, one thread): ms per round after warm-up epochs. */
  penguins_ms_per_round: number;
  penguins_rounds: number;
  /** The seed-000 (sixparam) network's training step, one thread, one step per run. */
  seed000_ms_per_step: number;
}

export async function studioSpeed(penguins: Table, o: { epochs?: number; warmup?: number; seedRounds?: number } = {}): Promise<StudioSpeed> {
  const epochs = o.epochs ?? 40, warmup = o.warmup ?? 5;
  let seconds = 0, rounds = 0, last = 0;
  const model = await TableGan.train(penguins, {
    seed: 0, epochs, threads: 1,
    onEpoch: (log) => {
      if (log.epoch > warmup) {
        seconds += log.seconds;
        rounds += log.rounds - last;
      }
      last = log.rounds;
    },
  });
  await model.release();
  const step = await benchRounds('seed000-step', sixparamConfig(), 6, { threads: 1, roundsPerRun: 1, rounds: o.seedRounds ?? 120 });
  return { penguins_ms_per_round: Math.round((1e6 * seconds) / rounds) / 1000, penguins_rounds: rounds, seed000_ms_per_step: step.ms_per_step };
}
