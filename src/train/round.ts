/**
 * Builds the graph of one training round: each phase is a forward pass, a loss, its gradients
 * and an optimiser update, chained so that later phases see the parameters earlier ones wrote.
 * The trainer compiles it into one program (optionally K rounds per run in an ONNX Loop).
 */
import {
  Adam, Sgd, cast, concat, cos, log, reshape, sin, sqrt, stopGradient, gradients, greater, less, mul, add, neg, reduceMean, slice, sub, reduceSum, logSoftmax,
  type Graph, type Optimizer, type Tensor,
} from '../engine/index.js';
import { ForwardContext, applyHeads, criticMean, discriminatorInput, featureMatchingLoss, gradientPenalty, type Network, type RandomFeedKind } from '../nn/index.js';
import type { GanConfig, OptimizerConfig } from './config.js';
import type { RoundQuantity } from './epoch-log.js';
import { GAN_LOSSES } from './losses.js';
import type { Phase } from './phases.js';

/** Where the trainer gets each fed input of a round. */
export type FeedSource =
  /** condFake/condReal: the feeds holding this phase's condition vectors (conditional GANs). */
  | { kind: 'real'; phase: number; rows: number; condFake?: string; condReal?: string }
  | { kind: 'noise'; rows: number }
  /** U(0, 1) strictly inside, that the round turns into N(0, 1) latent noise in the graph (Box–Muller). */
  | { kind: 'noise_uniform'; rows: number }
  | { kind: 'label'; range: [number, number] }
  | { kind: 'random'; spec: RandomFeedKind }
  | { kind: 'cond'; phase: number; rows: number; role: 'fake' | 'real' }
  /** The generator's prior rows for a fake batch, drawn given that batch's condition feed (if any). */
  | { kind: 'prior'; rows: number; cond?: string }
  | { kind: 'optimizer'; net: 'D' | 'G'; tag: string };

export interface FeedPlan {
  name: string;
  shape: readonly number[];
  source: FeedSource;
}

export interface GanNets {
  G: Network;
  D: Network;
  optD: Optimizer;
  optG: Optimizer;
}

export function makeOptimizer(graph: Graph, name: string, o: OptimizerConfig): Optimizer {
  return o.kind === 'adam'
    ? new Adam(graph, name, { beta1: o.beta1 ?? 0.9, beta2: o.beta2 ?? 0.999, eps: o.eps ?? 1e-8, weightDecay: o.weightDecay ?? 0 })
    : new Sgd(graph, name, { momentum: o.momentum ?? 0, weightDecay: o.weightDecay ?? 0 });
}

/** Conditional-loss layout: which generator output spans are one-hots the condition vector selects (the data layer's type). */
export type { CondSpan } from '../data/spans.js';
import type { CondSpan } from '../data/spans.js';

export interface RoundGraph {
  feeds: FeedPlan[];
  outputs: Record<string, Tensor>;
  /** Output name → the logged quantity it holds (one output per phase that computes it). */
  logged: Map<string, RoundQuantity>;
  updates: Map<Tensor, Tensor>;
  /** Optimiser update tags per network, in phase order (the trainer feeds each its step count). */
  optimizerTags: { net: 'D' | 'G'; tag: string }[];
}

const emaCache = new WeakMap<Network, Map<Tensor, Tensor>>();

/** The generator's weight averages (one variable per parameter, named ema.<param>), created once. */
export function emaVariables(graph: Graph, G: Network): Map<Tensor, Tensor> {
  let m = emaCache.get(G);
  if (!m) {
    m = new Map(G.params.map((p) => [p, graph.variable(`ema.${p.name}`, p.shape, p.dtype)] as const));
    emaCache.set(G, m);
  }
  return m;
}

/** Makes a sampling forward pass read the weight averages instead of the weights (when kept). */
export function useAverages(ctx: ForwardContext, graph: Graph, cfg: GanConfig, G: Network): void {
  if (cfg.emaDecay === undefined) return;
  for (const [p, avg] of emaVariables(graph, G)) ctx.set(p, avg);
}

