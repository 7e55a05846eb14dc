/**
 * Sampling by row: every random number of generated row r comes from that row's own stream
 * (RowStreams), drawn as a fixed set of uniforms per row — the noise roles that sampler.onnx takes
 * as inputs — and turned into a row by fixed functions of them. So rows [a, b) of a table can be
 * generated alone (a shard, a worker, another machine) and equal those rows of the one-process
 * table. A row that fails a condition or is a refused copy of a training row is drawn again from
 * its own next attempts (the first attempt that passes is the row), so rejection is per row too.
 */
import { DataError } from '../util/errors.js';
import { BlockStrata, FLOAT32_BELOW_ONE, RowStreams } from '../util/rng.js';
// The data and eval modules themselves, not their index files (which also pull in the Node file readers and writers).
import { inverseTransform, spanLayout, type TransformerState } from '../data/transformer.js';
import { takeRows, type Table } from '../data/table.js';
import { TableBuilder, type PackedTable } from '../data/packed-table.js';
import type { ConditionalSampler } from '../data/conditional.js';
import type { RowPredicate } from '../data/rejection.js';
import type { Schema } from '../data/schema.js';
import type { SpanLayout } from '../data/spans.js';
import { cellAt, type Cell } from '../data/table.js';
import { concatTables } from '../data/rejection.js';
import type { CopyIndex } from '../data/copy-index.js';
import type { GanTrainer, GivenNoise } from '../train/trainer.js';
import type { CopulaFit, CopulaPrior } from './copula.js';
import type { ThreadRows } from './sampling-thread.js';
import { copulaPrior, generationSampler } from './conditioning.js';
import { calibrateScores, calibrateSlots, type Calibration } from './calibration.js';
import { openSamplingThread, type SamplingThread } from '#sampling-thread';

/**
 * Version of the sampled stream for a given seed: 1 drew rows from one sequential stream; 2
 * (row streams) draws each row from its own; 3 draws a pooled category's label from one more word
 * of the row (2 gave every pooled row the first pooled label; rows of models without pooled
 * categories are the same as in 2); 4 gives each numeric column's minimum and maximum to its lowest
 * and highest row among the first rows (RowSamplingOptions.extremesWithin), and a row drawn again (a refused copy, a failed
 * condition) gets a first word of its own in each attempt (3 repeated the first word of z_uniform
 * in every attempt); first attempts are 3's; 5 stratifies the uniforms of first attempts in blocks
 * of rows (BlockStrata; RowSamplingOptions.strataBits). Same model, seed and version ⇒ the same rows.
 */
export const SAMPLE_STREAM_VERSION = 5;

/**
 * Stratum bits for samples of a model trained on `rows` rows: blocks of about a quarter to half
 * of the training table (at least 16 rows, at most 4096), so a sample of the table's size holds
 * two or more full blocks (0, no strata, without a row count).
 */
export function strataBits(rows: number): number {
  if (!(rows >= 2)) return 0;
  return Math.max(4, Math.min(12, Math.floor(Math.log2(rows)) - 1));
}

/** The categorical columns whose rare categories share an "other" slot, in column order: each row draws its pooled label from one word of its stream. */
export function pooledColumns(t: TransformerState): string[] {
  return t.columns.flatMap((c) => (c.encoder === 'categorical' && c.slots.other ? [c.name] : []));
}

/** The uniforms of one row, by role, in this order (the inputs of sampler.onnx, one tensor per role). */
export type NoiseRoleName = 'z_uniform' | 'cond_uniform' | 'prior_uniform' | 'onehot_uniform';
export interface NoiseRole {
  name: NoiseRoleName;
  width: number;
  /** What the uniforms become. */
  use: string;
}

export interface RowModel {
  trainer: GanTrainer;
  transformer: TransformerState;
  schema: Schema;
  /** The conditional vector's blocks (conditional models), else null. */
  sampler: ConditionalSampler | null;
  prior: CopulaPrior | null;
  /** The trained generator's marginal calibration (calibration.ts), if any. */
  calibration?: Calibration;
}

/** What a row's noise, its generator inputs and the decoding of its generator output depend on: the data side of a model and its generator's latent noise. */
export type InputModel = Pick<RowModel, 'transformer' | 'schema' | 'sampler' | 'prior' | 'calibration'> & { trainer: Pick<GanTrainer, 'noiseWidth'> & { config: Pick<GanTrainer['config'], 'noise'> } };

