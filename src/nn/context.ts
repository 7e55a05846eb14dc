/**
 * What a forward pass needs from the program being built: the current value of each variable
 * (a round of several updates chains them), train/eval mode, and per-call random inputs
 * (dropout masks, Gumbel noise) that the trainer feeds from its seeded Rng.
 */
import type { Graph, Tensor } from '../engine/index.js';

export type RandomFeedKind =
  /** Dropout keep-mask scaled by 1/(1−p): each element is 1/(1−p) with probability 1−p, else 0. */
  | { kind: 'dropout'; p: number }
  /** U(0, 1) strictly inside, that the Gumbel-softmax head turns into Gumbel noise −log(−log U) in the graph. */
  | { kind: 'gumbel_uniform' }
  | { kind: 'normal' }
  | { kind: 'uniform'; low: number; high: number };

export interface RandomFeed {
  name: string;
  shape: readonly number[];
  spec: RandomFeedKind;
}

export class ForwardContext {
  readonly randomFeeds: RandomFeed[] = [];
  /** Variable → its latest value in the program (parameters after an update, BatchNorm running stats). */
  readonly current = new Map<Tensor, Tensor>();
  private counter = 0;

  constructor(readonly graph: Graph, public training = true, private readonly prefix = '') {}

  value(v: Tensor): Tensor {
    return this.current.get(v) ?? v;
  }

  set(v: Tensor, next: Tensor): void {
    this.current.set(v, next);
  }

  /** A fresh random input of this shape, fed by the trainer. */
  random(shape: readonly number[], spec: RandomFeedKind, label: string = spec.kind): Tensor {
    const name = `${this.prefix}rand${this.counter++}.${label}`;
    this.randomFeeds.push({ name, shape, spec });
    return this.graph.input(name, shape);
  }

  /** Variable updates for a program: every variable whose value changed. */
  updates(): Map<Tensor, Tensor> {
    const out = new Map<Tensor, Tensor>();
    for (const [v, t] of this.current) if (v !== t) out.set(v, t);
    return out;
  }
}
