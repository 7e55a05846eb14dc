/**
 * Training curves from the per-epoch log: one line chart per group of keys — losses (keys with
 * "loss"), accuracies ("acc"), and everything else (e.g. generated mean/std per epoch).
 */
import type { TrainingLogRecord } from './types.js';
import type { ChartSpec } from './vega-render.js';

export interface CurveGroup { title: string; keys: string[] }

export function groupLogKeys(log: readonly TrainingLogRecord[]): CurveGroup[] {
  const keys = new Set<string>();
  for (const r of log) for (const k of Object.keys(r)) if (k !== 'epoch' && typeof r[k] === 'number') keys.add(k);
  const all = [...keys];
  const loss = all.filter((k) => /loss/i.test(k));
  const acc = all.filter((k) => !loss.includes(k) && /acc/i.test(k));
  const other = all.filter((k) => !loss.includes(k) && !acc.includes(k));
  return [
    { title: 'losses', keys: loss },
    { title: 'discriminator accuracy', keys: acc },
    { title: 'generated statistics', keys: other },
  ].filter((g) => g.keys.length > 0);
}

export function trainingSpecs(log: readonly TrainingLogRecord[]): ChartSpec[] {
  return groupLogKeys(log).map((g) => ({
    title: g.title,
    width: 320,
    height: 180,
    data: {
      values: log.flatMap((r) => g.keys.filter((k) => Number.isFinite(r[k])).map((k) => ({ epoch: r.epoch, series: k, value: r[k] }))),
    },
    mark: { type: 'line', point: log.length <= 30 },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'epoch' },
      y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
      color: { field: 'series', type: 'nominal', title: null },
    },
  }) as ChartSpec);
}
