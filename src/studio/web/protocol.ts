/** Messages between the studio page and its training worker. */
import type { ColumnType } from '../../data/schema.js';
import type { EpochLog } from '../../train/epoch-log.js';

/** The round quantities an epoch message carries, under their EpochLog names. */
export type EpochCurves = Pick<EpochLog, 'dLossReal' | 'dLossFake' | 'gLoss' | 'dAccReal' | 'dAccFake'>;

export interface ColumnInfo {
  name: string;
  type: ColumnType;
  detail: string;
  missing: number;
}

/** A column's values for plots: numbers (NaN = missing) or category labels. */
export type PlotColumn = { name: string; kind: 'number'; values: number[] } | { name: string; kind: 'category'; values: (string | null)[] };

export type ToWorker =
  | { type: 'table'; name: string; bytes: ArrayBuffer }
  | { type: 'dataset'; name: string }
  | { type: 'train'; epochs: number | null; seed: number; types: Record<string, ColumnType>; threads: number }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }
  | { type: 'sample'; rows: number; seed: number }
  | { type: 'download-model' }
  | { type: 'download-report' }
  | { type: 'load-model'; name: string; files: { name: string; bytes: ArrayBuffer }[] };

export type FromWorker =
  | { type: 'ready'; runtime: string; threads: number; isolated: boolean }
  | { type: 'table'; name: string; rows: number; columns: ColumnInfo[]; real: PlotColumn[] }
  | ({ type: 'epoch'; epoch: number; total: number; ms: number } & EpochCurves)
  | { type: 'preview'; epoch: number; quality: number; synthetic: PlotColumn[] }
  | { type: 'trained'; epochs: number; kept: string; seconds: number; msPerRound: number; stoppedBy: string; quality: number; columnShapes: number | null; pairTrends: number | null; synthetic: PlotColumn[] }
  | { type: 'model-loaded'; name: string; columns: ColumnInfo[]; epochs: number; quality: number | null }
  | { type: 'samples'; rows: number; csv: string; preview: string[][] }
  | { type: 'file'; name: string; mime: string; bytes: ArrayBuffer }
  | { type: 'paused' }
  | { type: 'resumed' }
  | { type: 'error'; message: string; code: string };
