/**
 * Column codecs as a table (after CTGAN's ColumnTransformInfo): a fitted column's state names
 * its codec kind, and the codec of that kind says which spans the column takes in a transformed
 * row, how the column's cells become those spans (encode) and how the spans become cells again
 * (decode). spanLayout, transform and inverseTransform (transformer.ts) dispatch through this
 * table only; the numeric kinds share the missing indicator and the rounding, and differ in how
 * one value is normalised (fit, encode, decode).
 */
import { DataError } from '../util/errors.js';
import { Rng } from '../util/rng.js';
import { categoryKey, type ColumnSchema } from './schema.js';
import type { ColumnData, Table } from './table.js';
import { fitMinMax, encodeMinMax, decodeMinMax } from './minmax.js';
import { encodeStandard, decodeStandard, type StandardState } from './standard.js';
import { fitModeNormalizer, modeEncoder, decodeMode } from './mode.js';
import { fitQuantile, encodeQuantile, quantileDecoder, atomPlacement } from './quantile.js';
import { categoryWidth, slotOf, categoryOfSlot, categoryOfSlotGiven } from './onehot.js';
import { roundTo, toRaw } from './precision.js';
import { argmaxSpan, type ColumnSpans, type OutputSpan, type SpanActivation } from './spans.js';
import { freshIdentifiers, identifiersOf } from './identifier.js';
import type { CategoricalColumnState, ColumnState, ConstantColumnState, ContinuousMethod, NumericColumnState, TransformerOptions } from './transformer.js';

/** A column's codec: a numeric normalisation, a category one-hot, a constant, or fresh identifiers. */
export type CodecKind = ContinuousMethod | 'category' | 'constant' | 'identifier';

/** A span of a column before offsets are assigned (spans.ts's layoutOf assigns them). */
export type SpanEntry = Omit<OutputSpan, 'start'>;

export interface EncodeTarget {
  table: Table;
  /** [rows, width] model-space rows being written. */
  out: Float32Array;
  width: number;
}

export interface DecodeSource {
  /** [rows, width] model-space rows. */
  data: Float32Array;
  rows: number;
  width: number;
  clip: boolean;
  /** Draws pooled ("other") categories by frequency; without it the most frequent pooled label is used. */
  rng?: Rng;
  /** This column's pooled draws given as one uniform per row (instead of rng), e.g. from the rows' own streams. */
  pooledUniforms?: ArrayLike<number>;
  /** Draws the fresh values of identifier columns. */
  ids?: Rng;
  /** This identifier column's values as three words per row (instead of ids). */
  idWords?: Uint32Array;
  /** Row i's normal score of this column when it is one of the decorrelated columns (its value is in the components), else null. */
  blockScore: ((i: number) => number) | null;
}

export interface Codec<S extends ColumnState = ColumnState> {
  /** The column's spans in row order; `rotated`: its value is generated among the decorrelated components. */
  spans(col: S, rotated: boolean): SpanEntry[];
  /** Writes the column's cells of every row into its spans. */
  encode(col: S, spans: ColumnSpans, t: EncodeTarget): void;
  /** The column's cells of every row, from its spans. */
  decode(col: S, spans: ColumnSpans, s: DecodeSource): ColumnData;
}

/** How one numeric value is normalised: the numeric kinds' part of their codec. */
export interface NumericNormaliser {
  /** The value span's activation. */
  activation: SpanActivation;
  /** The normaliser's fitted state, as a field of the column's state. */
  fit(values: Float64Array, s: ColumnSchema, stats: StandardState, opts: TransformerOptions): Partial<NumericColumnState>;
  /** Spans after the value span (a mode's one-hot). */
  more(col: NumericColumnState): SpanEntry[];
  /** Writes every row's value xs[i] (a missing one already replaced by the fill) into the column's spans of `out`; `column` is the table's column index. */
  encode(col: NumericColumnState, spans: ColumnSpans, xs: Float64Array, column: number, out: Float32Array, width: number): void;
  /** A reader of a row's value from its value span's v (finite) and the rest of the row at `row`, before clipping and rounding. */
  decoder(col: NumericColumnState, spans: ColumnSpans): (v: number, data: Float32Array, row: number) => number;
}

