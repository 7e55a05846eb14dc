/** The thread of input-prefetch.ts: rebuilds the sample's RowInputs from its spec, then prepares the rows it is asked for. */
import { parentPort, workerData } from 'node:worker_threads';
import { RowStreams } from '../util/rng.js';
import { RowInputs, type InputSpec, type PreparedRows } from './row-sampling.js';
import type { PrefetchReply, PrefetchRequest } from './input-prefetch.js';

const port = parentPort!;
const inputs = RowInputs.fromSpec(workerData as InputSpec);
const streams = new Map<string, RowStreams>();

/** Each buffer of the prepared rows once (the latent uniforms are both a noise role and an input). */
function buffersOf(r: PreparedRows): ArrayBuffer[] {
  const arrays = [...Object.values(r.noise), ...Object.values(r.inputs), r.accept, ...r.ids, ...r.pooled] as ArrayBufferView[];
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}

port.on('message', (m: PrefetchRequest) => {
  let reply: PrefetchReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const key = `${typeof m.seed}:${m.seed}\u0000${m.label}`;
    let s = streams.get(key);
    if (!s) streams.set(key, (s = new RowStreams(m.seed, m.label)));
    const rows = inputs.prepare(m.rowIds, m.attempts, s);
    reply = { type: 'rows', id: m.id, rows };
    transfer = buffersOf(rows);
  } catch (e) {
    reply = { type: 'error', id: m.id, message: (e as Error)?.message ?? String(e) };
  }
  port.postMessage(reply, transfer);
});
port.postMessage({ type: 'ready' } satisfies PrefetchReply);
