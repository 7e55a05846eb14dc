/** Generators and discriminators as multilayer perceptrons built from a JSON-able config. */
import { ConfigError } from '../util/errors.js';
import type { Rng } from '../util/rng.js';
import type { Graph, Tensor, VariableStore } from '../engine/index.js';
import type { ForwardContext } from './context.js';
import { initLinear, INIT_KINDS, type InitKind } from './init.js';
import { activate, ACTIVATIONS, batchNorm, dropout, linear, residual, type Activation, type BatchNormParams, type LinearParams } from './layers.js';

export interface MlpConfig {
  /** Hidden layer widths, e.g. [256, 512, 512]. */
  hidden: number[];
  activation?: Activation;
  /** Negative slope for leaky_relu (default 0.2). */
  leakySlope?: number;
  /** Dropout probability after each hidden activation (default 0). */
  dropout?: number;
  /** BatchNorm1d after each hidden linear layer. */
  batchNorm?: boolean;
  /** CTGAN residual blocks: concat(ReLU(BN(Linear(x))), x) instead of plain layers. */
  residual?: boolean;
  init?: InitKind;
  /** Initialiser for the output layer, when it differs (Keras models: He hidden, Glorot output). */
  outputInit?: InitKind;
  outputActivation?: Activation;
  /** Spectral normalisation of every linear layer's weight (SN-GAN discriminators). */
  spectralNorm?: boolean;
}

interface Layer {
  lin: LinearParams;
  bn: BatchNormParams | null;
}

export interface ForwardResult {
  out: Tensor;
  /** The last hidden layer's activations (feature matching reads them). */
  features: Tensor;
}

export interface Network {
  readonly name: string;
  readonly inDim: number;
  readonly outDim: number;
  readonly config: MlpConfig;
  /** Trainable parameters. */
  readonly params: readonly Tensor[];
  /** Non-trainable state (BatchNorm running statistics). */
  readonly buffers: readonly Tensor[];
  forward(ctx: ForwardContext, x: Tensor): ForwardResult;
  /** Writes initial parameter values into the store. */
  init(store: VariableStore, rng: Rng): void;
}

/** Bounds on network sizes checked with the config. */
export const MAX_LAYER_UNITS = 16384;
export const MAX_HIDDEN_WEIGHTS = 50_000_000;

export function validateMlpConfig(c: MlpConfig, path: string): void {
  if (typeof c !== 'object' || c === null || Array.isArray(c)) throw new ConfigError('CONFIG_BAD_TYPE', 'must be an object', path);
  if (!Array.isArray(c.hidden) || c.hidden.some((h) => !Number.isInteger(h) || h < 1)) {
    throw new ConfigError('CONFIG_BAD_VALUE', 'hidden must be a list of positive integers', `${path}.hidden`);
  }
  // Bounded so a typo (1e9 units) is a config error, not gigabytes of weights: a layer pair of
  // 16384 × 16384 is already a gigabyte.
  if (c.hidden.length > 64) throw new ConfigError('CONFIG_BAD_VALUE', `${c.hidden.length} hidden layers are too many (at most 64)`, `${path}.hidden`);
  const big = c.hidden.find((h) => h > MAX_LAYER_UNITS);
  if (big !== undefined) throw new ConfigError('CONFIG_BAD_VALUE', `a layer of ${big} units is too large (at most ${MAX_LAYER_UNITS})`, `${path}.hidden`);
  let weights = 0;
  for (let i = 1; i < c.hidden.length; i++) weights += c.hidden[i - 1]! * c.hidden[i]!;
  if (weights > MAX_HIDDEN_WEIGHTS) throw new ConfigError('CONFIG_BAD_VALUE', `hidden layers [${c.hidden.join(', ')}] need ${weights.toExponential(1)} weights (at most ${MAX_HIDDEN_WEIGHTS.toExponential(0)})`, `${path}.hidden`);
  for (const key of ['activation', 'outputActivation'] as const) {
    const a = c[key];
    if (a !== undefined && !ACTIVATIONS.includes(a)) throw new ConfigError('CONFIG_BAD_VALUE', `unknown activation "${a}"`, `${path}.${key}`, `use one of ${ACTIVATIONS.join(', ')}`);
  }
  for (const key of ['init', 'outputInit'] as const) {
    const i = c[key];
    if (i !== undefined && !INIT_KINDS.includes(i)) throw new ConfigError('CONFIG_BAD_VALUE', `unknown init "${i}"`, `${path}.${key}`, `use one of ${INIT_KINDS.join(', ')}`);
  }
  if (c.dropout !== undefined && !(c.dropout >= 0 && c.dropout < 1)) throw new ConfigError('CONFIG_BAD_VALUE', `dropout must be in [0, 1), got ${c.dropout}`, `${path}.dropout`);
}

