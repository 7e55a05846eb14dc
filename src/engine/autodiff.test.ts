import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gradCheck } from './gradcheck.js';
import { gradients } from './autodiff.js';
import { Graph, type Tensor } from './graph.js';
import { Program } from './program.js';
import { VariableStore } from './store.js';
import * as op from './ops/index.js';

// The WGAN-GP pattern: penalty = Σ_rows (‖∂D/∂x‖₂ − 1)², differentiated again w.r.t. D's weights.
const activations: Record<string, (x: Tensor) => Tensor> = {
  relu: op.relu,
  leakyRelu: (x) => op.leakyRelu(x, 0.2),
  tanh: op.tanh,
  sigmoid: op.sigmoid,
};

for (const [name, act] of Object.entries(activations)) {
  test(`second-order gradient (gradient penalty) through Gemm + ${name} matches finite differences`, async () => {
    const r = await gradCheck([[4, 3], [5, 3], [5], [1, 5]], (_g, [x, w1, b1, w2]) => {
      const h = act(op.gemm(x!, w1!, b1!, { transB: true }));
      const d = op.sigmoid(op.gemm(h, w2!, null, { transB: true }));
      const [gx] = gradients(op.reduceSum(d), [x!]);
      const norm = op.sqrt(op.add(op.reduceSum(op.mul(gx!, gx!), [1]), 1e-12));
      return op.reduceSum(op.square(op.sub(norm, 1)));
    }, { avoid: [0], avoidWidth: 0.02, seed: 3, rtol: 1e-4, atol: 1e-6 });
    assert.ok(r.ok, `max abs error ${r.maxAbsError}, worst ${JSON.stringify(r.worst)}`);
  });
}

test('a missing path is a clear error naming the tensor', () => {
  const g = new Graph();
  const a = g.input('a', [2]);
  const b = g.input('b', [2]);
  assert.throws(() => gradients(op.reduceSum(op.mul(a, a)), [b]), /does not depend on b/);
  assert.deepEqual(gradients(op.reduceSum(op.mul(a, a)), [b], { allowUnused: true }), [null]);
});

test('an op without a gradient rule fails loudly, naming the op', async () => {
  const { registerOp } = await import('./ops/registry.js');
  registerOp('TestNoGrad', {});
  const g = new Graph();
  const a = g.input('a', [2]);
  const y = g.node('TestNoGrad', [a], {}, [2], 'float32');
  assert.throws(() => gradients(op.reduceSum(y), [a]), /no gradient for TestNoGrad/);
});

test('shape mismatches are reported with both shapes and the op', () => {
  const g = new Graph();
  const a = g.input('a', [2, 3]);
  const b = g.input('b', [4, 3]);
  assert.throws(() => op.add(a, b), /Add: cannot broadcast shapes \[2, 3\] and \[4, 3\]/);
  assert.throws(() => op.gemm(a, b), /Gemm: inner dimensions differ/);
  assert.throws(() => op.reshape(a, [5]), /Reshape: cannot reshape/);
});

test('NaN in a feed and wrongly sized feeds are rejected, naming the input', async () => {
  const g = new Graph();
  const a = g.input('a', [3]);
  const p = await Program.compile(g, { outputs: { y: op.mul(a, 2) } }, new VariableStore());
  await assert.rejects(p.run({ a: new Float32Array([1, NaN, 2]) }), /input a holds NaN at index 1/);
  await assert.rejects(p.run({ a: new Float32Array([1, 2]) }), /input a got 2 values, expected 3/);
  await assert.rejects(p.run({}), /no value fed for input a/);
  const r = await p.run({ a: new Float32Array([1, 2, 3]) });
  assert.deepEqual(Array.from(r['y'] as Float32Array), [2, 4, 6]);
});

test('a program that reads a variable missing from the store says which', async () => {
  const g = new Graph();
  const w = g.variable('w', [3]);
  await assert.rejects(Program.compile(g, { outputs: { y: op.mul(w, 2) } }, new VariableStore()), /no value stored for variable w/);
});
