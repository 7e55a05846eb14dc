/**
 * sampler.onnx: a table model as one self-contained ONNX graph (opset 17, standard ops only) —
 * uniform noise in, final columns out. The graph does what row-sampling.ts does in TypeScript, step
 * by step and in the same order of operations: the condition drawn from the training frequencies,
 * the Gaussian-copula prior (Φ⁻¹ by Wichura's AS 241 in float64, correlation through the factor L,
 * the exact conditioning on the row's category), the generator, a draw of every one-hot span, and
 * the inverse transforms (quantile maps as a binary search with Gather, mode-specific, min-max,
 * standard, the decorrelating rotation, missing indicators, clipping, rounding to the observed
 * decimals or datetime step). One output per column: float64 numbers (NaN = missing; datetimes as
 * ms since 1970), int64 codes for categories (labels in the manifest's data.sampler). Not in the
 * graph: exact-copy exclusion, --where/--filter and identifier columns (see SamplerDescription).
 */
import { encodeModel, lowerGraph, type Tensor } from '../engine/index.js';
import type { OnnxGraph, OnnxInitializer, OnnxNode } from '../engine/onnx/model.js';
import { ForwardContext } from '../nn/index.js';
import { boxMuller, emaVariables, generate } from '../train/round.js';
import { spanLayout } from '../data/transformer.js';
import { spansOf, type CondSpan, type SpanLayout } from '../data/spans.js';
import { normalQuantile, quantileScores } from '../data/quantile.js';
import { CALIBRATION_LEVELS } from './calibration.js';
import { intervalOfSlot, type CopulaPrior } from './copula.js';
import type { ContinuousMethod, NumericColumnState } from '../data/transformer.js';
import { conditionCounts, noiseRoles, SAMPLE_STREAM_VERSION, type NoiseRole, type RowModel } from './row-sampling.js';

/** What sampler.onnx takes and gives, stored in the manifest (data.sampler). */
export interface SamplerDescription {
  file: 'sampler.onnx';
  /** The row stream version whose uniforms `ganforge sample` feeds it (row-sampling.ts). */
  streamVersion: number;
  /** One float32 tensor [N, width] per role, every value U(0, 1) strictly inside (e.g. (k + ½)/2²³). */
  inputs: { name: string; width: number; use: string }[];
  outputs: SamplerOutput[];
  /** Columns of the table the graph does not produce (identifier columns: fresh unique values, made outside). */
  notProduced: string[];
  clip: boolean;
}

export interface SamplerOutput {
  /** The column's name (also the output's name). */
  name: string;
  kind: 'number' | 'datetime' | 'category';
  dtype: 'float64' | 'int64';
  /** Categories: the label of each code (null: missing). The column's original type: `type`. */
  labels?: (string | null)[];
  /** The source column kind ('string', 'boolean', 'number', 'datetime'): labels of a 'number' or 'boolean' column are their text. */
  source: string;
  /**
   * Categories whose rare labels share one slot: the code `code` stands for one of `labels`, drawn
   * per row by `counts` (ganforge draws it from one more uniform of the row, outside the graph).
   */
  pooled?: { code: number; labels: string[]; counts: number[] };
}

const F32 = 1, F64 = 11, I64 = 7;

/** A small ONNX node writer over plain names. */
export class Nodes {
  readonly nodes: OnnxNode[] = [];
  readonly inits: OnnxInitializer[] = [];
  private k = 0;
  private readonly consts = new Map<string, string>();

  op(opType: string, inputs: string[], attrs: Record<string, number | number[] | string> = {}): string {
    const o = `ganforge/s${this.k++}`;
    this.nodes.push({ opType, inputs, outputs: [o], attrs });
    return o;
  }

  f64(values: ArrayLike<number>, shape: number[] = [values.length]): string {
    const key = `d${shape.join('x')}:${Array.from(values).join(',')}`;
    let n = this.consts.get(key);
    if (!n) {
      n = `ganforge/c${this.consts.size}`;
      this.consts.set(key, n);
      this.inits.push({ name: n, dtype: 'float64', shape, data: Float64Array.from(values) });
    }
    return n;
  }

  i64(values: number[], shape: number[] = [values.length]): string {
    const key = `i${shape.join('x')}:${values.join(',')}`;
    let n = this.consts.get(key);
    if (!n) {
      n = `ganforge/c${this.consts.size}`;
      this.consts.set(key, n);
      this.inits.push({ name: n, dtype: 'int64', shape, data: BigInt64Array.from(values.map(BigInt)) });
    }
    return n;
  }

