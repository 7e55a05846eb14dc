/**
 * Numerical gradient checking: compares autodiff gradients with central finite differences,
 * both computed by ONNX Runtime in float64. Used by the engine's tests.
 */
import { Rng } from '../util/rng.js';
import { gradients } from './autodiff.js';
import { Graph, shapeSize, type Tensor } from './graph.js';
import { mul } from './ops/arithmetic.js';
import { reduceSum } from './ops/reduce.js';
import { Program } from './program.js';
import { VariableStore } from './store.js';

export interface GradCheckOptions {
  seed?: number;
  /** Input values are drawn from U[lo, hi] ... */
  range?: [number, number];
  /** ... and redrawn while closer than this to any kink (0 for ReLU, Abs, ...). */
  avoid?: readonly number[];
  avoidWidth?: number;
  eps?: number;
  rtol?: number;
  atol?: number;
}

export interface GradCheckResult {
  maxAbsError: number;
  maxRelError: number;
  worst: { input: number; index: number; analytic: number; numeric: number } | null;
  ok: boolean;
}

export async function gradCheck(
  shapes: readonly (readonly number[])[],
  build: (g: Graph, xs: Tensor[]) => Tensor,
  o: GradCheckOptions = {},
): Promise<GradCheckResult> {
  const rng = new Rng(o.seed ?? 1);
  const [lo, hi] = o.range ?? [-2, 2];
  const width = o.avoidWidth ?? 0.05;
  const draw = (): number => {
    for (;;) {
      const v = rng.uniformIn(lo, hi);
      if (!(o.avoid ?? []).some((k) => Math.abs(v - k) < width)) return v;
    }
  };
  const values = shapes.map((s) => Float64Array.from({ length: shapeSize(s) }, draw));

  const g = new Graph('float64');
  const xs = shapes.map((s, i) => g.input(`x${i}`, s));
  const y = build(g, xs);
  // A random weighting makes the scalar loss sensitive to every output element.
  const w = g.constant(Float64Array.from({ length: y.size }, () => rng.uniformIn(-1, 1)), y.shape);
  const loss = reduceSum(mul(y, w));
  const grads = gradients(loss, xs, { allowUnused: true });

  const store = new VariableStore();
  const outputs: Record<string, Tensor> = { loss };
  grads.forEach((gr, i) => {
    if (gr) outputs[`g${i}`] = gr;
  });
  const full = await Program.compile(g, { outputs }, store, { name: 'gradcheck' });
  const lossOnly = await Program.compile(g, { outputs: { loss } }, store, { name: 'gradcheck_loss' });
  const feeds = (): Record<string, Float64Array> => Object.fromEntries(values.map((v, i) => [`x${i}`, v]));
  const analytic = await full.run(feeds());
  // Inputs the loss does not read (e.g. an unused operand) are absent from the loss-only program.
  const evalLoss = async (): Promise<number> => (await lossOnly.run(feeds()))['loss']![0] as number;

  const eps = o.eps ?? 1e-6;
  const rtol = o.rtol ?? 1e-5;
  const atol = o.atol ?? 1e-7;
  const res: GradCheckResult = { maxAbsError: 0, maxRelError: 0, worst: null, ok: true };
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    // An input the loss does not depend on has gradient zero.
    const a = (analytic[`g${i}`] as Float64Array | undefined) ?? new Float64Array(v.length);
    for (let j = 0; j < v.length; j++) {
      const orig = v[j]!;
      v[j] = orig + eps;
      const up = await evalLoss();
      v[j] = orig - eps;
      const down = await evalLoss();
      v[j] = orig;
      const numeric = (up - down) / (2 * eps);
      const err = Math.abs(a[j]! - numeric);
      const rel = err / Math.max(Math.abs(numeric), 1e-12);
      if (err > res.maxAbsError) res.maxAbsError = err;
      if (err > atol + rtol * Math.abs(numeric)) {
        res.ok = false;
        if (!res.worst || err > Math.abs(res.worst.analytic - res.worst.numeric)) res.worst = { input: i, index: j, analytic: a[j]!, numeric };
        res.maxRelError = Math.max(res.maxRelError, rel);
      }
    }
  }
  await full.release();
  await lossOnly.release();
  return res;
}
