/**
 * Worker-thread entry of the parallel DCR search (see nearest-parallel.ts): computes one chunk
 * of query rows into shared memory, then flags `done` (1 = ok, 2 = failed) and wakes the caller.
 */
import { workerData } from 'node:worker_threads';
import { nearestInto, type EncodedRows, type NeighbourIndex } from './nearest-neighbour.js';

interface Job { index: NeighbourIndex; query: EncodedRows; start: number; end: number; out: Float64Array; done: Int32Array }

const job = workerData as Job;
try {
  nearestInto(job.index, job.query, job.start, job.end, job.out);
  Atomics.store(job.done, 0, 1);
} catch {
  Atomics.store(job.done, 0, 2);
}
Atomics.notify(job.done, 0);