  scalar(v: number): string {
    return this.f64([v], []);
  }

  /** Columns [from, to) of a 2-D tensor. */
  cols(x: string, from: number, to: number): string {
    return this.op('Slice', [x, this.i64([from]), this.i64([to]), this.i64([1])]);
  }

  add(a: string, b: string): string { return this.op('Add', [a, b]); }
  sub(a: string, b: string): string { return this.op('Sub', [a, b]); }
  mul(a: string, b: string): string { return this.op('Mul', [a, b]); }
  div(a: string, b: string): string { return this.op('Div', [a, b]); }
  cast(x: string, to: number): string { return this.op('Cast', [x], { to }); }
  where(c: string, a: string, b: string): string { return this.op('Where', [c, a, b]); }
  /** Count along axis 1 of a bool tensor, as float64 [N, 1]. */
  count(b: string): string {
    return this.op('ReduceSum', [this.cast(b, F64), this.i64([1])], { keepdims: 1 });
  }
  /** Math.round (half up): ⌊x⌋, plus 1 where x − ⌊x⌋ ≥ ½ (exact, unlike ⌊x + ½⌋ for large x). */
  round(x: string): string {
    const f = this.op('Floor', [x]);
    return this.where(this.op('GreaterOrEqual', [this.sub(x, f), this.scalar(0.5)]), this.add(f, this.scalar(1)), f);
  }
  /** One-hot of slot [N, 1] (float64 or int64) over `width` slots, as float64 [N, width]. */
  oneHot(slot: string, width: number, slotIsInt = false): string {
    const range = slotIsInt ? this.i64(Array.from({ length: width }, (_, k) => k), [1, width]) : this.f64(Array.from({ length: width }, (_, k) => k), [1, width]);
    return this.cast(this.op('Equal', [slot, range]), F64);
  }
  /** Horner's rule, highest coefficient first: ((c₀·r + c₁)·r + …) + c_last, as the TypeScript writes it. */
  poly(r: string, coeffs: number[]): string {
    let acc = this.mul(this.scalar(coeffs[0]!), r);
    for (let i = 1; i < coeffs.length; i++) {
      acc = this.add(acc, this.scalar(coeffs[i]!));
      if (i < coeffs.length - 1) acc = this.mul(acc, r);
    }
    return acc;
  }

  /** Φ⁻¹(p) for p in (0, 1): Wichura's AS 241 (PPND16), as data/quantile.ts's normalQuantile. */
  normalQuantile(p: string): string {
    const q = this.sub(p, this.scalar(0.5));
    const r = this.sub(this.scalar(0.180625), this.mul(q, q));
    const central = this.div(
      this.mul(q, this.poly(r, [2509.0809287301226727, 33430.575583588128105, 67265.770927008700853, 45921.953931549871457, 13731.693765509461125, 1971.5909503065514427, 133.14166789178437745, 3.387132872796366608])),
      this.poly(r, [5226.495278852854561, 28729.085735721942674, 39307.89580009271061, 21213.794301586595867, 5394.1960214247511077, 687.1870074920579083, 42.313330701600911252, 1]),
    );
    const negative = this.op('Less', [q, this.scalar(0)]);
    const tailP = this.where(negative, p, this.sub(this.scalar(1), p));
    const rr = this.op('Sqrt', [this.op('Neg', [this.op('Log', [tailP])])]);
    const r1 = this.sub(rr, this.scalar(1.6));
    const near = this.div(
      this.poly(r1, [7.7454501427834140764e-4, 0.0227238449892691845833, 0.24178072517745061177, 1.27045825245236838258, 3.64784832476320460504, 5.7694972214606914055, 4.6303378461565452959, 1.42343711074968357734]),
      this.poly(r1, [1.05075007164441684324e-9, 5.475938084995344946e-4, 0.0151986665636164571966, 0.14810397642748007459, 0.68976733498510000455, 1.6763848301838038494, 2.05319162663775882187, 1]),
    );
    const r2 = this.sub(rr, this.scalar(5));
    const far = this.div(
      this.poly(r2, [2.01033439929228813265e-7, 2.71155556874348757815e-5, 0.0012426609473880784386, 0.026532189526576123093, 0.29656057182850489123, 1.7848265399172913358, 5.4637849111641143699, 6.6579046435011037772]),
      this.poly(r2, [2.04426310338993978564e-15, 1.4215117583164458887e-7, 1.8463183175100546818e-5, 7.868691311456132591e-4, 0.0148753612908506148525, 0.13692988092273580531, 0.59983220655588793769, 1]),
    );
    const v = this.where(this.op('LessOrEqual', [rr, this.scalar(5)]), near, far);
    const tail = this.where(negative, this.op('Neg', [v]), v);
    return this.where(this.op('LessOrEqual', [this.op('Abs', [q]), this.scalar(0.425)]), central, tail);
  }

