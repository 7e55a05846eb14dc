/** Reshape, Transpose, Concat, Slice and Pad: data movement, gradients by the inverse movement. */
import { GraphError } from '../../util/errors.js';
import { shapeSize, type Tensor } from '../graph.js';
import { registerOp } from './registry.js';

export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const resolved = [...shape];
  const free = resolved.indexOf(-1);
  if (free >= 0) resolved[free] = x.size / shapeSize(resolved.filter((_, i) => i !== free));
  if (shapeSize(resolved) !== x.size || !resolved.every(Number.isInteger)) {
    throw new GraphError('GRAPH_SHAPE_MISMATCH', `cannot reshape ${x} to [${shape.join(', ')}]`, 'Reshape');
  }
  if (resolved.length === x.rank && resolved.every((d, i) => d === x.shape[i])) return x;
  return x.graph.node('Reshape', [x], { shape: resolved }, resolved, x.dtype);
}
registerOp('Reshape', {
  lower: (node, [x], out, ctx) => {
    ctx.emit('Reshape', [x!, ctx.int64(node.attrs['shape'] as number[])], {}, out);
  },
  grad: ({ inputs: [x] }, _out, g) => [reshape(g, x!.shape)],
});

export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  const p = perm ? [...perm] : x.shape.map((_, i) => x.rank - 1 - i);
  if (p.length !== x.rank || [...p].sort((a, b) => a - b).some((v, i) => v !== i)) {
    throw new GraphError('GRAPH_BAD_ATTR', `perm [${p.join(', ')}] is not a permutation of ${x.rank} axes`, 'Transpose');
  }
  return x.graph.node('Transpose', [x], { perm: p }, p.map((i) => x.shape[i]!), x.dtype);
}
registerOp('Transpose', {
  grad: ({ attrs }, _out, g) => {
    const p = attrs['perm'] as number[];
    const inv = new Array<number>(p.length);
    p.forEach((v, i) => (inv[v] = i));
    return [transpose(g, inv)];
  },
});

export function concat(xs: readonly Tensor[], axis: number): Tensor {
  if (xs.length === 0) throw new GraphError('GRAPH_BAD_ATTR', 'concat of no tensors', 'Concat');
  const first = xs[0]!;
  const ax = axis < 0 ? axis + first.rank : axis;
  let total = 0;
  for (const x of xs) {
    if (x.rank !== first.rank || x.dtype !== first.dtype || x.shape.some((d, i) => i !== ax && d !== first.shape[i])) {
      throw new GraphError('GRAPH_SHAPE_MISMATCH', `cannot concat ${first} and ${x} on axis ${ax}`, 'Concat');
    }
    total += x.shape[ax]!;
  }
  if (xs.length === 1) return first;
  const shape = first.shape.map((d, i) => (i === ax ? total : d));
  return first.graph.node('Concat', xs, { axis: ax }, shape, first.dtype);
}
registerOp('Concat', {
  grad: ({ inputs, attrs }, _out, g) => {
    const ax = attrs['axis'] as number;
    let start = 0;
    return inputs.map((x) => {
      const part = slice(g, [start], [start + x.shape[ax]!], [ax]);
      start += x.shape[ax]!;
      return part;
    });
  },
});

/** x[starts:ends] along `axes` (step 1). */
export function slice(x: Tensor, starts: readonly number[], ends: readonly number[], axes?: readonly number[]): Tensor {
  const ax = axes ? axes.map((a) => (a < 0 ? a + x.rank : a)) : starts.map((_, i) => i);
  const shape = [...x.shape];
  const st: number[] = [];
  const en: number[] = [];
  ax.forEach((a, i) => {
    const d = x.shape[a];
    const s = starts[i]!;
    const e = Math.min(ends[i]!, d ?? 0);
    if (d === undefined || s < 0 || s > e) {
      throw new GraphError('GRAPH_BAD_ATTR', `slice [${s}, ${ends[i]}) on axis ${a} is out of range for ${x}`, 'Slice');
    }
    shape[a] = e - s;
    st.push(s);
    en.push(e);
  });
  if (shape.every((d, i) => d === x.shape[i])) return x;
  const parts = ax.length === 1 ? concatParts(x, ax[0]!, st[0]!, en[0]!) : null;
  if (parts) return concat(parts, ax[0]!);
  return x.graph.node('Slice', [x], { starts: st, ends: en, axes: ax }, shape, x.dtype);
}

/** The inputs of a Concat along `axis` that cover exactly [start, end) of it (null: its edges do not fall there). */
function concatParts(x: Tensor, axis: number, start: number, end: number): Tensor[] | null {
  if (x.node?.op !== 'Concat' || x.node.attrs['axis'] !== axis) return null;
  const parts: Tensor[] = [];
  let at = 0;
  for (const p of x.node.inputs) {
    const next = at + p.shape[axis]!;
    if (at >= start && next <= end) parts.push(p);
    else if (at < end && next > start) return null;
    at = next;
  }
  return parts.length ? parts : null;
}
registerOp('Slice', {
  lower: (node, [x], out, ctx) => {
    const a = node.attrs;
    ctx.emit('Slice', [x!, ctx.int64(a['starts'] as number[]), ctx.int64(a['ends'] as number[]), ctx.int64(a['axes'] as number[])], {}, out);
  },
  grad: ({ inputs: [x], attrs }, _out, g) => {
    const before = x!.shape.map(() => 0);
    const after = x!.shape.map(() => 0);
    (attrs['axes'] as number[]).forEach((a, i) => {
      before[a] = (attrs['starts'] as number[])[i]!;
      after[a] = x!.shape[a]! - (attrs['ends'] as number[])[i]!;
    });
    return [pad(g, before, after)];
  },
});

/** Zero padding: `before[i]` and `after[i]` elements on each side of axis i. */
export function pad(x: Tensor, before: readonly number[], after: readonly number[]): Tensor {
  if (before.length !== x.rank || after.length !== x.rank || [...before, ...after].some((p) => p < 0 || !Number.isInteger(p))) {
    throw new GraphError('GRAPH_BAD_ATTR', `bad pads for ${x}`, 'Pad');
  }
  const shape = x.shape.map((d, i) => d + before[i]! + after[i]!);
  return x.graph.node('Pad', [x], { pads: [...before, ...after] }, shape, x.dtype);
}
registerOp('Pad', {
  lower: (node, [x], out, ctx) => {
    ctx.emit('Pad', [x!, ctx.int64(node.attrs['pads'] as number[])], { mode: 'constant' }, out);
  },
  grad: ({ inputs: [x], attrs }, _out, g) => {
    const pads = attrs['pads'] as number[];
    const r = x!.rank;
    const starts = pads.slice(0, r);
    const ends = x!.shape.map((d, i) => starts[i]! + d);
    return [slice(g, starts, ends, x!.shape.map((_, i) => i))];
  },
});

/** The value of x, with no gradient flowing back through it (torch's detach()). */
export function stopGradient(x: Tensor): Tensor {
  return x.graph.node('StopGradient', [x], {}, x.shape, x.dtype);
}
registerOp('StopGradient', { nonDifferentiable: true, alias: true });
