/**
 * Table ⇄ model-space encoding. `fitTransformer` learns a frozen, JSON-serialisable state;
 * `transform` and `inverseTransform` are pure functions of that state. Layout per column:
 * continuous/integer/datetime → value span (+ mode span for mode-specific normalisation)
 * (+ missing indicator); categorical/boolean → one one-hot span (missing is one of its slots);
 * constant and all-missing columns → no span, reproduced from the state (a constant column
 * with missing cells gets a value/missing one-hot instead). Each column's spans, encoding and
 * decoding are its codec's (codecs.ts); this file fits the states and runs the codecs over a table.
 */
import { ConfigError, DataError } from '../util/errors.js';
import type { Rng } from '../util/rng.js';
import { categoryKey, categorySlots, type ColumnSchema, type ColumnType, type Schema } from './schema.js';
import { makeTable, type ColumnData, type Table } from './table.js';
import type { MinMaxState } from './minmax.js';
import { fitStandard, type StandardState } from './standard.js';
import type { ModeState } from './mode.js';
import { fitQuantile, encodeQuantile, atomPlacement, type QuantileState } from './quantile.js';
import { fitDecorrelation, encodeDecorrelated, decodeDecorrelated, type DecorrelationState } from './decorrelate.js';
import { fitCategories, type CategoryState } from './onehot.js';
import { observedDecimals, datetimeStep, rawValues, type RawValues } from './precision.js';
import { layoutOf, spansOf, type SpanLayout } from './spans.js';
import type { IdentifierPattern } from './identifier.js';
import { codecOf, columnOf, NORMALISERS, nonFiniteOutput, type SpanEntry } from './codecs.js';

export type ContinuousMethod = 'minmax' | 'standard' | 'mode' | 'gaussian';
/**
 * 'auto': per column, mode-specific normalisation where the values are clearly multi-modal, else
 * normal scores ('gaussian'), decorrelated jointly unless `decorrelate` is false.
 */
export type ContinuousOption = ContinuousMethod | 'auto';

export interface TransformerOptions {
  /** Encoding of continuous, integer and datetime columns. */
  continuous: ContinuousOption;
  /**
   * Rotate the normal scores of the 'gaussian'-encoded columns jointly to whitened principal
   * components (decorrelate.ts); the generator outputs those instead of one value per column.
   * Default: true with 'auto' and 'gaussian'.
   */
  decorrelate?: boolean;
  /** Mode-specific normalisation: most mixture components per column (default 10). */
  maxModes?: number;
  /** Mode-specific normalisation: mixtures are fitted on at most this many values per column (default 10,000). */
  sampleSize?: number;
  /** Mode-specific normalisation: 'bayesian' (default; CTGAN's variational mixture) or 'bic' (EM, K chosen by BIC). */
  mixture?: 'bayesian' | 'bic';
  /** One-hot width limit before rare categories are pooled (default: categorySlots' rule, schema.ts). */
  maxCategories?: number;
  /** Used for the mixture fit's sample; the fit is deterministic given its state. */
  rng: Rng;
}

interface ColumnBase {
  name: string;
  type: ColumnType;
  sourceKind: ColumnData['kind'];
}

export interface NumericColumnState extends ColumnBase {
  encoder: 'numeric';
  method: ContinuousMethod;
  /** Observed range, for optional clipping on inverse. */
  min: number;
  max: number;
  /** Round to this many decimals on inverse (0 for integers; null: no rounding). */
  decimals: number | null;
  /** With decimals: the raw values written for rounded ones (float noise such as 0.0899999999999999; precision.ts). */
  raw?: RawValues;
  /** Datetimes: round to this many milliseconds on inverse. */
  step: number | null;
  /** The column has missing values and therefore a missing-indicator span. */
  missing: boolean;
  /** The value encoded in place of a missing one (the mean). */
  fill: number;
  minmax?: MinMaxState;
  standard?: StandardState;
  mode?: ModeState;
  quantile?: QuantileState;
}

export interface CategoricalColumnState extends ColumnBase {
  encoder: 'categorical';
  slots: CategoryState;
}

export interface ConstantColumnState extends ColumnBase {
  encoder: 'constant';
  /** The one value (null: the column is all missing). */
  value: number | string | boolean | null;
  /** An identifier column: not modelled, generated as fresh unique values (identifier.ts). */
  identifier?: IdentifierPattern;
}

export type ColumnState = NumericColumnState | CategoricalColumnState | ConstantColumnState;

export interface TransformerState {
  format: 'ganforge.transformer';
  version: 1;
  continuous: ContinuousOption;
  rowCount: number;
  columns: ColumnState[];
  /** The whitening rotation over the 'gaussian' columns (their values are generated jointly). */
  decorrelation?: DecorrelationState;
}

export interface InverseOptions {
  /** Clip numeric values to the range seen at fit time. */
  clip?: boolean;
  /** Draws pooled ("other") categories by frequency; without it the most frequent pooled label is used. */
  rng?: Rng;
  /** Per column name: its pooled draws as one uniform per row, instead of rng (row-sampling.ts: from each row's own stream). */
  pooledUniforms?: ReadonlyMap<string, ArrayLike<number>>;
  /** Draws the fresh values of identifier columns (only consumed when there are any). */
  ids?: Rng;
  /** Per identifier column name: its values' words, three per row, instead of ids (row-sampling.ts: from each row's own stream). */
  idWords?: ReadonlyMap<string, Uint32Array>;
}