  /** Largest k with a[k] ≤ v (a ascending, a[0] ≤ v assumed), by binary lifting with Gather: int64 [N, 1]. */
  floorIndex(a: readonly number[] | Float64Array, v: string): string {
    const table = this.f64(a);
    const m = a.length;
    let lo = this.op('Mul', [this.cast(v, I64), this.i64([0], [])]);
    for (let step = 2 ** Math.floor(Math.log2(Math.max(1, m - 1))); step >= 1; step /= 2) {
      const cand = this.op('Min', [this.add(lo, this.i64([step], [])), this.i64([m - 1], [])]);
      lo = this.where(this.op('LessOrEqual', [this.op('Gather', [table, cand], { axis: 0 }), v]), cand, lo);
    }
    return lo;
  }
}

/** The quantile map's inverse at v (float64 [N, 1]): decodeQuantile of data/quantile.ts. */
function decodeQuantileOnnx(g: Nodes, q: NonNullable<NumericColumnState['quantile']>, v: string): string {
  const z = quantileScores(q);
  const knots = q.knots;
  const m = knots.length;
  if (m === 1) return g.add(g.mul(v, g.scalar(0)), g.scalar(knots[0]!));
  const k = g.op('Min', [g.floorIndex(z, v), g.i64([m - 2], [])]);
  const k1 = g.add(k, g.i64([1], []));
  const zt = g.f64(z), kt = g.f64(knots);
  const gather = (t: string, i: string): string => g.op('Gather', [t, i], { axis: 0 });
  const zk = gather(zt, k), zk1 = gather(zt, k1), xk = gather(kt, k), xk1 = gather(kt, k1);
  const t = g.div(g.sub(v, zk), g.sub(zk1, zk));
  const inner = g.add(xk, g.mul(t, g.sub(xk1, xk)));
  const low = g.op('LessOrEqual', [v, g.scalar(z[0]!)]);
  const high = g.op('GreaterOrEqual', [v, g.scalar(z[m - 1]!)]);
  return g.where(low, g.scalar(knots[0]!), g.where(high, g.scalar(knots[m - 1]!), inner));
}

/** sampler.onnx graphs built in this process (their tensors' names in the trainer's graph). */
let builds = 0;

/** The sampler graph of a table model, and its description. */
/**
 * In-graph twins of the numeric normalisers' decoders (data/codecs.ts NORMALISERS), by method:
 * the value span's v (and the mode one-hot's pick) → the column's value before clipping and rounding.
 */
const DECODERS: Record<ContinuousMethod, (h: Nodes, col: NumericColumnState, v: string, modePick: string | null) => string> = {
  mode: (h, col, v, k) => {
    const a = h.op('Clip', [v, h.scalar(-1), h.scalar(1)]);
    return h.add(h.mul(a, h.op('Gather', [h.f64(col.mode!.scales), k!], { axis: 0 })), h.op('Gather', [h.f64(col.mode!.means), k!], { axis: 0 }));
  },
  minmax: (h, col, v) => h.add(h.mul(h.div(h.add(v, h.scalar(1)), h.scalar(2)), h.scalar(col.minmax!.max - col.minmax!.min)), h.scalar(col.minmax!.min)),
  gaussian: (h, col, v) => decodeQuantileOnnx(h, col.quantile!, v),
  standard: (h, col, v) => h.add(h.mul(v, h.scalar(col.standard!.std)), h.scalar(col.standard!.mean)),
};

