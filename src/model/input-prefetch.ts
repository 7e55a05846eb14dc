/**
 * A thread that makes sampled rows' noise and generator inputs ahead of the generator (Node,
 * package.json `imports` "#input-prefetch"). ONNX Runtime's Node binding runs a session on the
 * calling thread, so while it runs the generator on one chunk, this thread makes the next chunk's
 * uniforms, condition vectors and copula prior rows (RowInputs.prepare). Its results are the
 * calling thread's own to the bit (the same functions of the same row streams); a thread that
 * fails or is not up yet only means the calling thread makes those inputs itself.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMainThread, Worker } from 'node:worker_threads';
import type { RowStreams } from '../util/rng.js';
import type { InputSpec, PreparedRows } from './row-sampling.js';

export interface InputPrefetcher {
  /** Whether the thread is up (requests made before are refused). */
  readonly ready: boolean;
  /** The prepared rows rowIds (attempts[i] each; null: first attempts) of these streams. */
  request(rowIds: Float64Array, attempts: Uint32Array | null, streams: RowStreams): Promise<PreparedRows>;
  close(): void;
}

/** What the thread is asked and answers (input-worker.ts). */
export interface PrefetchRequest {
  id: number;
  rowIds: Float64Array;
  attempts: Uint32Array | null;
  seed: number | string;
  label: string;
}
export type PrefetchReply = { type: 'ready' } | { type: 'rows'; id: number; rows: PreparedRows } | { type: 'error'; id: number; message: string };

/** The compiled worker beside this module; absent when running from sources (e.g. through a TS loader). */
const WORKER_URL = new URL('./input-worker.js', import.meta.url);

/** A prefetching thread for rows of this spec, or null where it would not help: inside a worker thread (`sample --workers` gives every core a shard already) or without the compiled worker. */
export function openInputPrefetcher(spec: InputSpec): InputPrefetcher | null {
  if (!isMainThread || WORKER_URL.protocol !== 'file:' || !existsSync(fileURLToPath(WORKER_URL))) return null;
  return new ThreadPrefetcher(spec);
}

class ThreadPrefetcher implements InputPrefetcher {
  ready = false;
  private dead = false;
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (r: PreparedRows) => void; reject: (e: Error) => void }>();
  private readonly worker: Worker;

  constructor(spec: InputSpec) {
    this.worker = new Worker(WORKER_URL, { workerData: spec });
    // The thread never keeps the process alive: a sample whose reader stops early leaves nothing running.
    this.worker.unref();
    this.worker.on('message', (m: PrefetchReply) => {
      if (m.type === 'ready') {
        this.ready = !this.dead;
        return;
      }
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.type === 'rows') w?.resolve(m.rows);
      else w?.reject(new Error(m.message));
    });
    const stop = (e: Error): void => {
      this.dead = true;
      this.ready = false;
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
    };
    this.worker.on('error', stop);
    this.worker.on('exit', () => stop(new Error('the input thread exited')));
  }

  request(rowIds: Float64Array, attempts: Uint32Array | null, streams: RowStreams): Promise<PreparedRows> {
    if (!this.ready) return Promise.reject(new Error('the input thread is not up'));
    const id = this.next++;
    const message: PrefetchRequest = { id, rowIds, attempts, seed: streams.seed, label: streams.label };
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage(message, [rowIds.buffer as ArrayBuffer, ...(attempts ? [attempts.buffer as ArrayBuffer] : [])]);
    });
  }

  close(): void {
    this.dead = true;
    this.ready = false;
    void this.worker.terminate();
  }
}
