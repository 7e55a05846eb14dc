/**
 * A Gaussian copula synthesizer: the floor every GAN recipe must clear (SDV's GaussianCopula is the
 * simplest peer people use). Each column becomes normal scores — numeric columns through the
 * transformer's atom-aware quantile map, categorical columns as SDV's UniformEncoder does it (each
 * category an interval of [0, 1] as wide as its share, a value drawn uniformly inside it, then Φ⁻¹),
 * missing indicators likewise — and the scores' correlation matrix is the whole model of how
 * columns relate. Sampling draws correlated normals and decodes them back through the same
 * transformer, so types, units, rounding and missing values come out as the GAN's do.
 * Unlike SDV (parametric marginals, beta by default) the marginals are empirical: they come back
 * essentially exact.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { Rng } from '../util/rng.js';
import { DataError } from '../util/errors.js';
import { fitTransformer, inverseTransform, spanLayout, transform, type TransformerState } from '../data/transformer.js';
import { inferSchema, type SchemaOverrides } from '../data/schema.js';
import type { CondSpan, SpanLayout } from '../data/spans.js';
import type { Table } from '../data/table.js';
import type { PriorSampler } from '../train/trainer.js';
import { normalQuantile } from '../data/quantile.js';
import { centredCrossProducts } from '../data/decorrelate.js';

/** One copula dimension: a value span (its normal score as is) or a one-hot span (slot intervals). */
export interface Dimension {
  start: number;
  /** One-hot spans: Φ⁻¹ of the cumulative slot shares (width − 1 thresholds); value spans: null. */
  thresholds: number[] | null;
  /** One-hot spans: the slot shares' cumulative sums, starting at 0 (width + 1 entries), in interval order. */
  cumulative: number[] | null;
  /**
   * One-hot spans: the slot of each interval of the normal line, left to right (fitCopulaOn orders
   * a column's categories by the other columns' scores). Absent: slot order (models before it).
   */
  order?: number[];
}

/** The interval of each slot of a one-hot dimension (the inverse of its order). */
export function intervalOfSlot(dim: Dimension): Int32Array {
  const width = dim.cumulative!.length - 1;
  const pos = Int32Array.from({ length: width }, (_, k) => k);
  dim.order?.forEach((slot, k) => (pos[slot] = k));
  return pos;
}

/** The slot of interval k of a one-hot dimension. */
function slotOfInterval(dim: Dimension, k: number): number {
  return dim.order ? dim.order[k]! : k;
}

/** A one-hot span's categories need an order of their own from this many slots on (two can only swap, which flips a sign). */
const ORDERED_FROM = 3;

/** Categories are ordered by a value column only if it explains this share of that column's variance (below: slot order). */
const MIN_ORDER_ETA = 0.05;

/** The value columns' scores [n, k] (row-major), with each column's mean and variance. */
interface ValueScores {
  values: Float64Array;
  k: number;
  mean: Float64Array;
  variance: Float64Array;
}

/**
 * The order of a categorical column's slots along the normal line: by each category's mean score
 * of the value column that the categories explain most (the largest correlation ratio η², if at
 * least MIN_ORDER_ETA). The copula is a monotone model of each
 * pair, so a category that goes with a column's value (education with years of schooling, a
 * sub-grade with its interest rate) must sit in that column's order: in the order of their
 * frequencies such a pair scored 0.19–0.24 (SDMetrics contingency), as SDV's copula does.
 * `slotOf`: each row's slot; `counts`: the rows in each slot.
 */