export function samplerOnnx(m: RowModel, o: { clip?: boolean; version?: string } = {}): { bytes: Uint8Array; description: SamplerDescription } {
  const clip = o.clip ?? true;
  const { trainer, transformer, sampler, prior } = m;
  const layout: SpanLayout = spanLayout(transformer);
  const w = layout.width;
  const roles: NoiseRole[] = noiseRoles(m);
  const g = new Nodes();
  const input = (name: string): string => name;
  const f64In = (name: string): string => g.cast(input(name), F64);
  // A [N, 1] zero to give constants a batch dimension.
  const zeroCol = g.mul(g.cols(f64In('z_uniform'), 0, 1), g.scalar(0));

  // The condition: column ⌊u₁·columns⌋, its category the first k with u₂·total < cumulative count k.
  let condD: string | null = null;
  if (sampler) {
    const cu = f64In('cond_uniform');
    const u0 = g.cols(cu, 0, 1), u1 = g.cols(cu, 1, 2);
    const nb = sampler.blocks.length;
    const block = g.op('Min', [g.op('Floor', [g.mul(u0, g.scalar(nb))]), g.scalar(nb - 1)]);
    const counts = conditionCounts(sampler, m.schema, transformer);
    const parts = sampler.blocks.map((b, j) => {
      const cum = [0];
      for (const c of counts[j]!) cum.push(cum[cum.length - 1]! + c);
      const x = g.mul(u1, g.scalar(cum[cum.length - 1]!));
      const inner = cum.slice(1, -1);
      const slot = inner.length ? g.count(g.op('LessOrEqual', [g.f64(inner, [1, inner.length]), x])) : zeroCol;
      const chosen = g.cast(g.op('Equal', [block, g.scalar(j)]), F64);
      return g.mul(g.oneHot(slot, b.width), chosen);
    });
    condD = parts.length === 1 ? parts[0]! : g.op('Concat', parts, { axis: 1 });
  }

  // The copula prior: ε = Φ⁻¹(u), z = ε·Lᵀ, each conditioned block's truncated score, then model-space rows.
  let priorD: string | null = null;
  if (prior?.conditioning.fit.strata) priorD = stratifiedPrior(g, prior, f64In('prior_uniform'), condD, layout, zeroCol);
  else if (prior) {
    const { fit, corr, blockDims } = prior.conditioning;
    const d = fit.dimensions.length;
    const pu = f64In('prior_uniform');
    const e = g.normalQuantile(g.cols(pu, 0, d));
    // z = ε·Lᵀ as a chain of elementwise products and sums in the TypeScript's order (a MatMul may
    // sum in another order or with fused multiply-adds, and one ulp can move an integer's rounding).
    let z = '';
    for (let k = 0; k < d; k++) {
      const term = g.mul(g.cols(e, k, k + 1), g.f64(Array.from({ length: d }, (_, j) => fit.factor[j * d + k]!), [1, d]));
      z = k === 0 ? term : g.add(z, term);
    }
    const cond = conditionFlags(g, blockDims, condD);
    blockDims.forEach(({ dim }, b) => {
      const c = cond[b];
      if (!c?.slot) return;
      // Each slot's interval [lo, hi) of the normal line (in the dimension's order of categories).
      const cumulative = fit.dimensions[dim]!.cumulative!;
      const at = intervalOfSlot(fit.dimensions[dim]!);
      const lo = g.op('Gather', [g.f64(Array.from(at, (k) => cumulative[k]!)), c.slot], { axis: 0 });
      const hi = g.op('Gather', [g.f64(Array.from(at, (k) => cumulative[k + 1]!)), c.slot], { axis: 0 });
      z = truncatedShift(g, z, lo, hi, g.cols(pu, d + b, d + b + 1), dim, c.any, g.f64(Array.from({ length: d }, (_, j) => corr[j * d + dim]!), [1, d]));
    });
    const pieces = layout.spans.map((s, j) => {
      const dim = fit.dimensions[j]!;
      const zj = g.cols(z, j, j + 1);
      if (!dim.thresholds) return valuePiece(g, zj, s.width, zeroCol);
      const th = dim.thresholds;
      const interval = th.length ? g.count(g.op('GreaterOrEqual', [zj, g.f64(th, [1, th.length])])) : zeroCol;
      // The interval's slot (a Gather of the order when the dimension orders its categories).
      const slot = dim.order ? g.op('Gather', [g.f64(dim.order), g.cast(interval, I64)], { axis: 0 }) : interval;
      return conditionedHot(g, g.oneHot(slot, s.width), s.start, blockDims, cond, condD);
    });
    priorD = pieces.length === 1 ? pieces[0]! : g.op('Concat', pieces, { axis: 1 });
  }

  // The generator, lowered from the same graph builder the trainer samples with.
  // (Each build adds its own tensors to the trainer's graph: a checkpoint builds one per save.)
  const graph = trainer.graph;
  const tag = `onnxsampler${++builds}.`;
  const ctx = new ForwardContext(graph, false, tag);
  const zU = graph.input(`${tag}z_uniform`, [1, trainer.noiseWidth]);
  const cw = trainer.config.condWidth ?? 0;
  const condT = cw ? graph.input(`${tag}cond`, [1, cw]) : null;
  const priorT = trainer.config.prior ? graph.input(`${tag}prior`, [1, w]) : null;
  const latent = trainer.config.noise === 'normal' ? boxMuller(zU, trainer.config.latentDim) : zU;
  const { rows } = generate(ctx, trainer.config, trainer.nets.G, latent, condT, priorT);
  // With weight averaging the graph carries the averages (as generator.onnx does).
  const averages = trainer.config.emaDecay !== undefined ? emaVariables(graph, trainer.nets.G) : null;
  const embed = new Map<Tensor, Float32Array>();
  for (const v of [...trainer.nets.G.params, ...trainer.nets.G.buffers]) embed.set(v, trainer.store.get(averages?.get(v)?.name ?? v.name) as Float32Array);
  const condF = condD ? g.cast(condD, F32) : null;
  const priorF = priorD ? g.cast(priorD, F32) : null;
  const bound = new Map<Tensor, string>([...(condT ? [[condT, condF!] as const] : []), ...(priorT ? [[priorT, priorF!] as const] : [])]);
  const gen = lowerGraph(graph, { inputs: [{ tensor: zU, name: 'z_uniform' }], bound, outputs: [{ tensor: rows, name: 'ganforge/rows' }], embed }, 'generator');
  const before = g.nodes.length;
  const h = g;

  // Draw each one-hot span: the first slot whose cumulative probability exceeds the row's uniform
  // (after the calibration's slot weights, if any; values rounded to float32 where the TypeScript stores them).
  const rowsD = h.cast('ganforge/rows', F64);
  const f32 = (x: string): string => h.cast(h.cast(x, F32), F64);
  const cal = m.calibration;
  const probs = (start: number, width: number): string => {
    const p = h.cols(rowsD, start, start + width);
    const weights = cal?.slots.find((c) => c.start === start)?.weights;
    if (!weights) return p;
    const pw = f32(h.mul(p, h.f64(weights, [1, width])));
    const z = h.op('ReduceSum', [pw, h.i64([1])], { keepdims: 1 });
    return h.where(h.op('Greater', [z, h.scalar(0)]), f32(h.div(pw, z)), pw);
  };
  const ohU = layout.spans.some((s) => s.activation === 'softmax') ? h.cast('onehot_uniform', F64) : null;
  const picks = new Map<number, string>();
  let j = 0;
  for (const s of layout.spans) {
    if (s.activation !== 'softmax') continue;
    const c = h.op('CumSum', [probs(s.start, s.width), h.i64([1], [])]);
    const n = h.count(h.op('LessOrEqual', [c, h.cols(ohU!, j, j + 1)]));
    picks.set(s.start, h.cast(h.op('Min', [n, h.scalar(s.width - 1)]), I64));
    j++;
  }
  const zeroN = h.mul(h.cols(rowsD, 0, 1), h.scalar(0));

  // The decorrelated block's scores: mean + (components · scale) · basis.
  const dc = transformer.decorrelation;
  let scores: string | null = null;
  if (dc) {
    const comps = layout.components!;
    const K = dc.basis.length, d = dc.columns.length;
    const basis = new Float64Array(K * d);
    dc.basis.forEach((u, k) => u.forEach((x, jj) => (basis[k * d + jj] = x)));
    // mean + Σₖ (cₖ·scaleₖ)·basisₖ, summed in decodeDecorrelated's order (see the prior's product above).
    scores = h.f64(dc.mean, [1, d]);
    for (let k = 0; k < K; k++) {
      const c = h.mul(h.cols(rowsD, comps.start + k, comps.start + k + 1), h.scalar(dc.scale[k]!));
      scores = h.add(scores, h.mul(c, h.f64(basis.subarray(k * d, (k + 1) * d), [1, d])));
    }
  }

  const outputs: { name: string; value: string; dtype: 'float64' | 'int64' }[] = [];
  const description: SamplerOutput[] = [];
  const notProduced: string[] = [];
  for (const col of transformer.columns) {
    if (col.encoder === 'constant') {
      if (col.identifier) {
        notProduced.push(col.name);
        continue;
      }
      if (col.sourceKind === 'number' || col.sourceKind === 'datetime') {
        outputs.push({ name: col.name, value: h.add(zeroN, h.scalar(col.value === null ? NaN : Number(col.value))), dtype: 'float64' });
        description.push({ name: col.name, kind: col.sourceKind, dtype: 'float64', source: col.sourceKind });
      } else {
        outputs.push({ name: col.name, value: h.cast(zeroN, I64), dtype: 'int64' });
        description.push({ name: col.name, kind: 'category', dtype: 'int64', labels: [col.value === null ? null : String(col.value)], source: col.sourceKind });
      }
      continue;
    }
    const spans = spansOf(layout, col.name);
    if (col.encoder === 'categorical') {
      outputs.push({ name: col.name, value: picks.get(spans.category!.start)!, dtype: 'int64' });
      const sl = col.slots;
      description.push({
        name: col.name, kind: 'category', dtype: 'int64', source: col.sourceKind, labels: [...sl.categories, ...(sl.other ? [sl.other.labels[0]!] : []), ...(sl.missing ? [null] : [])],
        ...(sl.other ? { pooled: { code: sl.categories.length, labels: [...sl.other.labels], counts: [...sl.other.counts] } } : {}),
      });
      continue;
    }
    const { value: valueSpan, mode, missing: miss } = spans;
    const inBlock = dc ? dc.columns.indexOf(col.name) : -1;
    let x: string;
    if (inBlock >= 0) x = decodeQuantileOnnx(h, col.quantile!, h.cols(scores!, inBlock, inBlock + 1));
    else {
      let v = h.cols(rowsD, valueSpan!.start, valueSpan!.start + 1);
      const sc = cal?.scores.find((c) => c.start === valueSpan!.start);
      if (sc) {
        // calibration.ts's mapScore: piecewise linear through (knots, N(0, 1) quantiles), slope 1 beyond the ends; rows drawn missing keep theirs.
        const last = sc.knots.length - 1;
        const levels = Array.from({ length: sc.knots.length }, (_, k) => normalQuantile((k + 0.5) / CALIBRATION_LEVELS));
        const lo = h.op('Min', [h.floorIndex(sc.knots, v), h.i64([last - 1], [])]);
        const hi = h.add(lo, h.i64([1], []));
        const gather = (t: string, i: string): string => h.op('Gather', [t, i], { axis: 0 });
        const kt = h.f64(sc.knots), zt = h.f64(levels);
        const kLo = gather(kt, lo), zLo = gather(zt, lo);
        const inner = h.add(zLo, h.mul(h.div(h.sub(v, kLo), h.sub(gather(kt, hi), kLo)), h.sub(gather(zt, hi), zLo)));
        const below = h.add(h.scalar(levels[0]!), h.sub(v, h.scalar(sc.knots[0]!)));
        const above = h.add(h.scalar(levels[last]!), h.sub(v, h.scalar(sc.knots[last]!)));
        let mapped = h.where(h.op('Greater', [v, h.scalar(sc.knots[0]!)]), h.where(h.op('GreaterOrEqual', [v, h.scalar(sc.knots[last]!)]), above, inner), below);
        if (sc.missing >= 0) mapped = h.where(h.op('Equal', [picks.get(sc.missing)!, h.i64([1], [])]), v, mapped);
        v = f32(mapped);
      }
      x = DECODERS[col.method](h, col, v, mode ? picks.get(mode.start)! : null);
    }
    if (clip) x = h.op('Max', [h.scalar(col.min), h.op('Min', [h.scalar(col.max), x])]);
    if (col.step !== null) x = h.mul(h.round(h.div(x, h.scalar(col.step))), h.scalar(col.step));
    else if (col.decimals !== null) {
      const p = 10 ** col.decimals;
      x = h.div(h.round(h.mul(x, h.scalar(p))), h.scalar(p));
      if (col.raw) {
        // precision.ts toRaw: a rounded value that has a raw value becomes it.
        const k = h.floorIndex(col.raw.rounded, x);
        const at = (t: number[]): string => h.op('Gather', [h.f64(t), k], { axis: 0 });
        x = h.where(h.op('Equal', [at(col.raw.rounded), x]), at(col.raw.raw), x);
      }
    }
    if (miss) x = h.where(h.op('Equal', [picks.get(miss.start)!, h.i64([1], [])]), h.scalar(NaN), x);
    outputs.push({ name: col.name, value: x, dtype: 'float64' });
    description.push({ name: col.name, kind: col.sourceKind === 'datetime' ? 'datetime' : 'number', dtype: 'float64', source: col.sourceKind });
  }
  for (const out of outputs) out.value = h.op('Squeeze', [out.value, h.i64([1])]);

  const model: OnnxGraph = {
    name: 'sampler',
    nodes: [...g.nodes.slice(0, before), ...gen.nodes, ...g.nodes.slice(before), ...outputs.map((out) => ({ opType: 'Identity', inputs: [out.value], outputs: [out.name], attrs: {} }))],
    initializers: [...g.inits, ...gen.initializers],
    inputs: roles.map((r) => ({ name: r.name, dtype: 'float32' as const, shape: ['N', r.width] })),
    outputs: outputs.map((out) => ({ name: out.name, dtype: out.dtype, shape: ['N'] })),
  };
  return {
    bytes: encodeModel(model, o.version ?? '0'),
    description: { file: 'sampler.onnx', streamVersion: SAMPLE_STREAM_VERSION, inputs: roles.map((r) => ({ name: r.name, width: r.width, use: r.use })), outputs: description, notProduced, clip },
  };
}

