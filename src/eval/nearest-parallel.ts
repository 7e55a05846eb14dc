/**
 * Nearest-neighbour distances split over worker threads, yet callable synchronously: the data
 * live in SharedArrayBuffers, the calling thread computes its own chunk and then blocks in
 * Atomics.wait until each worker flags its chunk done (the technique `synckit` uses). A worker
 * that fails or does not finish in time has its chunk recomputed on the calling thread, so the
 * result never depends on threads, only the speed does.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { buildIndex, nearestInto, type EncodedRows } from './nearest-neighbour.js';

/** Below this many row pairs one thread is faster than starting workers. */
const PARALLEL_MIN_PAIRS = 20_000_000;

/** The compiled worker beside this module; absent when running from sources (e.g. through a TS loader). */
const WORKER_URL = new URL('./nearest-worker.js', import.meta.url);
const workerAvailable = (): boolean => WORKER_URL.protocol === 'file:' && existsSync(fileURLToPath(WORKER_URL));

const sharedAlloc = (bytes: number): SharedArrayBuffer => new SharedArrayBuffer(Math.max(bytes, 8));

function toShared<T extends Float64Array | Int32Array>(a: T): T {
  const s = new (a.constructor as { new (b: ArrayBufferLike): T })(sharedAlloc(a.byteLength));
  s.set(a);
  return s;
}

/** Distance from every query row to its nearest reference row, using up to `threads` threads. */
export function nearestDistances(query: EncodedRows, ref: EncodedRows, p: number, q: number, threads?: number): Float64Array {
  const wanted = threads ?? Math.min(4, availableParallelism());
  const parallel = wanted > 1 && query.n * ref.n >= (threads === undefined ? PARALLEL_MIN_PAIRS : 0) && query.n >= wanted && workerAvailable();
  if (!parallel) {
    const out = new Float64Array(query.n);
    nearestInto(buildIndex(ref, p, q), query, 0, query.n, out);
    return out;
  }
  const index = buildIndex(ref, p, q, sharedAlloc);
  const sq: EncodedRows = { z: toShared(query.z), c: toShared(query.c), n: query.n };
  const out = new Float64Array(sharedAlloc(8 * query.n));
  const bounds = Array.from({ length: wanted + 1 }, (_, k) => Math.round((k * query.n) / wanted));
  const jobs = bounds.slice(1, -1).map((start, k) => {
    const end = bounds[k + 2]!;
    const done = new Int32Array(sharedAlloc(4));
    const worker = new Worker(WORKER_URL, { workerData: { index, query: sq, start, end, out, done } });
    worker.unref();
    worker.on('error', () => undefined); // failures are seen through `done` and recomputed below
    return { start, end, done, worker };
  });
  const t0 = performance.now();
  nearestInto(index, sq, 0, bounds[1]!, out);
  const deadline = performance.now() + 3 * (performance.now() - t0) + 5000;
  for (const job of jobs) {
    while (Atomics.load(job.done, 0) === 0) {
      const left = deadline - performance.now();
      if (left <= 0) break;
      Atomics.wait(job.done, 0, 0, left);
    }
    if (Atomics.load(job.done, 0) !== 1) nearestInto(index, sq, job.start, job.end, out);
    void job.worker.terminate();
  }
  return Float64Array.from(out);
}
