/**
 * The layout of a transformed row: consecutive spans, each with a width and the activation the
 * generator's output head applies (after CTGAN's `output_info`). The output heads, the
 * conditional vector and the conditional loss all read this one layout.
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

export interface SpanLayout {
  width: number;
  spans: OutputSpan[];
}

/** Builds a layout from (column, role, width, activation) entries, assigning start offsets. */
export function layoutOf(entries: readonly Omit<OutputSpan, 'start'>[]): SpanLayout {
  let start = 0;
  const spans = entries.map((e) => {
    const s: OutputSpan = { ...e, start };
    start += e.width;
    return s;
  });
  return { width: start, spans };
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
