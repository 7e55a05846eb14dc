/**
 * Generator output heads: one activation per output span of the data layout (tanh for scalars,
 * softmax or Gumbel-softmax for one-hot blocks), as CTGAN's _apply_activate.
 */
import { concat, flooredSoftmax, log, mul, neg, slice, softmax, sub, tanh, sigmoid, type Tensor } from '../engine/index.js';
import type { ForwardContext } from './context.js';

export type HeadActivation = 'tanh' | 'softmax' | 'gumbel_softmax' | 'sigmoid' | 'identity';

export interface HeadSpan {
  width: number;
  activation: HeadActivation;
}

/** Gumbel-softmax temperature CTGAN uses (tau = 0.2). */
export const GUMBEL_TAU = 0.2;

/** The smallest probability a training-time Gumbel-softmax gives (above float32's denormals, 1.2e-38). */
export const GUMBEL_FLOOR = 1e-30;

export function applyHeads(ctx: ForwardContext, x: Tensor, spans: readonly HeadSpan[]): Tensor {
  let start = 0;
  const parts = spans.map((s) => {
    const part = slice(x, [start], [start + s.width], [1]);
    start += s.width;
    switch (s.activation) {
      case 'tanh':
        return tanh(part);
      case 'sigmoid':
        return sigmoid(part);
      case 'softmax':
        return softmax(part, 1);
      case 'gumbel_softmax':
        // Training: softmax((logits + g)/τ), g = −log(−log U) ~ Gumbel(0, 1) (Jang et al. 2017), U fed by
        // the trainer (the logs run vectorised in the graph). Sampling: the plain softmax; a category
        // is then drawn from it (the same distribution as Gumbel-max).
        // The probabilities are floored at 1e-30 in training, and so is the y in their gradient: at
        // τ = 0.2 most of a span's softmax underflows into float32 denormals, which x86 cores compute
        // on microcode assists. The GEMMs over them (the critic's first layer forward and its weight
        // gradient; the generator's last layer backward) took half of a letter round and 60 % of a
        // lending_club round. The floor moves a row by < 1e-28; those gradients were ~0 anyway.
        if (!ctx.training) return softmax(part, 1);
        return flooredSoftmax(mul(sub(part, log(neg(log(ctx.random(part.shape, { kind: 'gumbel_uniform' }, 'gumbel'))))), 1 / GUMBEL_TAU), GUMBEL_FLOOR, 1);
      case 'identity':
        return part;
    }
  });
  return concat(parts, 1);
}