export function noiseRoles(m: InputModel): NoiseRole[] {
  const layout = spanLayout(m.transformer);
  const roles: NoiseRole[] = [{
    name: 'z_uniform', width: m.trainer.noiseWidth,
    use: m.trainer.config.noise === 'normal' ? 'latent noise: standard normals by Box–Muller, z = (√(−2 ln u₁)·cos 2πu₂ for the first half of the columns, … sin … for the second)' : 'latent noise as is (U(0, 1))',
  }];
  if (m.sampler) roles.push({ name: 'cond_uniform', width: 2, use: 'the condition: column ⌊u₁·columns⌋, then its category by the training frequencies (first k with u₂·total < cumulative count k)' });
  if (m.prior) roles.push({ name: 'prior_uniform', width: m.prior.uniformWidth, use: 'the copula draw: Φ⁻¹(u) per copula dimension, then one per condition block for its truncated score' });
  const onehots = layout.spans.filter((s) => s.activation === 'softmax').length;
  if (onehots) roles.push({ name: 'onehot_uniform', width: onehots, use: 'one per softmax span: the slot whose cumulative probability first exceeds u' });
  return roles;
}

/** The category counts each condition block draws from: modelled categories, "other", missing (as the schema counted them). */
export function conditionCounts(sampler: ConditionalSampler, schema: Schema, transformer: TransformerState): number[][] {
  return sampler.blocks.map((b) => {
    const col = schema.columns.find((c) => c.name === b.column);
    const state = transformer.columns.find((c) => c.name === b.column);
    const all = col?.categoryCounts ?? [];
    const kept = state?.encoder === 'categorical' ? state.slots.categories.length : b.width;
    const counts = all.slice(0, kept);
    while (counts.length < kept) counts.push(0);
    if (state?.encoder === 'categorical' && state.slots.other) counts.push(all.slice(kept).reduce((s, c) => s + c, 0));
    while (counts.length < b.width) counts.push(0);
    if (col && col.missingCount > 0) counts[b.width - 1] = col.missingCount;
    return counts;
  });
}

/** The extremes go to rows of the first min(extremesWithin, this many) rows (RowSampler.pinExtremes). */
const EXTREME_WINDOW = 10_000;

/** Rows whose noise is drawn and pushed through the generator at once (bounds the noise buffers). */
const CHUNK = 8192;

/**
 * From this many rows on, a sample's rows are prepared and decoded on a thread of their own
 * (#sampling-thread) around the generator: ONNX Runtime's Node binding runs the generator on the
 * calling thread, and the noise, conditions, copula prior and decoding cost about as much again.
 */
const THREAD_MIN_ROWS = 4 * CHUNK;

/** Chunks asked for ahead of the one the generator runs (the thread's pace varies with what shares its core). */
const PREPARE_AHEAD = 3;

export interface RowSamplingOptions {
  seed: number;
  where?: Record<string, string>;
  filter?: RowPredicate;
  clip: boolean;
  /** Exact copies of these rows are refused beyond `copyRate` (copies.ts). */
  exclude?: { index: CopyIndex; copyRate: number } | null;
  /**
   * Each numeric column's training minimum and maximum (numbers kept as categories too) replace its lowest and highest value in
   * the first min(this, EXTREME_WINDOW) rows (this: the rows trained on, so a sample of the
   * table's size has each extreme once, as the table has). 0 or absent: none; never with `where`
   * or `filter`.
   */
  extremesWithin?: number;
  /** Prepare and decode the rows of large samples on another thread where the platform has threads (default true); the rows are the same either way. */
  prefetch?: boolean;
  /** First attempts' uniforms stratified in blocks of 2^strataBits rows (BlockStrata); 0 or absent: independent draws. */
  strataBits?: number;
}

/**
 * What a thread other than the sampling one needs to make rows' noise and generator inputs and to
 * decode their generator output (structured-cloneable: the model's data side, its latent noise and
 * the sample's condition and clipping; the streams come with each request).
 */
export interface InputSpec {
  transformer: TransformerState;
  schema: Schema;
  conditional: boolean;
  copula: CopulaFit | null;
  calibration: Calibration | null;
  noiseWidth: number;
  noise: GanTrainer['config']['noise'];
  where: Record<string, string> | null;
  clip: boolean;
  strataBits: number;
}

/** The noise of k rows, the generator's inputs made from it, and the per-row words of the decoder (copy decision, identifiers, pooled labels). */
export interface PreparedRows {
  noise: Record<NoiseRoleName, Float32Array>;
  inputs: GivenNoise;
  accept: Float64Array;
  ids: Uint32Array[];
  pooled: Float64Array[];
}

