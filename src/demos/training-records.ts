/** The training log as report records (no file system: the studio's report uses it too). */
import type { EpochLog } from '../train/epoch-log.js';
import type { RoundQuantity } from '../train/epoch-log.js';
import type { TrainingLogRecord } from '../report/types.js';

/** The curves a report draws by default, under their EpochLog names. */
export const REPORT_QUANTITIES: readonly RoundQuantity[] = ['dLossReal', 'dLossFake', 'gLoss', 'dAccReal', 'dAccFake', 'wasserstein'];

/** Training curves for the report: losses, accuracies and any extra metrics, per epoch. */
export function trainingRecords(log: readonly EpochLog[], quantities: readonly RoundQuantity[] = REPORT_QUANTITIES): TrainingLogRecord[] {
  return log.map((l) => {
    const r: TrainingLogRecord = { epoch: l.epoch };
    const put = (k: string, v: number | null): void => {
      if (v !== null && Number.isFinite(v)) r[k] = v;
    };
    for (const q of quantities) put(q, l[q]);
    for (const [k, v] of Object.entries(l.metrics ?? {})) put(k, v);
    return r;
  });
}
