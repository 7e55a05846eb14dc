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

test('gradients of several slices of one tensor (disjoint, repeated, overlapping, with gaps) match finite differences, joined by one Concat', async () => {
  // Column spans as the output heads and the conditional loss cut them: [0,2) [2,5) [5,9) repeated, [3,6) overlapping, [10,12) after a gap.
  const f = (x: Tensor): Tensor => {
    const s = (a: number, b: number): Tensor => op.slice(x, [a], [b], [1]);
    const heads = op.concat([op.tanh(s(0, 2)), op.sigmoid(s(2, 5)), op.softmax(s(5, 9), 1)], 1);
    const extra = op.add(op.reduceSum(op.square(s(5, 9))), op.add(op.reduceSum(op.mul(s(3, 6), s(3, 6))), op.reduceSum(op.tanh(s(10, 12)))));
    return op.add(op.reduceSum(op.mul(heads, heads)), extra);
  };
  const r = await gradCheck([[3, 12]], (_g, [x]) => f(x!), { seed: 5, rtol: 1e-4, atol: 1e-6 });
  assert.ok(r.ok, `max abs error ${r.maxAbsError}, worst ${JSON.stringify(r.worst)}`);
  // The lowered gradient pads only the overlapping range, instead of one Pad per slice.
  const g = new Graph();
  const x = g.input('x', [3, 12]);
  const [gx] = gradients(f(x), [x]);
  const ops = g.ancestors([gx!]).map((t) => t.node?.op);
  assert.equal(ops.filter((o) => o === 'Pad').length, 1);
  assert.ok(ops.includes('Concat'));
});

// A residual generator's shape: each block's input is [its output, the block's input], down to the
// noise, condition and prior columns, which need no gradient.
const residualNet = (g: Graph, x: Tensor, w1: Tensor, w2: Tensor, w3: Tensor): Tensor => {
  const noise = g.constant(Array.from({ length: 8 }, (_, i) => Math.sin(i + 1)), [4, 2]);
  const h1 = op.tanh(op.gemm(op.concat([x, noise], 1), w1, null, { transB: true }));
  const a1 = op.concat([h1, noise], 1);
  const a2 = op.concat([op.tanh(op.gemm(a1, w2, null, { transB: true })), a1], 1);
  return op.reduceSum(op.square(op.gemm(a2, w3, null)));
};

test('gradients through matrix products of concatenated columns, some needing none, match finite differences', async () => {
  const r = await gradCheck([[4, 3], [5, 5], [6, 7], [13, 2]], (g, [x, w1, w2, w3]) => residualNet(g, x!, w1!, w2!, w3!), { seed: 5, rtol: 1e-4, atol: 1e-6 });
  assert.ok(r.ok, `max abs error ${r.maxAbsError}, worst ${JSON.stringify(r.worst)}`);
});

test('the input gradient of such a product is made only for the columns that need one', () => {
  const g = new Graph();
  const [x, w1, w2, w3] = [g.input('x', [4, 3]), g.variable('w1', [5, 5]), g.variable('w2', [6, 7]), g.variable('w3', [13, 2])];
  const grads = gradients(residualNet(g, x, w1, w2, w3), [w1, w2, w3]);
  const gemms = g.ancestors(grads).filter((t) => t.node?.op === 'Gemm').map((t) => t.shape.join('x'));
  // Backward products: dW of each layer, and dA only for the 6 columns of h2 and the 5 of h1 (w3's
  // input is 13 wide, w2's 7), nothing for x's layer (x needs none, w1 is its last weight).
  assert.ok(!gemms.includes('4x13') && !gemms.includes('4x7'), `no full-width input gradient: ${gemms.join(' ')}`);
  assert.equal(gemms.filter((s) => s === '4x6').length, 2, 'forward and h2’s input gradient');
  assert.ok(gemms.filter((s) => s === '4x5').length >= 3, 'h1: forward, and its input gradient from both consumers');
  const cut = g.ancestors(grads).filter((t) => t.node?.op === 'Slice' && t.node.inputs[0]!.node?.op === 'Concat');
  assert.equal(cut.length, 0, 'slices at a concatenation’s edges take its pieces');
});

test('a slice of a concatenation at its pieces’ edges is those pieces', () => {
  const g = new Graph();
  const [a, b, c] = [g.input('a', [2, 3]), g.input('b', [2, 4]), g.input('c', [2, 1])];
  const abc = op.concat([a, b, c], 1);
  assert.equal(op.slice(abc, [3], [7], [1]), b);
  const bc = op.slice(abc, [3], [8], [1]);
  assert.equal(bc.node?.op, 'Concat');
  assert.deepEqual(bc.node?.inputs, [b, c]);
  assert.equal(op.slice(abc, [2], [7], [1]).node?.op, 'Slice', 'an edge inside a piece');
  assert.equal(op.slice(abc, [0], [1], [0]).node?.op, 'Slice', 'another axis');
});