/**
 * Everything of a sampled row but its generator: the row's noise (one set of uniforms per row from
 * its own stream), the generator inputs made from it (the latent uniforms, the condition vectors
 * and the copula prior rows), and the decoding of the generator's output (calibration, one-hot
 * draws, inverse transforms, fresh identifiers). Another thread can run it around the one that
 * runs the generator (RowSampler's sampling thread).
 */
export class RowInputs {
  readonly roles: NoiseRole[];
  private readonly layout: SpanLayout;
  private readonly words: number;
  readonly idColumns: { name: string; prefix: string }[];
  /** Categorical columns with a pooled "other" slot (their labels are drawn per row). */
  readonly pooled: string[];
  private readonly counts: Float64Array[] | null;
  private readonly whereCond: Float32Array | null;
  /** Where cond_uniform starts in a row's uniforms (−1: no condition), and how many columns it picks from. */
  private readonly condAt: number;
  private readonly condColumns: number;

  constructor(readonly model: InputModel, readonly where: Record<string, string> | null, readonly clip: boolean, readonly strataBits = 0) {
    const m = model;
    this.roles = noiseRoles(m);
    this.layout = spanLayout(m.transformer);
    this.idColumns = m.transformer.columns.flatMap((c) => (c.encoder === 'constant' && c.identifier ? [{ name: c.name, prefix: c.identifier.prefix }] : []));
    // Per row: the roles' uniforms, one word for the copy decision, three per identifier column.
    // …then one per pooled categorical column.
    this.pooled = pooledColumns(m.transformer);
    const c = this.roles.findIndex((r) => r.name === 'cond_uniform');
    this.condAt = c < 0 ? -1 : this.roles.slice(0, c).reduce((sum, r) => sum + r.width, 0);
    this.condColumns = m.sampler?.blocks.length ?? 1;
    this.words = this.roles.reduce((s, r) => s + r.width, 0) + 1 + 3 * this.idColumns.length + this.pooled.length;
    this.counts = m.sampler ? conditionCounts(m.sampler, m.schema, m.transformer).map((c) => {
      const cum = new Float64Array(c.length + 1);
      c.forEach((x, k) => (cum[k + 1] = cum[k]! + x));
      return cum;
    }) : null;
    if (where && !m.sampler) throw new DataError('DATA_NOT_CONDITIONAL', 'this model was trained without a conditional vector', {}, 'use --filter/rejection sampling, or train with conditional on');
    this.whereCond = where ? m.sampler!.condFor(where, 1) : null;
  }

  /** The inputs of another thread's twin (RowInputs.fromSpec). */
  spec(): InputSpec {
    const m = this.model;
    return {
      transformer: m.transformer, schema: m.schema, conditional: m.sampler !== null, copula: m.prior ? m.prior.conditioning.fit : null, calibration: m.calibration ?? null,
      noiseWidth: m.trainer.noiseWidth, noise: m.trainer.config.noise, where: this.where, clip: this.clip, strataBits: this.strataBits,
    };
  }

  /** The same inputs as the RowInputs that made `spec` (the condition blocks and the copula prior are functions of the transformer and the copula). */
  static fromSpec(spec: InputSpec): RowInputs {
    const sampler = spec.conditional ? generationSampler(spec.transformer) : null;
    const prior = spec.copula ? copulaPrior(spec.copula, spanLayout(spec.transformer).width, sampler) : null;
    const model: InputModel = { transformer: spec.transformer, schema: spec.schema, sampler, prior, trainer: { noiseWidth: spec.noiseWidth, config: { noise: spec.noise } } };
    if (spec.calibration) model.calibration = spec.calibration;
    return new RowInputs(model, spec.where, spec.clip, spec.strataBits);
  }

  /** Rows rowIds (attempts[i] each, null: first attempts) from their first word on: noise, generator inputs and the decoder's words. */
  prepare(rowIds: ArrayLike<number>, attempts: ArrayLike<number> | null, streams: RowStreams): PreparedRows {
    const k = rowIds.length;
    const accept = new Float64Array(k);
    const ids = this.idColumns.map(() => new Uint32Array(3 * k));
    const pooled = this.pooled.map(() => new Float64Array(k));
    const noise = this.noise(rowIds, attempts, 0, k, streams, accept, ids, pooled);
    return { noise, inputs: this.generatorInputs(k, noise), accept, ids, pooled };
  }

