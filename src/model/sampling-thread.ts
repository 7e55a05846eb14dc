/**
 * A second thread for large samples (Node, package.json `imports` "#sampling-thread"). ONNX
 * Runtime's Node binding runs a session on the calling thread, so everything else a sampled row
 * needs runs here, around the generator: before it, the row's uniforms, condition vector and copula
 * prior row (RowInputs.prepare); after it, the calibration, the one-hot draws and the decoding into
 * the table's own values (RowInputs.decode). The results are the calling thread's own to the bit
 * (the same functions of the same row streams and generator output); a thread that fails or is not
 * up yet only means the calling thread does that work itself.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMainThread, Worker } from 'node:worker_threads';
import type { RowStreams } from '../util/rng.js';
import type { PackedTable } from '../data/packed-table.js';
import type { GivenNoise } from '../train/trainer.js';
import type { InputSpec } from './row-sampling.js';

/** What the generator and the copy decision need of prepared rows; the thread keeps the rest for their decoding. */
export interface ThreadRows {
  /** The rows' number for `decode`. */
  id: number;
  inputs: GivenNoise;
  accept: Float64Array;
}

export interface SamplingThread {
  /** Whether the thread is up (requests made before are refused). */
  readonly ready: boolean;
  /** The generator inputs of rows rowIds (attempts[i] each; null: first attempts) of these streams. */
  prepare(rowIds: Float64Array, attempts: Uint32Array | null, streams: RowStreams): Promise<ThreadRows>;
  /** The table of prepared rows `id` from the generator's output for them (handed over: do not use it after). */
  decode(id: number, output: Float32Array): Promise<PackedTable>;
  close(): void;
}

/** What the thread is asked and answers (sampling-worker.ts); `key` names the sample (one RowInputs there). */
export type ThreadRequest =
  | { type: 'open'; key: number; spec: InputSpec }
  | { type: 'close'; key: number }
  | { type: 'prepare'; key: number; id: number; rowIds: Float64Array; attempts: Uint32Array | null; seed: number | string; label: string }
  | { type: 'decode'; key: number; id: number; output: Float32Array };
export type ThreadReply =
  | { type: 'ready' }
  | { type: 'inputs'; id: number; inputs: GivenNoise; accept: Float64Array }
  | { type: 'table'; id: number; table: PackedTable }
  /** `of`: the reply the failed request would have had. */
  | { type: 'error'; id: number; of: 'inputs' | 'table'; message: string };

/** The compiled worker beside this module; absent when running from sources (e.g. through a TS loader). */
const WORKER_URL = new URL('./sampling-worker.js', import.meta.url);

/** A thread with no sample open ends after this long (its code stays compiled for the samples before). */
const IDLE_MS = 30_000;

let shared: SamplingWorker | null = null;
/** Set in the worker processes of `sample --workers`, which give every core a shard already. */
let oneThread = false;

/** Sample on the calling thread alone from now on (a worker process of `sample --workers`). */
export function sampleOnOneThread(): void {
  oneThread = true;
}

/**
 * A sampling thread for rows of this spec, or null where it would not help: inside a worker
 * thread or a worker process of `sample --workers` (it gives every core a shard already), or
 * without the compiled worker.
 * Samples share one thread, which stays up between them for a while: a fresh thread loads its
 * modules and compiles its hot loops again (a 200,000-row sample spent a third of its time on that).
 */
export function openSamplingThread(spec: InputSpec): SamplingThread | null {
  if (oneThread || !isMainThread || WORKER_URL.protocol !== 'file:' || !existsSync(fileURLToPath(WORKER_URL))) return null;
  if (!shared || shared.dead) shared = new SamplingWorker();
  return shared.open(spec);
}

type Waiting = { resolve: (r: ThreadReply) => void; reject: (e: Error) => void };

class SamplingWorker {
  ready = false;
  dead = false;
  private next = 0;
  /** Samples open (the thread idles out when none is). */
  private openSamples = 0;
  private idle: ReturnType<typeof setTimeout> | null = null;
  /** Replies awaited, by request id and type ('inputs' and 'table' replies of one id are two requests). */
  private readonly waiting = new Map<string, Waiting>();
  private readonly worker: Worker;

  constructor() {
    this.worker = new Worker(WORKER_URL);
    this.worker.on('message', (m: ThreadReply) => {
      if (m.type === 'ready') {
        this.ready = !this.dead;
        return;
      }
      const key = `${m.id}:${m.type === 'error' ? m.of : m.type}`;
      const w = this.waiting.get(key);
      this.waiting.delete(key);
      this.held();
      if (m.type === 'error') w?.reject(new Error(m.message));
      else w?.resolve(m);
    });
    this.worker.on('error', (e) => this.stop(e));
    this.worker.on('exit', () => this.stop(new Error('the sampling thread exited')));
    // The thread keeps the process alive only while a reply is awaited (see `held`), so a sample
    // whose reader dropped it unfinished leaves nothing running. (Unref'd after the listeners: a
    // 'message' listener added to an unref'd worker refs its port again, nodejs/node#53036.)
    this.worker.unref();
  }

  /** Refs the worker while replies are awaited: an awaited reply must keep the process alive. */
  private held(): void {
    if (this.waiting.size > 0) this.worker.ref();
    else this.worker.unref();
  }

  private stop(e: Error): void {
    this.dead = true;
    this.ready = false;
    for (const w of this.waiting.values()) w.reject(e);
    this.waiting.clear();
    this.worker.unref();
  }

  open(spec: InputSpec): SamplingThread {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    this.openSamples++;
    const key = this.next++;
    this.worker.postMessage({ type: 'open', key, spec } satisfies ThreadRequest);
    let closed = false;
    const ask = (id: number, of: 'inputs' | 'table', message: ThreadRequest, transfer: ArrayBuffer[]): Promise<ThreadReply> => {
      if (closed || !this.ready) return Promise.reject(new Error('the sampling thread is not up'));
      return new Promise((resolve, reject) => {
        this.waiting.set(`${id}:${of}`, { resolve, reject });
        this.held();
        this.worker.postMessage(message, transfer);
      });
    };
    const up = (): boolean => !closed && this.ready;
    return {
      get ready() {
        return up();
      },
      prepare: async (rowIds, attempts, streams) => {
        const id = this.next++;
        const m = await ask(id, 'inputs', { type: 'prepare', key, id, rowIds, attempts, seed: streams.seed, label: streams.label },
          [rowIds.buffer as ArrayBuffer, ...(attempts ? [attempts.buffer as ArrayBuffer] : [])]);
        const r = m as Extract<ThreadReply, { type: 'inputs' }>;
        return { id, inputs: r.inputs, accept: r.accept };
      },
      decode: async (id, output) => {
        const m = await ask(id, 'table', { type: 'decode', key, id, output }, [output.buffer as ArrayBuffer]);
        return (m as Extract<ThreadReply, { type: 'table' }>).table;
      },
      close: () => {
        if (closed) return;
        closed = true;
        if (this.dead) return;
        this.worker.postMessage({ type: 'close', key } satisfies ThreadRequest);
        if (--this.openSamples === 0) {
          this.idle = setTimeout(() => {
            this.dead = true;
            this.ready = false;
            void this.worker.terminate();
          }, IDLE_MS);
          this.idle.unref();
        }
      },
    };
  }
}
