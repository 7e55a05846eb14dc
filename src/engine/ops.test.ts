import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gradCheck, type GradCheckOptions } from './gradcheck.js';
import type { Graph, Tensor } from './graph.js';
import * as op from './ops/index.js';

interface Case {
  name: string;
  shapes: number[][];
  f: (g: Graph, x: Tensor[]) => Tensor;
  o?: GradCheckOptions;
}

const pos: GradCheckOptions = { range: [0.3, 2] };
const kink: GradCheckOptions = { avoid: [0] };

const cases: Case[] = [
  // broadcasting binary ops: same shape, row vector, column vector, scalar, rank-expanding
  ...(['add', 'sub', 'mul'] as const).flatMap((name) => [
    { name: `${name} same`, shapes: [[3, 4], [3, 4]], f: (_g: Graph, [a, b]: Tensor[]) => op[name](a!, b!) },
    { name: `${name} row`, shapes: [[3, 4], [4]], f: (_g: Graph, [a, b]: Tensor[]) => op[name](a!, b!) },
    { name: `${name} col`, shapes: [[3, 1], [3, 4]], f: (_g: Graph, [a, b]: Tensor[]) => op[name](a!, b!) },
    { name: `${name} scalar`, shapes: [[], [2, 3]], f: (_g: Graph, [a, b]: Tensor[]) => op[name](a!, b!) },
    { name: `${name} outer`, shapes: [[2, 1, 3], [4, 1]], f: (_g: Graph, [a, b]: Tensor[]) => op[name](a!, b!) },
  ]),
  { name: 'div same', shapes: [[3, 4], [3, 4]], f: (_g, [a, b]) => op.div(a!, b!), o: pos },
  { name: 'div broadcast', shapes: [[3, 4], [3, 1]], f: (_g, [a, b]) => op.div(a!, b!), o: pos },
  { name: 'neg', shapes: [[5]], f: (_g, [a]) => op.neg(a!) },
  { name: 'pow const', shapes: [[2, 3]], f: (_g, [a]) => op.pow(a!, 3), o: pos },
  { name: 'pow tensor', shapes: [[2, 3], [3]], f: (_g, [a, b]) => op.pow(a!, b!), o: pos },
  { name: 'sqrt', shapes: [[2, 3]], f: (_g, [a]) => op.sqrt(a!), o: pos },
  { name: 'exp', shapes: [[2, 3]], f: (_g, [a]) => op.exp(a!) },
  { name: 'log', shapes: [[2, 3]], f: (_g, [a]) => op.log(a!), o: pos },
  { name: 'abs', shapes: [[2, 3]], f: (_g, [a]) => op.abs(a!), o: kink },
  { name: 'relu', shapes: [[3, 4]], f: (_g, [a]) => op.relu(a!), o: kink },
  { name: 'leakyRelu', shapes: [[3, 4]], f: (_g, [a]) => op.leakyRelu(a!, 0.2), o: kink },
  { name: 'tanh', shapes: [[3, 4]], f: (_g, [a]) => op.tanh(a!) },
  { name: 'cos', shapes: [[3, 4]], f: (_g, [a]) => op.cos(a!) },
  { name: 'sin', shapes: [[3, 4]], f: (_g, [a]) => op.sin(a!) },
  { name: 'sigmoid', shapes: [[3, 4]], f: (_g, [a]) => op.sigmoid(a!) },
  { name: 'softplus', shapes: [[3, 4]], f: (_g, [a]) => op.softplus(a!) },
  { name: 'softmax last', shapes: [[3, 4]], f: (_g, [a]) => op.softmax(a!, -1) },
  { name: 'softmax axis0', shapes: [[3, 4]], f: (_g, [a]) => op.softmax(a!, 0) },
  { name: 'logSoftmax', shapes: [[3, 5]], f: (_g, [a]) => op.logSoftmax(a!, 1) },
  { name: 'flooredSoftmax', shapes: [[3, 4]], f: (_g, [a]) => op.flooredSoftmax(a!, 1e-30, 1) },
  { name: 'reduceSum all', shapes: [[3, 4]], f: (_g, [a]) => op.reduceSum(a!) },
  { name: 'reduceSum axis1 keep', shapes: [[3, 4]], f: (_g, [a]) => op.reduceSum(a!, [1], true) },
  { name: 'reduceSum axes 0,2', shapes: [[2, 3, 4]], f: (_g, [a]) => op.reduceSum(a!, [0, 2]) },
  { name: 'reduceMean axis0', shapes: [[3, 4]], f: (_g, [a]) => op.reduceMean(a!, [0]) },
  { name: 'expand', shapes: [[3, 1]], f: (_g, [a]) => op.expand(a!, [2, 3, 4]) },
  { name: 'concat axis0', shapes: [[2, 3], [1, 3]], f: (_g, [a, b]) => op.concat([a!, b!], 0) },
  { name: 'concat axis1', shapes: [[2, 3], [2, 2], [2, 1]], f: (_g, [a, b, c]) => op.concat([a!, b!, c!], 1) },
  { name: 'slice', shapes: [[4, 5]], f: (_g, [a]) => op.slice(a!, [1, 2], [3, 5]) },
  { name: 'pad', shapes: [[2, 3]], f: (_g, [a]) => op.pad(a!, [1, 0], [0, 2]) },
  { name: 'reshape', shapes: [[2, 6]], f: (_g, [a]) => op.mul(op.reshape(a!, [3, 4]), op.reshape(a!, [3, 4])) },
  { name: 'transpose 2d', shapes: [[2, 3]], f: (_g, [a]) => op.transpose(a!) },
  { name: 'transpose 3d', shapes: [[2, 3, 4]], f: (_g, [a]) => op.transpose(a!, [1, 2, 0]) },
  { name: 'where', shapes: [[3, 4], [3, 4], [4]], f: (_g, [c, a, b]) => op.where(op.greater(c!, 0), a!, b!), o: kink },
  { name: 'clip', shapes: [[3, 4]], f: (_g, [a]) => op.clip(a!, -1, 1), o: { avoid: [-1, 1] } },
  { name: 'cast round trip', shapes: [[3]], f: (_g, [a]) => op.mul(op.cast(op.cast(a!, 'float32'), 'float64'), a!), o: { eps: 1e-2, rtol: 1e-3, atol: 1e-3 } },
  ...[false, true].flatMap((tA) => [false, true].map((tB) => ({
    name: `gemm transA=${tA} transB=${tB}`,
    shapes: [tA ? [4, 3] : [3, 4], tB ? [5, 4] : [4, 5], [5]],
    f: (_g: Graph, [a, b, c]: Tensor[]) => op.gemm(a!, b!, c!, { transA: tA, transB: tB, alpha: 0.7, beta: 1.3 }),
  }))),
  { name: 'matmul', shapes: [[2, 3], [3, 4]], f: (_g, [a, b]) => op.matmul(a!, b!) },
];

