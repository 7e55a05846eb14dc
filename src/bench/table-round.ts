/**
 * Times the default table recipe's training round on the engine, at a real table's sizes: the
 * trainer, conditioner and feeds are the ones `TableGan.train` uses (JS feed filling included).
 */
import { GanTrainer } from '../train/trainer.js';
import { ResampleSource } from '../train/sources.js';
import type { GanConfig } from '../train/config.js';
import type { TableSetup } from './table-setup.js';

/**
 * Multiply-add FLOPs of one default table round (joint D update on real + fake, one G update on
 * fresh rows): 2·m·n·k per Linear forward, twice that backward where weights get gradients.
 * The generator's residual blocks widen their input by each block's width.
 */
export function tableRoundFlops(c: GanConfig, dataDim: number): number {
  const cw = c.condWidth ?? 0;
  const b = c.batchSize;
  const gLayers: [number, number][] = [];
  let w = c.latentDim + cw + (c.prior ? dataDim : 0);
  for (const h of c.generator.hidden) {
    gLayers.push([w, h]);
    w = c.generator.residual ? w + h : h;
  }
  gLayers.push([w, dataDim]);
  const dLayers: [number, number][] = [];
  let dw = (dataDim + cw) * c.pac;
  for (const h of c.discriminator.hidden) {
    dLayers.push([dw, h]);
    dw = h;
  }
  dLayers.push([dw, 1]);
  const mm = (ls: [number, number][], rows: number): number => ls.reduce((s, [i, o]) => s + 2 * rows * i * o, 0);
  const rowsD = b / c.pac;
  // D step: G forward on B rows, D fwd + bwd on 2B rows; G step: G fwd + bwd on B rows, D fwd + bwd (dX only) on B rows.
  return mm(gLayers, b) + 3 * mm(dLayers, 2 * rowsD) + 3 * mm(gLayers, b) + 2 * mm(dLayers, rowsD);
}

/** A trainer kept warm between timed epochs, so that ganforge and PyTorch runs can be interleaved. */
export class TableRoundTimer {
  private constructor(private readonly trainer: GanTrainer, private readonly source: ResampleSource, readonly flops: number) {}

  static async create(s: TableSetup, o: { threads?: number; roundsPerRun?: number; profilePrefix?: string; sessionThread?: boolean } = {}): Promise<TableRoundTimer> {
    const dim = s.layout.width;
    const trainer = new GanTrainer(s.config, dim, {
      seed: 0, threads: o.threads ?? 1, roundsPerRun: o.roundsPerRun, sessionThread: o.sessionThread,
      ...(s.conditioner ? { condSpans: s.condSpans, conditioner: s.conditioner } : {}),
      prior: s.prior,
      ...(o.profilePrefix ? { profilePrefix: o.profilePrefix } : {}),
    });
    const t = new TableRoundTimer(trainer, new ResampleSource(s.encoded, dim), tableRoundFlops(s.config, dim));
    await t.epoch(16); // compile + warm-up
    return t;
  }

  /** Wall and process-CPU milliseconds per round over one epoch of `rounds` rounds. */
  async epoch(rounds: number): Promise<{ wall: number; cpu: number }> {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await this.trainer.trainEpoch(this.source, { rounds, sampleRows: 1 });
    const wall = performance.now() - t0;
    const c = process.cpuUsage(c0);
    return { wall: wall / rounds, cpu: (c.user + c.system) / 1000 / rounds };
  }

  release(): Promise<void> {
    return this.trainer.release();
  }
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
