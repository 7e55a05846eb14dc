/** Training progress: a redrawn bar on a terminal, plain periodic lines otherwise, or nothing. */
import type { EpochLog } from './epoch-log.js';
import { defaultProgressSink } from '#progress-sink';

/** What progress is written to: a terminal's stream (process.stderr) or anything with `write`. */
export interface ProgressSink {
  write(text: string): unknown;
  /** A terminal: the progress bar is redrawn in place. */
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface ProgressReporter {
  epoch(log: EpochLog, total: number): void;
  done(): void;
}

export type ProgressMode = 'auto' | 'bar' | 'lines' | 'silent';

const fmt = (x: number | null, d = 3): string => (x === null ? '—' : x.toFixed(d));

function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  return `${h ? `${h}:` : ''}${String(m).padStart(h ? 2 : 1, '0')}:${String(r).padStart(2, '0')}`;
}

function summary(l: EpochLog, metrics: Record<string, number>): string {
  const parts = [`D real/fake ${fmt(l.dLossReal)}/${fmt(l.dLossFake)}`, `G ${fmt(l.gLoss)}`];
  if (l.dAccReal !== null || l.dAccFake !== null) parts.push(`acc ${fmt(l.dAccReal, 2)}/${fmt(l.dAccFake, 2)}`);
  if (l.wasserstein !== null) parts.push(`W ${fmt(l.wasserstein)}`);
  // The latest value of each metric (quality is scored every few epochs), so the bar always shows the current estimate.
  Object.assign(metrics, l.metrics ?? {});
  for (const [k, v] of Object.entries(metrics)) parts.push(`${k} ${fmt(v)}`);
  return parts.join('  ');
}

/** `maxSeconds`: a time budget, which bounds the ETA. */
export function progressReporter(mode: ProgressMode, out?: ProgressSink, maxSeconds?: number): ProgressReporter {
  // Silent reads no stream at all.
  if (mode === 'silent') return { epoch() {}, done() {} };
  const stream = out ?? defaultProgressSink();
  const m = mode === 'auto' ? (stream.isTTY ? 'bar' : 'lines') : mode;
  const t0 = performance.now();
  const metrics: Record<string, number> = {};
  let lastLine = 0;
  let drawn = false;
  return {
    epoch(log, total) {
      const elapsed = (performance.now() - t0) / 1000;
      const rate = log.epoch / Math.max(elapsed, 1e-9);
      const eta = Math.min((total - log.epoch) / rate, maxSeconds === undefined ? Infinity : Math.max(0, maxSeconds - elapsed));
      if (m === 'bar') {
        const width = 20;
        const filled = Math.round((width * log.epoch) / total);
        const bar = `${'='.repeat(filled)}${' '.repeat(width - filled)}`;
        const line = `epoch ${log.epoch}/${total} [${bar}] ${summary(log, metrics)}  ${rate.toFixed(1)} ep/s  ETA ${clock(eta)}`;
        stream.write(`\r\x1b[K${line.slice(0, (stream.columns || 160) - 1)}`);
        drawn = true;
      } else if (m === 'lines') {
        const now = performance.now();
        if (log.epoch === 1 || log.epoch === total || now - lastLine > 2000) {
          stream.write(`epoch ${log.epoch}/${total}  ${summary(log, metrics)}  ${rate.toFixed(1)} ep/s  ETA ${clock(eta)}\n`);
          lastLine = now;
        }
      }
    },
    done() {
      if (drawn) stream.write('\n');
    },
  };
}