function categoryOrder({ values, k, mean, variance }: ValueScores, slotOf: Int32Array, counts: Float64Array): number[] | undefined {
  const n = slotOf.length, width = counts.length;
  if (width < ORDERED_FROM || k === 0) return undefined;
  const sums = new Float64Array(width * k);
  for (let i = 0; i < n; i++) {
    const s = slotOf[i]!;
    for (let c = 0; c < k; c++) sums[s * k + c]! += values[i * k + c]!;
  }
  // The value column the categories determine most: the largest correlation ratio η² = Σ_s p_s (m_s − m̄)² / var.
  let best = -1, bestEta = 0;
  for (let c = 0; c < k; c++) {
    let between = 0;
    for (let s = 0; s < width; s++) if (counts[s]) between += (counts[s]! / n) * (sums[s * k + c]! / counts[s]! - mean[c]!) ** 2;
    const eta = variance[c]! > 0 ? between / variance[c]! : 0;
    if (eta > bestEta) [best, bestEta] = [c, eta];
  }
  if (best < 0 || bestEta < MIN_ORDER_ETA) return undefined;
  // Empty slots last, in slot order.
  const score = Float64Array.from({ length: width }, (_, s) => (counts[s] ? sums[s * k + best]! / counts[s]! : Infinity));
  return Array.from({ length: width }, (_, s) => s).sort((a, b) => score[a]! - score[b]! || a - b);
}

/** The value spans' scores of `encoded` and their means and variances (what categoryOrder compares categories by). */
function valueScores(layout: SpanLayout, encoded: Float32Array, n: number): ValueScores {
  const w = layout.width;
  const starts = layout.spans.filter((s) => s.activation !== 'softmax').map((s) => s.start);
  const k = starts.length;
  const values = new Float64Array(n * k), mean = new Float64Array(k), variance = new Float64Array(k);
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) mean[c]! += (values[i * k + c] = encoded[i * w + starts[c]!]!) / n;
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) variance[c]! += (values[i * k + c]! - mean[c]!) ** 2 / n;
  return { values, k, mean, variance };
}

export interface CopulaState extends CopulaFit {
  format: 'ganforge.copula';
  version: 1;
  transformer: TransformerState;
}

export interface CopulaOptions {
  seed?: number;
  schema?: SchemaOverrides;
}

/** Latent correlations are kept inside ±this (a category cannot determine a continuous column exactly). */
const MAX_CORRELATION = 0.995;

/**
 * Correlation of the columns of `z` [rows, d] (row-major), each divided by its column's `attenuation`
 * (see fitCopulaOn), clipped inside ±1 and made positive semi-definite, as a factor L (L·Lᵀ = R).
 */
function correlationFactor(z: Float64Array, rows: number, d: number, attenuation: Float64Array): number[] {
  const { acc } = centredCrossProducts(z, rows, d);
  const r = Matrix.zeros(d, d);
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const den = Math.sqrt(acc[a * d + a]! * acc[b * d + b]!);
      const v = a === b ? 1 : den > 0 ? Math.max(-MAX_CORRELATION, Math.min(MAX_CORRELATION, acc[a * d + b]! / den / (attenuation[a]! * attenuation[b]!))) : 0;
      r.set(a, b, v);
      r.set(b, a, v);
    }
  }
  // R = V Λ Vᵀ ⇒ L = V √Λ (negative eigenvalues from rounding clipped to 0), rows rescaled to unit variance.
  const eig = new EigenvalueDecomposition(r, { assumeSymmetric: true });
  const lambda = eig.realEigenvalues.map((v) => Math.sqrt(Math.max(v, 0)));
  const V = eig.eigenvectorMatrix;
  const factor = new Array<number>(d * d).fill(0);
  for (let a = 0; a < d; a++) {
    let norm = 0;
    for (let k = 0; k < d; k++) {
      const v = V.get(a, k) * lambda[k]!;
      factor[a * d + k] = v;
      norm += v * v;
    }
    const s = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let k = 0; k < d; k++) factor[a * d + k]! *= s;
  }
  return factor;
}

/** The copula of model-space rows: one dimension per span, and their normal scores' correlation. */
export interface CopulaFit {
  dimensions: Dimension[];
  /** Row-major d × d factor L with L·Lᵀ = the scores' correlation matrix. */
  factor: number[];
}

/**
 * Fits the copula of `encoded` ([rows, layout.width], a transformer's output whose value spans are
 * normal scores): a one-hot span's slots become intervals of the normal line, a value span is used as is.
 */
