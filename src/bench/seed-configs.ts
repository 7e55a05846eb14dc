/** The seed experiments' network configurations, as the engine benchmark times them. */
import { resolveGanConfig, type GanConfig } from '../train/config.js';

/** seed 000 / six-parameter: G 20→256→512→512→6 (ReLU, Tanh), D 6→512→512→256→1 (ReLU, Dropout 0.4), noisy labels, Adam 2e-4, batch 128. */
export const SIXPARAM_STEP: GanConfig = resolveGanConfig({
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

/** circle: G 3→32→16→2, D 2→32→16→1, He-uniform hidden / Glorot output, Adam 1e-3, D on 128 real then 128 fake, G on 256. */
export const CIRCLE_STEP: GanConfig = resolveGanConfig({
  latentDim: 3,
  generator: { hidden: [32, 16], activation: 'relu', init: 'he_uniform', outputInit: 'xavier_uniform', outputActivation: 'identity' },
  discriminator: { hidden: [32, 16], activation: 'relu', init: 'he_uniform', outputInit: 'xavier_uniform' },
  optimizerD: { kind: 'adam', lr: 1e-3 },
  optimizerG: { kind: 'adam', lr: 1e-3 },
  batchSize: 128,
  generatorBatchSize: 256,
  dUpdate: 'separate',
});