/** The first non-missing value (null for an all-missing column). */
function constantValue(c: ColumnData): number | string | boolean | null {
  for (let i = 0; i < c.values.length; i++) {
    const v = c.values[i];
    if (v !== null && !(typeof v === 'number' && Number.isNaN(v))) return v as number | string | boolean;
  }
  return null;
}

function fitNumeric(c: ColumnData, s: ColumnSchema, opts: TransformerOptions): NumericColumnState {
  if (c.kind !== 'number' && c.kind !== 'datetime') {
    throw new DataError('DATA_TYPE_MISMATCH', `a ${c.kind} column cannot be encoded as ${s.type}`, { column: s.name }, 'override its type to categorical');
  }
  const v = c.values;
  const stats = fitStandard(v);
  const state: NumericColumnState = {
    encoder: 'numeric',
    name: s.name,
    type: s.type,
    sourceKind: c.kind,
    method: opts.continuous === 'auto' ? 'mode' : opts.continuous,
    min: s.min!,
    max: s.max!,
    decimals: s.type === 'integer' ? 0 : s.type === 'datetime' ? null : observedDecimals(v),
    step: s.type === 'datetime' ? datetimeStep(v) : null,
    missing: s.missingCount > 0,
    fill: stats.mean,
  };
  const raw = state.decimals === null ? undefined : rawValues(v, state.decimals);
  if (raw) state.raw = raw;
  if (opts.continuous !== 'auto') return Object.assign(state, NORMALISERS[opts.continuous].fit(v, s, stats, opts));
  const mode = NORMALISERS.mode.fit(v, s, stats, opts).mode!;
  if (!clearlyMultimodal(mode)) {
    state.method = 'gaussian';
    state.quantile = fitQuantile(v);
  } else state.mode = mode;
  return state;
}

/**
 * At least two modes that each hold ≥ 10 % of the values and are separated by Ashman's D > 3
 * (D = √2·|μ₁ − μ₂| / √(σ₁² + σ₂²); Ashman, Bird & Zeng 1994): a mixture a per-mode encoding helps.
 * Otherwise normal scores are easier for a GAN to learn from a small table (measured on the five
 * reference tables against min-max and against normal scores everywhere: see the README).
 */
function clearlyMultimodal(m: { weights: number[]; means: number[]; stds: number[] }): boolean {
  const big = m.weights.map((w, k) => ({ w, k })).filter((c) => c.w >= 0.1).map((c) => c.k);
  for (let a = 0; a < big.length; a++) {
    for (let b = a + 1; b < big.length; b++) {
      const i = big[a]!, j = big[b]!;
      const d = (Math.SQRT2 * Math.abs(m.means[i]! - m.means[j]!)) / Math.sqrt(m.stds[i]! ** 2 + m.stds[j]! ** 2);
      if (d > 3) return true;
    }
  }
  return false;
}

export function fitTransformer(table: Table, schema: Schema, opts: TransformerOptions): TransformerState {
  if (!['minmax', 'standard', 'mode', 'gaussian', 'auto'].includes(opts.continuous)) {
    throw new ConfigError('CONFIG_BAD_VALUE', `unknown continuous encoding "${String(opts.continuous)}"`, 'continuous', "use 'auto', 'minmax', 'standard', 'mode' or 'gaussian'");
  }
  if (opts.maxModes !== undefined && !(Number.isInteger(opts.maxModes) && opts.maxModes >= 1)) {
    throw new ConfigError('CONFIG_BAD_VALUE', `maxModes must be a whole number ≥ 1, got ${opts.maxModes}`, 'maxModes');
  }
  const columns = schema.columns.map((s): ColumnState => {
    const c = columnOf(table, s.name);
    if (s.allMissing || (s.constant && s.missingCount === 0)) return { encoder: 'constant', name: s.name, type: s.type, sourceKind: c.kind, value: constantValue(c) };
    if (s.identifier) return { encoder: 'constant', name: s.name, type: s.type, sourceKind: c.kind, value: null, identifier: s.identifier };
    if (s.constant) {
      // One value plus missing cells: a two-slot one-hot (value / missing) keeps the missing share.
      const key = categoryKey(c, c.values.findIndex((_, i) => categoryKey(c, i) !== null))!;
      return { encoder: 'categorical', name: s.name, type: s.type, sourceKind: c.kind, slots: fitCategories([key], [s.rowCount - s.missingCount], true, categorySlots([s.rowCount - s.missingCount], opts.maxCategories)) };
    }
    if (s.type === 'categorical' || s.type === 'boolean') {
      return { encoder: 'categorical', name: s.name, type: s.type, sourceKind: c.kind, slots: fitCategories(s.categories!, s.categoryCounts!, s.missingCount > 0, categorySlots(s.categoryCounts!, opts.maxCategories)) };
    }
    return fitNumeric(c, s, opts);
  });
  const state: TransformerState = { format: 'ganforge.transformer', version: 1, continuous: opts.continuous, rowCount: table.rowCount, columns };
  const block = columns.filter((c): c is NumericColumnState => c.encoder === 'numeric' && c.method === 'gaussian');
  if ((opts.decorrelate ?? (opts.continuous === 'auto' || opts.continuous === 'gaussian')) && block.length > 1) {
    const z = new Float64Array(table.rowCount * block.length);
    const scores = blockScores(block, table);
    for (let i = 0; i < table.rowCount; i++) scores(i, z, i * block.length);
    state.decorrelation = fitDecorrelation(z, table.rowCount, block.map((c) => c.name));
  }
  if (spanLayout(state).width === 0) {
    throw new DataError('DATA_NOTHING_TO_LEARN', 'every column is constant or all missing', {}, 'add columns that vary, or check the file was read with the right delimiter');
  }
  return state;
}

