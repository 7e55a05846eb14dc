/** The seed experiments' architectures as GAN configs (shared by tests, benchmarks and demos). */
import { resolveGanConfig, type GanConfig } from './config.js';

export const circleConfig = (): GanConfig => resolveGanConfig({
  latentDim: 3,
  generator: { hidden: [32, 16], activation: 'relu', init: 'he_uniform', outputInit: 'xavier_uniform', outputActivation: 'identity' },
  discriminator: { hidden: [32, 16], activation: 'relu', init: 'he_uniform', outputInit: 'xavier_uniform' },
  optimizerD: { kind: 'adam', lr: 1e-3 },
  optimizerG: { kind: 'adam', lr: 1e-3 },
  batchSize: 128,
  generatorBatchSize: 256,
  dUpdate: 'separate',
});

export const irisConfig = (): GanConfig => resolveGanConfig({
  latentDim: 10,
  generator: { hidden: [16, 32], activation: 'relu', outputActivation: 'tanh' },
  discriminator: { hidden: [32, 16], activation: 'leaky_relu', leakySlope: 0.2 },
  optimizerD: { kind: 'adam', lr: 2e-4, beta1: 0.5, beta2: 0.999 },
  optimizerG: { kind: 'adam', lr: 2e-4, beta1: 0.5, beta2: 0.999 },
  batchSize: 32,
  dUpdate: 'joint',
  reuseFake: true,
});

export const sixparamConfig = (): GanConfig => resolveGanConfig({
  latentDim: 20,
  generator: { hidden: [256, 512, 512], activation: 'relu', init: 'xavier_uniform', outputActivation: 'tanh' },
  discriminator: { hidden: [512, 512, 256], activation: 'relu', dropout: 0.4, init: 'xavier_uniform' },
  labels: { real: [0.9, 1], fake: [0, 0.1], generator: [0.9, 1] },
  optimizerD: { kind: 'adam', lr: 2e-4 },
  optimizerG: { kind: 'adam', lr: 2e-4 },
  batchSize: 128,
  dUpdate: 'joint',
  reuseFake: true,
});

export const gaussianConfig = (): GanConfig => resolveGanConfig({
  latentDim: 50,
  noise: 'uniform',
  generator: { hidden: [50, 50], activation: 'relu', outputActivation: 'identity' },
  discriminator: { hidden: [10, 10], activation: 'relu' },
  features: 'moments',
  optimizerD: { kind: 'adam', lr: 1e-4, schedule: { kind: 'cosine', tMax: 100, etaMin: 1e-5 } },
  optimizerG: { kind: 'adam', lr: 1e-4, schedule: { kind: 'cosine', tMax: 100, etaMin: 1e-5 } },
  batchSize: 10,
  dSteps: 20,
  gSteps: 20,
  dUpdate: 'joint',
});