export function fitCopulaOn(layout: SpanLayout, encoded: Float32Array, n: number): CopulaFit {
  const w = layout.width;
  const scores = valueScores(layout, encoded, n);
  // Each row's slot in each one-hot span (the order and the category scores below both read it).
  const slotsOf = layout.spans.map((s) => {
    if (s.activation !== 'softmax') return null;
    const slotOf = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let slot = 0;
      while (slot < s.width - 1 && encoded[i * w + s.start + slot] !== 1) slot++;
      slotOf[i] = slot;
    }
    return slotOf;
  });
  const dimensions: Dimension[] = layout.spans.map((s, j) => {
    if (s.activation !== 'softmax') return { start: s.start, thresholds: null, cumulative: null };
    const slotOf = slotsOf[j]!;
    const counts = new Float64Array(s.width);
    for (let i = 0; i < n; i++) counts[slotOf[i]!]!++;
    const order = categoryOrder(scores, slotOf, counts);
    const cumulative = [0];
    for (let q = 0; q < s.width; q++) cumulative.push(cumulative[q]! + counts[order ? order[q]! : q]! / n);
    cumulative[s.width] = 1;
    return { start: s.start, thresholds: cumulative.slice(1, -1).map((p) => normalQuantile(p)), cumulative, ...(order ? { order } : {}) };
  });
  const d = dimensions.length;
  // A category's score is the mean of the latent normal over its interval, E[z | a < z ≤ b] =
  // (φ(a) − φ(b)) / (Φ(b) − Φ(a)). If the latent scores are jointly normal with correlation ρ,
  // these means correlate with another column's score at ρ·sd(mean): dividing by sd(mean)
  // recovers ρ (a first-order polyserial/polychoric estimate). SDV's uniform draw inside the
  // interval attenuates every correlation with a category instead (sign(x) against x: 0.8, not 1).
  const means = dimensions.map((dim) => (dim.cumulative ? categoryMeans(dim.cumulative) : null));
  const attenuation = Float64Array.from(dimensions, (dim, j) => {
    const m = means[j];
    if (!m) return 1;
    let v = 0;
    for (let k = 0; k < m.length; k++) v += (dim.cumulative![k + 1]! - dim.cumulative![k]!) * m[k]! ** 2;
    return v > 0 ? Math.sqrt(v) : 1;
  });
  const positions = dimensions.map((dim) => (dim.cumulative ? intervalOfSlot(dim) : null));
  const z = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const dim = dimensions[j]!;
      const m = means[j];
      if (!m) {
        z[i * d + j] = encoded[i * w + dim.start]!;
        continue;
      }
      z[i * d + j] = m[positions[j]![slotsOf[j]![i]!]!]!;
    }
  }
  return { dimensions, factor: correlationFactor(z, n, d, attenuation) };
}

/** E[z | z in slot k's interval] for a standard normal z, from the slots' cumulative shares. */
function categoryMeans(cumulative: readonly number[]): number[] {
  const pdf = (p: number): number => (p <= 0 || p >= 1 ? 0 : Math.exp(-0.5 * normalQuantile(p) ** 2) / Math.sqrt(2 * Math.PI));
  const m: number[] = [];
  for (let k = 0; k + 1 < cumulative.length; k++) {
    const p = cumulative[k + 1]! - cumulative[k]!;
    m.push(p > 0 ? (pdf(cumulative[k]!) - pdf(cumulative[k + 1]!)) / p : 0);
  }
  return m;
}

/**
 * Copula draws as the generator's prior rows (GanConfig.prior). A row whose condition vector picks
 * category c of a column gets the copula's conditional draw given that column's score lies in c's
 * interval: the score t from the truncated normal (by inversion), the others shifted by
 * R[:, j]·(t − z_j), which for a Gaussian is exactly the conditional distribution given z_j = t.
 */
