/**
 * CTGAN's conditional vector and training-by-sampling (Xu et al. 2019, §4.3; `data_sampler.py`).
 * The conditional vector is the concatenation of one one-hot block per categorical/boolean
 * column. Training picks a column uniformly, a category with probability ∝ log(1 + count), and a
 * real row having that category, so rare categories are seen often enough to be learned.
 */
import { DataError } from '../util/errors.js';
import type { Rng } from '../util/rng.js';
import { categoryOfSlot, slotOf } from './onehot.js';
import { argmaxSpan, type CondSpan } from './spans.js';
import { spanLayout, type CategoricalColumnState, type TransformerState } from './transformer.js';

/** One conditional block: a categorical column's one-hot span in the data (`start`) and in the condition vector (`condStart`). */
export interface CondBlock extends CondSpan {
  column: string;
}

export interface TrainingCondition {
  /** [batch, condWidth] one-hot conditions. */
  cond: Float32Array;
  /** [batch, nDiscreteColumns]: 1 for the column each condition is on. */
  mask: Float32Array;
  /** A real row index having the chosen category, per condition. */
  rows: Uint32Array;
}

/** Cumulative distribution for O(log n) sampling. */
function cumulative(weights: readonly number[]): Float64Array {
  const c = new Float64Array(weights.length);
  let s = 0;
  weights.forEach((w, i) => (c[i] = s += w));
  return c;
}

function drawFrom(cdf: Float64Array, rng: Rng): number {
  const r = rng.uniform() * cdf[cdf.length - 1]!;
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid]! > r) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export class ConditionalSampler {
  readonly blocks: CondBlock[];
  readonly condWidth: number;
  private readonly rowsByCategory: Uint32Array[][];
  private readonly logFreqCdf: Float64Array[];
  private readonly freqCdf: Float64Array[];
  private readonly states: CategoricalColumnState[];

  /** `encoded` is `transform(state, table)`: [rowCount, width]. */
  constructor(private readonly state: TransformerState, encoded: Float32Array, rowCount: number) {
    const layout = spanLayout(state);
    if (encoded.length !== rowCount * layout.width) throw new RangeError(`ConditionalSampler: ${encoded.length} values for ${rowCount} rows of width ${layout.width}`);
    this.blocks = [];
    this.states = [];
    let condStart = 0;
    for (const span of layout.spans) {
      if (span.role !== 'category') continue;
      this.blocks.push({ column: span.column, start: span.start, condStart, width: span.width });
      this.states.push(state.columns.find((c) => c.name === span.column) as CategoricalColumnState);
      condStart += span.width;
    }
    this.condWidth = condStart;
    this.rowsByCategory = this.blocks.map((b) => {
      const lists: number[][] = Array.from({ length: b.width }, () => []);
      for (let i = 0; i < rowCount; i++) lists[argmaxSpan(encoded, i * layout.width + b.start, b.width)]!.push(i);
      return lists.map((l) => Uint32Array.from(l));
    });
    this.freqCdf = this.rowsByCategory.map((lists) => cumulative(lists.map((l) => l.length)));
    this.logFreqCdf = this.rowsByCategory.map((lists) => cumulative(lists.map((l) => (l.length > 0 ? Math.log(1 + l.length) : 0))));
  }

  get discreteColumnCount(): number {
    return this.blocks.length;
  }

  /** Conditions for a training batch (training-by-sampling). Empty arrays when there are no categorical columns. */
  sampleTrain(batch: number, rng: Rng): TrainingCondition {
    const cond = new Float32Array(batch * this.condWidth);
    const mask = new Float32Array(batch * this.blocks.length);
    const rows = new Uint32Array(this.condWidth === 0 ? 0 : batch);
    if (this.condWidth === 0) return { cond, mask, rows };
    for (let i = 0; i < batch; i++) {
      const b = rng.int(this.blocks.length);
      const cat = drawFrom(this.logFreqCdf[b]!, rng);
      cond[i * this.condWidth + this.blocks[b]!.condStart + cat] = 1;
      mask[i * this.blocks.length + b] = 1;
      const candidates = this.rowsByCategory[b]![cat]!;
      rows[i] = candidates[rng.int(candidates.length)]!;
    }
    return { cond, mask, rows };
  }

  /** Conditions for generation: a column uniformly, then a category by its empirical frequency. */
  sampleOriginal(batch: number, rng: Rng): Float32Array {
    const cond = new Float32Array(batch * this.condWidth);
    if (this.condWidth === 0) return cond;
    for (let i = 0; i < batch; i++) {
      const b = rng.int(this.blocks.length);
      cond[i * this.condWidth + this.blocks[b]!.condStart + drawFrom(this.freqCdf[b]!, rng)] = 1;
    }
    return cond;
  }

  /**
   * The same condition for every row of a batch, from column=value pairs (e.g. `{species: 'setosa'}`).
   * Several columns may be set at once; training conditions on one column at a time, so such
   * combinations are followed less tightly and are best checked (or rejection-sampled) afterwards.
   */
  condFor(where: Readonly<Record<string, string>>, batch: number): Float32Array {
    const cond = new Float32Array(batch * this.condWidth);
    const entries = Object.entries(where);
    for (const [column, value] of entries) {
      const b = this.blocks.findIndex((bl) => bl.column === column);
      if (b < 0) {
        const known = this.state.columns.some((c) => c.name === column);
        throw new DataError(
          known ? 'DATA_NOT_CATEGORICAL' : 'DATA_UNKNOWN_COLUMN',
          known ? 'only categorical and boolean columns can be conditioned on' : 'no such column to condition on',
          { column },
          known ? 'use a rejection-sampling condition (e.g. a predicate) for numeric columns' : `categorical columns are: ${this.blocks.map((bl) => bl.column).join(', ') || '(none)'}`,
        );
      }
      const st = this.states[b]!;
      const slot = slotOf(st.slots, value);
      // slotOf sends any unknown label to the "other" slot; only pooled labels really live there.
      const pooled = st.slots.other !== null && slot === st.slots.categories.length;
      if (slot < 0 || (pooled && !st.slots.other!.labels.includes(value))) {
        throw new DataError('DATA_UNKNOWN_CATEGORY', `value "${value}" never occurs in this column`, { column }, `values are: ${st.slots.categories.slice(0, 20).join(', ')}${st.slots.categories.length > 20 ? ', …' : ''}`);
      }
      for (let i = 0; i < batch; i++) cond[i * this.condWidth + this.blocks[b]!.condStart + slot] = 1;
    }
    return cond;
  }

  /** The category label of a condition slot (for logs and reports). */
  labelOf(block: number, slot: number): string | null {
    return categoryOfSlot(this.states[block]!.slots, slot);
  }
}