const noMore = (): SpanEntry[] => [];

/** The numeric normalisers, by ContinuousMethod. */
export const NORMALISERS: Record<ContinuousMethod, NumericNormaliser> = {
  minmax: {
    activation: 'tanh',
    fit: (_v, s) => ({ minmax: fitMinMax(s.min!, s.max!) }),
    more: noMore,
    encode: (col, spans, xs, _column, out, w) => {
      const at = spans.value!.start, m = col.minmax!;
      for (let i = 0; i < xs.length; i++) out[i * w + at] = encodeMinMax(m, xs[i]!);
    },
    decoder: (col) => (v) => decodeMinMax(col.minmax!, v),
  },
  standard: {
    activation: 'identity',
    fit: (_v, _s, stats) => ({ standard: stats }),
    more: noMore,
    encode: (col, spans, xs, _column, out, w) => {
      const at = spans.value!.start, st = col.standard!;
      for (let i = 0; i < xs.length; i++) out[i * w + at] = encodeStandard(st, xs[i]!);
    },
    decoder: (col) => (v) => decodeStandard(col.standard!, v),
  },
  gaussian: {
    activation: 'identity',
    fit: (v) => ({ quantile: fitQuantile(v) }),
    more: noMore,
    encode: (col, spans, xs, column, out, w) => {
      const at = spans.value!.start, q = col.quantile!;
      // Row i with the column index places a value that is an atom (quantile.ts).
      for (let i = 0; i < xs.length; i++) out[i * w + at] = encodeQuantile(q, xs[i]!, atomPlacement(i, column));
    },
    decoder: (col) => quantileDecoder(col.quantile!),
  },
  mode: {
    activation: 'tanh',
    fit: (v, s, _stats, opts) => {
      const modeOpts: Parameters<typeof fitModeNormalizer>[1] = { rng: opts.rng.fork(s.name) };
      if (opts.maxModes !== undefined) modeOpts.maxModes = opts.maxModes;
      if (opts.sampleSize !== undefined) modeOpts.sampleSize = opts.sampleSize;
      if (opts.mixture !== undefined) modeOpts.mixture = opts.mixture;
      if (opts.continuous === 'auto') {
        modeOpts.mixture = opts.mixture ?? 'bic';
        modeOpts.maxModes = opts.maxModes ?? 3;
      }
      return { mode: fitModeNormalizer(v, modeOpts) };
    },
    more: (col) => [{ column: col.name, role: 'mode', width: col.mode!.means.length, activation: 'softmax' }],
    encode: (col, spans, xs, _column, out, w) => {
      const encode = modeEncoder(col.mode!);
      const alpha = new Float64Array(1);
      const value = spans.value!.start, mode = spans.mode!.start;
      for (let i = 0; i < xs.length; i++) {
        const k = encode(xs[i]!, alpha);
        out[i * w + value] = alpha[0]!;
        out[i * w + mode + k] = 1;
      }
    },
    decoder: (col, spans) => {
      const mode = spans.mode!;
      return (v, data, row) => decodeMode(col.mode!, v, argmaxSpan(data, row + mode.start, mode.width));
    },
  },
};

export function columnOf(table: Table, name: string): ColumnData {
  const j = table.names.indexOf(name);
  if (j < 0) throw new DataError('DATA_UNKNOWN_COLUMN', 'the table has no such column', { column: name }, `columns are: ${table.names.join(', ')}`);
  return table.columns[j]!;
}

export function nonFiniteOutput(row: number, column: string, v: number): DataError {
  return new DataError('DATA_NON_FINITE_OUTPUT', `model output is ${v}`, { row: row + 1, column }, 'the generator produced NaN/Infinity: training diverged; resume from an earlier checkpoint');
}