/**
 * The stratified copula prior (CopulaPrior with strata) as graph nodes, step for step as
 * CopulaPrior.fillGiven: the stratum from the last uniform (weights = share × each condition's
 * slot share, summed left to right), then that stratum's factor, conditions, thresholds, order and
 * knots, each gathered by the row's stratum.
 */
function stratifiedPrior(g: Nodes, prior: CopulaPrior, pu: string, condD: string | null, layout: SpanLayout, zeroCol: string): string {
  const { fit, parts, blockDims } = prior.conditioning;
  const d = fit.dimensions.length;
  const S = parts.length;
  const nb = blockDims.length;
  const flat = (x: string): string => g.op('Squeeze', [x, g.i64([1])]);
  const cond = conditionFlags(g, blockDims, condD);
  // The stratum: weights, their running sums, the count of sums ≤ u·total.
  const shares = parts.map((p) => p.share);
  let w = g.add(zeroCol, g.f64(shares, [1, S]));
  blockDims.forEach(({ block }, b) => {
    const c = cond[b];
    if (!c?.slot) return;
    const table = Array.from({ length: block.width * S }, (_, i) => parts[i % S]!.slotShare[b]![Math.floor(i / S)]!);
    const picked = g.op('Gather', [g.f64(table, [block.width, S]), flat(c.slot)], { axis: 0 });
    w = g.mul(w, g.where(c.any, picked, g.scalar(1)));
  });
  let total = g.cols(w, 0, 1);
  for (let s = 1; s < S; s++) total = g.add(total, g.cols(w, s, s + 1));
  let shareTotal = 0;
  for (const v of shares) shareTotal += v;
  const positive = g.op('Greater', [total, g.scalar(0)]);
  w = g.where(positive, w, g.add(zeroCol, g.f64(shares, [1, S])));
  total = g.where(positive, total, g.add(zeroCol, g.scalar(shareTotal)));
  const x = g.mul(g.cols(pu, d + nb, d + nb + 1), total);
  let k = zeroCol;
  if (S > 1) {
    const sums: string[] = [];
    let acc = g.cols(w, 0, 1);
    sums.push(acc);
    for (let s = 1; s + 1 < S; s++) sums.push((acc = g.add(acc, g.cols(w, s, s + 1))));
    k = g.count(g.op('LessOrEqual', [sums.length === 1 ? sums[0]! : g.op('Concat', sums, { axis: 1 }), x]));
  }
  const stratum = flat(g.cast(k, I64));
  const pick = (values: number[], shape: number[]): string => g.op('Gather', [g.f64(values, shape), stratum], { axis: 0 });
  // z = L·ε with the stratum's L (LT[s][k][j] = L_s[j][k]), summed over k in order.
  const e = g.normalQuantile(g.cols(pu, 0, d));
  const LT = pick(parts.flatMap((p) => Array.from({ length: d * d }, (_, i) => p.L[(i % d) * d + Math.floor(i / d)]!)), [S, d, d]);
  let z = '';
  for (let q = 0; q < d; q++) {
    const term = g.mul(g.cols(e, q, q + 1), g.op('Gather', [LT, g.i64([q], [])], { axis: 1 }));
    z = q === 0 ? term : g.add(z, term);
  }
  // Each conditioned block: the truncated score in the stratum's interval of the slot, and the shift along the stratum's correlations.
  blockDims.forEach(({ block, dim }, b) => {
    const c = cond[b];
    if (!c?.slot) return;
    const bounds = (side: 0 | 1): string => {
      const v = parts.flatMap((p) => Array.from(p.intervals[b]!, (at) => p.dims[dim]!.cumulative![at + side]!));
      return g.op('GatherElements', [pick(v, [S, block.width]), c.slot!], { axis: 1 });
    };
    z = truncatedShift(g, z, bounds(0), bounds(1), g.cols(pu, d + b, d + b + 1), dim, c.any, pick(parts.flatMap((pt) => Array.from({ length: d }, (_, j) => pt.corr[j * d + dim]!)), [S, d]));
  });
  const K = parts[0]!.grid!.length;
  const grid = pick(parts.flatMap((p) => [...p.grid!]), [S, K]);
  const inner = g.op('Slice', [grid, g.i64([1]), g.i64([K - 1]), g.i64([1])]);
  const pieces = layout.spans.map((s, j) => {
    const zj = g.cols(z, j, j + 1);
    if (!fit.dimensions[j]!.thresholds) {
      // The stratum's knots: linear between grid points i and i + 1, i = the count of inner grid points ≤ v.
      const i = g.cast(g.count(g.op('LessOrEqual', [inner, zj])), I64);
      const i1 = g.add(i, g.i64([1], []));
      const knots = pick(parts.flatMap((p) => [...p.knots![j]!]), [S, K]);
      const at = (t: string, idx: string): string => g.op('GatherElements', [t, idx], { axis: 1 });
      const g0 = at(grid, i), g1 = at(grid, i1), y0 = at(knots, i), y1 = at(knots, i1);
      const t = g.op('Clip', [g.div(g.sub(zj, g0), g.sub(g1, g0)), g.scalar(0), g.scalar(1)]);
      return valuePiece(g, g.add(y0, g.mul(t, g.sub(y1, y0))), s.width, zeroCol);
    }
    const th = pick(parts.flatMap((p) => p.dims[j]!.thresholds!), [S, s.width - 1]);
    const interval = s.width > 1 ? g.cast(g.count(g.op('GreaterOrEqual', [zj, th])), I64) : g.cast(zeroCol, I64);
    const order = g.op('Gather', [g.i64(parts.flatMap((p) => p.dims[j]!.order ?? Array.from({ length: s.width }, (_, q) => q)), [S, s.width]), stratum], { axis: 0 });
    return conditionedHot(g, g.oneHot(g.op('GatherElements', [order, interval], { axis: 1 }), s.width, true), s.start, blockDims, cond, condD);
  });
  return pieces.length === 1 ? pieces[0]! : g.op('Concat', pieces, { axis: 1 });
}

