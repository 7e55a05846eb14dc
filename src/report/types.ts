/**
 * What a report is made of. Every part is optional; a section appears when its input is given.
 * Tables are taken structurally (a `Table` from src/data fits), so the report depends on the
 * evaluation's result types only.
 */
import type { EvaluationResult } from '../eval/evaluate.js';
import type { CircleStats, ModeCoverage } from '../eval/points.js';
import type { Moments } from '../eval/stats.js';

export type ReportColumn =
  | { kind: 'number' | 'datetime'; values: ArrayLike<number> }
  | { kind: 'string' | 'boolean'; values: readonly (string | boolean | null)[] };

/** A column-major table (src/data's Table satisfies this). */
export interface ReportTable {
  readonly names: readonly string[];
  readonly columns: readonly ReportColumn[];
  readonly rowCount: number;
}

/** One training log record per epoch, keyed by EpochLog's names, e.g. {epoch, dLossReal, dLossFake, gLoss, dAccReal, dAccFake, quality}. */
export interface TrainingLogRecord {
  epoch: number;
  [key: string]: number;
}

/** A batch of images as pixels, image-major then row-major (count × height × width × channels). */
export interface ImageSet {
  title: string;
  pixels: Float32Array;
  count: number;
  width: number;
  height: number;
  /** 1 (grey, default) or 3 (RGB, interleaved). */
  channels?: 1 | 3;
  /** Pixel value range mapped to black..white (default [0, 1]). */
  range?: [number, number];
}

/** 2-D point sets (row-major n × 2), for toy targets such as rings and Gaussian mixtures. */
export interface PointSets {
  real: ArrayLike<number>;
  synthetic: ArrayLike<number>;
  axes?: [string, string];
  /** Metrics of the synthetic points against the target (ring and/or mixture), shown as a table. */
  circle?: CircleStats;
  modes?: ModeCoverage;
}

/** A 1-D distribution, real vs synthetic samples, with their four moments (eval's `moments`). */
export interface Samples1D {
  name: string;
  real: ArrayLike<number>;
  synthetic: ArrayLike<number>;
  moments?: { real: Moments; synthetic: Moments };
}

/** Several runs side by side (e.g. a demo's default and best presets): one row per run. */
export interface RunComparison {
  columns: string[];
  rows: { label: string; values: (number | string | null)[] }[];
  note?: string;
}

export interface ReportInput {
  title?: string;
  runs?: RunComparison;
  evaluation?: EvaluationResult;
  real?: ReportTable;
  synthetic?: ReportTable;
  points?: PointSets;
  samples1d?: Samples1D;
  training?: readonly TrainingLogRecord[];
  images?: readonly ImageSet[];
  /** Seed for subsampling rows drawn in scatter plots (default 0). */
  seed?: number;
  /** At most this many rows per table in scatter plots (default 500). */
  maxPlotPoints?: number;
}
