import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../util/rng.js';
import { gradients } from './autodiff.js';
import { Graph, type Tensor } from './graph.js';
import { Adam, Sgd } from './optim.js';
import { Program } from './program.js';
import { learningRate } from './schedule.js';
import { VariableStore } from './store.js';
import * as op from './ops/index.js';

test('Adam matches torch.optim.Adam\'s formula step by step (with L2 weight decay)', async () => {
  const g = new Graph('float64');
  const w = g.variable('w', [3]);
  const c = g.input('c', [3]);
  const loss = op.reduceSum(op.mul(op.mul(w, w), c)); // ∂/∂w = 2·w·c
  const adam = new Adam(g, 'opt', { beta1: 0.8, beta2: 0.99, eps: 1e-3, weightDecay: 0.1 });
  const updates = adam.build([w], gradients(loss, [w]));
  const store = new VariableStore();
  store.declare('w', [3], Float64Array.of(1, -2, 0.5));
  adam.initState(store);
  const prog = await Program.compile(g, { updates, outputs: { loss } }, store);

  const ref = [1, -2, 0.5], m = [0, 0, 0], v = [0, 0, 0], cs = [0.5, 1, -2];
  for (let t = 1; t <= 6; t++) {
    const lr = 0.05;
    const feeds = Object.fromEntries(Object.entries(adam.stepFeeds(t, lr)).map(([k, x]) => [k, Float64Array.of(x)]));
    await prog.run({ ...feeds, c: Float64Array.from(cs) });
    for (let i = 0; i < 3; i++) {
      const grad = 2 * ref[i]! * cs[i]! + 0.1 * ref[i]!;
      m[i] = 0.8 * m[i]! + 0.2 * grad;
      v[i] = 0.99 * v[i]! + 0.01 * grad * grad;
      const mh = m[i]! / (1 - 0.8 ** t), vh = v[i]! / (1 - 0.99 ** t);
      ref[i] = ref[i]! - (lr * mh) / (Math.sqrt(vh) + 1e-3);
    }
    const got = Array.from(store.get('w'));
    got.forEach((x, i) => assert.ok(Math.abs(x - ref[i]!) < 1e-12 * (1 + Math.abs(ref[i]!)), `step ${t} w[${i}] ${x} vs ${ref[i]}`));
  }
});

test('SGD with momentum matches torch.optim.SGD', async () => {
  const g = new Graph('float64');
  const w = g.variable('w', [2]);
  const loss = op.reduceSum(op.mul(w, w));
  const sgd = new Sgd(g, 'sgd', { momentum: 0.9 });
  const store = new VariableStore();
  store.declare('w', [2], Float64Array.of(1, -1));
  const updates = sgd.build([w], gradients(loss, [w]));
  sgd.initState(store);
  const prog = await Program.compile(g, { updates }, store);
  let ref = 1, buf = 0;
  for (let t = 1; t <= 5; t++) {
    await prog.run({ 'sgd.lr': Float64Array.of(0.1) });
    buf = 0.9 * buf + 2 * ref;
    ref -= 0.1 * buf;
    assert.ok(Math.abs(store.get('w')[0]! - ref) < 1e-12);
  }
});

test('learning-rate schedules follow torch\'s closed forms', () => {
  assert.equal(learningRate(0.1, { kind: 'constant' }, 50), 0.1);
  assert.ok(Math.abs(learningRate(1e-4, { kind: 'cosine', tMax: 100, etaMin: 1e-5 }, 0) - 1e-4) < 1e-15);
  assert.ok(Math.abs(learningRate(1e-4, { kind: 'cosine', tMax: 100, etaMin: 1e-5 }, 50) - 5.5e-5) < 1e-15);
  assert.ok(Math.abs(learningRate(1e-4, { kind: 'cosine', tMax: 100, etaMin: 1e-5 }, 100) - 1e-5) < 1e-15);
  assert.ok(Math.abs(learningRate(1, { kind: 'step', stepSize: 10, gamma: 0.5 }, 25) - 0.25) < 1e-15);
});

