import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../util/rng.js';
import { Graph, Program, VariableStore, reduceMean } from '../engine/index.js';
import { ForwardContext } from './context.js';
import { moments, pack } from './features.js';
import { GUMBEL_FLOOR, applyHeads } from './heads.js';
import { batchNorm, spectralLinear, spectralNormalize } from './layers.js';
import { gradCheck } from '../engine/gradcheck.js';
import { gradients } from '../engine/autodiff.js';
import { gemm, leakyRelu, mul, reduceSum, sigmoid, sqrt, square, sub, add, tanh, type Tensor } from '../engine/index.js';
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { bceWithLogits, featureMatchingLoss, hingeDiscriminatorLoss } from './losses.js';
import { buildMlp } from './mlp.js';
import { initLinear } from './init.js';

async function run(g: Graph, outputs: Record<string, ReturnType<Graph['input']>>, feeds: Record<string, Float32Array>, store = new VariableStore(), updates?: Map<ReturnType<Graph['input']>, ReturnType<Graph['input']>>) {
  const p = await Program.compile(g, { outputs, updates }, store);
  const r = await p.run(feeds);
  await p.release();
  return r as Record<string, Float32Array>;
}

test('moments: per-row mean, population std, skewness and excess kurtosis', async () => {
  const g = new Graph();
  const x = g.input('x', [2, 5]);
  const rows = [[1, 2, 3, 4, 10], [0, 0, 1, 1, 1]];
  const r = await run(g, { m: moments(x) }, { x: Float32Array.from(rows.flat()) });
  rows.forEach((row, i) => {
    const mu = row.reduce((a, b) => a + b) / 5;
    const sd = Math.sqrt(row.reduce((a, b) => a + (b - mu) ** 2, 0) / 5);
    const z = row.map((v) => (v - mu) / sd);
    const expect = [mu, sd, z.reduce((a, b) => a + b ** 3, 0) / 5, z.reduce((a, b) => a + b ** 4, 0) / 5 - 3];
    expect.forEach((e, j) => assert.ok(Math.abs(r['m']![i * 4 + j]! - e) < 1e-4, `row ${i} moment ${j}: ${r['m']![i * 4 + j]} vs ${e}`));
  });
});

test('PacGAN packing puts k consecutive rows side by side', async () => {
  const g = new Graph();
  const x = g.input('x', [4, 2]);
  const r = await run(g, { y: pack(x, 2) }, { x: Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8) });
  assert.deepEqual(Array.from(r['y']!), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.throws(() => pack(g.input('odd', [3, 2]), 2), /not a multiple of pac = 2/);
});

test('BatchNorm1d: training normalises by batch statistics and moves running stats as torch does', async () => {
  const g = new Graph();
  const x = g.input('x', [4, 2]);
  const bn = {
    gamma: g.variable('gamma', [2]), beta: g.variable('beta', [2]),
    runningMean: g.variable('rm', [2]), runningVar: g.variable('rv', [2]), momentum: 0.1, eps: 1e-5,
  };
  const store = new VariableStore();
  store.declare('gamma', [2], Float32Array.of(2, 1));
  store.declare('beta', [2], Float32Array.of(0, 1));
  store.declare('rm', [2], Float32Array.of(0, 0));
  store.declare('rv', [2], Float32Array.of(1, 1));
  const ctx = new ForwardContext(g, true);
  const y = batchNorm(ctx, x, bn);
  const data = Float32Array.of(1, 10, 2, 20, 3, 30, 6, 40);
  const r = await run(g, { y }, { x: data }, store, ctx.updates());
  const col0 = [1, 2, 3, 6], m0 = 3, v0 = col0.reduce((a, b) => a + (b - m0) ** 2, 0) / 4;
  assert.ok(Math.abs(r['y']![0]! - (2 * (1 - m0)) / Math.sqrt(v0 + 1e-5)) < 1e-4);
  assert.ok(Math.abs(store.get('rm')[0]! - 0.1 * m0) < 1e-6);
  assert.ok(Math.abs(store.get('rv')[0]! - (0.9 + 0.1 * v0 * (4 / 3))) < 1e-5, 'running var uses the unbiased variance');
  // Evaluation mode uses the running statistics.
  const ev = new ForwardContext(g, false);
  const ye = batchNorm(ev, x, bn);
  const re = await run(g, { ye }, { x: data }, store);
  const rm = store.get('rm')[0]!, rv = store.get('rv')[0]!;
  assert.ok(Math.abs(re['ye']![0]! - (2 * (1 - rm)) / Math.sqrt(rv + 1e-5)) < 1e-4);
});

