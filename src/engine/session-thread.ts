/**
 * A program's ONNX Runtime session on a thread of its own (Node, package.json `imports`
 * "#session-thread"). onnxruntime-node runs a session on the calling thread, so a trainer can make
 * its next run's feeds (noise, masks, real rows, copula prior rows: 10–15 % of a real-size table's
 * round) while the session runs only if the session runs elsewhere. The thread keeps the
 * variables' values between runs (they are sent only when the caller's differ from the last it
 * got back) and sends every output back, updates included. The numbers are the calling thread's
 * own: the same model bytes, session options and inputs.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { isMainThread, Worker } from 'node:worker_threads';
import type { InferenceSession } from 'onnxruntime-node';
import type { DType } from './graph.js';
import type { FeedData } from './program.js';

export interface ThreadTensor {
  name: string;
  dtype: DType;
  dims: number[];
  /** null: the value the thread holds (the last sent, or the run's update of it). */
  data: FeedData | null;
}

export interface SessionThread {
  /**
   * One run: `feeds` are copied to the thread (handed over, when `handOver`: do not use them
   * after), `variables` too unless null (the thread's own), and each of `updated` becomes its
   * variable's value there; every output comes back, or with `keepUpdates` all but the updates
   * (`values` fetches them later).
   */
  run(feeds: readonly ThreadTensor[], variables: readonly ThreadTensor[], updated: readonly { variable: string; output: string }[], handOver: boolean, keepUpdates: boolean): Promise<Record<string, FeedData>>;
  /** The values the thread holds of these variables. */
  values(names: readonly string[]): Promise<Record<string, FeedData>>;
  release(): Promise<void>;
}

/** What the thread is asked and answers (session-worker.ts). */
export type SessionRequest =
  | { type: 'open'; bytes: Uint8Array; options: InferenceSession.SessionOptions }
  | { type: 'run'; id: number; feeds: readonly ThreadTensor[]; variables: readonly ThreadTensor[]; updated: readonly { variable: string; output: string }[]; keepUpdates: boolean }
  | { type: 'values'; id: number; names: readonly string[] }
  | { type: 'release' };
export type SessionReply =
  | { type: 'ready' }
  | { type: 'outputs'; id: number; outputs: Record<string, FeedData> }
  | { type: 'error'; id: number; message: string };

/** How long a thread may take to release its session and end before it is terminated. */
const RELEASE_MS = 10_000;

/** The compiled worker beside this module; absent when running from sources (e.g. through a TS loader). */
const WORKER_URL = new URL('./session-worker.js', import.meta.url);

/**
 * A session thread for these model bytes, or null where there is none to have or it would not
 * help: inside a worker thread (each of `sample --workers`' and the nearest-neighbour threads
 * keeps to its own), without the compiled worker, with a session as wide as the machine, or when
 * the thread cannot load the model (the caller then runs it itself).
 */
export async function openSessionThread(bytes: Uint8Array, options: InferenceSession.SessionOptions): Promise<SessionThread | null> {
  if (!isMainThread || !existsSync(fileURLToPath(WORKER_URL))) return null;
  // A session of as many threads as there are cores leaves none for the caller's work (seed-000 on 2 threads: 1.00×).
  if ((options.intraOpNumThreads ?? 1) >= availableParallelism()) return null;
  const worker = new Worker(WORKER_URL);
  const pending = new Map<number, { resolve: (o: Record<string, FeedData>) => void; reject: (e: Error) => void }>();
  let failed: Error | null = null;
  const fail = (e: Error): void => {
    failed ??= e;
    for (const p of pending.values()) p.reject(failed);
    pending.clear();
  };
  const ready = new Promise<boolean>((resolve) => {
    worker.on('message', (m: SessionReply) => {
      if (m.type === 'ready') return resolve(true);
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (!pending.size) worker.unref();
      if (m.type === 'outputs') p.resolve(m.outputs);
      else p.reject(new Error(m.message));
    });
    worker.on('error', (e) => {
      resolve(false);
      fail(e);
    });
    worker.on('exit', () => {
      resolve(false);
      fail(new Error('the session thread ended'));
    });
  });
  worker.postMessage({ type: 'open', bytes, options } satisfies SessionRequest);
  if (!(await ready)) {
    await worker.terminate();
    return null;
  }
  // An idle thread does not keep the process alive; one with a run pending does.
  worker.unref();
  let next = 0;
  const ask = (m: SessionRequest & { id: number }, transfer: ArrayBuffer[] = []): Promise<Record<string, FeedData>> => {
    if (failed) return Promise.reject(failed);
    return new Promise((resolve, reject) => {
      pending.set(m.id, { resolve, reject });
      worker.ref();
      worker.postMessage(m, transfer);
    });
  };
  return {
    run(feeds, variables, updated, handOver, keepUpdates) {
      const transfer = handOver ? [...new Set(feeds.map((f) => f.data?.buffer).filter((b): b is ArrayBuffer => b instanceof ArrayBuffer))] : [];
      return ask({ type: 'run', id: next++, feeds, variables, updated, keepUpdates }, transfer);
    },
    values(names) {
      return ask({ type: 'values', id: next++, names });
    },
    async release() {
      if (failed) return;
      // The thread releases its session and ends; only one that does not is terminated.
      const ended = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.ref();
      worker.postMessage({ type: 'release' } satisfies SessionRequest);
      const timer = setTimeout(() => void worker.terminate(), RELEASE_MS);
      await ended;
      clearTimeout(timer);
    },
  };
}
