/** What every built-in demo shares: options, its result record, and the training-log → report mapping. */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic.js';
import type { EpochLog } from '../train/epoch-log.js';
import type { ProgressMode } from '../train/progress.js';
import type { RunComparison, TrainingLogRecord } from '../report/index.js';

export interface DemoOptions {
  /** A short run for CI and smoke tests. */
  quick?: boolean;
  /** 'default' reproduces the seed experiment; 'best' is ganforge's improved recipe. */
  preset?: 'default' | 'best';
  seed?: number;
  /** Folder for the report, model and samples (default ganforge-demo-<name>). */
  out?: string;
  progress?: ProgressMode;
  threads?: number;
}

export type CheckValue = number | string | boolean | null | CheckValue[] | { [k: string]: CheckValue };

export interface DemoResult {
  demo: string;
  preset: 'default' | 'best';
  /** The acceptance numbers the demo prints. */
  checks: Record<string, CheckValue>;
  /** Targets the checks are held to, and whether each is met. */
  targets: { name: string; met: boolean; detail: string }[];
  files: string[];
  seconds: number;
}

export async function demoDir(name: string, o: DemoOptions): Promise<string> {
  const dir = o.out ?? `ganforge-demo-${name}`;
  await mkdir(dir, { recursive: true });
  return dir;
}

export { trainingRecords } from './training-records.js';

export const round = (x: number, d = 4): number => Math.round(x * 10 ** d) / 10 ** d;

export function target(name: string, value: number, limit: number, detail?: string): DemoResult['targets'][number] {
  return { name, met: value <= limit, detail: detail ?? `${round(value)} ≤ ${limit}` };
}

/**
 * Records this run's headline numbers in `<dir>/checks-<preset>.json` and returns every recorded
 * run of the demo (default and best) as a comparison for the report.
 */
export async function compareRuns(dir: string, preset: string, numbers: Record<string, number | null>): Promise<RunComparison> {
  await writeFileAtomic(join(dir, `checks-${preset}.json`), `${JSON.stringify(numbers)}\n`);
  const rows: RunComparison['rows'] = [];
  const columns = Object.keys(numbers);
  for (const p of ['default', 'best', 'default-quick', 'best-quick']) {
    let recorded: Record<string, number | null>;
    try {
      recorded = JSON.parse(await readFile(join(dir, `checks-${p}.json`), 'utf8')) as Record<string, number | null>;
    } catch {
      continue;
    }
    rows.push({ label: p === preset ? `${p} (this run)` : p, values: columns.map((c) => recorded[c] ?? null) });
  }
  return { columns, rows, note: 'Runs of this demo recorded in this folder; run it with --preset default and --preset best to compare them.' };
}