  /**
   * The table of prepared rows from the generator's output for them (model-space rows, changed in
   * place): the calibration's slot weights, the one-hot draws, its scores, then the inverse
   * transforms (identifiers and pooled labels from the rows' words). The TypeScript twin of sampler.onnx's graph.
   */
  decode(output: Float32Array, rows: Pick<PreparedRows, 'noise' | 'ids' | 'pooled'>): Table {
    const w = this.layout.width;
    const k = output.length / w;
    const c = this.model.calibration;
    if (c) calibrateSlots(c, output, k, w);
    drawGivenOneHots(output, k, this.layout, rows.noise.onehot_uniform);
    if (c) calibrateScores(c, output, k, w);
    return inverseTransform(this.model.transformer, output, k, {
      clip: this.clip,
      pooledUniforms: new Map(this.pooled.map((name, j) => [name, rows.pooled[j]!])),
      idWords: new Map(this.idColumns.map((col, j) => [col.name, rows.ids[j]!])),
    });
  }

  /** The noise of rows [from, from + k) of rowIds, one array per role ([k, width] each). */
  noise(rowIds: ArrayLike<number>, attempts: ArrayLike<number> | null, from: number, k: number, streams: RowStreams, accept?: Float64Array, ids?: Uint32Array[], pooled?: Float64Array[]): Record<NoiseRoleName, Float32Array> {
    const out = {} as Record<NoiseRoleName, Float32Array>;
    for (const r of this.roles) out[r.name] = new Float32Array(k * r.width);
    const dsts = this.roles.map((r) => out[r.name]);
    const widths = Int32Array.from(this.roles, (r) => r.width);
    const nr = widths.length;
    const uniforms = widths.reduce((s, x) => s + x, 0);
    const buf = new Uint32Array(this.words);
    const row01 = new Float32Array(uniforms);
    const strata = this.strataBits > 0 ? new BlockStrata(streams, this.strataBits, uniforms) : null;
    const cond = this.condAt;
    for (let i = 0; i < k; i++) {
      const row = rowIds[from + i]!, attempt = attempts ? attempts[from + i]! : 0;
      streams.at(row, attempt).fillU32(buf);
      // toUniform, inline: the 23 high bits of each word, centred in their cell (× 2⁻²³: exact, as / 8388608).
      for (let j = 0; j < uniforms; j++) row01[j] = ((buf[j]! >>> 9) + 0.5) * 1.1920928955078125e-7;
      // First attempts take their cells of the row's block; rows drawn again (refused copies, failed conditions) stay independent.
      if (strata && attempt === 0) {
        strata.placeRow(row, row01, 0, uniforms);
        // A condition's category uniform is the fraction of its column uniform × columns, so the
        // rows of each column are stratified over its categories too.
        if (cond >= 0) {
          const v = row01[cond]! * this.condColumns;
          row01[cond + 1] = Math.min(FLOAT32_BELOW_ONE, Math.max(2 ** -24, v - Math.floor(v)));
        }
      }
      let at = 0;
      for (let r = 0; r < nr; r++) {
        const dst = dsts[r]!;
        const width = widths[r]!;
        for (let j = 0, o = i * width; j < width; j++) dst[o + j] = row01[at++]!;
      }
      if (accept) accept[from + i] = buf[uniforms]! / 4294967296;
      if (ids) {
        let at = uniforms + 1;
        for (const words of ids) for (let j = 0; j < 3; j++) words[3 * (from + i) + j] = buf[at++]!;
      }
      if (pooled) {
        let at = uniforms + 1 + 3 * this.idColumns.length;
        for (const u of pooled) u[from + i] = buf[at++]! / 4294967296;
      }
    }
    return out;
  }

  /** The generator's inputs for k rows of noise: the latent uniforms, the condition vectors and the copula prior rows. */
  generatorInputs(k: number, noise: Record<NoiseRoleName, Float32Array>): GivenNoise {
    const { sampler, prior } = this.model;
    const cw = sampler?.condWidth ?? 0;
    let cond: Float32Array | undefined;
    if (cw) {
      cond = new Float32Array(k * cw);
      if (this.whereCond) for (let i = 0; i < k; i++) cond.set(this.whereCond, i * cw);
      else this.conditionsFrom(noise.cond_uniform, k, cond);
    }
    let priorRows: Float32Array | undefined;
    if (prior) {
      priorRows = new Float32Array(k * this.layout.width);
      prior.fillGiven(k, cond ?? null, noise.prior_uniform, priorRows);
    }
    return { zUniform: noise.z_uniform, ...(cond ? { cond } : {}), ...(priorRows ? { prior: priorRows } : {}) };
  }

