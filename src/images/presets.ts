/**
 * Image GAN recipes. 'classic' is the fully connected GAN of the PyTorch/Keras MNIST tutorials:
 * G z(100) → 256 (LeakyReLU 0.2) → pixels (Tanh); D pixels → 256 (LeakyReLU 0.2) → 1 (sigmoid,
 * folded into the BCE loss); batch 128; Adam 2e-4, β = (0.5, 0.999). The others add one
 * stabiliser each; 'best' is ganforge's recipe for small image sets.
 */
import { ConfigError } from '../util/errors.js';
import { resolveGanConfig, type GanConfig } from '../train/config.js';

export const IMAGE_PRESETS = ['classic', 'wgan-gp', 'feature-matching', 'pacgan', 'best'] as const;
export type ImagePreset = (typeof IMAGE_PRESETS)[number];

export const IMAGE_PRESET_DESCRIPTIONS: Record<ImagePreset, string> = {
  classic: 'fully connected GAN: z=100 → 256 → pixels, D pixels → 256 → 1, BCE, batch 128, Adam 2e-4 β=(0.5, 0.999)',
  'wgan-gp': 'the same networks trained as a WGAN critic with gradient penalty (λ=10, 2 critic steps, Adam 1e-4 β=(0.5, 0.9))',
  'feature-matching': 'the generator matches the mean of D\'s hidden features on real images (Salimans et al. 2016)',
  pacgan: 'PacGAN: the discriminator judges packs of 2 images (Lin et al. 2018)',
  best: 'PacGAN packs of 2 with one-sided label smoothing (real targets 0.9) and a higher learning rate, 1e-3 for G',
};

/** The GAN config of a preset for images of `pixels` values; `classes` > 0 makes it conditional (one-hot label into G and D). */
export function imageGanConfig(preset: ImagePreset, o: { classes?: number; batchSize?: number } = {}): GanConfig {
  if (!IMAGE_PRESETS.includes(preset)) throw new ConfigError('CONFIG_BAD_VALUE', `unknown image preset "${preset}"`, 'preset', `use one of ${IMAGE_PRESETS.join(', ')}`);
  const base = {
    latentDim: 100,
    generator: { hidden: [256], activation: 'leaky_relu' as const, leakySlope: 0.2, outputActivation: 'tanh' as const },
    discriminator: { hidden: [256], activation: 'leaky_relu' as const, leakySlope: 0.2 },
    optimizerD: { kind: 'adam' as const, lr: 2e-4, beta1: 0.5, beta2: 0.999 },
    optimizerG: { kind: 'adam' as const, lr: 2e-4, beta1: 0.5, beta2: 0.999 },
    batchSize: o.batchSize ?? 128,
    ...(o.classes ? { condWidth: o.classes } : {}),
  };
  switch (preset) {
    case 'classic':
      return resolveGanConfig(base);
    case 'wgan-gp':
      return resolveGanConfig({
        ...base, loss: 'wgan-gp', gpLambda: 10, dSteps: 2,
        optimizerD: { kind: 'adam', lr: 1e-4, beta1: 0.5, beta2: 0.9 }, optimizerG: { kind: 'adam', lr: 1e-4, beta1: 0.5, beta2: 0.9 },
      });
    case 'feature-matching':
      return resolveGanConfig({ ...base, generatorLoss: 'feature_matching' });
    case 'pacgan':
      return resolveGanConfig({ ...base, pac: 2 });
    case 'best':
      return resolveGanConfig({
        ...base, pac: 2, labels: { real: [0.9, 0.9], fake: [0, 0], generator: [1, 1] },
        optimizerD: { ...base.optimizerD, lr: 5e-4 }, optimizerG: { ...base.optimizerG, lr: 1e-3 },
      });
  }
}
