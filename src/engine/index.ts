export { Graph, Tensor, shapeSize, type DType } from './graph.js';
export * from './ops/index.js';
export { gradients, type GradOptions } from './autodiff.js';
export { Program, type ProgramSpec, type ProgramOptions, type FeedData } from './program.js';
export { VariableStore, type FloatArray, type StoredValue } from './store.js';
export { Adam, Sgd, type Optimizer, type BuildOptions, type AdamOptions, type SgdOptions } from './optim.js';
export { learningRate, validateSchedule, type LrSchedule } from './schedule.js';
export { encodeModel } from './onnx/model.js';
export { lowerGraph } from './onnx/lower.js';
