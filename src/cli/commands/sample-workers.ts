/**
 * `sample --workers W`: W worker processes, each with its own copy of the model, generate rows by
 * row range (every row is the same whichever process makes it: row-sampling.ts). One output file:
 * blocks are handed out in turn and written in row order by this process (at most two blocks in
 * flight per worker, so memory stays bounded). `-o DIR/`: worker k writes part-0000k.parquet, its
 * share of the rows, itself. Processes rather than threads, because ONNX Runtime's Node binding
 * is not safe in several threads of one process (sample-worker.ts).
 */
import { collectGarbage } from '../../util/collect.js';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { GanforgeError, UsageError, type ErrorCode, type Table } from '../../index.js';
import { openTableWriter } from '../../data/write-stream.js';
import type { Io } from '../args.js';
import type { SampleJob } from './sample.js';

export interface WorkerRun {
  job: SampleJob;
  start: number;
  count: number;
  workers: number;
  output: string;
  /** Write one Parquet part per worker into the folder `output`. */
  partsDir: boolean;
  /** CSV/TSV: the first block carries the header. */
  header: boolean;
  io: Io;
  progress: ((done: number, last?: boolean) => void) | null;
}

export type WorkerRequest =
  | { type: 'block'; id: number; start: number; count: number; format: 'csv' | 'tsv' | 'jsonl' | 'table'; header: boolean }
  | { type: 'part'; id: number; start: number; count: number; path: string }
  | { type: 'close' };

export type WorkerReply =
  | { type: 'ready'; names: string[] }
  | { type: 'block'; id: number; rows: number; text?: string; table?: Table }
  | { type: 'progress'; id: number; rows: number }
  | { type: 'done'; id: number; rows: number }
  /** code: null for an internal error (not a GanforgeError), which the parent reports as one. */
  | { type: 'error'; name: string; code: ErrorCode | null; message: string };

/** Rows per block handed to a worker. */
const BLOCK = 50_000;
/** How long a closing worker may take to release its model before it is killed. */
const CLOSE_MS = 10_000;
const WORKER_SCRIPT = fileURLToPath(new URL('../sample-worker.js', import.meta.url));

class SampleWorker {
  private readonly worker: ChildProcess;
  private readonly exited: Promise<void>;
  private readonly waiting = new Map<number, { resolve: (r: WorkerReply) => void; reject: (e: Error) => void; onProgress?: (rows: number) => void }>();
  readonly ready: Promise<string[]>;
  private failed: Error | null = null;

  constructor(job: SampleJob) {
    // The V8 serialiser carries typed arrays and tables; a worker's stdout is this process's stderr, so
    // rows written to standard output never mix with anything a worker prints.
    this.worker = fork(WORKER_SCRIPT, [], { serialization: 'advanced', stdio: ['ignore', 2, 2, 'ipc'] });
    this.exited = new Promise((res) => this.worker.once('exit', () => res()));
    let readyResolve!: (names: string[]) => void, readyReject!: (e: Error) => void;
    this.ready = new Promise((res, rej) => ((readyResolve = res), (readyReject = rej)));
    this.ready.catch(() => undefined);
    this.worker.on('message', (m: WorkerReply) => {
      if (m.type === 'ready') return readyResolve(m.names);
      if (m.type === 'error') {
        const e = m.code === null ? new Error(m.message) : new GanforgeError(m.code, m.message);
        this.fail(e);
        readyReject(e);
        return;
      }
      const w = this.waiting.get(m.id);
      if (!w) return;
      if (m.type === 'progress') return w.onProgress?.(m.rows);
      this.waiting.delete(m.id);
      w.resolve(m);
    });
    const died = (e: Error): void => {
      this.fail(e);
      readyReject(e);
    };
    this.worker.on('error', died);
    this.worker.on('exit', (code, signal) => (code !== 0 || this.waiting.size > 0) && died(new Error(`a sample worker stopped (${signal ? `signal ${signal}` : `exit code ${code}`})`)));
    this.worker.send({ type: 'job', job });
  }