interface Mlp {
  params: Tensor[];
  forward(x: Tensor): Tensor;
}

function mlp(g: Graph, sizes: number[]): Mlp {
  const params: Tensor[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    params.push(g.variable(`W${i}`, [sizes[i + 1]!, sizes[i]!]), g.variable(`b${i}`, [sizes[i + 1]!]));
  }
  return {
    params,
    forward(x) {
      let h = x;
      for (let i = 0; i < params.length; i += 2) {
        h = op.gemm(h, params[i]!, params[i + 1]!, { transB: true });
        if (i + 2 < params.length) h = op.tanh(h);
      }
      return h;
    },
  };
}

interface ThreadRuns {
  /** Run on the session's own thread; `defer`: updates stay there until syncStore, every `syncEvery` runs. */
  thread: boolean;
  defer?: boolean;
  syncEvery?: number;
  /** After this run, put back the store's values as they were after the first run (a restore the thread must see). */
  restoreAfter?: number;
}

async function fitSine(seed: number, steps: number, stepsPerRun: number, threadRuns?: ThreadRuns): Promise<{ loss: number; store: VariableStore; threaded: boolean }> {
  const rng = new Rng(seed);
  const B = 64;
  const g = new Graph();
  const net = mlp(g, [1, 32, 32, 1]);
  const x = g.input('x', [B, 1]);
  const y = g.input('y', [B, 1]);
  const loss = op.reduceMean(op.square(op.sub(net.forward(x), y)));
  const adam = new Adam(g, 'adam');
  const updates = adam.build(net.params, gradients(loss, net.params));
  const store = new VariableStore();
  for (const p of net.params) {
    const bound = p.rank === 2 ? Math.sqrt(6 / (p.shape[0]! + p.shape[1]!)) : 0;
    store.declare(p.name, p.shape, rng.fillUniform(new Float32Array(p.size), -bound, bound) as Float32Array);
  }
  adam.initState(store);
  const prog = await Program.compile(g, { updates, outputs: { loss } }, store, { stepsPerRun, thread: threadRuns?.thread ?? false });
  let last = Infinity, runs = 0;
  let first: ReturnType<VariableStore['snapshot']> | null = null;
  for (let t = 0; t < steps; t += stepsPerRun) {
    // The last run does what is left (fewer steps than the Loop's most).
    const k = Math.min(stepsPerRun, steps - t);
    const xs = new Float32Array(B * k), ys = new Float32Array(B * k);
    const ss = new Float32Array(k), es = new Float32Array(k);
    for (let j = 0; j < k; j++) {
      for (let i = 0; i < B; i++) {
        const v = rng.uniformIn(-3, 3);
        xs[j * B + i] = v;
        ys[j * B + i] = Math.sin(v);
      }
      const f = adam.stepFeeds(t + j + 1, 1e-2);
      ss[j] = f['adam.step_size']!;
      es[j] = f['adam.eps_hat']!;
    }
    const out = await prog.run({ x: xs, y: ys, 'adam.step_size': ss, 'adam.eps_hat': es }, k, { handOver: true, deferUpdates: threadRuns?.defer ?? false });
    last = (out['loss'] as Float32Array)[k - 1]!;
    runs++;
    if (threadRuns && runs % (threadRuns.syncEvery ?? 1) === 0) await prog.syncStore();
    if (threadRuns && runs === 1) {
      await prog.syncStore();
      first = store.snapshot();
    }
    if (runs === threadRuns?.restoreAfter) {
      await prog.syncStore();
      store.restore(first!);
    }
  }
  await prog.syncStore();
  const threaded = prog.threaded;
  await prog.release();
  return { loss: last, store, threaded };
}

test('a small MLP trained with Adam fits sin(x) on [-3, 3] (MSE < 0.01 after 600 steps)', async () => {
  const { loss } = await fitSine(1, 600, 10);
  assert.ok(loss < 0.01, `final loss ${loss}`);
});