function finishNumber(col: NumericColumnState, x: number, clip: boolean): number {
  if (clip) x = Math.max(col.min, Math.min(col.max, x));
  if (col.step !== null) return Math.round(x / col.step) * col.step;
  if (col.decimals !== null) return col.raw ? toRaw(col.raw, roundTo(x, col.decimals)) : roundTo(x, col.decimals);
  return x;
}

function fromCategory(col: CategoricalColumnState, key: string | null): number | string | boolean | null {
  if (key === null) return null;
  if (col.sourceKind === 'number' || col.sourceKind === 'datetime') return Number(key);
  if (col.sourceKind === 'boolean') return key === 'true';
  return key;
}

function buildColumn(kind: ColumnData['kind'], values: (number | string | boolean | null)[]): ColumnData {
  if (kind === 'number' || kind === 'datetime') return { kind, values: Float64Array.from(values, (v) => (v === null ? NaN : (v as number))) };
  if (kind === 'boolean') return { kind, values: values as (boolean | null)[] };
  return { kind, values: values.map((v) => (v === null ? null : String(v))) };
}

/** Continuous, integer and datetime columns: a value span normalised by the column's method, plus a missing indicator if it has missing cells. */
const numericCodec: Codec<NumericColumnState> = {
  spans(col, rotated) {
    const n = NORMALISERS[col.method];
    return [
      ...(rotated ? [] : [{ column: col.name, role: 'value' as const, width: 1, activation: n.activation }]),
      ...n.more(col),
      ...(col.missing ? [{ column: col.name, role: 'missing' as const, width: 2, activation: 'softmax' as const }] : []),
    ];
  },
  encode(col, spans, { table, out, width: w }) {
    const c = columnOf(table, col.name);
    if (c.kind !== 'number' && c.kind !== 'datetime') {
      throw new DataError('DATA_TYPE_MISMATCH', `expected numbers, got a ${c.kind} column`, { column: col.name }, 'pass a table with the same column types as the one fitted');
    }
    const v = c.values;
    const miss = spans.missing;
    const xs = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) {
      let x = v[i]!;
      const isMissing = Number.isNaN(x);
      if (isMissing) {
        if (!miss) {
          throw new DataError('DATA_UNEXPECTED_MISSING', 'missing value in a column that had none when the transformer was fitted', { row: i + 1, column: col.name }, 'refit on data that includes missing values');
        }
        x = col.fill;
      }
      xs[i] = x;
      if (miss) out[i * w + miss.start + (isMissing ? 1 : 0)] = 1;
    }
    // A decorrelated column has no value span: its score goes into the components (transformer.ts).
    if (spans.value) NORMALISERS[col.method].encode(col, spans, xs, table.names.indexOf(col.name), out, w);
  },
  decode(col, spans, { data, rows, width: w, clip, blockScore }) {
    const { value, missing: miss } = spans;
    const n = NORMALISERS[col.method];
    const read = blockScore ? null : n.decoder(col, spans);
    const fromScore = blockScore ? quantileDecoder(col.quantile!) : null;
    const out = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      const row = i * w;
      if (miss && argmaxSpan(data, row + miss.start, 2) === 1) {
        out[i] = NaN;
        continue;
      }
      if (fromScore) {
        out[i] = finishNumber(col, fromScore(blockScore!(i)), clip);
        continue;
      }
      const v = data[row + value!.start]!;
      if (!Number.isFinite(v)) throw nonFiniteOutput(i, col.name, v);
      out[i] = finishNumber(col, read!(v, data, row), clip);
    }
    return { kind: col.sourceKind as 'number' | 'datetime', values: out };
  },
};