/** Per output column, what a prior row is multiplied by before it is added to the generator's output (see GanConfig.prior). */
export function priorScale(cfg: GanConfig): Float32Array {
  const scale: number[] = [];
  for (const h of cfg.heads ?? []) for (let k = 0; k < h.width; k++) scale.push(h.activation === 'softmax' || h.activation === 'gumbel_softmax' ? cfg.prior!.logitScale : 1);
  return Float32Array.from(scale);
}

/** The generator's forward pass: noise (+ condition) (+ prior row) → model-space rows, with heads applied. */
export function generate(ctx: ForwardContext, cfg: GanConfig, G: Network, z: Tensor, cond: Tensor | null, prior: Tensor | null = null): { rows: Tensor; logits: Tensor } {
  const parts = [z, ...(cond ? [cond] : []), ...(prior ? [prior] : [])];
  const input = parts.length === 1 ? z : concat(parts, 1);
  let raw = G.forward(ctx, input).out;
  // One-hot spans: the correction is in the prior's units too, so a change of order 1 can move a category.
  if (prior) raw = mul(add(raw, prior), ctx.graph.constant(priorScale(cfg), [1, G.outDim]));
  return { rows: cfg.heads ? applyHeads(ctx, raw, cfg.heads) : raw, logits: raw };
}