test('dropout in training mode multiplies by a fed keep mask; evaluation mode is the identity', async () => {
  const g = new Graph();
  const net = buildMlp(g, 'D', 3, 1, { hidden: [4], dropout: 0.5 });
  const x = g.input('x', [2, 3]);
  const train = new ForwardContext(g, true);
  net.forward(train, x);
  assert.equal(train.randomFeeds.length, 1);
  assert.deepEqual(train.randomFeeds[0]!.spec, { kind: 'dropout', p: 0.5 });
  const ev = new ForwardContext(g, false);
  net.forward(ev, x);
  assert.equal(ev.randomFeeds.length, 0);
});

test('a residual generator (CTGAN blocks) concatenates each block output with its input', () => {
  const g = new Graph();
  const net = buildMlp(g, 'G', 10, 7, { hidden: [16, 16], residual: true });
  const out = net.forward(new ForwardContext(g, true), g.input('z', [8, 10]));
  assert.deepEqual(out.out.shape, [8, 7]);
  assert.deepEqual(out.features.shape, [8, 10 + 16 + 16]);
  assert.equal(net.buffers.length, 4);
});

test('initialisers draw from the documented ranges', () => {
  const rng = new Rng(1);
  const x = initLinear('xavier_uniform', 50, 30, rng);
  const bound = Math.sqrt(6 / 80);
  assert.ok(x.weight.every((w) => Math.abs(w) <= bound) && Math.max(...x.weight.map(Math.abs)) > 0.9 * bound);
  assert.ok(x.bias.every((b) => b === 0));
  const h = initLinear('he_uniform', 50, 30, rng);
  assert.ok(Math.max(...h.weight.map(Math.abs)) > 0.9 * Math.sqrt(6 / 30));
  const t = initLinear('torch_default', 50, 30, rng);
  assert.ok(t.bias.some((b) => b !== 0) && t.weight.every((w) => Math.abs(w) <= 1 / Math.sqrt(30)));
});

test('losses match their formulas: BCE on logits, hinge, feature matching', async () => {
  const g = new Graph();
  const l = g.input('l', [3, 1]);
  const f1 = g.input('f1', [2, 2]);
  const f2 = g.input('f2', [2, 2]);
  const hinge = hingeDiscriminatorLoss(l, l);
  const r = await run(g, { bce: bceWithLogits(l, 0.9), hr: hinge.real!, hf: hinge.fake!, fm: featureMatchingLoss(f1, f2), mean: reduceMean(l) },
    { l: Float32Array.of(-2, 0.5, 3), f1: Float32Array.of(1, 2, 3, 4), f2: Float32Array.of(0, 0, 1, 1) });
  const sig = (v: number): number => 1 / (1 + Math.exp(-v));
  const bce = [-2, 0.5, 3].reduce((a, v) => a - (0.9 * Math.log(sig(v)) + 0.1 * Math.log(1 - sig(v))), 0) / 3;
  assert.ok(Math.abs(r['bce']![0]! - bce) < 1e-5);
  assert.ok(Math.abs(r['hr']![0]! - (3 + 0.5 + 0) / 3) < 1e-6);
  assert.ok(Math.abs(r['hf']![0]! - (0 + 1.5 + 4) / 3) < 1e-6);
  assert.ok(Math.abs(r['fm']![0]! - ((2 - 0.5) ** 2 + (3 - 0.5) ** 2)) < 1e-5);
});