  private conditionsFrom(u: Float32Array, k: number, out: Float32Array): void {
    const blocks = this.model.sampler!.blocks;
    const cw = this.model.sampler!.condWidth;
    for (let i = 0; i < k; i++) {
      const b = Math.min(blocks.length - 1, Math.floor(u[2 * i]! * blocks.length));
      const cum = this.counts![b]!;
      const x = u[2 * i + 1]! * cum[cum.length - 1]!;
      let slot = 0;
      while (slot < cum.length - 2 && !(x < cum[slot + 1]!)) slot++;
      out[i * cw + blocks[b]!.condStart + slot] = 1;
    }
  }
}

/** A numeric column's training extremes, set in chosen rows (RowSamplingOptions.extremesWithin). */
interface Extreme {
  name: string;
  min: number;
  max: number;
}

export class RowSampler {
  private readonly streams: RowStreams;
  /** Everything of rows but the generator (run on this thread, or on `thread` around the generator). */
  private readonly inputs: RowInputs;
  private thread: SamplingThread | null = null;
  private readonly predicate: RowPredicate | undefined;
  private keep: number | null = null;
  private readonly extremes: Extreme[];
  /** The rows [0, window) whose lowest and highest values take the extremes. */
  private readonly extremeWindow: number;
  /** Row → the extreme values it takes (column, value), once known. */
  private extremeRows: Map<number, [number, number][]> | null = null;

  constructor(readonly model: RowModel, private readonly o: RowSamplingOptions) {
    const m = model;
    this.streams = new RowStreams(o.seed, 'sample-rows');
    const where = o.where && Object.keys(o.where).length ? o.where : null;
    this.inputs = new RowInputs(m, where, o.clip, o.strataBits ?? 0);
    let predicate = o.filter;
    if (where) {
      // The conditional vector steers the generator; rows that still miss are drawn again.
      const pred: RowPredicate = (row) => Object.entries(where).every(([k, v]) => String(row[k]) === v);
      predicate = o.filter ? (row) => pred(row) && o.filter!(row) : pred;
    }
    this.predicate = predicate;
    this.extremes = (o.extremesWithin ?? 0) >= 1 && !predicate
      ? m.transformer.columns.flatMap((c) => {
        if (c.encoder === 'numeric') return Number.isFinite(c.min) && Number.isFinite(c.max) && c.min < c.max ? [{ name: c.name, min: c.min, max: c.max }] : [];
        // Numbers treated as categories (few distinct values): pair trends bin them over their range too.
        if (c.encoder !== 'categorical' || c.sourceKind !== 'number') return [];
        const values = [...c.slots.categories, ...(c.slots.other?.labels ?? [])].map(Number).filter(Number.isFinite);
        const min = Math.min(...values), max = Math.max(...values);
        return values.length > 1 && min < max ? [{ name: c.name, min, max }] : [];
      })
      : [];
    this.extremeWindow = Math.min(Math.floor(o.extremesWithin ?? 0), EXTREME_WINDOW);
  }

  /**
   * Each numeric column's training minimum and maximum replace its lowest and highest value among
   * the first min(extremesWithin, EXTREME_WINDOW) rows of the table; t holds rows [start, start +
   * t.rowCount). A sample of the training table's size then spans its range as the real table
   * does: the smoothed quantile map alone gives the extreme values only in 1/(2·rows) of draws,
   * and SDMetrics' pair trends bin each table over its own range, so one missing outlier moved
   * every bin (a 54,000-row table with a few outliers: quality 0.95, the same sample with its
   * range 0.99). The rows that take them are the sample's own most extreme ones, so their other
   * columns belong with the extreme (in a random row an extreme moved a 0.97 correlation to 0.91)
   * and no row is added to a tail. Which rows those are is found from the window's rows (in t
   * when it holds them, else drawn once more), so shards and prefixes agree.
   */
  async pinExtremes(t: Table, start: number): Promise<void> {
    const window = this.extremeWindow;
    if (!this.extremes.length || start >= window || t.rowCount === 0) return;
    this.extremeRows ??= await this.extremesOf(start === 0 && t.rowCount >= window ? [t] : this.blocks(0, window, 100_000, false));
    const end = start + t.rowCount;
    for (const [row, sets] of this.extremeRows) {
      if (row < start || row >= end) continue;
      for (const [c, value] of sets) (t.columns[t.names.indexOf(this.extremes[c]!.name)]!.values as Float64Array)[row - start] = value;
    }
  }

