/**
 * Optimisers as graph code: the update is part of the step graph, and the step-dependent scalars
 * (learning rate with Adam's bias corrections folded in) are fed per step.
 */
import { GraphError } from '../util/errors.js';
import { shapeSize, type Graph, type Tensor } from './graph.js';
import { add, div, mul, sub } from './ops/arithmetic.js';
import { sqrt } from './ops/unary.js';
import type { VariableStore } from './store.js';

export interface BuildOptions {
  /** Distinguishes the per-step scalar inputs of several updates in one program (default ''). */
  tag?: string;
  /** The latest value of a variable in the program being built (when updates are chained). */
  current?: (v: Tensor) => Tensor;
}

export interface Optimizer {
  readonly name: string;
  /**
   * Adds one update to the graph: returns variable → new value for the parameters and the
   * optimiser state. `params` are the variables; their current values come from `current`.
   */
  build(params: readonly Tensor[], grads: readonly Tensor[], opts?: BuildOptions): Map<Tensor, Tensor>;
  /** Zero-initialises the optimiser state in the store (call after build). */
  initState(store: VariableStore): void;
  /** The per-step scalar feeds for step t (1-based) at learning rate lr. */
  stepFeeds(t: number, lr: number, tag?: string): Record<string, number>;
  /** Names of the per-step scalar inputs of the update built with `tag`. */
  feedNames(tag?: string): string[];
}

const same = (v: Tensor): Tensor => v;

/** One state variable per parameter and slot, created on first use and shared by every update. */
class StateSlots {
  private readonly slots = new Map<string, Tensor>();
  constructor(private readonly graph: Graph, private readonly prefix: string) {}
  get(slot: string, p: Tensor): Tensor {
    const name = `${this.prefix}.${slot}.${p.name}`;
    let v = this.slots.get(name);
    if (!v) {
      v = this.graph.variable(name, p.shape, p.dtype);
      this.slots.set(name, v);
    }
    return v;
  }
  initState(store: VariableStore): void {
    for (const s of this.slots.values()) {
      if (!store.has(s.name)) store.declare(s.name, s.shape, s.dtype === 'float64' ? new Float64Array(shapeSize(s.shape)) : new Float32Array(shapeSize(s.shape)));
    }
  }
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
 * The state is kept scaled, m̃ = m/(1−β1) and ṽ = v/(1−β2), so that each moment costs one
 * multiply and one add (m̃ ← β1·m̃ + g, ṽ ← β2·ṽ + g²); every constant is folded into two scalars
 * fed per step: p ← p − s·m̃/(√ṽ + ε′) with s = lr·√(1−β2ᵗ)·(1−β1) / ((1−β1ᵗ)·√(1−β2)) and
 * ε′ = ε·√(1−β2ᵗ)/√(1−β2). Ten elementwise passes per parameter instead of twelve.
 */
export class Adam implements Optimizer {
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly eps: number;
  private readonly wd: number;
  private readonly decoupled: boolean;
  private readonly slots: StateSlots;

  constructor(private readonly graph: Graph, readonly name: string, o: AdamOptions = {}) {
    this.beta1 = o.beta1 ?? 0.9;
    this.beta2 = o.beta2 ?? 0.999;
    this.eps = o.eps ?? 1e-8;
    this.wd = o.weightDecay ?? 0;
    this.decoupled = o.decoupled ?? false;
    this.slots = new StateSlots(graph, name);
  }

  feedNames(tag = ''): string[] {
    const n = `${this.name}${tag}`;
    return [`${n}.step_size`, `${n}.eps_hat`, ...(this.decoupled && this.wd ? [`${n}.decay`] : [])];
  }

  build(params: readonly Tensor[], grads: readonly Tensor[], o: BuildOptions = {}): Map<Tensor, Tensor> {
    const cur = o.current ?? same;
    const [stepName, epsName, decayName] = this.feedNames(o.tag);
    const stepSize = this.graph.input(stepName!, [], params[0]?.dtype);
    const epsHat = this.graph.input(epsName!, [], params[0]?.dtype);
    const decay = decayName ? this.graph.input(decayName, [], params[0]?.dtype) : null;
    const updates = new Map<Tensor, Tensor>();
    params.forEach((pv, i) => {
      const p = cur(pv);
      let grad = grads[i]!;
      if (this.wd && !this.decoupled) grad = add(grad, mul(p, this.wd));
      const mv = this.slots.get('m', pv), vv = this.slots.get('v', pv);
      const m2 = add(mul(cur(mv), this.beta1), grad);
      const v2 = add(mul(cur(vv), this.beta2), mul(grad, grad));
      const base = decay ? mul(p, decay) : p;
      updates.set(pv, sub(base, mul(div(m2, add(sqrt(v2), epsHat)), stepSize)));
      updates.set(mv, m2);
      updates.set(vv, v2);
    });
    return updates;
  }

  initState(store: VariableStore): void {
    this.slots.initState(store);
  }

  stepFeeds(t: number, lr: number, tag = ''): Record<string, number> {
    if (!(t >= 1)) throw new GraphError('GRAPH_BAD_STEP', `Adam step count must start at 1, got ${t}`, this.name);
    const bc1 = 1 - this.beta1 ** t;
    const bc2 = Math.sqrt(1 - this.beta2 ** t);
    const rootOneMinusB2 = Math.sqrt(1 - this.beta2);
    const [stepName, epsName, decayName] = this.feedNames(tag);
    const feeds: Record<string, number> = {
      [stepName!]: (lr * bc2 * (1 - this.beta1)) / (bc1 * rootOneMinusB2),
      [epsName!]: (this.eps * bc2) / rootOneMinusB2,
    };
    if (decayName) feeds[decayName] = 1 - lr * this.wd;
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
  private readonly momentum: number;
  private readonly nesterov: boolean;
  private readonly wd: number;
  private readonly slots: StateSlots;

  constructor(private readonly graph: Graph, readonly name: string, o: SgdOptions = {}) {
    this.momentum = o.momentum ?? 0;
    this.nesterov = o.nesterov ?? false;
    this.wd = o.weightDecay ?? 0;
    this.slots = new StateSlots(graph, name);
  }

  feedNames(tag = ''): string[] {
    return [`${this.name}${tag}.lr`];
  }

  build(params: readonly Tensor[], grads: readonly Tensor[], o: BuildOptions = {}): Map<Tensor, Tensor> {
    const cur = o.current ?? same;
    const lr = this.graph.input(this.feedNames(o.tag)[0]!, [], params[0]?.dtype);
    const updates = new Map<Tensor, Tensor>();
    params.forEach((pv, i) => {
      const p = cur(pv);
      let grad = grads[i]!;
      if (this.wd) grad = add(grad, mul(p, this.wd));
      if (this.momentum) {
        const bv = this.slots.get('momentum', pv);
        const b2 = add(mul(cur(bv), this.momentum), grad);
        updates.set(bv, b2);
        grad = this.nesterov ? add(grad, mul(b2, this.momentum)) : b2;
      }
      updates.set(pv, sub(p, mul(grad, lr)));
    });
    return updates;
  }

  initState(store: VariableStore): void {
    this.slots.initState(store);
  }

  stepFeeds(_t: number, lr: number, tag = ''): Record<string, number> {
    return { [this.feedNames(tag)[0]!]: lr };
  }
}