test('output heads: tanh spans in [-1, 1], softmax spans sum to 1 (Gumbel noise only in training)', async () => {
  const g = new Graph();
  const x = g.input('x', [2, 5]);
  const spans = [{ width: 1, activation: 'tanh' as const }, { width: 3, activation: 'gumbel_softmax' as const }, { width: 1, activation: 'tanh' as const }];
  const ev = new ForwardContext(g, false);
  const y = applyHeads(ev, x, spans);
  const r = await run(g, { y }, { x: Float32Array.of(5, 1, 2, 3, -5, 0, 0, 0, 0, 0) });
  const v = r['y']!;
  assert.ok(Math.abs(v[0]! - Math.tanh(5)) < 1e-6 && Math.abs(v[1]! + v[2]! + v[3]! - 1) < 1e-6 && v[3]! > v[2]!);
  const tr = new ForwardContext(g, true);
  applyHeads(tr, x, spans);
  assert.equal(tr.randomFeeds.filter((f) => f.spec.kind === 'gumbel_uniform').length, 1);
});

test('training Gumbel-softmax: no probability below GUMBEL_FLOOR and no denormal in its gradient', async () => {
  // Logit gaps of 19 and 40 at τ = 0.2 put e^(−95) (a denormal) and e^(−200) (an underflow to 0) in a plain softmax.
  const g = new Graph();
  const x = g.input('x', [2, 3]);
  const tr = new ForwardContext(g, true);
  const y = applyHeads(tr, x, [{ width: 3, activation: 'gumbel_softmax' }]);
  const u = tr.randomFeeds[0]!;
  // The gradient the generator's last layer gets back: y ⊙ (g − Σ g⊙y) must not bring the denormals back.
  const [dx] = gradients(reduceSum(mul(y, g.constant(Float32Array.of(1, -2, 3, -1, 2, -3), [2, 3]))), [x]);
  const r = await run(g, { y, dx: dx! }, { x: Float32Array.of(0, -19, -40, 5, 5, -14), [u.name]: new Float32Array(6).fill(0.5) });
  const v = r['y']!;
  for (let i = 0; i < v.length; i++) assert.ok(v[i]! >= GUMBEL_FLOOR, `probability ${i} is ${v[i]}`);
  for (const d of r['dx']!) assert.ok(d === 0 || Math.abs(d) >= 1.1754944e-38, `gradient ${d} is a denormal`);
  assert.ok(Math.abs(v[0]! - 1) < 1e-6 && v[1]! < 1e-30 * 1.0001 && Math.abs(v[3]! - 0.5) < 1e-6 && Math.abs(v[4]! - 0.5) < 1e-6);
});

test('spectral normalisation: gradients through W/σ(W) (first and second order) match finite differences', async () => {
  // The gradient treats the power iteration's u and v as constants (as torch does). That is the
  // exact derivative of W/σ_max(W) once u is the leading singular vector (σ = uᵀWv is stationary
  // in u and v there), so the check first runs the iteration to convergence inside the graph.
  const converged = (g: Graph, w: Tensor): Tensor => {
    let u = g.constant(Float64Array.of(0.3, -0.5, 0.1, 0.7, 0.4), [1, 5]);
    for (let i = 0; i < 300; i++) u = spectralNormalize(w, u).u;
    return u;
  };
  const sn = (g: Graph, w: Tensor): Tensor => spectralNormalize(w, converged(g, w)).weight;
  const first = await gradCheck([[4, 3], [5, 3]], (g, [x, w]) => tanh(gemm(x!, sn(g, w!), null, { transB: true })), { seed: 5, rtol: 1e-4, atol: 1e-6 });
  assert.ok(first.ok, `first order: max abs error ${first.maxAbsError}, worst ${JSON.stringify(first.worst)}`);
  // The WGAN-GP pattern on a spectrally normalised layer: ‖∂D/∂x‖ differentiated again w.r.t. W.
  const second = await gradCheck([[4, 3], [5, 3], [1, 5]], (g, [x, w, w2]) => {
    const h = leakyRelu(gemm(x!, sn(g, w!), null, { transB: true }), 0.2);
    const d = sigmoid(gemm(h, w2!, null, { transB: true }));
    const [gx] = gradients(reduceSum(d), [x!]);
    const norm = sqrt(add(reduceSum(square(gx!), [1]), 1e-12));
    return reduceSum(square(sub(norm, 1)));
  }, { avoid: [0], avoidWidth: 0.02, seed: 6, rtol: 1e-4, atol: 1e-6 });
  assert.ok(second.ok, `second order: max abs error ${second.maxAbsError}, worst ${JSON.stringify(second.worst)}`);
});

