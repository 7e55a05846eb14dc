/** The GAN training configuration: plain JSON, validated with messages that name the bad key. */
import { ConfigError } from '../util/errors.js';
import { validateSchedule, type LrSchedule } from '../engine/index.js';
import { validateMlpConfig, type DiscriminatorFeatures, type HeadSpan, type MlpConfig } from '../nn/index.js';

export interface OptimizerConfig {
  kind: 'adam' | 'sgd';
  lr: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
  momentum?: number;
  schedule?: LrSchedule;
}

export type GanLoss = 'bce' | 'wgan-gp' | 'hinge';
export type GeneratorLoss = 'non_saturating' | 'minimax' | 'feature_matching';

export interface GanConfig {
  latentDim: number;
  /** Noise prior: N(0, 1) or U(0, 1) (the 1-D Gaussian experiment feeds uniform noise). */
  noise: 'normal' | 'uniform';
  generator: MlpConfig;
  /** Output heads per span of the data layout; when absent, generator.outputActivation applies. */
  heads?: HeadSpan[];
  /** One logit out; its sigmoid (for BCE) is part of the loss. */
  discriminator: MlpConfig;
  features: DiscriminatorFeatures;
  /** PacGAN: rows per discriminator input. */
  pac: number;
  loss: GanLoss;
  generatorLoss: GeneratorLoss;
  gpLambda: number;
  /** Target ranges for BCE: each label drawn U[lo, hi] per row (noisy labels / label smoothing). */
  labels: { real: [number, number]; fake: [number, number]; generator: [number, number] };
  optimizerD: OptimizerConfig;
  optimizerG: OptimizerConfig;
  /** Real rows (and fake rows) per discriminator update. */
  batchSize: number;
  /** Rows per generator update (default batchSize). */
  generatorBatchSize?: number;
  dSteps: number;
  gSteps: number;
  /** 'joint': one D update on a real + fake batch; 'separate': an update on real, then one on fake. */
  dUpdate: 'joint' | 'separate';
  /** The first generator step reuses the fake batch of the last discriminator step (as the classic PyTorch loop does). */
  reuseFake: boolean;
  /** Conditional vector width (CTGAN-style), 0 when unconditional. */
  condWidth?: number;
  /**
   * Exponential moving average of the generator's weights (Yazıcı et al. 2019), e.g. 0.999:
   * samples and the exported generator use the average, which smooths GAN training's oscillation.
   * 0 turns it off (to override a recipe that sets it).
   */
  emaDecay?: number;
  /**
   * The generator also reads a prior row in model space (a Gaussian copula draw, supplied by the
   * trainer's PriorSampler) and adds it to its output before the heads: value spans as they are,
   * one-hot spans times `logitScale` as logits. With a zero-initialised output layer the untrained
   * generator samples the prior, and adversarial training learns what the prior misses.
   */
  prior?: { logitScale: number };
}

export const DEFAULT_GAN: Omit<GanConfig, 'generator' | 'discriminator'> = {
  latentDim: 64,
  noise: 'normal',
  features: 'raw',
  pac: 1,
  loss: 'bce',
  generatorLoss: 'non_saturating',
  gpLambda: 10,
  labels: { real: [1, 1], fake: [0, 0], generator: [1, 1] },
  optimizerD: { kind: 'adam', lr: 2e-4, beta1: 0.5, beta2: 0.999 },
  optimizerG: { kind: 'adam', lr: 2e-4, beta1: 0.5, beta2: 0.999 },
  batchSize: 128,
  dSteps: 1,
  gSteps: 1,
  dUpdate: 'joint',
  reuseFake: false,
};

const KEYS: readonly string[] = [
  'latentDim', 'noise', 'generator', 'heads', 'discriminator', 'features', 'pac', 'loss', 'generatorLoss', 'gpLambda',
  'labels', 'optimizerD', 'optimizerG', 'batchSize', 'generatorBatchSize', 'dSteps', 'gSteps', 'dUpdate', 'reuseFake', 'condWidth', 'emaDecay', 'prior',
];

/**
 * Upper bounds on sizes (a typo like 1e9 must be a config error, not an allocation of gigabytes):
 * far above any table GAN, far below what would exhaust memory.
 */
const HEAD_ACTIVATIONS = ['tanh', 'softmax', 'gumbel_softmax', 'sigmoid', 'identity'] as const;

export const CONFIG_LIMITS = { latentDim: 8192, batchSize: 1_000_000, steps: 1000, pac: 1024, condWidth: 1_000_000 } as const;

function posInt(v: unknown, path: string, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isInteger(v) || (v as number) < 1) throw new ConfigError('CONFIG_BAD_VALUE', `must be a positive integer, got ${JSON.stringify(v)}`, path);
  if ((v as number) > max) throw new ConfigError('CONFIG_BAD_VALUE', `${v as number} is too large (at most ${max})`, path);
}

function oneOf<T extends string>(v: unknown, options: readonly T[], path: string): void {
  if (!options.includes(v as T)) throw new ConfigError('CONFIG_BAD_VALUE', `must be one of ${options.join(', ')}, got ${JSON.stringify(v)}`, path);
}

