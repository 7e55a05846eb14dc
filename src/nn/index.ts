export { ForwardContext, type RandomFeed, type RandomFeedKind } from './context.js';
export { initLinear, INIT_KINDS, type InitKind } from './init.js';
export { activate, linear, dropout, batchNorm, residual, ACTIVATIONS, type Activation } from './layers.js';
export { buildMlp, validateMlpConfig, type MlpConfig, type Network, type ForwardResult } from './mlp.js';
export * from './losses.js';
export { moments, pack, discriminatorInput, featureWidth, type DiscriminatorFeatures } from './features.js';
export { applyHeads, GUMBEL_TAU, type HeadSpan, type HeadActivation } from './heads.js';