export class CopulaPrior implements PriorSampler {
  private readonly d: number;
  /** The correlation matrix R = L·Lᵀ, row-major. */
  private readonly corr: Float64Array;
  private readonly blockDims: { block: CondSpan; dim: number }[];
  private readonly z: Float64Array;
  private readonly e: Float64Array;
  private readonly slots: Int32Array;
  /** Per condition block: the interval of each slot of its dimension (null: no dimension). */
  private readonly intervals: (Int32Array | null)[];
  /** fit.factor as a typed array (fillGiven multiplies by it for every row). */
  private factor: Float64Array | null = null;

  /** `blocks`: where each condition block sits in a row and in the condition vector (ConditionalSampler.blocks). */
  constructor(private readonly fit: CopulaFit, private readonly width: number, private readonly condWidth: number, blocks: readonly CondSpan[]) {
    const d = (this.d = fit.dimensions.length);
    const L = fit.factor;
    this.corr = new Float64Array(d * d);
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) {
      let acc = 0;
      for (let k = 0; k < d; k++) acc += L[a * d + k]! * L[b * d + k]!;
      this.corr[a * d + b] = acc;
    }
    this.blockDims = blocks.map((block) => ({ block, dim: fit.dimensions.findIndex((x) => x.start === block.start) }));
    this.intervals = this.blockDims.map(({ dim }) => (dim >= 0 ? intervalOfSlot(fit.dimensions[dim]!) : null));
    this.z = new Float64Array(d);
    this.e = new Float64Array(d);
    this.slots = new Int32Array(blocks.length);
  }

  /** Uniforms per row that fillGiven reads: one per dimension, one per condition block. */
  get uniformWidth(): number {
    return this.d + this.blockDims.length;
  }

  /**
   * The same draws as fill, from given uniforms instead of an Rng (u: [rows, uniformWidth], U(0, 1)
   * strictly inside): ε_k = Φ⁻¹(u_k) for the d dimensions, then condition block b's truncated score
   * from u_{d+b}. Every step is a fixed function of a row's own numbers, so sampler.onnx (the same
   * steps as ONNX ops) and any shard of a table compute the same prior rows.
   */
  fillGiven(rows: number, cond: Float32Array | null, u: Float32Array, out: Float32Array): void {
    const { d, z, e } = this;
    const L = (this.factor ??= Float64Array.from(this.fit.factor));
    const cw = this.condWidth;
    const uw = this.uniformWidth;
    const nb = this.blockDims.length;
    const slots = this.slots;
    for (let i = 0; i < rows; i++) {
      const ui = i * uw;
      for (let k = 0; k < d; k++) e[k] = normalQuantile(u[ui + k]!);
      for (let j = 0; j < d; j++) {
        let acc = 0;
        for (let k = 0; k < d; k++) acc += L[j * d + k]! * e[k]!;
        z[j] = acc;
      }
      // The category each block's condition picks in this row (−1: not conditioned), then the conditional draw.
      for (let b = 0; b < nb; b++) {
        const { block, dim } = this.blockDims[b]!;
        const slot = (slots[b] = cond ? hotSlot(cond, i * cw + block.condStart, block.width) : -1);
        if (dim >= 0 && slot >= 0) this.condition(b, slot, u[ui + d + b]!);
      }
      const row = i * this.width;
      for (let j = row; j < row + this.width; j++) out[j] = 0;
      writeRow(this.fit.dimensions, z, out, row);
      this.writeConditions(out, row);
    }
  }

  /**
   * z given that block b's category is `slot`: that dimension's score becomes Φ⁻¹ of the point
   * `u` of the category's interval, and every dimension moves by its correlation with the change.
   */
  private condition(b: number, slot: number, u: number): void {
    const { d, z, corr } = this;
    const dim = this.blockDims[b]!.dim;
    const cum = this.fit.dimensions[dim]!.cumulative!;
    const at = this.intervals[b]![slot]!;
    const lo = cum[at]!, hi = cum[at + 1]!;
    const t = normalQuantile(Math.min(1 - 1e-12, Math.max(1e-12, lo + u * (hi - lo))));
    const shift = t - z[dim]!;
    for (let j = 0; j < d; j++) z[j]! += corr[j * d + dim]! * shift;
  }

  /** The condition is the truth for its column (float rounding of the shift cannot move it to a neighbour slot): this.slots into the row. */
  private writeConditions(out: Float32Array, row: number): void {
    for (let b = 0; b < this.blockDims.length; b++) {
      const slot = this.slots[b]!;
      if (slot < 0) continue;
      const { block } = this.blockDims[b]!;
      for (let j = row + block.start; j < row + block.start + block.width; j++) out[j] = 0;
      out[row + block.start + slot] = 1;
    }
  }

  /** The correlation matrix R = L·Lᵀ (row-major) and, per condition block, its copula dimension (−1: none). */
  get conditioning(): { fit: CopulaFit; corr: Float64Array; blockDims: readonly { block: CondSpan; dim: number }[] } {
    return { fit: this.fit, corr: this.corr, blockDims: this.blockDims };
  }

  fill(rows: number, cond: Float32Array | null, out: Float32Array, offset: number, rng: Rng): void {
    const { d, z, e } = this;
    const L = this.fit.factor;
    const cw = this.condWidth;
    for (let i = 0; i < rows; i++) {
      for (let k = 0; k < d; k++) e[k] = rng.normal();
      for (let j = 0; j < d; j++) {
        let acc = 0;
        for (let k = 0; k < d; k++) acc += L[j * d + k]! * e[k]!;
        z[j] = acc;
      }
      // The category each block's condition picks in this row (−1: the block is not conditioned).
      for (let b = 0; b < this.blockDims.length; b++) {
        const { block, dim } = this.blockDims[b]!;
        const slot = (this.slots[b] = cond ? hotSlot(cond, i * cw + block.condStart, block.width) : -1);
        if (dim >= 0 && slot >= 0) this.condition(b, slot, rng.uniform());
      }
      const row = offset + i * this.width;
      out.fill(0, row, row + this.width);
      writeRow(this.fit.dimensions, z, out, row);
      this.writeConditions(out, row);
    }
  }
}

