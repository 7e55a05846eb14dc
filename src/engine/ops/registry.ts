/**
 * The op table: for each primitive, how it lowers to ONNX and its gradient rule.
 * A primitive without a rule is non-differentiable; autodiff fails loudly if it must pass through one.
 */
import type { Attrs, Node, Tensor } from '../graph.js';

export interface LoweringContext {
  /** Emits one ONNX node; returns its output name (`output` if given). */
  emit(opType: string, inputs: readonly string[], attrs?: Attrs, output?: string): string;
  /** Name of an int64 initializer holding `values` (shape [values.length], or [] when scalar). */
  int64(values: readonly number[], scalar?: boolean): string;
  /** Name of a float32 initializer of ones with this shape. */
  ones(shape: readonly number[]): string;
}

export interface OpDef {
  /** ONNX lowering. Default: one node of the same op type with the same attributes. */
  lower?(node: Node, inputs: readonly string[], output: string, ctx: LoweringContext): void;
  /**
   * Gradient rule: given the node, its output and the gradient flowing into that output, the
   * gradient for each input (null where the input is not differentiable). Written with the
   * same primitives, so it can itself be differentiated. `needs(t)` says whether the walk wants a
   * gradient for tensor t at all (it depends on a tensor differentiated for): a rule may leave out
   * work that only such tensors would use.
   */
  grad?(node: Node, out: Tensor, g: Tensor, needs: (t: Tensor) => boolean): readonly (Tensor | null)[];
  /** Ops whose output carries no gradient at all (comparisons, random draws, Sign). */
  nonDifferentiable?: boolean;
  /** Ops whose output is their first input's value: lowered to nothing, the name is shared. */
  alias?: boolean;
}

const table = new Map<string, OpDef>();

export function registerOp(name: string, def: OpDef): void {
  if (table.has(name)) throw new Error(`op ${name} registered twice`);
  table.set(name, def);
}

export function opDef(name: string): OpDef | undefined {
  return table.get(name);
}

export function registeredOps(): string[] {
  return [...table.keys()].sort();
}
