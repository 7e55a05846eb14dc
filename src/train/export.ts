/**
 * The trained generator as a standalone ONNX model: noise (and condition) in, model-space rows
 * out, weights embedded, batch size free ('N'). Plain onnxruntime in any language can run it.
 */
import { encodeModel, lowerGraph, type Tensor } from '../engine/index.js';
import { ForwardContext } from '../nn/index.js';
import { emaVariables, generate } from './round.js';
import type { GanTrainer } from './trainer.js';

let exports = 0;

export function generatorOnnx(trainer: GanTrainer, version = '0'): Uint8Array {
  const { graph, config, store } = trainer;
  const k = exports++;
  const ctx = new ForwardContext(graph, false, `export${k}.`);
  const z = graph.input(`export${k}.z`, [1, config.latentDim]);
  const cw = config.condWidth ?? 0;
  const cond = cw ? graph.input(`export${k}.cond`, [1, cw]) : null;
  const prior = config.prior ? graph.input(`export${k}.prior`, [1, trainer.dataDim]) : null;
  const { rows } = generate(ctx, config, trainer.nets.G, z, cond, prior);
  const embed = new Map<Tensor, Float32Array>();
  // With weight averaging, the exported generator carries the averages.
  const averages = config.emaDecay !== undefined ? emaVariables(graph, trainer.nets.G) : null;
  for (const v of [...trainer.nets.G.params, ...trainer.nets.G.buffers]) embed.set(v, store.get(averages?.get(v)?.name ?? v.name) as Float32Array);
  const model = lowerGraph(graph, {
    inputs: [{ tensor: z, name: 'z' }, ...(cond ? [{ tensor: cond, name: 'cond' }] : []), ...(prior ? [{ tensor: prior, name: 'prior' }] : [])],
    outputs: [{ tensor: rows, name: 'rows' }],
    embed,
  }, 'generator');
  const batchFree = (shape: readonly (number | string)[]): (number | string)[] => ['N', ...shape.slice(1)];
  model.inputs = model.inputs.map((i) => ({ ...i, shape: batchFree(i.shape) }));
  model.outputs = model.outputs.map((o) => ({ ...o, shape: batchFree(o.shape) }));
  return encodeModel(model, version);
}