/** `prefix` keeps the input names of rounds built for different batch sizes apart. */
export function buildRound(graph: Graph, cfg: GanConfig, nets: GanNets, phases: readonly Phase[], dataDim: number, batch: number, condSpans: readonly CondSpan[] = [], prefix = ''): RoundGraph {
  const ctx = new ForwardContext(graph, true, prefix);
  const feeds: FeedPlan[] = [];
  const outputs: Record<string, Tensor> = {};
  const logged = new Map<string, RoundQuantity>();
  const record = (p: number, quantity: RoundQuantity, t: Tensor): void => {
    outputs[`p${p}.${quantity}`] = t;
    logged.set(`p${p}.${quantity}`, quantity);
  };
  const lossRule = GAN_LOSSES[cfg.loss];
  const optimizerTags: RoundGraph['optimizerTags'] = [];
  const condWidth = cfg.condWidth ?? 0;
  const gBatch = cfg.generatorBatchSize ?? batch;
  let lastFake: { rows: Tensor; cond: Tensor | null; logits: Tensor } | null = null;

  const input = (local: string, shape: number[], source: FeedSource): Tensor => {
    const name = `${prefix}${local}`;
    feeds.push({ name, shape, source });
    return graph.input(name, shape);
  };
  const fakeBatch = (p: number, rows: number): { rows: Tensor; cond: Tensor | null; logits: Tensor } => {
    // Normal latent noise from fed uniforms: vectorised logs and sines in the graph instead of the
    // polar method in JS (a third of a table round's JS time at batch 250, latent 128).
    const half = Math.ceil(cfg.latentDim / 2);
    const z = cfg.noise === 'normal'
      ? boxMuller(input(`p${p}.z_uniform`, [rows, 2 * half], { kind: 'noise_uniform', rows }), cfg.latentDim)
      : input(`p${p}.z`, [rows, cfg.latentDim], { kind: 'noise', rows });
    const cond = condWidth ? input(`p${p}.cond`, [rows, condWidth], { kind: 'cond', phase: p, rows, role: 'fake' }) : null;
    // Declared after the condition: the trainer fills feeds in order, and the prior is drawn given the condition.
    const prior = cfg.prior ? input(`p${p}.prior`, [rows, dataDim], { kind: 'prior', rows, ...(cond ? { cond: `${prefix}p${p}.cond` } : {}) }) : null;
    return { ...generate(ctx, cfg, nets.G, z, cond, prior), cond };
  };
  const critic = (x: Tensor, cond: Tensor | null): { logits: Tensor; features: Tensor } => {
    const withCond = cond ? concat([x, cond], 1) : x;
    const r = nets.D.forward(ctx, discriminatorInput(cfg.features, withCond, cfg.pac));
    return { logits: r.out, features: r.features };
  };
  const labels = (p: number, which: 'real' | 'fake' | 'generator', rows: number): Tensor | number => {
    const [lo, hi] = cfg.labels[which];
    return lo === hi ? lo : input(`p${p}.${which}_label`, [rows / cfg.pac, 1], { kind: 'label', range: [lo, hi] });
  };
  const update = (net: 'D' | 'G', p: number, loss: Tensor): void => {
    const n = net === 'D' ? nets.D : nets.G;
    const opt = net === 'D' ? nets.optD : nets.optG;
    const current = n.params.map((v) => ctx.value(v));
    const grads = gradients(loss, current);
    const tag = `.${prefix}p${p}`;
    // Each update is its own optimisation step: later phases see the new values as constants.
    for (const [v, next] of opt.build(n.params, grads, { tag, current: (v) => ctx.value(v) })) ctx.set(v, stopGradient(next));
    for (const name of opt.feedNames(tag)) feeds.push({ name, shape: [], source: { kind: 'optimizer', net, tag } });
    optimizerTags.push({ net, tag });
  };
  const accuracy = (logits: Tensor, real: boolean): Tensor => reduceMean(cast(real ? greater(logits, 0) : less(logits, 0), logits.dtype));

  phases.forEach((ph, p) => {
    if (ph.update === 'D') {
      const condNames = condWidth ? { condFake: `${prefix}p${p}.cond`, condReal: `${prefix}p${p}.cond_real` } : {};
      const real = ph.real ? input(`p${p}.real`, [batch, dataDim], { kind: 'real', phase: p, rows: batch, ...condNames }) : null;
      const realCond = ph.real && condWidth ? input(`p${p}.cond_real`, [batch, condWidth], { kind: 'cond', phase: p, rows: batch, role: 'real' }) : null;
      const generated = ph.fake ? fakeBatch(p, batch) : null;
      if (generated) lastFake = generated;
      // The discriminator's update treats generated rows as data (torch: fake.detach()).
      const fake = generated ? { ...generated, rows: stopGradient(generated.rows) } : null;
      // One critic pass over real and fake rows together (bigger matrix products) unless
      // batch statistics (BatchNorm) would mix them.
      let realLogits: Tensor | null = null, fakeLogits: Tensor | null = null;
      const joint = real && fake && !nets.D.config.batchNorm && !nets.D.config.residual;
      if (joint) {
        const both = critic(concat([real!, fake!.rows], 0), realCond && fake!.cond ? concat([realCond, fake!.cond], 0) : null).logits;
        const half = both.shape[0]! / 2;
        realLogits = slice(both, [0], [half], [0]);
        fakeLogits = slice(both, [half], [2 * half], [0]);
      } else {
        if (real) realLogits = critic(real, realCond).logits;
        if (fake) fakeLogits = critic(fake.rows, fake.cond).logits;
      }
      const { real: lossReal, fake: lossFake } = lossRule.discriminator(realLogits, fakeLogits, { real: () => labels(p, 'real', batch), fake: () => labels(p, 'fake', batch) });
      let penalty: Tensor | null = null;
      if (lossRule.gradientPenalty && real && fake) {
        const eps = ctx.random([batch / cfg.pac, 1], { kind: 'uniform', low: 0, high: 1 }, 'gp_eps');
        const epsRows = repeatPerPack(eps, cfg.pac);
        const critOnly = (x: Tensor): Tensor => critic(x, null).logits;
        const cat = (x: Tensor, c: Tensor | null): Tensor => (c ? concat([x, c], 1) : x);
        penalty = mul(gradientPenalty(critOnly, cat(real, realCond), cat(fake.rows, fake.cond), epsRows), cfg.gpLambda);
      }
      const terms = [lossReal, lossFake, penalty].filter((t): t is Tensor => t !== null);
      const total = terms.reduce((a, b) => add(a, b));
      update('D', p, total);
      if (lossReal) record(p, 'dLossReal', lossReal);
      if (lossFake) record(p, 'dLossFake', lossFake);
      if (penalty) record(p, 'gradientPenalty', penalty);
      if (realLogits) record(p, 'dAccReal', accuracy(realLogits, true));
      if (fakeLogits) record(p, 'dAccFake', accuracy(fakeLogits, false));
      if (realLogits && fakeLogits && lossRule.wasserstein) record(p, 'wasserstein', sub(criticMean(realLogits), criticMean(fakeLogits)));
    } else {
      const fake = ph.reuseFake && lastFake ? lastFake : fakeBatch(p, gBatch);
      const out = critic(fake.rows, fake.cond);
      let loss: Tensor;
      if (cfg.generatorLoss === 'feature_matching') {
        const condNames = condWidth ? { condFake: `${prefix}p${p}.cond`, condReal: `${prefix}p${p}.cond_real` } : {};
        const real = input(`p${p}.real`, [gBatch, dataDim], { kind: 'real', phase: p, rows: gBatch, ...condNames });
        const realCond = condWidth ? input(`p${p}.cond_real`, [gBatch, condWidth], { kind: 'cond', phase: p, rows: gBatch, role: 'real' }) : null;
        loss = featureMatchingLoss(critic(real, realCond).features, out.features);
      } else {
        loss = lossRule.generator(out.logits, cfg.generatorLoss, () => labels(p, 'generator', gBatch));
      }
      if (condSpans.length && fake.cond) {
        const cl = conditionalLoss(fake.logits, fake.cond, condSpans);
        record(p, 'condLoss', cl);
        loss = add(loss, cl);
      }
      update('G', p, loss);
      record(p, 'gLoss', loss);
    }
  });

  if (cfg.emaDecay !== undefined) {
    // After the round's updates: average ← decay·average + (1 − decay)·weights.
    for (const [p, avg] of emaVariables(graph, nets.G)) ctx.set(avg, stopGradient(add(mul(avg, cfg.emaDecay), mul(ctx.value(p), 1 - cfg.emaDecay))));
  }
  for (const f of ctx.randomFeeds) feeds.push({ name: f.name, shape: f.shape, source: { kind: 'random', spec: f.spec } });
  return { feeds, outputs, logged, updates: ctx.updates(), optimizerTags };
}

