import { loadModel } from '../../advanced.js';
import { parse, type Io } from '../args.js';
import type { Schema } from '../../index.js';
import type { TransformerState } from '../../advanced.js';
import { describeSchema } from './train.js';

export const inspectHelp = `ganforge inspect — what is in a saved model

usage: ganforge inspect <model> [--json]

Prints the format and package versions, the GAN configuration, the data schema and a training
summary (epochs, final losses, time, metrics).

examples:
  ganforge inspect iris-model
  ganforge inspect iris-model --json

Next: ganforge sample <model> -n 1000 -o synthetic.csv`;

export async function inspectCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('inspect', argv, { json: { type: 'boolean' } }, { min: 1, max: 1, names: 'one model directory' });
  if (values['help']) return io.out(inspectHelp), 0;
  const { manifest: m } = await loadModel(positionals[0]!);
  const last = m.log.at(-1) ?? null;
  const seconds = m.log.reduce((s, l) => s + l.seconds, 0);
  const schema = (m.data as { schema?: Schema } | null)?.schema ?? null;
  const transformer = (m.data as { transformer?: TransformerState } | null)?.transformer ?? null;
  const encodingOf = new Map(transformer?.columns.map((c) => [c.name, encodingName(c)]) ?? []);
  const rotated = new Set(transformer?.decorrelation?.columns ?? []);
  const summary = {
    format: m.format, format_version: m.formatVersion, ganforge_version: m.ganforgeVersion, created: m.createdAt, kind: m.kind,
    seed: m.seed, data_width: m.dataDim, config: m.config,
    training: { epochs: m.training.epoch, rounds: m.training.rounds, seconds: Math.round(seconds * 10) / 10, last_epoch: last },
    schema: schema?.columns.map((c) => ({
      name: c.name, type: c.type, missing_share: c.missingShare, categories: c.categories?.length ?? null,
      encoding: encodingOf.get(c.name) ?? null, decorrelated: rotated.has(c.name),
    })) ?? null,
    metrics: m.metrics, files: m.files,
  };
  if (values['json']) return io.out(JSON.stringify(summary)), 0;
  const c = m.config;
  io.out(`${positionals[0]}: ganforge ${m.kind} model (format ${m.formatVersion}, made by ganforge ${m.ganforgeVersion} on ${m.createdAt})`);
  io.out(`generator: ${c.latentDim} ${c.noise} noise → ${c.generator.hidden.join(' → ')} → ${m.dataDim}${c.generator.residual ? ' (residual + BN)' : ''}`);
  io.out(`discriminator: ${c.discriminator.hidden.join(' → ')} → 1${c.discriminator.dropout ? `, dropout ${c.discriminator.dropout}` : ''}${c.pac > 1 ? `, pac ${c.pac}` : ''}; loss ${c.loss}; batch ${c.batchSize}`);
  io.out(`training: ${m.training.epoch} epochs, ${m.training.rounds} rounds, ${summary.training.seconds} s`);
  if (last) io.out(`last epoch: D real/fake ${last.dLossReal?.toFixed(3) ?? '—'}/${last.dLossFake?.toFixed(3) ?? '—'}, G ${last.gLoss?.toFixed(3) ?? '—'}`);
  if (schema) {
    io.out('schema:');
    for (const line of describeSchema(schema)) io.out(line);
  }
  if (transformer) io.out(`encoding: ${describeEncoding(transformer)}`);
  if (m.metrics) io.out(`metrics: ${JSON.stringify(m.metrics)}`);
  return 0;
}

const METHOD_NAMES: Record<string, string> = { gaussian: 'normal scores', mode: 'mode-specific', minmax: 'min-max', standard: 'standardised' };

/** A column's encoding: its numeric method, 'one-hot' or 'constant'. */
function encodingName(c: TransformerState['columns'][number]): string {
  return c.encoder === 'numeric' ? c.method : c.encoder === 'categorical' ? 'one-hot' : 'constant';
}

/** One line: how many columns each encoding took (and the whitened block, if any). */
function describeEncoding(t: TransformerState): string {
  const counts = new Map<string, number>();
  for (const c of t.columns) {
    const key = METHOD_NAMES[encodingName(c)] ?? encodingName(c);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const parts = [...counts].map(([k, n]) => `${n} ${k}`);
  const dc = t.decorrelation;
  if (dc) parts.push(`the ${dc.columns.length} normal-score columns generated as ${dc.basis.length} whitened principal components`);
  return parts.join('; ');
}
