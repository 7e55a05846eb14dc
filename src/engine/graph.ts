/**
 * Symbolic tensors with static shapes, and the graph that records how they were made.
 *
 * Tensors are created in increasing id order and a node only reads earlier tensors, so id order
 * is a topological order: autodiff and the ONNX writer rely on that.
 */
import { GraphError } from '../util/errors.js';

export type DType = 'float32' | 'float64' | 'int64' | 'bool';
export type AttrValue = number | string | number[] | string[];
export type Attrs = Readonly<Record<string, AttrValue>>;

/** How a tensor enters the graph: computed by an op, fed per run, a store-backed variable, or a constant. */
export type TensorKind = 'op' | 'input' | 'variable' | 'constant';

export interface Node {
  readonly op: string;
  readonly inputs: readonly Tensor[];
  readonly attrs: Attrs;
}

export interface ConstantData {
  readonly values: Float32Array | Float64Array | BigInt64Array | Uint8Array;
}

export class Tensor {
  constructor(
    readonly graph: Graph,
    readonly id: number,
    readonly kind: TensorKind,
    readonly shape: readonly number[],
    readonly dtype: DType,
    /** For inputs and variables, the user-facing name; otherwise a generated one. */
    readonly name: string,
    readonly node: Node | null,
    readonly constant: ConstantData | null = null,
  ) {}

  get size(): number {
    return shapeSize(this.shape);
  }

  get rank(): number {
    return this.shape.length;
  }

  toString(): string {
    return `${this.name}[${this.shape.join('x')}:${this.dtype}]`;
  }
}

export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

export class Graph {
  readonly tensors: Tensor[] = [];
  private readonly names = new Set<string>();
  private readonly scalarCache = new Map<string, Tensor>();

  constructor(readonly defaultDtype: 'float32' | 'float64' = 'float32') {}

  private add(kind: TensorKind, shape: readonly number[], dtype: DType, name: string | null, node: Node | null, constant: ConstantData | null = null): Tensor {
    for (const d of shape) {
      if (!Number.isInteger(d) || d < 0) throw new GraphError('GRAPH_BAD_SHAPE', `invalid dimension ${d} in shape [${shape.join(', ')}]`, name ?? node?.op);
    }
    const id = this.tensors.length;
    const n = name ?? `${node ? node.op : kind}_${id}`;
    if (name !== null) {
      if (this.names.has(name)) throw new GraphError('GRAPH_DUPLICATE_NAME', `a tensor named "${name}" already exists in this graph`, name);
      this.names.add(name);
    }
    const t = new Tensor(this, id, kind, [...shape], dtype, n, node, constant);
    this.tensors.push(t);
    return t;
  }

  /** A value fed on every run (data batch, noise, per-step scalars). */
  input(name: string, shape: readonly number[], dtype: DType = this.defaultDtype): Tensor {
    return this.add('input', shape, dtype, name, null);
  }

  /** A store-backed value that persists across runs (parameters, optimiser state). */
  variable(name: string, shape: readonly number[], dtype: DType = this.defaultDtype): Tensor {
    return this.add('variable', shape, dtype, name, null);
  }

  constant(values: ArrayLike<number> | number, shape: readonly number[] = [], dtype: DType = this.defaultDtype): Tensor {
    const n = shapeSize(shape);
    const src: ArrayLike<number> = typeof values === 'number' ? new Array<number>(n).fill(values) : values;
    if (src.length !== n) throw new GraphError('GRAPH_BAD_CONSTANT', `constant has ${src.length} values for shape [${shape.join(', ')}]`);
    let data: ConstantData['values'];
    if (dtype === 'float32') data = Float32Array.from(src);
    else if (dtype === 'float64') data = Float64Array.from(src);
    else if (dtype === 'int64') data = BigInt64Array.from(Array.from(src, (v) => BigInt(v)));
    else data = Uint8Array.from(src);
    return this.add('constant', shape, dtype, null, null, { values: data });
  }

  /** A cached scalar constant (shape []) of the given dtype. */
  scalar(value: number, dtype: DType = this.defaultDtype): Tensor {
    const key = `${dtype}:${Object.is(value, -0) ? '-0' : value}`;
    let t = this.scalarCache.get(key);
    if (!t) {
      t = this.constant(value, [], dtype);
      this.scalarCache.set(key, t);
    }
    return t;
  }

  /** Records an op node; shape and dtype inference is the op builder's job. */
  node(op: string, inputs: readonly Tensor[], attrs: Attrs, shape: readonly number[], dtype: DType): Tensor {
    for (const t of inputs) {
      if (t.graph !== this) throw new GraphError('GRAPH_FOREIGN_TENSOR', `input ${t.name} belongs to another graph`, op);
    }
    return this.add('op', shape, dtype, null, { op, inputs, attrs });
  }

  inputs(): Tensor[] {
    return this.tensors.filter((t) => t.kind === 'input');
  }

  variables(): Tensor[] {
    return this.tensors.filter((t) => t.kind === 'variable');
  }

  /** Every tensor the given outputs depend on, in topological (id) order. */
  ancestors(outputs: readonly Tensor[]): Tensor[] {
    const seen = new Uint8Array(this.tensors.length);
    const stack = [...outputs];
    while (stack.length) {
      const t = stack.pop()!;
      if (seen[t.id]) continue;
      seen[t.id] = 1;
      if (t.node) for (const i of t.node.inputs) if (!seen[i.id]) stack.push(i);
    }
    const out: Tensor[] = [];
    for (let i = 0; i < seen.length; i++) if (seen[i]) out.push(this.tensors[i]!);
    return out;
  }
}
