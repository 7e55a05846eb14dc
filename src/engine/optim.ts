/**
 * Optimisers as graph code: the update is part of the step graph, and the step-dependent scalars
 * (learning rate with Adam's bias corrections folded in) are fed per step.
 */
import { GraphError } from '../util/errors.js';
import { shapeSize, type Graph, type Tensor } from './graph.js';
import { add, div, mul, sub } from './ops/arithmetic.js';
import { sqrt } from './ops/unary.js';
import type { VariableStore } from './store.js';

export interface Optimizer {
  readonly name: string;
  /** Adds the update to the graph: returns variable → new value, optimiser state included. */
  build(params: readonly Tensor[], grads: readonly Tensor[]): Map<Tensor, Tensor>;
  /** Zero-initialises the optimiser state in the store (call after build). */
  initState(store: VariableStore): void;
  /** The per-step scalar feeds for step t (1-based) at learning rate lr. */
  stepFeeds(t: number, lr: number): Record<string, number>;
  /** Names of the per-step scalar inputs. */
  readonly feedNames: readonly string[];
}

export interface AdamOptions {
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** L2 penalty added to the gradient, as torch.optim.Adam's weight_decay. */
  weightDecay?: number;
  /** Decoupled weight decay (AdamW) instead of the L2 penalty. */
  decoupled?: boolean;
}

/**
 * Adam (Kingma & Ba 2015) exactly as torch.optim.Adam computes it:
 *   m ← β1·m + (1−β1)·g,  v ← β2·v + (1−β2)·g²,
 *   p ← p − lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + ε)
 * rewritten as p ← p − s·m/(√v + ε̂) with s = lr·√(1−β2ᵗ)/(1−β1ᵗ) and ε̂ = ε·√(1−β2ᵗ) fed per step.
 */
export class Adam implements Optimizer {
  readonly feedNames: readonly string[];
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly eps: number;
  private readonly wd: number;
  private readonly decoupled: boolean;
  private state: Tensor[] = [];

  constructor(private readonly graph: Graph, readonly name: string, o: AdamOptions = {}) {
    this.beta1 = o.beta1 ?? 0.9;
    this.beta2 = o.beta2 ?? 0.999;
    this.eps = o.eps ?? 1e-8;
    this.wd = o.weightDecay ?? 0;
    this.decoupled = o.decoupled ?? false;
    this.feedNames = [`${name}.step_size`, `${name}.eps_hat`, ...(this.decoupled && this.wd ? [`${name}.decay`] : [])];
  }

  build(params: readonly Tensor[], grads: readonly Tensor[]): Map<Tensor, Tensor> {
    const g = this.graph;
    const stepSize = g.input(this.feedNames[0]!, []);
    const epsHat = g.input(this.feedNames[1]!, []);
    const decay = this.decoupled && this.wd ? g.input(this.feedNames[2]!, []) : null;
    const updates = new Map<Tensor, Tensor>();
    params.forEach((p, i) => {
      let grad = grads[i]!;
      if (this.wd && !this.decoupled) grad = add(grad, mul(p, this.wd));
      const m = g.variable(`${this.name}.m.${p.name}`, p.shape, p.dtype);
      const v = g.variable(`${this.name}.v.${p.name}`, p.shape, p.dtype);
      this.state.push(m, v);
      const m2 = add(mul(m, this.beta1), mul(grad, 1 - this.beta1));
      const v2 = add(mul(v, this.beta2), mul(mul(grad, grad), 1 - this.beta2));
      const base = decay ? mul(p, decay) : p;
      updates.set(p, sub(base, mul(div(m2, add(sqrt(v2), epsHat)), stepSize)));
      updates.set(m, m2);
      updates.set(v, v2);
    });
    return updates;
  }

  initState(store: VariableStore): void {
    for (const s of this.state) {
      if (!store.has(s.name)) store.declare(s.name, s.shape, s.dtype === 'float64' ? new Float64Array(shapeSize(s.shape)) : new Float32Array(shapeSize(s.shape)));
    }
  }

  stepFeeds(t: number, lr: number): Record<string, number> {
    if (!(t >= 1)) throw new GraphError('BAD_STEP', `Adam step count must start at 1, got ${t}`, this.name);
    const bc1 = 1 - this.beta1 ** t;
    const bc2 = Math.sqrt(1 - this.beta2 ** t);
    const feeds: Record<string, number> = {
      [this.feedNames[0]!]: (lr * bc2) / bc1,
      [this.feedNames[1]!]: this.eps * bc2,
    };
    if (this.decoupled && this.wd) feeds[this.feedNames[2]!] = 1 - lr * this.wd;
    return feeds;
  }
}

export interface SgdOptions {
  momentum?: number;
  nesterov?: boolean;
  weightDecay?: number;
}

/** SGD with momentum as torch.optim.SGD (dampening 0): b ← μ·b + g; p ← p − lr·b (or lr·(g + μ·b) with Nesterov). */
export class Sgd implements Optimizer {
  readonly feedNames: readonly string[];
  private readonly momentum: number;
  private readonly nesterov: boolean;
  private readonly wd: number;
  private state: Tensor[] = [];

  constructor(private readonly graph: Graph, readonly name: string, o: SgdOptions = {}) {
    this.momentum = o.momentum ?? 0;
    this.nesterov = o.nesterov ?? false;
    this.wd = o.weightDecay ?? 0;
    this.feedNames = [`${name}.lr`];
  }

  build(params: readonly Tensor[], grads: readonly Tensor[]): Map<Tensor, Tensor> {
    const lr = this.graph.input(this.feedNames[0]!, []);
    const updates = new Map<Tensor, Tensor>();
    params.forEach((p, i) => {
      let grad = grads[i]!;
      if (this.wd) grad = add(grad, mul(p, this.wd));
      if (this.momentum) {
        const b = this.graph.variable(`${this.name}.momentum.${p.name}`, p.shape, p.dtype);
        this.state.push(b);
        const b2 = add(mul(b, this.momentum), grad);
        updates.set(b, b2);
        grad = this.nesterov ? add(grad, mul(b2, this.momentum)) : b2;
      }
      updates.set(p, sub(p, mul(grad, lr)));
    });
    return updates;
  }

  initState(store: VariableStore): void {
    for (const s of this.state) {
      if (!store.has(s.name)) store.declare(s.name, s.shape, s.dtype === 'float64' ? new Float64Array(shapeSize(s.shape)) : new Float32Array(shapeSize(s.shape)));
    }
  }

  stepFeeds(_t: number, lr: number): Record<string, number> {
    return { [this.feedNames[0]!]: lr };
  }
}
