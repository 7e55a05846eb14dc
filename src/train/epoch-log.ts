/** The per-epoch training record: what the progress line, the report and the model file show. */

export interface EpochLog {
  /** 1-based epoch (or block of iterations) number. */
  epoch: number;
  /** Training rounds done so far (a round = the configured D and G updates). */
  rounds: number;
  dLossReal: number | null;
  dLossFake: number | null;
  gLoss: number | null;
  /** Share of real rows the discriminator scores as real (logit > 0), and of fake rows as fake. */
  dAccReal: number | null;
  dAccFake: number | null;
  /** E[D(real)] − E[D(fake)] for critic losses (WGAN-GP, hinge). */
  wasserstein: number | null;
  gradientPenalty: number | null;
  condLoss: number | null;
  /** Per-feature mean and std of generated rows (model space unless the caller maps them). */
  genMean: number[];
  genStd: number[];
  lrD: number;
  lrG: number;
  /** Wall time of the epoch's training rounds, seconds. */
  seconds: number;
  /** Extra metrics the caller computed (e.g. an early-stopping score). */
  metrics?: Record<string, number>;
}

/**
 * The quantities a training round reports, each under one name: its EpochLog field, which is also
 * the round graph's output name (`p0.dAccReal`), the report's curve name and the studio's message
 * field. The words are what an error or a legend says about it.
 */
export const ROUND_QUANTITIES = {
  dLossReal: 'discriminator loss on real rows',
  dLossFake: 'discriminator loss on generated rows',
  gLoss: 'generator loss',
  dAccReal: 'discriminator accuracy on real rows',
  dAccFake: 'discriminator accuracy on generated rows',
  wasserstein: 'Wasserstein estimate',
  gradientPenalty: 'gradient penalty',
  condLoss: 'conditional loss',
} as const satisfies Partial<Record<keyof EpochLog, string>>;

export type RoundQuantity = keyof typeof ROUND_QUANTITIES;

/** Mean and population std per column of row-major rows. */
export function columnStats(rows: Float32Array, dim: number): { mean: number[]; std: number[] } {
  const n = rows.length / dim;
  const mean = new Array<number>(dim).fill(0);
  const sq = new Array<number>(dim).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) mean[j]! += rows[i * dim + j]!;
  for (let j = 0; j < dim; j++) mean[j]! /= n;
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) sq[j]! += (rows[i * dim + j]! - mean[j]!) ** 2;
  return { mean, std: sq.map((s) => Math.sqrt(s / n)) };
}
