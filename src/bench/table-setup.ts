/**
 * The default table recipe's training set-up for one CSV, as `TableGan.train` builds it (schema,
 * transformer, conditional sampler, recipe config), for benchmarks: the layout it prints is what
 * bench/torch_table_round.py transcribes, and the trainer it makes is what the table-round bench times.
 */
import { ConditionalSampler, fitTransformer, inferSchema, readTable, spanLayout, transform, type SpanLayout } from '../data/index.js';
import { recipeEncoding, tableRecipe } from '../model/recipes.js';
import { conditioner, copulaPrior } from '../model/conditioning.js';
import { fitCopulaOn } from '../model/copula.js';
import { resolveGanConfig, type GanConfig } from '../train/config.js';
import type { CondSpan } from '../data/spans.js';
import type { Conditioner, PriorSampler } from '../train/trainer.js';
import { Rng } from '../util/rng.js';

export interface TableSizes {
  /** Rows per batch (default: the recipe's for the table's row count). */
  batch?: number;
  /** Hidden width of both networks (default: the recipe's). */
  width?: number;
}

export interface TableSetup {
  name: string;
  rows: number;
  layout: SpanLayout;
  encoded: Float32Array;
  config: GanConfig;
  condSpans: CondSpan[];
  conditioner: Conditioner | undefined;
  /** The copula the default generator starts from (its prior rows are drawn in JS every round). */
  prior: PriorSampler;
}

/** The round's layout as plain JSON (what the PyTorch transcription reads). */
export interface TableLayoutJson {
  table: string;
  rows: number;
  width: number;
  spans: { width: number; activation: string }[];
  condWidth: number;
  condSpans: CondSpan[];
  batch: number;
  latent: number;
  hidden: number;
  pac: number;
  lr: number;
  beta1: number;
  beta2: number;
  emaDecay: number | null;
  /** The generator also reads a prior row of `width` values (the copula start). */
  prior: boolean;
}

export async function tableSetup(file: string, sizes: TableSizes = {}): Promise<TableSetup> {
  const table = await readTable(file);
  const schema = inferSchema(table);
  const transformer = fitTransformer(table, schema, { ...recipeEncoding('default', true), rng: new Rng(0).fork('transformer') });
  const layout = spanLayout(transformer);
  const encoded = transform(transformer, table);
  const full = new ConditionalSampler(transformer, encoded, table.rowCount);
  const sampler = full.condWidth > 0 ? full : null;
  const recipe = tableRecipe('default', { layout, rows: table.rowCount, condWidth: sampler?.condWidth ?? 0 });
  let config = recipe.config;
  if (sizes.width) config = { ...config, generator: { ...config.generator, hidden: config.generator.hidden.map(() => sizes.width!) }, discriminator: { ...config.discriminator, hidden: config.discriminator.hidden.map(() => sizes.width!) } };
  if (sizes.batch) config = { ...config, batchSize: sizes.batch };
  config = resolveGanConfig(config);
  const name = file.replace(/^.*\//, '').replace(/\.[^.]*$/, '');
  return {
    name, rows: table.rowCount, layout, encoded, config,
    condSpans: sampler ? sampler.blocks : [],
    conditioner: sampler ? conditioner(sampler, encoded, layout.width) : undefined,
    prior: copulaPrior(fitCopulaOn(layout, encoded, table.rowCount), layout.width, sampler),
  };
}

export function layoutJson(s: TableSetup): TableLayoutJson {
  const c = s.config;
  const opt = c.optimizerD;
  return {
    table: s.name, rows: s.rows, width: s.layout.width,
    spans: (c.heads ?? []).map((h) => ({ width: h.width, activation: h.activation })),
    condWidth: c.condWidth ?? 0, condSpans: s.condSpans.map(({ start, width, condStart }) => ({ start, width, condStart })),
    batch: c.batchSize, latent: c.latentDim, hidden: c.generator.hidden[0]!, pac: c.pac,
    lr: opt.lr, beta1: opt.kind === 'adam' ? opt.beta1 ?? 0.9 : 0, beta2: opt.kind === 'adam' ? opt.beta2 ?? 0.999 : 0,
    emaDecay: c.emaDecay ?? null,
    prior: c.prior !== undefined,
  };
}