test('spectral normalisation on the layer output, (x·Wᵀ)/σ + b, has the value and the gradients of x·(W/σ)ᵀ + b', async () => {
  const converged = (g: Graph, w: Tensor): Tensor => {
    let u = g.constant(Float64Array.of(0.3, -0.5, 0.1, 0.7, 0.4), [1, 5]);
    for (let i = 0; i < 300; i++) u = spectralNormalize(w, u).u;
    return u;
  };
  const viaOutput = (g: Graph, x: Tensor, w: Tensor, b: Tensor): Tensor => spectralLinear(x, w, b, converged(g, w)).y;
  const viaWeight = (g: Graph, x: Tensor, w: Tensor, b: Tensor): Tensor => gemm(x, spectralNormalize(w, converged(g, w)).weight, b, { transB: true });
  const first = await gradCheck([[4, 3], [5, 3], [5]], (g, [x, w, b]) => tanh(viaOutput(g, x!, w!, b!)), { seed: 7, rtol: 1e-4, atol: 1e-6 });
  assert.ok(first.ok, `max abs error ${first.maxAbsError}, worst ${JSON.stringify(first.worst)}`);
  const second = await gradCheck([[4, 3], [5, 3], [5], [1, 5]], (g, [x, w, b, w2]) => {
    const d = sigmoid(gemm(leakyRelu(viaOutput(g, x!, w!, b!), 0.2), w2!, null, { transB: true }));
    const [gx] = gradients(reduceSum(d), [x!]);
    return reduceSum(square(sub(sqrt(add(reduceSum(square(gx!), [1]), 1e-12)), 1)));
  }, { avoid: [0], avoidWidth: 0.02, seed: 8, rtol: 1e-4, atol: 1e-6 });
  assert.ok(second.ok, `second order: max abs error ${second.maxAbsError}, worst ${JSON.stringify(second.worst)}`);
  const g = new Graph();
  const x = g.input('x', [4, 3]), w = g.input('w', [5, 3]), b = g.input('b', [5]);
  const rng = new Rng(3);
  const normal = (n: number): Float32Array => rng.fillNormal(new Float32Array(n)) as Float32Array;
  const feeds = { x: normal(12), w: normal(15), b: normal(5) };
  const r = await run(g, { out: viaOutput(g, x, w, b), weight: viaWeight(g, x, w, b) }, feeds);
  r['out']!.forEach((v, i) => assert.ok(Math.abs(v - r['weight']![i]!) < 1e-5, `${v} vs ${r['weight']![i]}`));
});

test('spectral normalisation: the power iteration carried across runs finds σ = the largest singular value', async () => {
  const rows = [[2, -1, 0.5, 3], [0.1, 4, -2, 1], [1, 1, 1, -1]];
  const top = new SingularValueDecomposition(new Matrix(rows)).diagonal[0]!;
  const g = new Graph();
  const net = buildMlp(g, 'D', 4, 3, { hidden: [], spectralNorm: true });
  const store = new VariableStore();
  net.init(store, new Rng(1));
  store.set('D.0.weight', Float32Array.from(rows.flat()));
  assert.deepEqual(net.buffers.map((b) => b.name), ['D.0.sn_u']);
  const ctx = new ForwardContext(g, true);
  const x = g.input('x', [1, 4]);
  const y = net.forward(ctx, x).out;
  const sigma = spectralNormalize(net.params[0]!, net.buffers[0]!).sigma;
  const p = await Program.compile(g, { outputs: { y, sigma }, updates: ctx.updates() }, store);
  let r: Record<string, Float32Array> = {};
  for (let i = 0; i < 30; i++) r = (await p.run({ x: Float32Array.of(1, 0, 0, 0) })) as Record<string, Float32Array>;
  await p.release();
  assert.ok(Math.abs(r['sigma']![0]! - top) < 1e-4 * top, `σ ${r['sigma']![0]} vs ${top}`);
  // y = W e₁ / σ + bias: the first column of the normalised weight, plus the bias.
  const bias = store.get('D.0.bias');
  rows.forEach((row, k) => assert.ok(Math.abs(r['y']![k]! - (row[0]! / top + bias[k]!)) < 1e-4));
});