  /** Of the window's rows (given as blocks from row 0), each extreme column's first lowest and first highest row. */
  private async extremesOf(blocks: Iterable<Table> | AsyncIterable<Table>): Promise<Map<number, [number, number][]>> {
    const window = this.extremeWindow;
    const lo = this.extremes.map(() => ({ row: -1, v: Infinity })), hi = this.extremes.map(() => ({ row: -1, v: -Infinity }));
    let at = 0;
    for await (const t of blocks) {
      const n = Math.min(t.rowCount, window - at);
      this.extremes.forEach((x, c) => {
        const v = t.columns[t.names.indexOf(x.name)]!.values as Float64Array;
        for (let i = 0; i < n; i++) {
          if (v[i]! < lo[c]!.v) lo[c] = { row: at + i, v: v[i]! };
          if (v[i]! > hi[c]!.v) hi[c] = { row: at + i, v: v[i]! };
        }
      });
      at += n;
      if (at >= window) break;
    }
    const rows = new Map<number, [number, number][]>();
    const put = (row: number, c: number, value: number): void => {
      if (row >= 0) rows.set(row, [...(rows.get(row) ?? []), [c, value]]);
    };
    this.extremes.forEach((x, c) => {
      put(lo[c]!.row, c, x.min);
      // A column whose window has one value only (its lowest row is its highest): the maximum goes to the next row.
      put(hi[c]!.row === lo[c]!.row && hi[c]!.row >= 0 ? (hi[c]!.row + 1) % window : hi[c]!.row, c, x.max);
    });
    return rows;
  }

  /**
   * Rows of `rowIds` (attempt `attempts[i]` each) as a table, and each row's uniform for the copy
   * decision. Exactly the numbers sampler.onnx gets as inputs when fed `noise(…)`.
   */
  async candidates(rowIds: ArrayLike<number>, attempts: ArrayLike<number> | null, streams = this.streams): Promise<Candidates> {
    const n = rowIds.length;
    const chunk = (c: number): [Float64Array, Uint32Array | null] => {
      const from = c * CHUNK, k = Math.min(CHUNK, n - from);
      return [Float64Array.from({ length: k }, (_, i) => rowIds[from + i]!), attempts ? Uint32Array.from({ length: k }, (_, i) => attempts[from + i]!) : null];
    };
    return takeCandidates(this.chunks(Math.ceil(n / CHUNK), chunk, streams), n);
  }

  /**
   * The rows of `count` chunks (chunk(c): its row ids and attempts, arrays of their own that a
   * request hands over), in order. With the sampling thread up, it prepares chunks ahead while
   * this thread runs the generator, and decodes each one's output while the generator runs the
   * next; a chunk it has not prepared, or failed to prepare or decode, is made here (the rows
   * never depend on the thread).
   */
  private async *chunks(count: number, chunk: (c: number) => [Float64Array, Uint32Array | null], streams: RowStreams): AsyncGenerator<ChunkRows> {
    const thread = this.thread;
    const asked = new Map<number, Promise<ThreadRows | null>>();
    // The chunk before this one: its rows, or null where the thread failed to decode them (made here
    // then, while no generator run is in flight).
    let previous: { c: number; rows: Promise<ChunkRows | null> } | null = null;
    const settle = async (p: { c: number; rows: Promise<ChunkRows | null> }): Promise<ChunkRows> => (await p.rows) ?? this.chunkHere(...chunk(p.c), streams);
    for (let c = 0; c < count; c++) {
      for (let a = c; a <= c + PREPARE_AHEAD && a < count && thread?.ready; a++) {
        if (!asked.has(a)) asked.set(a, thread.prepare(...chunk(a), streams).catch(() => null));
      }
      const got = asked.has(c) ? await asked.get(c)! : null;
      asked.delete(c);
      let rows: Promise<ChunkRows | null>;
      if (got && thread) {
        const output = await this.model.trainer.sampleFrom(got.accept.length, got.inputs);
        rows = thread.decode(got.id, output).then((part) => ({ part, accept: got.accept }), () => null);
      } else {
        rows = Promise.resolve(await this.chunkHere(...chunk(c), streams));
      }
      if (previous) yield await settle(previous);
      previous = { c, rows };
    }
    if (previous) yield await settle(previous);
  }

  /** One chunk's rows made on this thread. */
  private async chunkHere(rowIds: Float64Array, attempts: Uint32Array | null, streams: RowStreams): Promise<ChunkRows> {
    const prepared = this.inputs.prepare(rowIds, attempts, streams);
    const output = await this.model.trainer.sampleFrom(rowIds.length, prepared.inputs);
    return { part: this.inputs.decode(output, prepared), accept: prepared.accept };
  }

  /** The uniforms of one row, by role (sampler.onnx's inputs). */
  get roles(): NoiseRole[] {
    return this.inputs.roles;
  }

  /** Categorical columns with a pooled "other" slot (their labels are drawn per row). */
  get pooled(): string[] {
    return this.inputs.pooled;
  }