export function buildMlp(graph: Graph, name: string, inDim: number, outDim: number, config: MlpConfig): Network {
  validateMlpConfig(config, name);
  const layers: Layer[] = [];
  let width = inDim;
  const params: Tensor[] = [];
  const buffers: Tensor[] = [];
  const makeLinear = (i: number, fin: number, fout: number): LinearParams => {
    const lin: LinearParams = { weight: graph.variable(`${name}.${i}.weight`, [fout, fin]), bias: graph.variable(`${name}.${i}.bias`, [fout]) };
    params.push(lin.weight, lin.bias!);
    if (config.spectralNorm) {
      lin.sn = graph.variable(`${name}.${i}.sn_u`, [1, fout]);
      buffers.push(lin.sn);
    }
    return lin;
  };
  config.hidden.forEach((h, i) => {
    const lin = makeLinear(i, width, h);
    let bn: BatchNormParams | null = null;
    if (config.batchNorm || config.residual) {
      bn = {
        gamma: graph.variable(`${name}.${i}.bn.weight`, [h]),
        beta: graph.variable(`${name}.${i}.bn.bias`, [h]),
        runningMean: graph.variable(`${name}.${i}.bn.running_mean`, [h]),
        runningVar: graph.variable(`${name}.${i}.bn.running_var`, [h]),
        momentum: 0.1,
        eps: 1e-5,
      };
      params.push(bn.gamma, bn.beta);
      buffers.push(bn.runningMean, bn.runningVar);
    }
    layers.push({ lin, bn });
    width = config.residual ? width + h : h;
  });
  const out = makeLinear(config.hidden.length, width, outDim);
  const act = config.activation ?? 'relu';

  return {
    name, inDim, outDim, config, params, buffers,
    forward(ctx, x) {
      let hcur = x;
      for (const { lin, bn } of layers) {
        if (config.residual) hcur = residual(ctx, hcur, lin, bn!);
        else {
          hcur = linear(ctx, hcur, lin);
          if (bn) hcur = batchNorm(ctx, hcur, bn);
          hcur = activate(hcur, act, config.leakySlope);
        }
        hcur = dropout(ctx, hcur, config.dropout ?? 0);
      }
      return { out: activate(linear(ctx, hcur, out), config.outputActivation ?? 'identity', config.leakySlope), features: hcur };
    },
    init(store, rng) {
      const all = [...layers.map((l) => l.lin), out];
      all.forEach((lin, i) => {
        const [fout, fin] = lin.weight.shape as [number, number];
        const kind = i === all.length - 1 && config.outputInit ? config.outputInit : config.init ?? 'torch_default';
        const { weight, bias } = initLinear(kind, fout, fin, rng);
        store.declare(lin.weight.name, lin.weight.shape, weight);
        store.declare(lin.bias!.name, lin.bias!.shape, bias);
      });
      // Power-iteration vectors start as normalised Gaussian draws (torch's spectral_norm), after
      // the weights so that turning spectral normalisation on leaves the weights' draws alone.
      for (const lin of all) {
        if (!lin.sn) continue;
        const u = rng.fillNormal(new Float32Array(lin.sn.shape[1]!));
        const norm = Math.hypot(...u) || 1;
        store.declare(lin.sn.name, lin.sn.shape, u.map((v) => v / norm));
      }
      for (const { bn } of layers) {
        if (!bn) continue;
        const n = bn.gamma.shape[0]!;
        store.declare(bn.gamma.name, [n], new Float32Array(n).fill(1));
        store.declare(bn.beta.name, [n], new Float32Array(n));
        store.declare(bn.runningMean.name, [n], new Float32Array(n));
        store.declare(bn.runningVar.name, [n], new Float32Array(n).fill(1));
      }
    },
  };
}