for (const c of cases) {
  test(`gradient of ${c.name} matches finite differences`, async () => {
    const r = await gradCheck(c.shapes, c.f, c.o);
    assert.ok(r.ok, `max abs error ${r.maxAbsError}, worst ${JSON.stringify(r.worst)}`);
  });
}

test('every op with a gradient rule is exercised by a finite-difference case above', async () => {
  const { registeredOps, opDef } = await import('./ops/registry.js');
  const { Graph } = await import('./graph.js');
  const seen = new Set<string>();
  for (const c of cases) {
    const g = new Graph('float64');
    c.f(g, c.shapes.map((s, i) => g.input(`x${i}`, s)));
    for (const t of g.tensors) if (t.node) seen.add(t.node.op);
  }
  const differentiable = registeredOps().filter((name) => opDef(name)?.grad && !opDef(name)?.alias);
  assert.ok(differentiable.length >= 25, `only ${differentiable.length} differentiable ops registered`);
  assert.deepEqual(differentiable.filter((name) => !seen.has(name)), []);
});

/**
 * The float32 lowerings (e.g. a matrix's sum over one axis as a Gemm with ones, which every
 * broadcast gradient uses) give the gradients of the float64 graph, which the cases above check
 * against finite differences. Finite differences in float32 would be too coarse to check directly.
 */
test('float32 gradients equal the finite-difference-checked float64 ones', async () => {
  const { Graph, shapeSize } = await import('./graph.js');
  const { gradients } = await import('./autodiff.js');
  const { Program } = await import('./program.js');
  const { VariableStore } = await import('./store.js');
  const { Rng } = await import('../util/rng.js');
  const picked = cases.filter((c) => /row|col|outer|gemm|reduceSum|reduceMean|softmax|logSoftmax|matmul|concat|expand/.test(c.name));
  assert.ok(picked.length >= 15);
  let lowered = 0;
  for (const c of picked) {
    const rng = new Rng(3);
    const values = c.shapes.map((s) => Float64Array.from({ length: shapeSize(s) }, () => rng.uniformIn(0.3, 1.7)));
    const grads: Float64Array[][] = [];
    for (const dtype of ['float64', 'float32'] as const) {
      const g = new Graph(dtype);
      const xs = c.shapes.map((s, i) => g.input(`x${i}`, s));
      const y = c.f(g, xs);
      const wv = Float64Array.from({ length: y.size }, (_, k) => Math.cos(k));
      const w = g.constant(dtype === 'float32' ? Float32Array.from(wv) : wv, y.shape);
      const loss = op.reduceSum(op.mul(y, w));
      const gs = gradients(loss, xs, { allowUnused: true });
      const outputs: Record<string, Tensor> = {};
      gs.forEach((t, i) => t && (outputs[`g${i}`] = t));
      const p = await Program.compile(g, { outputs }, new VariableStore(), { name: `grad32_${dtype}` });
      if (dtype === 'float32' && [...g.tensors].some((t) => t.node?.op === 'ReduceSum' && t.node.inputs[0]!.rank === 2)) lowered++;
      const out = await p.run(Object.fromEntries(values.map((v, i) => [`x${i}`, dtype === 'float32' ? Float32Array.from(v) : v])));
      grads.push(values.map((v, i) => Float64Array.from((out[`g${i}`] as ArrayLike<number> | undefined) ?? new Float64Array(v.length))));
      await p.release();
    }
    grads[0]!.forEach((g64, i) => g64.forEach((v, j) => {
      const v32 = grads[1]![i]![j]!;
      assert.ok(Math.abs(v32 - v) <= 1e-4 * (1 + Math.abs(v)), `${c.name}: d/dx${i}[${j}] float32 ${v32} vs float64 ${v}`);
    }));
  }
  // The Gemm lowering of a matrix sum was on the path of some of these gradients.
  assert.ok(lowered >= 3, `only ${lowered} cases reduced a matrix`);
});
