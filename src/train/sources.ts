/**
 * Where real rows come from: a dataset walked in shuffled epochs, a dataset resampled with
 * replacement, or a generator function (e.g. rows of draws from a 1-D distribution).
 */
import type { Rng } from '../util/rng.js';

export interface RealSource {
  /** Values per row. */
  readonly dim: number;
  /** Rows one full pass holds (epoch-based sources), or null for samplers with no natural epoch. */
  readonly rowsPerEpoch: number | null;
  /** Starts an epoch (a new shuffle where that applies). */
  beginEpoch(rng: Rng): void;
  /** Rows still unused in this epoch (Infinity for samplers). */
  remaining(): number;
  /** Writes `rows` rows into out[offset..] (row-major); returns the dataset row indices used, if any. */
  take(rows: number, out: Float32Array, offset: number, rng: Rng): void;
}

/** A model-space data matrix walked in epochs: shuffled (or not) permutation, consumed in order. */
export class DatasetSource implements RealSource {
  readonly rowsPerEpoch: number;
  private order: Uint32Array;
  private cursor = 0;

  constructor(readonly data: Float32Array, readonly dim: number, private readonly shuffle = true) {
    this.rowsPerEpoch = data.length / dim;
    this.order = Uint32Array.from({ length: this.rowsPerEpoch }, (_, i) => i);
  }

  beginEpoch(rng: Rng): void {
    if (this.shuffle) this.order = rng.permutation(this.rowsPerEpoch);
    this.cursor = 0;
  }

  remaining(): number {
    return this.rowsPerEpoch - this.cursor;
  }

  take(rows: number, out: Float32Array, offset: number): void {
    const d = this.dim;
    for (let r = 0; r < rows; r++) {
      const src = this.order[this.cursor++]! * d;
      out.set(this.data.subarray(src, src + d), offset + r * d);
    }
  }
}

/** Rows drawn uniformly with replacement (the circle experiment's real batches). */
export class ResampleSource implements RealSource {
  readonly rowsPerEpoch = null;
  private readonly n: number;
  constructor(readonly data: Float32Array, readonly dim: number) {
    this.n = data.length / dim;
  }
  beginEpoch(): void {}
  remaining(): number {
    return Infinity;
  }
  take(rows: number, out: Float32Array, offset: number, rng: Rng): void {
    const d = this.dim;
    for (let r = 0; r < rows; r++) {
      const src = rng.int(this.n) * d;
      out.set(this.data.subarray(src, src + d), offset + r * d);
    }
  }
}

/** Rows made by a function (e.g. `dim` fresh draws from a target distribution, or resampled from a 1-D sample). */
export class GeneratedSource implements RealSource {
  readonly rowsPerEpoch = null;
  constructor(readonly dim: number, private readonly fill: (out: Float32Array, offset: number, rows: number, rng: Rng) => void) {}
  beginEpoch(): void {}
  remaining(): number {
    return Infinity;
  }
  take(rows: number, out: Float32Array, offset: number, rng: Rng): void {
    this.fill(out, offset, rows, rng);
  }
}

/** Rows of `width` values drawn with replacement from a 1-D sample (moments discriminator on user data). */
export function sampleRowsSource(values: Float32Array, width: number): GeneratedSource {
  return new GeneratedSource(width, (out, offset, rows, rng) => {
    for (let i = 0; i < rows * width; i++) out[offset + i] = values[rng.int(values.length)]!;
  });
}