  /** The noise of rows [from, from + k) of rowIds, one array per role ([k, width] each). */
  noise(rowIds: ArrayLike<number>, attempts: ArrayLike<number> | null, from: number, k: number, streams = this.streams, accept?: Float64Array, ids?: Uint32Array[], pooled?: Float64Array[]): Record<NoiseRoleName, Float32Array> {
    return this.inputs.noise(rowIds, attempts, from, k, streams, accept, ids, pooled);
  }

  /** The generator's inputs for k rows of noise: the latent uniforms, the condition vectors and the copula prior rows. */
  generatorInputs(k: number, noise: Record<NoiseRoleName, Float32Array>): GivenNoise {
    return this.inputs.generatorInputs(k, noise);
  }

  /** The table of rows from their noise (and decoder words) and the generator's output for them (RowInputs.decode). */
  decode(output: Float32Array, rows: Pick<PreparedRows, 'noise' | 'ids' | 'pooled'>): Table {
    return this.inputs.decode(output, rows);
  }

  /**
   * Of a batch with copy share c above the natural rate h, a copy is kept with probability
   * h(1 − c)/(c(1 − h)), so kept rows copy at rate h (copies.ts). Per row this needs c before any
   * row is judged: it is measured once on 10,000 calibration rows of their own stream (the same
   * in every shard).
   */
  private async keepProbability(): Promise<number> {
    if (this.keep !== null) return this.keep;
    const ex = this.o.exclude!;
    if (ex.copyRate <= 0) return (this.keep = 0);
    const n = 10_000;
    const { table } = await this.candidates(Float64Array.from({ length: n }, (_, i) => i), null, new RowStreams(this.o.seed, 'copy-calibration'));
    const flags = ex.index.copies(table);
    let copies = 0;
    for (let i = 0; i < n; i++) copies += flags[i]!;
    const c = copies / n, h = ex.copyRate;
    return (this.keep = c <= h ? 1 : (h * (1 - c)) / (c * (1 - h)));
  }

  /** Which candidates pass: the predicate, and not a refused copy. */
  private async passes(t: Table, accept: Float64Array): Promise<Uint8Array> {
    const ok = new Uint8Array(t.rowCount).fill(1);
    if (this.o.exclude) {
      const keep = await this.keepProbability();
      const flags = this.o.exclude.index.copies(t);
      for (let i = 0; i < t.rowCount; i++) if (flags[i] && !(accept[i]! < keep)) ok[i] = 0;
    }
    if (this.predicate) {
      const row = Object.create(null) as Record<string, Cell>;
      for (let i = 0; i < t.rowCount; i++) {
        if (!ok[i]) continue;
        t.names.forEach((name, j) => (row[name] = cellAt(t.columns[j]!, i)));
        if (!this.predicate(row)) ok[i] = 0;
      }
    }
    return ok;
  }

  /** Rows [start, start + count) of the table, in blocks of at most blockRows rows. */
  async *blocks(start: number, count: number, blockRows = 100_000, extremes = true): AsyncGenerator<Table> {
    // Started now, it boots while the first chunks are made here; closed when the blocks end (or their reader stops).
    const own = !this.thread && this.o.prefetch !== false && count >= THREAD_MIN_ROWS ? openSamplingThread(this.inputs.spec()) : null;
    if (own) this.thread = own;
    try {
      yield* this.blocksFrom(start, count, blockRows, extremes);
    } finally {
      if (own) {
        own.close();
        this.thread = null;
      }
    }
  }

