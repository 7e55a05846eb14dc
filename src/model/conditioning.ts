/**
 * Conditioning a table GAN (CTGAN's data sampler side): the training conditioner that pairs
 * sampled conditions with matching real rows, the generation-only conditioner of a loaded model
 * (category frequencies from the schema), and the copula prior conditioned on the same vectors.
 */
import { ConfigError, ModelFormatError } from '../util/errors.js';
import { ConditionalSampler } from '../data/conditional.js';
import { spanLayout } from '../data/transformer.js';
import type { Conditioner, TrainerOptions } from '../train/trainer.js';
import type { LoadedModel } from './model-files.js';
import { CopulaPrior, type CopulaFit } from './copula.js';
import { conditionCounts } from './row-sampling.js';
import type { TableModelData } from './table-data.js';

/** The condition blocks of a model that generates only: the same blocks as training's sampler (they depend on the transformer alone), no rows. */
export function generationSampler(transformer: TableModelData['transformer']): ConditionalSampler {
  return new ConditionalSampler(transformer, new Float32Array(0), 0);
}

/** The generator's prior: draws of the copula, conditioned on each row's condition vector. */
export function copulaPrior(copula: CopulaFit, width: number, sampler: ConditionalSampler | null): CopulaPrior {
  return new CopulaPrior(copula, width, sampler?.condWidth ?? 0, sampler ? sampler.blocks : []);
}

/** CTGAN's pairing: fake rows get the sampled conditions; real rows with those categories are shown to D under a shuffled copy. */
export function conditioner(sampler: ConditionalSampler, encoded: Float32Array, width: number): Conditioner {
  const cw = sampler.condWidth;
  return {
    fill(rows, condFake, condReal, realOut, offset, rng) {
      const tc = sampler.sampleTrain(rows, rng);
      condFake.set(tc.cond.subarray(0, rows * cw));
      const perm = rng.permutation(rows);
      for (let i = 0; i < rows; i++) {
        const j = perm[i]!;
        const src = tc.rows[j]! * width;
        realOut.set(encoded.subarray(src, src + width), offset + i * width);
        condReal.set(tc.cond.subarray(j * cw, (j + 1) * cw), i * cw);
      }
    },
    trainCond(rows, out, offset, rng) {
      out.set(sampler.sampleTrain(rows, rng).cond, offset);
    },
    sample(rows, out, offset, rng) {
      out.set(sampler.sampleOriginal(rows, rng), offset);
    },
  };
}

/** A table model's conditioning: the condition sampler (null: none) and the trainer's options for it (conditioner, condition spans, copula prior). */
export interface TableConditioning {
  sampler: ConditionalSampler | null;
  options: Pick<TrainerOptions, 'condSpans' | 'conditioner' | 'prior'>;
}

/** Training-by-sampling over the encoded rows (conditional models with categorical columns), and the copula prior if the data has one. */
export function trainingConditioning(data: TableModelData, encoded: Float32Array, rows: number): TableConditioning {
  const width = spanLayout(data.transformer).width;
  const full = data.conditional ? new ConditionalSampler(data.transformer, encoded, rows) : null;
  const sampler = full && full.condWidth > 0 ? full : null;
  return {
    sampler,
    options: {
      ...(sampler ? { condSpans: sampler.blocks, conditioner: conditioner(sampler, encoded, width) } : {}),
      ...(data.copula ? { prior: copulaPrior(data.copula, width, sampler) } : {}),
    },
  };
}

/**
 * A loaded model's conditioning for generation only: category frequencies come from the schema,
 * so the condition sampler holds no rows.
 */
export function generationConditioning(loaded: LoadedModel, data: TableModelData): TableConditioning {
  const condWidth = loaded.manifest.config.condWidth;
  const sampler = data.conditional && condWidth ? generationSampler(data.transformer) : null;
  if (sampler && sampler.condWidth !== condWidth) {
    throw new ModelFormatError('MODEL_BAD_DATA', `config.condWidth ${condWidth} does not match the ${sampler.condWidth} category slots of the transformer`, loaded.path('manifest.json'), 'the model file is damaged or was edited; train again or restore a copy');
  }
  return {
    sampler,
    options: {
      ...(sampler ? { conditioner: frequencyConditioner(sampler, data) } : {}),
      ...(data.copula ? { prior: copulaPrior(data.copula, spanLayout(data.transformer).width, sampler) } : {}),
    },
  };
}

/** A conditioner for generation only, drawing categories by their frequencies in the schema. */
function frequencyConditioner(sampler: ConditionalSampler, data: TableModelData): Conditioner {
  const cw = sampler.condWidth;
  const freqs = conditionCounts(sampler, data.schema, data.transformer);
  const unsupported = (): never => {
    throw new ConfigError('CONFIG_NO_TRAINING_DATA', 'a loaded model can only sample; give the data again to continue training');
  };
  return {
    fill: unsupported,
    trainCond: unsupported,
    sample(rows, out, offset, rng) {
      for (let i = 0; i < rows; i++) {
        const b = rng.int(sampler.blocks.length);
        const block = sampler.blocks[b]!;
        out.fill(0, offset + i * cw, offset + (i + 1) * cw);
        out[offset + i * cw + block.condStart + rng.choice(freqs[b]!)] = 1;
      }
    },
  };
}