/** The last slot of cond[at .. at + width) that is set, or −1. */
function hotSlot(cond: Float32Array, at: number, width: number): number {
  let slot = -1;
  for (let k = 0; k < width; k++) if (cond[at + k]! > 0.5) slot = k;
  return slot;
}

/** Model-space row from copula scores: value spans get the score, one-hot spans the slot whose interval holds it. */
function writeRow(dimensions: readonly Dimension[], z: ArrayLike<number>, out: Float32Array, row: number): void {
  for (let j = 0; j < dimensions.length; j++) {
    const dim = dimensions[j]!;
    if (!dim.thresholds) {
      out[row + dim.start] = z[j]!;
      continue;
    }
    let at = 0;
    while (at < dim.thresholds.length && z[j]! >= dim.thresholds[at]!) at++;
    out[row + dim.start + slotOfInterval(dim, at)] = 1;
  }
}

/** Fits the copula synthesizer: the transformer (normal scores, no rotation) and the scores' correlation. */
export function fitCopula(table: Table, o: CopulaOptions = {}): CopulaState {
  if (table.rowCount < 2) throw new DataError('DATA_TOO_FEW_ROWS', `the table has ${table.rowCount} row(s); at least 2 are needed`);
  const schema = inferSchema(table, o.schema);
  const transformer = fitTransformer(table, schema, { continuous: 'gaussian', decorrelate: false, rng: new Rng(o.seed ?? 0).fork('copula') });
  const fit = fitCopulaOn(spanLayout(transformer), transform(transformer, table), table.rowCount);
  return { format: 'ganforge.copula', version: 1, transformer, ...fit };
}

/** n rows drawn from a fitted copula synthesizer, in the original columns, types and units. */
export function sampleCopula(state: CopulaState, n: number, o: { seed?: number } = {}): Table {
  const rng = new Rng(o.seed ?? 0).fork('copula-sample');
  const w = spanLayout(state.transformer).width;
  const rows = new Float32Array(n * w);
  new CopulaPrior(state, w, 0, []).fill(n, null, rows, 0, rng);
  return inverseTransform(state.transformer, rows, n, { clip: true, rng: rng.fork('pooled') });
}