  private async *blocksFrom(start: number, count: number, blockRows: number, extremes: boolean): AsyncGenerator<Table> {
    const size = Math.max(1, blockRows);
    const limit = Math.max(100 * count, 100_000);
    let tried = 0, passed = 0;
    // First attempts of all the rows, one stream of chunks (so the thread prepares across blocks), cut into blocks.
    const firsts = this.chunks(Math.ceil(count / CHUNK), (c) => {
      const from = start + c * CHUNK;
      return [Float64Array.from({ length: Math.min(CHUNK, start + count - from) }, (_, i) => from + i), null];
    }, this.streams);
    const left: { rows: ChunkRows | null; at: number } = { rows: null, at: 0 };
    for (let b = start; b < start + count; b += size) {
      const n = Math.min(size, start + count - b);
      const first = await takeCandidates(firsts, n, left);
      tried += n;
      if (!this.predicate && !this.o.exclude) {
        if (extremes) await this.pinExtremes(first.table, b);
        yield first.table;
        continue;
      }
      const ok = await this.passes(first.table, first.accept);
      const parts: { t: Table; pos: number[] }[] = [];
      const keepIdx: number[] = [];
      let pending: number[] = [];
      for (let i = 0; i < n; i++) (ok[i] ? keepIdx : pending).push(i);
      passed += keepIdx.length;
      parts.push({ t: keepIdx.length === n ? first.table : takeRows(first.table, keepIdx), pos: keepIdx });
      const next = new Uint32Array(n).fill(1);
      while (pending.length) {
        if (tried >= limit) {
          throw new DataError('DATA_CONDITION_TOO_RARE', `only ${passed} of ${tried} generated rows satisfied the condition (${count} wanted)`, {},
            'loosen the condition, or condition on a categorical column so the generator targets it directly');
        }
        // Several attempts per waiting row at once (as many as the pass rate so far suggests): a row is still its first attempt that passes.
        const rate = passed / tried;
        const m = Math.max(1, Math.min(64, Math.ceil(1.5 / Math.max(rate, 1 / 64))));
        const rowIds = new Float64Array(pending.length * m);
        const attempts = new Uint32Array(pending.length * m);
        pending.forEach((p, i) => {
          for (let a = 0; a < m; a++) {
            rowIds[i * m + a] = b + p;
            attempts[i * m + a] = next[p]! + a;
          }
        });
        const c = await this.candidates(rowIds, attempts);
        tried += rowIds.length;
        const okc = await this.passes(c.table, c.accept);
        const take: number[] = [], pos: number[] = [], still: number[] = [];
        pending.forEach((p, i) => {
          let a = 0;
          while (a < m && !okc[i * m + a]) a++;
          if (a < m) {
            take.push(i * m + a);
            pos.push(p);
          } else {
            still.push(p);
            next[p]! += m;
          }
        });
        passed += take.length;
        if (take.length) parts.push({ t: takeRows(c.table, take), pos });
        pending = still;
      }
      const all = parts.length === 1 ? parts[0]!.t : concatTables(parts.map((p) => p.t));
      const order = new Uint32Array(n);
      let at = 0;
      for (const p of parts) for (const q of p.pos) order[q] = at++;
      const block = parts.length === 1 ? all : takeRows(all, order);
      if (extremes) await this.pinExtremes(block, b);
      yield block;
    }
  }
}

/** A chunk's rows: their table (decoded here, or packed by the sampling thread) and each row's uniform for the copy decision. */
interface ChunkRows {
  part: Table | PackedTable;
  accept: Float64Array;
}

/** Sampled rows as a table, and each row's uniform for the copy decision. */
interface Candidates {
  table: Table;
  accept: Float64Array;
}

/** The next n rows of a stream of chunks; `left` holds the chunk the last call stopped in (and where), for the next call. */
async function takeCandidates(chunks: AsyncIterator<ChunkRows>, n: number, left: { rows: ChunkRows | null; at: number } = { rows: null, at: 0 }): Promise<Candidates> {
  const out = new TableBuilder(n);
  const accept = new Float64Array(n);
  for (let at = 0; at < n;) {
    if (!left.rows) {
      const next = await chunks.next();
      if (next.done) throw new RangeError(`takeCandidates: the chunks ended ${n - at} rows short`);
      left.rows = next.value;
      left.at = 0;
    }
    const { part, accept: a } = left.rows;
    const m = Math.min(n - at, part.rowCount - left.at);
    out.add(part, left.at, left.at + m, at);
    accept.set(a.subarray(left.at, left.at + m), at);
    at += m;
    left.at += m;
    if (left.at === part.rowCount) left.rows = null;
  }
  return { table: out.table(), accept };
}

/** Each softmax span becomes the one-hot of the first slot whose cumulative probability exceeds its uniform. */
export function drawGivenOneHots(rows: Float32Array, n: number, layout: SpanLayout, u: Float32Array | undefined): void {
  const w = layout.width;
  const spans = layout.spans.filter((s) => s.activation === 'softmax');
  const starts = Int32Array.from(spans, (s) => s.start), widths = Int32Array.from(spans, (s) => s.width);
  const S = spans.length;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < S; j++) {
      const o = i * w + starts[j]!;
      const width = widths[j]!;
      const x = u![i * S + j]!;
      let c = 0;
      let pick = width - 1;
      for (let k = 0; k < width; k++) {
        c += rows[o + k]!;
        if (x < c) {
          pick = k;
          break;
        }
      }
      // (a loop, not fill: TypedArray.fill's call costs more than these few slots)
      for (let k = 0; k < width; k++) rows[o + k] = 0;
      rows[o + pick] = 1;
    }
  }
}