function validateOptimizer(o: OptimizerConfig, path: string): void {
  oneOf(o.kind, ['adam', 'sgd'], `${path}.kind`);
  if (!(typeof o.lr === 'number' && o.lr > 0)) throw new ConfigError('CONFIG_BAD_VALUE', `must be a positive number, got ${JSON.stringify(o.lr)}`, `${path}.lr`);
  for (const b of ['beta1', 'beta2'] as const) {
    const v = o[b];
    if (v !== undefined && !(v >= 0 && v < 1)) throw new ConfigError('CONFIG_BAD_VALUE', `must be in [0, 1), got ${v}`, `${path}.${b}`);
  }
  if (o.schedule) validateSchedule(o.schedule, `${path}.schedule`);
}

/** Fills defaults and checks every field; unknown keys are errors (a typo should not pass silently). */
export function resolveGanConfig(partial: Partial<GanConfig> & Pick<GanConfig, 'generator' | 'discriminator'>): GanConfig {
  for (const k of Object.keys(partial)) {
    if (!KEYS.includes(k)) throw new ConfigError('CONFIG_UNKNOWN_KEY', `unknown key "${k}"`, k, `known keys: ${KEYS.join(', ')}`);
  }
  const c: GanConfig = { ...DEFAULT_GAN, ...partial, labels: { ...DEFAULT_GAN.labels, ...(partial.labels ?? {}) } };
  posInt(c.latentDim, 'latentDim', CONFIG_LIMITS.latentDim);
  posInt(c.batchSize, 'batchSize', CONFIG_LIMITS.batchSize);
  if (c.generatorBatchSize !== undefined) posInt(c.generatorBatchSize, 'generatorBatchSize', CONFIG_LIMITS.batchSize);
  posInt(c.dSteps, 'dSteps', CONFIG_LIMITS.steps);
  posInt(c.gSteps, 'gSteps', CONFIG_LIMITS.steps);
  posInt(c.pac, 'pac', CONFIG_LIMITS.pac);
  if (c.condWidth !== undefined && c.condWidth !== 0) posInt(c.condWidth, 'condWidth', CONFIG_LIMITS.condWidth);
  oneOf(c.noise, ['normal', 'uniform'], 'noise');
  oneOf(c.features, ['raw', 'moments'], 'features');
  oneOf(c.loss, ['bce', 'wgan-gp', 'hinge'], 'loss');
  oneOf(c.generatorLoss, ['non_saturating', 'minimax', 'feature_matching'], 'generatorLoss');
  oneOf(c.dUpdate, ['joint', 'separate'], 'dUpdate');
  if (c.heads !== undefined) {
    if (!Array.isArray(c.heads) || c.heads.length > 1_000_000) throw new ConfigError('CONFIG_BAD_VALUE', 'must be a list of {width, activation}', 'heads');
    c.heads.forEach((h, i) => {
      if (h === null || typeof h !== 'object') throw new ConfigError('CONFIG_BAD_VALUE', 'must be {width, activation}', `heads[${i}]`);
      posInt(h.width, `heads[${i}].width`, CONFIG_LIMITS.condWidth);
      oneOf(h.activation, HEAD_ACTIVATIONS, `heads[${i}].activation`);
    });
  }
  validateMlpConfig(c.generator, 'generator');
  validateMlpConfig(c.discriminator, 'discriminator');
  validateOptimizer(c.optimizerD, 'optimizerD');
  validateOptimizer(c.optimizerG, 'optimizerG');
  for (const k of ['real', 'fake', 'generator'] as const) {
    const r = c.labels[k];
    if (!Array.isArray(r) || r.length !== 2 || !(r[0] <= r[1])) throw new ConfigError('CONFIG_BAD_VALUE', 'must be a range [lo, hi]', `labels.${k}`);
  }
  if (c.emaDecay === 0) delete c.emaDecay;
  if (c.emaDecay !== undefined && !(c.emaDecay > 0 && c.emaDecay < 1)) throw new ConfigError('CONFIG_BAD_VALUE', `must be 0 (off) or in (0, 1), got ${c.emaDecay}`, 'emaDecay');
  if (c.prior !== undefined && !(typeof c.prior === 'object' && c.prior !== null && typeof c.prior.logitScale === 'number' && c.prior.logitScale > 0 && c.prior.logitScale <= 100)) {
    throw new ConfigError('CONFIG_BAD_VALUE', `must be { logitScale: a number in (0, 100] }, got ${JSON.stringify(c.prior)}`, 'prior');
  }
  if (c.prior && !c.heads) throw new ConfigError('CONFIG_BAD_VALUE', 'a prior needs output heads (a table layout)', 'prior');
  if (c.batchSize % c.pac !== 0) throw new ConfigError('CONFIG_BAD_VALUE', `batchSize ${c.batchSize} is not a multiple of pac ${c.pac}`, 'batchSize');
  if ((c.generatorBatchSize ?? c.batchSize) % c.pac !== 0) throw new ConfigError('CONFIG_BAD_VALUE', `generatorBatchSize is not a multiple of pac ${c.pac}`, 'generatorBatchSize');
  if (c.reuseFake && (c.generatorBatchSize ?? c.batchSize) !== c.batchSize) {
    throw new ConfigError('CONFIG_BAD_VALUE', 'reuseFake needs generatorBatchSize equal to batchSize', 'reuseFake');
  }
  return c;
}
