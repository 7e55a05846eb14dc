/**
 * Runs epochs with periodic checkpoints, early stopping on a supplied metric (keeping the best
 * state), a wall-time bound and progress; yields each EpochLog to the caller.
 */
import { TrainingError } from '../util/errors.js';
import type { EpochLog } from './epoch-log.js';
import { progressReporter, type ProgressMode } from './progress.js';
import type { RealSource } from './sources.js';
import type { GanTrainer, TrainerState } from './trainer.js';

export type CheckpointReason = 'periodic' | 'final';

export interface EarlyStopping {
  /** Evaluate every this many epochs. */
  every: number;
  /** Stop after this many evaluations without improvement. */
  patience: number;
  /** The score (e.g. a quality score on held-back rows); higher is better unless mode is 'min'. */
  metric: (trainer: GanTrainer) => Promise<number>;
  mode?: 'max' | 'min';
  /** Name of the metric in the epoch log (default 'score'). */
  name?: string;
  /** No evaluation before this epoch: early GAN training is too unsettled to pick a best state from. */
  minEpochs?: number;
  /**
   * Also score the state training starts from, as a candidate best (a generator that starts from a
   * good prior: if training never beats its start, the start is kept).
   */
  scoreStart?: boolean;
  /**
   * A later state replaces the best only when it scores at least this much better (default 0): a
   * noisy score picks lucky states otherwise, and a good start should be left only for a real gain.
   */
  minImprovement?: number;
  /**
   * A second look before a trained state replaces the scored start (scoreStart): scores of the
   * same kind averaged over several fresh draws, the same random numbers for both states, one per
   * reference sample. The best of many noisy scores beats the start's one score by luck alone (the
   * winner's curse); the trained state is kept only if it also wins here, on every reference.
   */
  confirm?: (trainer: GanTrainer) => Promise<number[]>;
}

export interface TrainLoopOptions {
  /** Epochs to reach (counting epochs already done by a resumed trainer). */
  epochs: number;
  /** Rounds per epoch for sources without a natural epoch (samplers). */
  roundsPerEpoch?: number;
  dropLast?: boolean;
  checkpointEvery?: number;
  /** Saves a checkpoint (the model layer writes the file). */
  checkpoint?: (trainer: GanTrainer, reason: CheckpointReason) => Promise<void>;
  earlyStopping?: EarlyStopping;
  /** Stop (keeping what was learned) once this much wall time has passed. */
  maxSeconds?: number;
  progress?: ProgressMode;
  /** Called after every epoch; return 'stop' to end training. */
  onEpoch?: (log: EpochLog, trainer: GanTrainer) => void | 'stop' | Promise<void | 'stop'>;
  /** Rows sampled for the per-epoch generated mean/std. */
  sampleRows?: number;
}

export interface TrainResult {
  epochs: number;
  stoppedBy: 'epochs' | 'early_stopping' | 'time' | 'callback';
  best: { epoch: number; score: number } | null;
  /** The confirm scores of the best trained state and of the start, where one was run. */
  confirmation?: { trained: number[]; start: number[]; epoch: number };
  seconds: number;
}

/** Trains as an async iteration of epoch logs; the return value says why it stopped. */
export async function* trainEpochs(trainer: GanTrainer, source: RealSource, o: TrainLoopOptions): AsyncGenerator<EpochLog, TrainResult> {
  const t0 = performance.now();
  const progress = progressReporter(o.progress ?? 'silent', undefined, o.maxSeconds);
  const es = o.earlyStopping;
  let best: { epoch: number; score: number; state: TrainerState } | null = null;
  let sinceBest = 0;
  let stoppedBy: TrainResult['stoppedBy'] = 'epochs';
  if (es?.scoreStart && trainer.epoch < o.epochs) best = { epoch: trainer.epoch, score: await es.metric(trainer), state: trainer.state() };
  const start = best;
  try {
    while (trainer.epoch < o.epochs) {
      let log: EpochLog;
      try {
        log = await trainer.trainEpoch(source, { rounds: o.roundsPerEpoch, dropLast: o.dropLast, sampleRows: o.sampleRows });
      } catch (e) {
        if (e instanceof TrainingError && best) trainer.restore(best.state);
        throw e;
      }
      if (es && log.epoch % es.every === 0 && log.epoch >= (es.minEpochs ?? 0)) {
        const score = await es.metric(trainer);
        log.metrics = { ...(log.metrics ?? {}), [es.name ?? 'score']: score };
        const margin = es.minImprovement ?? 0;
        const better = !best || (es.mode === 'min' ? score < best.score - margin : score > best.score + margin);
        if (better) {
          best = { epoch: log.epoch, score, state: trainer.state() };
          sinceBest = 0;
        } else if (++sinceBest >= es.patience) {
          stoppedBy = 'early_stopping';
        }
      }
      progress.epoch(log, o.epochs);
      if (o.checkpoint && o.checkpointEvery && log.epoch % o.checkpointEvery === 0 && log.epoch < o.epochs) await o.checkpoint(trainer, 'periodic');
      yield log;
      if ((await o.onEpoch?.(log, trainer)) === 'stop') stoppedBy = 'callback';
      if (o.maxSeconds !== undefined && (performance.now() - t0) / 1000 >= o.maxSeconds) stoppedBy = 'time';
      if (stoppedBy !== 'epochs') break;
    }
  } finally {
    progress.done();
  }
  // Keep the best parameters, but the full log of what was trained.
  const log = [...trainer.log];
  const finalEpoch = trainer.epoch;
  let confirmation: TrainResult['confirmation'];
  if (es?.confirm && start && best && best !== start) {
    if (best.epoch !== trainer.epoch) trainer.restore(best.state);
    const trained = await es.confirm(trainer);
    trainer.restore(start.state);
    const atStart = await es.confirm(trainer);
    confirmation = { trained, start: atStart, epoch: best.epoch };
    if (!trained.every((v, j) => v > atStart[j]!)) best = start;
    else trainer.restore(best.state);
  } else if (best && es && best.epoch !== trainer.epoch) {
    trainer.restore(best.state);
  }
  if (trainer.epoch !== finalEpoch || confirmation) trainer.log.splice(0, trainer.log.length, ...log);
  if (o.checkpoint) await o.checkpoint(trainer, 'final');
  return {
    epochs: trainer.epoch, stoppedBy, best: best ? { epoch: best.epoch, score: best.score } : null,
    ...(confirmation ? { confirmation } : {}), seconds: (performance.now() - t0) / 1000,
  };
}

/** Runs trainEpochs to the end. */
export async function trainLoop(trainer: GanTrainer, source: RealSource, o: TrainLoopOptions): Promise<TrainResult> {
  const it = trainEpochs(trainer, source, o);
  for (;;) {
    const r = await it.next();
    if (r.done) return r.value;
  }
}