/** Categorical and boolean columns (and a constant one with missing cells): one one-hot span, missing one of its slots. */
const categoryCodec: Codec<CategoricalColumnState> = {
  spans: (col) => [{ column: col.name, role: 'category', width: categoryWidth(col.slots), activation: 'softmax' }],
  encode(col, spans, { table, out, width: w }) {
    const c = columnOf(table, col.name);
    const at = spans.category!.start;
    for (let i = 0; i < c.values.length; i++) {
      const key = categoryKey(c, i);
      const slot = slotOf(col.slots, key);
      if (slot < 0) {
        throw new DataError(
          key === null ? 'DATA_UNEXPECTED_MISSING' : 'DATA_UNKNOWN_CATEGORY',
          key === null ? 'missing value in a column that had none when the transformer was fitted' : `category "${key}" was not seen when the transformer was fitted`,
          { row: i + 1, column: col.name },
          'refit on data that includes it',
        );
      }
      out[i * w + at + slot] = 1;
    }
  },
  decode(col, spans, { data, rows, width: w, rng, pooledUniforms }) {
    const s = spans.category!;
    const width = s.width;
    // Each slot's cell, decoded once; only the pooled "other" slot draws its label per row (with rng).
    const cells = Array.from({ length: width }, (_, k) => fromCategory(col, categoryOfSlot(col.slots, k)));
    const pooled = (rng || pooledUniforms) && col.slots.other ? col.slots.categories.length : -1;
    const slots = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      const at = i * w + s.start;
      // argmaxSpan's choice (the first largest), refusing NaN.
      let best = 0, bestV = -Infinity;
      for (let k = 0; k < width; k++) {
        const v = data[at + k]!;
        if (v !== v) throw nonFiniteOutput(i, col.name, NaN);
        if (v > bestV) {
          bestV = v;
          best = k;
        }
      }
      slots[i] = best;
    }
    const pooledCell = (i: number): number | string | boolean | null =>
      fromCategory(col, pooledUniforms ? categoryOfSlotGiven(col.slots, pooled, pooledUniforms[i]!) : categoryOfSlot(col.slots, pooled, rng));
    const cell = (i: number): number | string | boolean | null => (slots[i] === pooled ? pooledCell(i) : cells[slots[i]!]!);
    if (col.sourceKind === 'number' || col.sourceKind === 'datetime') {
      const out = new Float64Array(rows);
      for (let i = 0; i < rows; i++) {
        const v = cell(i);
        out[i] = v === null ? NaN : (v as number);
      }
      return { kind: col.sourceKind, values: out };
    }
    const values = new Array<string | boolean | null>(rows);
    if (col.sourceKind === 'boolean') for (let i = 0; i < rows; i++) values[i] = cell(i) as boolean | null;
    else for (let i = 0; i < rows; i++) {
      const v = cell(i);
      values[i] = v === null ? null : String(v);
    }
    return { kind: col.sourceKind, values } as ColumnData;
  },
};

/** Constant and all-missing columns: no span, reproduced from the state. */
const constantCodec: Codec<ConstantColumnState> = {
  spans: () => [],
  encode: () => {},
  decode: (col, _spans, { rows }) => buildColumn(col.sourceKind, new Array(rows).fill(col.value)),
};

/** Identifier columns: no span, fresh unique values in the column's pattern. */
const identifierCodec: Codec<ConstantColumnState> = {
  spans: () => [],
  encode: () => {},
  decode: (col, _spans, { rows, ids, idWords }) => ({
    kind: 'string',
    values: idWords ? identifiersOf(col.identifier!.prefix, idWords, rows) : freshIdentifiers(col.identifier!, rows, ids ?? new Rng('identifiers')),
  }),
};

const CODECS: { [K in CodecKind]: Codec<never> } = {
  minmax: numericCodec, standard: numericCodec, gaussian: numericCodec, mode: numericCodec,
  category: categoryCodec, constant: constantCodec, identifier: identifierCodec,
};

export function codecKind(col: ColumnState): CodecKind {
  if (col.encoder === 'numeric') return col.method;
  if (col.encoder === 'categorical') return 'category';
  return col.identifier ? 'identifier' : 'constant';
}

/** The codec of a fitted column. */
export function codecOf(col: ColumnState): Codec {
  return CODECS[codecKind(col)] as Codec;
}
