/** The runtime's home for persistent values (parameters, optimiser state): named Float32/64 arrays. */
import { GraphError } from '../util/errors.js';
import { shapeSize } from './graph.js';

export type FloatArray = Float32Array | Float64Array;

export interface StoredValue {
  readonly shape: readonly number[];
  data: FloatArray;
}

export class VariableStore {
  private readonly values = new Map<string, StoredValue>();

  declare(name: string, shape: readonly number[], data: FloatArray): void {
    if (data.length !== shapeSize(shape)) {
      throw new GraphError('GRAPH_BAD_VALUE', `${data.length} values for shape [${shape.join(', ')}]`, name);
    }
    this.values.set(name, { shape: [...shape], data });
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  entry(name: string): StoredValue {
    const v = this.values.get(name);
    if (!v) throw new GraphError('GRAPH_UNKNOWN_VARIABLE', `no value stored for variable ${name}`, name, 'initialise it before running a program that reads it');
    return v;
  }

  get(name: string): FloatArray {
    return this.entry(name).data;
  }

  /** Replaces a value (the runtime hands over ORT's fresh output buffers here, without copying). */
  set(name: string, data: FloatArray): void {
    const e = this.entry(name);
    if (data.length !== e.data.length) throw new GraphError('GRAPH_BAD_VALUE', `${data.length} values, expected ${e.data.length}`, name);
    e.data = data;
  }

  names(): string[] {
    return [...this.values.keys()];
  }

  /** A deep copy of the named values (all by default). */
  snapshot(names: readonly string[] = this.names()): Map<string, StoredValue> {
    const snap = new Map<string, StoredValue>();
    for (const n of names) {
      const e = this.entry(n);
      snap.set(n, { shape: e.shape, data: e.data.slice() });
    }
    return snap;
  }

  restore(snap: ReadonlyMap<string, StoredValue>): void {
    for (const [n, v] of snap) this.declare(n, v.shape, v.data.slice());
  }
}