  private fail(e: Error): void {
    this.failed ??= e;
    for (const w of this.waiting.values()) w.reject(this.failed);
    this.waiting.clear();
  }

  request(r: Exclude<WorkerRequest, { type: 'close' }>, onProgress?: (rows: number) => void): Promise<WorkerReply> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.waiting.set(r.id, { resolve, reject, onProgress });
      this.worker.send(r);
    });
  }

  async close(): Promise<void> {
    if (this.worker.connected) this.worker.send({ type: 'close' } satisfies WorkerRequest, () => undefined);
    const timer = setTimeout(() => this.worker.kill('SIGKILL'), CLOSE_MS);
    await this.exited;
    clearTimeout(timer);
  }
}

function textFormat(output: string): 'csv' | 'tsv' | 'jsonl' | 'table' {
  const ext = extname(output).toLowerCase();
  if (output === '-' || ext === '.csv') return 'csv';
  if (ext === '.tsv') return 'tsv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  return 'table';
}

export async function sampleOnWorkers(r: WorkerRun): Promise<{ names: string[]; written: number }> {
  if (r.count === 0) throw new UsageError('this shard has no rows', 'use fewer shards than rows, or leave out --workers for an empty part');
  const pool = Array.from({ length: Math.min(r.workers, Math.max(1, Math.ceil(r.count / (r.partsDir ? 1 : BLOCK)))) }, () => new SampleWorker(r.job));
  try {
    const names = (await Promise.all(pool.map((w) => w.ready)))[0]!;
    let written = 0;
    if (r.partsDir) {
      await mkdir(r.output, { recursive: true });
      const S = pool.length;
      const done = new Array<number>(S).fill(0);
      const at = (k: number): number => r.start + Number((BigInt(k) * BigInt(r.count)) / BigInt(S));
      await Promise.all(pool.map((w, k) => w.request(
        { type: 'part', id: k, start: at(k), count: at(k + 1) - at(k), path: join(r.output, `part-${String(k).padStart(5, '0')}.parquet`) },
        (rows) => {
          done[k] = rows;
          r.progress?.(done.reduce((a, b) => a + b, 0));
        },
      )));
      written = r.count;
      r.progress?.(written, true);
      return { names, written };
    }
    const format = textFormat(r.output);
    const writer = r.output === '-' ? null : await openTableWriter(r.output, { header: r.header });
    try {
      const blocks = Math.ceil(r.count / BLOCK);
      const pending: Promise<WorkerReply>[] = [];
      let next = 0;
      const ask = (b: number): Promise<WorkerReply> => {
        const start = r.start + b * BLOCK;
        const p = pool[b % pool.length]!.request({ type: 'block', id: b, start, count: Math.min(BLOCK, r.start + r.count - start), format, header: r.header && b === 0 });
        p.catch(() => undefined);
        return p;
      };
      for (; next < Math.min(blocks, 2 * pool.length); next++) pending.push(ask(next));
      for (let b = 0; b < blocks; b++) {
        const reply = (await pending.shift()!) as Extract<WorkerReply, { type: 'block' }>;
        if (next < blocks) pending.push(ask(next++));
        const text = reply.text;
        if (text !== undefined) {
          if (writer) await writer.writeText!(text);
          else if (r.io.write) await r.io.write(text);
          else r.io.out(text.endsWith('\n') ? text.slice(0, -1) : text);
        } else await writer!.write(reply.table!);
        written += reply.rows;
        r.progress?.(written);
        collectGarbage();
      }
      await writer?.close();
    } catch (e) {
      await writer?.abort();
      throw e;
    } finally {
      r.progress?.(written, true);
    }
    return { names, written };
  } finally {
    await Promise.all(pool.map((w) => w.close()));
  }
}