/**
 * Standard normals from uniforms (Box & Muller 1958): u [rows, 2h] → [rows, width ≤ 2h], with
 * r = √(−2 log u₁), θ = 2π u₂ and z = (r cos θ, r sin θ).
 */
export function boxMuller(u: Tensor, width: number): Tensor {
  const h = u.shape[1]! / 2;
  const r = sqrt(mul(log(slice(u, [0], [h], [1])), -2));
  const theta = mul(slice(u, [h], [2 * h], [1]), 2 * Math.PI);
  const z = concat([mul(r, cos(theta)), mul(r, sin(theta))], 1);
  return width === 2 * h ? z : slice(z, [0], [width], [1]);
}

/** ε per packed row, repeated for each of its pac member rows: [B/pac, 1] → [B, 1]. */
function repeatPerPack(eps: Tensor, pac: number): Tensor {
  return pac === 1 ? eps : reshape(concat(Array.from({ length: pac }, () => eps), 1), [eps.shape[0]! * pac, 1]);
}

/**
 * CTGAN's conditional loss: cross-entropy between the generator's logits on each conditioned
 * one-hot span and the condition vector's one-hot for it, summed over spans (only the chosen
 * column's span is non-zero in the condition), averaged over the batch.
 */
export function conditionalLoss(logits: Tensor, cond: Tensor, spans: readonly CondSpan[]): Tensor {
  const rows = logits.shape[0]!;
  const terms = spans.map((s) => {
    const lp = logSoftmax(slice(logits, [s.start], [s.start + s.width], [1]), 1);
    const target = slice(cond, [s.condStart], [s.condStart + s.width], [1]);
    return neg(reduceSum(mul(lp, target)));
  });
  return mul(terms.reduce((a, b) => add(a, b)), 1 / rows);
}
