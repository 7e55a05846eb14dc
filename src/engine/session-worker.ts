/**
 * The session thread (session-thread.ts): one ONNX Runtime session, run on request, holding its
 * variables' values between runs; every output is sent back.
 */
// First: sets ORT_DISABLE_TELEMETRY before ONNX Runtime starts.
import './ort-telemetry.js';
import { parentPort } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import type { FeedData } from './program.js';
import type { SessionReply, SessionRequest } from './session-thread.js';

let session: ort.InferenceSession | null = null;
/** Each variable's value: the last sent, or the last run's update of it (an output tensor, fed as it is). */
const held = new Map<string, ort.Tensor>();
const port = parentPort!;
const reply = (m: SessionReply): void => port.postMessage(m);

port.on('message', (m: SessionRequest) => {
  if (m.type === 'open') {
    ort.InferenceSession.create(m.bytes, m.options).then(
      (s) => {
        session = s;
        reply({ type: 'ready' });
      },
      () => process.exit(1),
    );
  } else if (m.type === 'run') {
    void run(m).catch((e: unknown) => reply({ type: 'error', id: m.id, message: (e as Error).message }));
  } else if (m.type === 'values') {
    const outputs: Record<string, FeedData> = {};
    for (const name of m.names) {
      const t = held.get(name);
      if (!t) return reply({ type: 'error', id: m.id, message: `the session thread holds no value of ${name}` });
      outputs[name] = t.data as FeedData;
    }
    reply({ type: 'outputs', id: m.id, outputs });
  } else {
    // The thread ends itself once its session is released: terminating it while ONNX Runtime
    // releases a session aborted the whole process ("terminate called after throwing Napi::Error").
    held.clear();
    const s = session;
    session = null;
    void (s ? s.release() : Promise.resolve()).finally(() => process.exit(0));
  }
});

async function run(m: Extract<SessionRequest, { type: 'run' }>): Promise<void> {
  const feeds: Record<string, ort.Tensor> = {};
  for (const t of m.feeds) feeds[t.name] = new ort.Tensor(t.dtype, t.data as never, t.dims);
  for (const v of m.variables) {
    if (v.data) held.set(v.name, new ort.Tensor(v.dtype, v.data as never, v.dims));
    const value = held.get(v.name);
    if (!value) throw new Error(`the session thread holds no value of ${v.name}`);
    feeds[v.name] = value;
  }
  const result = await session!.run(feeds);
  const updates = new Set<string>();
  for (const u of m.updated) {
    held.set(u.variable, result[u.output]!);
    updates.add(u.output);
  }
  const outputs: Record<string, FeedData> = {};
  for (const [name, t] of Object.entries(result)) if (!(m.keepUpdates && updates.has(name))) outputs[name] = t.data as FeedData;
  reply({ type: 'outputs', id: m.id, outputs });
}