/** Per condition block: whether the row's condition sets it, and (blocks with a copula dimension) its slot; null without conditions. */
function conditionFlags(g: Nodes, blockDims: readonly { block: CondSpan; dim: number }[], condD: string | null): ({ any: string; slot: string | null } | null)[] {
  return blockDims.map(({ block, dim }) => {
    if (!condD) return null;
    const span = g.cols(condD, block.condStart, block.condStart + block.width);
    const any = g.op('Greater', [g.op('ReduceMax', [span], { axes: [1], keepdims: 1 }), g.scalar(0.5)]);
    return { any, slot: dim < 0 ? null : g.op('ArgMax', [span], { axis: 1, keepdims: 1, select_last_index: 1 }) };
  });
}

/** z conditioned on one block (CopulaPrior.condition): dimension `dim`'s score becomes Φ⁻¹ of u's point of [lo, hi), and z moves along `corrRow` by the change (rows that set the block only). */
function truncatedShift(g: Nodes, z: string, lo: string, hi: string, u: string, dim: number, any: string, corrRow: string): string {
  const p = g.op('Clip', [g.add(lo, g.mul(u, g.sub(hi, lo))), g.scalar(1e-12), g.scalar(1 - 1e-12)]);
  const shift = g.mul(g.sub(g.normalQuantile(p), g.cols(z, dim, dim + 1)), g.cast(any, F64));
  return g.add(z, g.mul(shift, corrRow));
}

/** A value span's model-space piece: the score, then zeros for the span's other slots. */
function valuePiece(g: Nodes, v: string, width: number, zeroCol: string): string {
  return width === 1 ? v : g.op('Concat', [v, g.mul(zeroCol, g.f64(new Array(width - 1).fill(0), [1, width - 1]))], { axis: 1 });
}

/** A one-hot span's slot, replaced by the row's condition where it sets that span's block (CopulaPrior.writeConditions). */
function conditionedHot(g: Nodes, hot: string, start: number, blockDims: readonly { block: CondSpan }[], cond: readonly ({ any: string } | null)[], condD: string | null): string {
  const b = blockDims.findIndex((x) => x.block.start === start);
  if (b < 0 || !cond[b]) return hot;
  const bl = blockDims[b]!.block;
  return g.where(cond[b]!.any, g.cols(condD!, bl.condStart, bl.condStart + bl.width), hot);
}
