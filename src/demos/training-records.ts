/** The training log as report records (no file system: the studio's report uses it too). */
import type { EpochLog } from '../train/epoch-log.js';
import type { TrainingLogRecord } from '../report/types.js';

/** Training curves for the report: losses, accuracies and any extra metrics, per epoch. */
export function trainingRecords(log: readonly EpochLog[]): TrainingLogRecord[] {
  return log.map((l) => {
    const r: TrainingLogRecord = { epoch: l.epoch };
    const put = (k: string, v: number | null): void => {
      if (v !== null && Number.isFinite(v)) r[k] = v;
    };
    put('d_loss_real', l.dLossReal);
    put('d_loss_fake', l.dLossFake);
    put('g_loss', l.gLoss);
    put('d_accuracy_real', l.dAccReal);
    put('d_accuracy_fake', l.dAccFake);
    put('wasserstein', l.wasserstein);
    for (const [k, v] of Object.entries(l.metrics ?? {})) put(k, v);
    return r;
  });
}