test('same seed gives bit-identical parameters; another seed differs; a Loop of 5 steps equals 5 single runs, and runs of 8, 8, 4 steps too', async () => {
  const a = await fitSine(7, 20, 1);
  const b = await fitSine(7, 20, 1);
  const c = await fitSine(8, 20, 1);
  const looped = await fitSine(7, 20, 5);
  const shorter = await fitSine(7, 20, 8);
  for (const name of a.store.names()) {
    assert.deepEqual(a.store.get(name), b.store.get(name), name);
    assert.deepEqual(a.store.get(name), looped.store.get(name), `${name} (loop)`);
    assert.deepEqual(a.store.get(name), shorter.store.get(name), `${name} (loop, last run shorter)`);
  }
  assert.notDeepEqual(a.store.get('W0'), c.store.get('W0'));
});

test('a program on its own session thread gives the same parameters to the bit: updates sent back each run or kept there until syncStore, and a restored store seen by the thread', async () => {
  const local = await fitSine(7, 40, 5, { thread: false });
  for (const o of [{ thread: true }, { thread: true, defer: true, syncEvery: 3 }]) {
    const threaded = await fitSine(7, 40, 5, o);
    assert.ok(threaded.threaded, 'the session ran on its own thread');
    for (const name of local.store.names()) assert.deepEqual(threaded.store.get(name), local.store.get(name), `${name} (${JSON.stringify(o)})`);
    assert.equal(threaded.loss, local.loss);
  }
  const restored = await fitSine(7, 40, 5, { thread: false, restoreAfter: 4 });
  for (const o of [{ thread: true, restoreAfter: 4 }, { thread: true, defer: true, syncEvery: 2, restoreAfter: 4 }]) {
    const threaded = await fitSine(7, 40, 5, o);
    for (const name of restored.store.names()) assert.deepEqual(threaded.store.get(name), restored.store.get(name), `${name} (${JSON.stringify(o)})`);
  }
  assert.notDeepEqual(restored.store.get('W0'), local.store.get('W0'), 'the restore changed the run');
});

test('float32 sums over one axis of a matrix (lowered to a Gemm with ones) equal plain sums, kept dims or not', async () => {
  const g = new Graph('float32');
  const x = g.input('x', [7, 5]);
  const outputs = {
    rows: op.reduceSum(x, [0]), rowsKept: op.reduceSum(x, [0], true), cols: op.reduceSum(x, [1]), colsKept: op.reduceSum(x, [1], true),
    mean: op.reduceMean(x, [0]), all: op.reduceSum(x),
  };
  assert.deepEqual(outputs.rowsKept.shape, [1, 5]);
  assert.deepEqual(outputs.colsKept.shape, [7, 1]);
  const prog = await Program.compile(g, { outputs }, new VariableStore());
  const data = Float32Array.from({ length: 35 }, (_, i) => Math.sin(i) * (i + 1));
  const out = await prog.run({ x: data });
  const at = (i: number, j: number): number => data[i * 5 + j]!;
  const colSums = [0, 1, 2, 3, 4].map((j) => [0, 1, 2, 3, 4, 5, 6].reduce((s, i) => s + at(i, j), 0));
  const rowSums = [0, 1, 2, 3, 4, 5, 6].map((i) => [0, 1, 2, 3, 4].reduce((s, j) => s + at(i, j), 0));
  const close = (got: ArrayLike<number>, want: number[]): void => want.forEach((w, k) => assert.ok(Math.abs(got[k]! - w) < 1e-4 * (1 + Math.abs(w)), `${k}: ${got[k]} vs ${w}`));
  close(out['rows'] as Float32Array, colSums);
  close(out['rowsKept'] as Float32Array, colSums);
  close(out['cols'] as Float32Array, rowSums);
  close(out['colsKept'] as Float32Array, rowSums);
  close(out['mean'] as Float32Array, colSums.map((s) => s / 7));
  close(out['all'] as Float32Array, [colSums.reduce((a, b) => a + b, 0)]);
  await prog.release();
});
