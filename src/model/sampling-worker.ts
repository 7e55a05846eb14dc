/**
 * The thread of sampling-thread.ts: rebuilds each open sample's RowInputs from its spec, then
 * prepares the rows it is asked for and decodes them once the generator's output comes back (their
 * one-hot uniforms and decoder words stay here until then).
 */
import { parentPort } from 'node:worker_threads';
import { RowStreams } from '../util/rng.js';
import { packTable } from '../data/packed-table.js';
import { collectGarbage } from '../util/collect.js';
import { RowInputs, type PreparedRows } from './row-sampling.js';
import type { ThreadReply, ThreadRequest } from './sampling-thread.js';

const port = parentPort!;
let decoded = 0;
/** The open samples, by key: their inputs, their row streams, and their prepared rows awaiting generator output (by request id). */
const samples = new Map<number, { inputs: RowInputs; streams: Map<string, RowStreams>; kept: Map<number, PreparedRows> }>();

function reply(m: Extract<ThreadRequest, { type: 'prepare' | 'decode' }>): [ThreadReply, ArrayBuffer[]] {
  const sample = samples.get(m.key);
  if (!sample) throw new Error(`no open sample ${m.key}`);
  if (m.type === 'prepare') {
    const key = `${typeof m.seed}:${m.seed}\u0000${m.label}`;
    let s = sample.streams.get(key);
    if (!s) sample.streams.set(key, (s = new RowStreams(m.seed, m.label)));
    const rows = sample.inputs.prepare(m.rowIds, m.attempts, s);
    sample.kept.set(m.id, rows);
    // Each buffer once (the latent uniforms are both a noise role and an input).
    const buffers = [...new Set([...Object.values(rows.inputs), rows.accept].map((a) => (a as ArrayBufferView).buffer as ArrayBuffer))];
    return [{ type: 'inputs', id: m.id, inputs: rows.inputs, accept: rows.accept }, buffers];
  }
  const rows = sample.kept.get(m.id);
  sample.kept.delete(m.id);
  if (!rows) throw new Error(`no prepared rows ${m.id}`);
  const { packed, transfer } = packTable(sample.inputs.decode(m.output, rows));
  // A full collection every ~100,000 rows, as `sample` does between blocks: dead chunks otherwise pile up outside the heap (+50 MB peak RSS).
  if (++decoded % 12 === 0) collectGarbage();
  return [{ type: 'table', id: m.id, table: packed }, transfer];
}

port.on('message', (m: ThreadRequest) => {
  if (m.type === 'open') {
    try {
      samples.set(m.key, { inputs: RowInputs.fromSpec(m.spec), streams: new Map(), kept: new Map() });
    } catch {
      // Its requests are refused (no open sample): the sampling thread makes those rows itself.
    }
    return;
  }
  if (m.type === 'close') {
    samples.delete(m.key);
    return;
  }
  try {
    port.postMessage(...reply(m));
  } catch (e) {
    samples.get(m.key)?.kept.delete(m.id);
    port.postMessage({ type: 'error', id: m.id, of: m.type === 'prepare' ? 'inputs' : 'table', message: (e as Error)?.message ?? String(e) } satisfies ThreadReply);
  }
});
port.postMessage({ type: 'ready' } satisfies ThreadReply);