const layoutCache = new WeakMap<TransformerState, SpanLayout>();

/** The output layout of a fitted transformer (one entry per span, in row order). */
export function spanLayout(state: TransformerState): SpanLayout {
  let layout = layoutCache.get(state);
  if (layout) return layout;
  const entries: SpanEntry[] = [];
  const rotated = new Set(state.decorrelation?.columns ?? []);
  for (const col of state.columns) entries.push(...codecOf(col).spans(col, rotated.has(col.name)));
  if (state.decorrelation) {
    // One span of whitened components, named after the block's first column.
    entries.push({ column: state.decorrelation.columns[0]!, role: 'components', width: state.decorrelation.basis.length, activation: 'identity' });
  }
  layout = layoutOf(entries);
  layoutCache.set(state, layout);
  return layout;
}

/** Writes row i's normal scores of the block's columns to out[at ..] (a missing value scores 0, the median). */
function blockScores(block: NumericColumnState[], table: Table): (i: number, out: Float64Array, at: number) => void {
  const values = block.map((col) => columnOf(table, col.name).values as Float64Array);
  const ids = block.map((col) => table.names.indexOf(col.name));
  return (i, out, at) => {
    for (let j = 0; j < block.length; j++) {
      const x = values[j]![i]!;
      out[at + j] = Number.isNaN(x) ? 0 : encodeQuantile(block[j]!.quantile!, x, atomPlacement(i, ids[j]!));
    }
  };
}

/** Encodes `table` row-major into [rowCount, width] float32. */
export function transform(state: TransformerState, table: Table): Float32Array {
  const layout = spanLayout(state);
  const n = table.rowCount;
  const w = layout.width;
  const out = new Float32Array(n * w);
  for (const col of state.columns) codecOf(col).encode(col, spansOf(layout, col.name), { table, out, width: w });
  const dc = state.decorrelation;
  if (dc) {
    const scores = blockScores(dc.columns.map((name) => numericColumn(state, name)), table);
    const at = layout.components!.start;
    const z = new Float64Array(dc.columns.length);
    for (let i = 0; i < n; i++) {
      scores(i, z, 0);
      encodeDecorrelated(dc, z, out, i * w + at);
    }
  }
  return out;
}

function numericColumn(state: TransformerState, name: string): NumericColumnState {
  return state.columns.find((c) => c.name === name && c.encoder === 'numeric') as NumericColumnState;
}

/** Decodes [rowCount, width] model output (or transformed data) back into a table of the original types. */
export function inverseTransform(state: TransformerState, data: Float32Array, rowCount: number, opts: InverseOptions = {}): Table {
  const layout = spanLayout(state);
  const w = layout.width;
  if (data.length !== rowCount * w) {
    throw new RangeError(`inverseTransform: ${data.length} values for ${rowCount} rows of width ${w}`);
  }
  const clip = opts.clip ?? false;
  // The decorrelated block first: every row's components back to the block's normal scores.
  const dc = state.decorrelation;
  const d = dc?.columns.length ?? 0;
  const scores = new Float64Array(rowCount * d);
  if (dc) {
    const comps = layout.components!;
    const z = new Float64Array(d);
    for (let i = 0; i < rowCount; i++) {
      const at = i * w + comps.start;
      for (let k = 0; k < comps.width; k++) if (!Number.isFinite(data[at + k]!)) throw nonFiniteOutput(i, dc.columns.join('/'), data[at + k]!);
      decodeDecorrelated(dc, data, at, z);
      scores.set(z, i * d);
    }
  }
  const columns = state.columns.map((col): ColumnData => {
    const inBlock = dc && col.encoder === 'numeric' ? dc.columns.indexOf(col.name) : -1;
    const blockScore = inBlock >= 0 ? (i: number): number => scores[i * d + inBlock]! : null;
    return codecOf(col).decode(col, spansOf(layout, col.name), { data, rows: rowCount, width: w, clip, rng: opts.rng, pooledUniforms: opts.pooledUniforms?.get(col.name), ids: opts.ids, idWords: opts.idWords?.get(col.name), blockScore });
  });
  return makeTable(
    state.columns.map((c) => c.name),
    columns,
  );
}
