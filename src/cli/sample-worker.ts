/** A worker thread of `sample --workers`: loads the model once, then generates the row ranges it is asked for. */
import { parentPort, workerData } from 'node:worker_threads';
import { collectGarbage } from '../util/collect.js';
import { GanforgeError, formatCsv } from '../index.js';
import { csvLines, jsonLines } from '../data/write.js';
import { openTableWriter } from '../data/write-stream.js';
import { prepareSample, type SampleJob } from './commands/sample.js';
import type { WorkerReply, WorkerRequest } from './commands/sample-workers.js';
import type { Table } from '../index.js';

const port = parentPort!;
const send = (m: WorkerReply, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);
const encoder = new TextEncoder();

function fail(e: unknown): void {
  const g = e instanceof GanforgeError ? e : null;
  send({ type: 'error', name: g ? g.name : 'Error', code: g ? g.code : null, message: g ? g.message : `internal error in a sample worker: ${(e as Error)?.stack ?? String(e)}` });
}

async function main(): Promise<void> {
  const prepared = await prepareSample(workerData as SampleJob);
  send({ type: 'ready', names: prepared.names });
  let queue = Promise.resolve();
  port.on('message', (m: WorkerRequest) => {
    queue = queue.then(async () => {
      if (m.type === 'close') {
        await prepared.release();
        port.close();
        return;
      }
      if (m.type === 'part') {
        const writer = await openTableWriter(m.path);
        let rows = 0;
        try {
          for await (const b of prepared.range(m.start, m.count)) {
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
      for await (const b of prepared.range(m.start, m.count, m.count)) parts.push(b);
      const t = parts[0]!;
      if (m.format === 'table') return send({ type: 'block', id: m.id, rows: t.rowCount, table: t });
      const delimiter = m.format === 'tsv' ? '\t' : ',';
      const text = m.format === 'jsonl' ? jsonLines(t, 0, t.rowCount) : m.header ? formatCsv(t, delimiter) : csvLines(t, 0, t.rowCount, delimiter);
      const bytes = encoder.encode(text);
      send({ type: 'block', id: m.id, rows: t.rowCount, text: bytes }, [bytes.buffer as ArrayBuffer]);
      collectGarbage();
    }).catch(fail);
  });
}

main().catch(fail);
