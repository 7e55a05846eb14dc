/**
 * A worker process of `sample --workers` (child_process.fork, IPC with the V8 serialiser): takes
 * its job in the first message, loads the model once, then generates the row ranges it is asked
 * for. A process, not a thread: ONNX Runtime's Node binding is not safe in several threads of one
 * process at once (microsoft/onnxruntime#24486; it aborted `sample --workers 2` here once).
 */
import { collectGarbage } from '../util/collect.js';
import { sampleOnOneThread } from '../model/sampling-thread.js';
import { GanforgeError, formatCsv } from '../index.js';
import { csvLines, jsonLines } from '../data/write.js';
import { openTableWriter } from '../data/write-stream.js';
import { prepareSample, type PreparedSample, type SampleJob } from './commands/sample.js';
import type { WorkerReply, WorkerRequest } from './commands/sample-workers.js';
import type { Table } from '../index.js';

const send = (m: WorkerReply): void => void process.send!(m);

function fail(e: unknown): void {
  const g = e instanceof GanforgeError ? e : null;
  send({ type: 'error', name: g ? g.name : 'Error', code: g ? g.code : null, message: g ? g.message : `internal error in a sample worker: ${(e as Error)?.stack ?? String(e)}` });
}

sampleOnOneThread();
let prepared: Promise<PreparedSample> | null = null;
let queue = Promise.resolve();

async function handle(m: WorkerRequest): Promise<void> {
  if (m.type === 'close') {
    // A model that failed to load has nothing to release.
    await (await prepared!.catch(() => null))?.release();
    process.disconnect();
    return;
  }
  const p = await prepared!;
  if (m.type === 'part') {
    const writer = await openTableWriter(m.path);
    let rows = 0;
    try {
      for await (const b of p.range(m.start, m.count)) {
        await writer.write(b);
        rows += b.rowCount;
        send({ type: 'progress', id: m.id, rows });
        collectGarbage();
      }
      await writer.close();
    } catch (e) {
      await writer.abort();
      throw e;
    }
    send({ type: 'done', id: m.id, rows });
    return;
  }
  const parts: Table[] = [];
  for await (const b of p.range(m.start, m.count, m.count)) parts.push(b);
  const t = parts[0]!;
  if (m.format === 'table') return send({ type: 'block', id: m.id, rows: t.rowCount, table: t });
  const delimiter = m.format === 'tsv' ? '\t' : ',';
  const text = m.format === 'jsonl' ? jsonLines(t, 0, t.rowCount) : m.header ? formatCsv(t, delimiter) : csvLines(t, 0, t.rowCount, delimiter);
  send({ type: 'block', id: m.id, rows: t.rowCount, text });
  collectGarbage();
}

process.on('message', (m: { type: 'job'; job: SampleJob } | WorkerRequest) => {
  if (m.type === 'job') {
    prepared = prepareSample(m.job);
    prepared.then((p) => send({ type: 'ready', names: p.names }), fail);
    return;
  }
  queue = queue.then(() => handle(m)).catch(fail);
});
// The parent gone (killed, or its channel closed): nothing is left to write for.
process.on('disconnect', () => process.exit(0));
