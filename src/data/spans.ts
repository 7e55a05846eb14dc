/**
 * The layout of a transformed row: consecutive spans, each with a width and the activation the
 * generator's output head applies (after CTGAN's `output_info`), and the same spans by column
 * and role. Transform and inverse, the output heads, the conditional vector and its loss, the
 * copula, the calibration and sampler.onnx all read this one layout.
 */

export type SpanRole = 'value' | 'mode' | 'category' | 'missing' | 'components';
export type SpanActivation = 'tanh' | 'softmax' | 'identity';

export interface OutputSpan {
  /** The source column's name. */
  column: string;
  role: SpanRole;
  /** First index of the span within a transformed row. */
  start: number;
  width: number;
  activation: SpanActivation;
}

/** One column's spans by role; a role the column's encoding has no span for is absent. */
export type ColumnSpans = Partial<Record<Exclude<SpanRole, 'components'>, OutputSpan>>;

export interface SpanLayout {
  width: number;
  spans: OutputSpan[];
  /** Each column's spans (a column without spans, e.g. a constant one, is absent; so are the components). */
  columns: ReadonlyMap<string, ColumnSpans>;
  /** The span of whitened components of the decorrelated columns, if any (decorrelate.ts). */
  components: OutputSpan | null;
}

/** A one-hot span that a condition vector selects: where it sits in a model-space row and in the condition vector. */
export interface CondSpan {
  /** Offset of the span in a model-space row (the generator's output). */
  start: number;
  width: number;
  /** Offset of the same categories in the condition vector. */
  condStart: number;
}

/** Builds a layout from (column, role, width, activation) entries, assigning start offsets. */
export function layoutOf(entries: readonly Omit<OutputSpan, 'start'>[]): SpanLayout {
  let start = 0;
  const spans = entries.map((e) => {
    const s: OutputSpan = { ...e, start };
    start += e.width;
    return s;
  });
  const columns = new Map<string, ColumnSpans>();
  let components: OutputSpan | null = null;
  for (const s of spans) {
    if (s.role === 'components') {
      components ??= s;
      continue;
    }
    const c = columns.get(s.column) ?? {};
    // The first span of a role is the column's (as a search in row order finds it).
    c[s.role] ??= s;
    columns.set(s.column, c);
  }
  return { width: start, spans, columns, components };
}

/** The spans of `column` by role (none for a column without spans). */
export function spansOf(layout: SpanLayout, column: string): ColumnSpans {
  return layout.columns.get(column) ?? {};
}

/** Index of the largest entry of `data[offset .. offset + width)` (the chosen slot of a one-hot or softmax span). */
export function argmaxSpan(data: ArrayLike<number>, offset: number, width: number): number {
  let best = 0;
  let bestV = -Infinity;
  for (let j = 0; j < width; j++) {
    const v = data[offset + j]!;
    if (v > bestV) {
      bestV = v;
      best = j;
    }
  }
  return best;
}
