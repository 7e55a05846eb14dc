import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, extname, join } from 'node:path';
import { trainingRecords } from '../../advanced.js';
import { DataError, evaluate, inferSchema, listDatasets, loadDataset, makeTable, readTable, Rng, TableGan, trainTable, OutputError, UsageError, writeReport, type EpochLog, type MlEfficacy, type Schema, type Table, type TableTrainOptions } from '../../index.js';
import { intOption, numberOption, parse, str, type Io } from '../args.js';
import { readTrainConfig } from '../config-file.js';
import { describeTables, recordsTable } from '../text-table.js';
import { acquireLock, checkModelOut, checkOutputFile, sameFile, type NamedInput } from '../output-guard.js';
import { trainImagesCommand, wantsImages } from './images.js';
import { keptStateNote } from '../../model/score-stopping.js';

export const trainHelp = `ganforge train — train a GAN on a table and save the model

usage: ganforge train <data> [options]

<data> is a file (.csv .tsv .xlsx .json .jsonl .parquet) or a built-in dataset name
(see \`ganforge datasets\`).

options:
  --config <file.json>     settings file: preset, epochs, batchSize, seed, continuous,
                           decorrelate, conditional, prior, calibrate, quality, maxSeconds,
                           checkpointEvery, schema, gan
  --preset <name>          default | ctgan | fast            (default: default)
  --epochs <N>             training epochs                    (default: the preset's)
  --batch <N>              rows per discriminator batch
  --seed <S>               seed; the same seed gives the same model (default 0)
  --out <dir>              model directory                    (default: <data>-model)
  --resume <dir>           continue training a saved model on the same data
  --sheet <name|index>     Excel sheet to read
  --report <file.html>     report path                        (default: <out>/report.html)
  --checkpoint-every <N>   save the model every N epochs
  --quality <level>        fast | default | high: how long to train (default: default)
  --max-minutes <M>        stop after this much training time (the best state so far is kept)
  --max-seconds <S>        the same, in seconds
  --target <column>        also score machine-learning utility: a learner trained on
                           the synthetic rows predicts this column of real rows held
                           back from training (a tenth, ≤ 1000, of tables of 1000+
                           rows; a fifth of smaller ones)
  --threads <N>            ONNX Runtime threads               (default 1, at most the cores)
  --force                  replace --out even if it is a folder of other files
  --json                   print one JSON object instead of text
  -q, --quiet              no progress output

It prints the inferred column types, progress, the scores, describe() of real vs synthetic
and the discriminator's accuracy, and writes the model and an HTML report.
Next: ganforge sample <out> -n 1000 -o synthetic.csv

examples:
  ganforge train iris --epochs 300
  ganforge train iris --target species
  ganforge train customers.csv --out customers-model --seed 7
  ganforge train data.xlsx --sheet Sheet2 --config train.json
  ganforge train customers.csv --resume customers-model --epochs 600

images: ganforge train --images <idx-file|png-folder|digits> (see \`ganforge train --images x --help\`)`;

function scoredColumns(schema: Schema): string[] | null {
  return schema.columns.some((c) => c.identifier) ? schema.columns.filter((c) => !c.identifier).map((c) => c.name) : null;
}

function pick(t: Table, names: string[] | null): Table {
  return names ? makeTable(names, names.map((n) => t.columns[t.names.indexOf(n)]!)) : t;
}

export function describeSchema(schema: Schema): string[] {
  return schema.columns.map((c) => {
    const extra = c.identifier ? `identifier (${c.distinctCount} unique values)` : c.categories ? `${c.categories.length} categories` : c.min !== undefined ? `[${c.min}, ${c.max}]` : '';
    const miss = c.missingCount ? `, ${(100 * c.missingShare).toFixed(1)}% missing` : '';
    const warn = c.warnings.length ? `  ⚠ ${c.warnings.join('; ')}` : '';
    return `  ${c.name.padEnd(24)} ${c.type.padEnd(12)} ${extra}${miss}${warn}`;
  });
}

/** A file path, or the name of a built-in dataset. */
export async function loadInput(path: string, sheet?: string): Promise<Table> {
  if (!existsSync(path) && listDatasets().some((d) => d.name === path)) return loadDataset(path, new Rng(0));
  return readTable(path, sheet === undefined ? {} : { sheet: /^\d+$/.test(sheet) ? Number(sheet) : sheet });
}

export async function trainCommand(argv: string[], io: Io): Promise<number> {
  if (wantsImages(argv)) return trainImagesCommand(argv, io);
  const { values, positionals } = parse('train', argv, {
    config: { type: 'string' }, preset: { type: 'string' }, epochs: { type: 'string' }, batch: { type: 'string' }, seed: { type: 'string' },
    out: { type: 'string' }, resume: { type: 'string' }, sheet: { type: 'string' }, report: { type: 'string' },
    'checkpoint-every': { type: 'string' }, 'max-seconds': { type: 'string' }, 'max-minutes': { type: 'string' }, quality: { type: 'string' }, threads: { type: 'string' },
    target: { type: 'string' }, json: { type: 'boolean' }, quiet: { type: 'boolean', short: 'q' }, force: { type: 'boolean' },
  }, { min: 0, max: 1, names: 'one data file' });
  if (values['help']) return io.out(trainHelp), 0;
  if (positionals.length === 0) return io.err(TRAIN_FIRST_STEPS), 2;
  const data = positionals[0]!;
  const file = values['config'] ? await readTrainConfig(str(values['config'])!) : {};
  const json = values['json'] === true;
  const quiet = json || values['quiet'] === true;
  const seed = intOption(values['seed'], 'seed', 0) ?? file.seed ?? 0;
  const out = str(values['out']) ?? `${basename(data, extname(data))}-model`;
  const preset = (str(values['preset']) ?? file.preset) as TableTrainOptions['preset'];
  const opts: TableTrainOptions = {
    seed, preset,
    epochs: intOption(values['epochs'], 'epochs') ?? file.epochs,
    batchSize: intOption(values['batch'], 'batch') ?? file.batchSize,
    continuous: file.continuous, decorrelate: file.decorrelate, conditional: file.conditional, schema: file.schema, config: file.gan,
    maxSeconds: maxSeconds(numberOption(values['max-minutes'], 'max-minutes'), numberOption(values['max-seconds'], 'max-seconds')) ?? file.maxSeconds,
    quality: (str(values['quality']) ?? file.quality) as TableTrainOptions['quality'],
    prior: file.prior,
    strata: file.strata,
    calibrate: file.calibrate,
    checkpointEvery: intOption(values['checkpoint-every'], 'checkpoint-every') ?? file.checkpointEvery,
    threads: threadsOption(values['threads']),
    progress: quiet ? 'silent' : 'auto',
  };
  if (opts.checkpointEvery) opts.checkpointDir = out;
  const target = str(values['target']);

  // Every output is checked before any work, so a bad path fails in a second, not after training.
  const resume = str(values['resume']);
  const inputs: NamedInput[] = existsSync(data) ? [{ path: data, label: 'the training data' }] : [];
  if (values['config']) inputs.push({ path: str(values['config'])!, label: 'the --config file' });
  if (resume && !sameFile(resume, out)) inputs.push({ path: resume, label: 'the --resume model' });
  checkModelOut(out, inputs, values['force'] === true);
  const report = str(values['report']) ?? join(out, 'report.html');
  if (values['report'] !== undefined) checkOutputFile(report, '--report', [...inputs, ...(resume ? [{ path: resume, label: 'the --resume model' }] : [])], [out, ...(resume ? [resume] : [])]);
  if (resume && opts.epochs !== undefined) {
    const done = await trainedEpochs(resume);
    if (done !== null && opts.epochs <= done) throw new UsageError(`--resume ${resume} has already been trained for ${done} epochs; --epochs ${opts.epochs} leaves nothing to train`, `give --epochs more than ${done}`);
  }
  const release = acquireLock(out);
  try {
    return await trainAndSave(data, out, report, resume, opts, seed, quiet, json, str(values['sheet']), target, io);
  } finally {
    release();
  }
}

/** Epochs a saved model has been trained for, from its manifest (null when unreadable: loading reports why). */
async function trainedEpochs(dir: string): Promise<number | null> {
  try {
    const path = join(dir, 'manifest.json');
    const st = await stat(path);
    if (!st.isFile() || st.size > 64 << 20) return null;
    const epoch = (JSON.parse(await readFile(path, 'utf8')) as { training?: { epoch?: unknown } }).training?.epoch;
    return typeof epoch === 'number' ? epoch : null;
  } catch {
    return null;
  }
}

function threadsOption(v: unknown): number | undefined {
  const n = intOption(v, 'threads');
  const cores = availableParallelism();
  if (n !== undefined && n > cores) throw new UsageError(`--threads must be at most ${cores} (the cores of this machine), got ${n}`);
  return n;
}

async function trainAndSave(data: string, out: string, report: string, resume: string | undefined, opts: TableTrainOptions, seed: number, quiet: boolean, json: boolean, sheet: string | undefined, target: string | undefined, io: Io): Promise<number> {
  try {
    return await trainAndSaveIn(data, out, report, resume, opts, seed, quiet, json, sheet, target, io);
  } catch (e) {
    // A data error found past reading (too few rows, nothing to learn) still names the file.
    if (e instanceof DataError && e.file === undefined) throw new DataError(e.code, e.message, { file: data });
    throw e;
  }
}

async function trainAndSaveIn(data: string, out: string, report: string, resume: string | undefined, opts: TableTrainOptions, seed: number, quiet: boolean, json: boolean, sheet: string | undefined, target: string | undefined, io: Io): Promise<number> {
  const t0 = performance.now();
  const table = await loadInput(data, sheet);
  const batch = opts.batchSize ?? opts.config?.batchSize;
  if (batch !== undefined && batch > table.rowCount) {
    throw new UsageError(`the batch size ${batch} is larger than the table (${table.rowCount} rows)`, `give --batch ${Math.min(table.rowCount, 500)} or less`);
  }
  if (target !== undefined) {
    if (!table.names.includes(target)) throw new UsageError(`--target: ${data} has no column "${target}"`, `pass one of: ${table.names.join(', ')}`);
    // The learner's test rows: the score-stopping holdout's size on large tables, a fifth of small ones.
    opts.holdout = table.rowCount >= 1000 ? Math.min(1000, Math.floor(table.rowCount / 10)) : Math.max(2, Math.floor(table.rowCount / 5));
  }
  if (!quiet) {
    io.err(`${data}: ${table.rowCount} rows × ${table.names.length} columns`);
    for (const line of describeSchema(inferSchema(table, opts.schema))) io.err(line);
  }
  const model: TableGan = resume ? await TableGan.train(table, opts, resume) : await trainTable(table, opts);
  const seconds = (performance.now() - t0) / 1000;
  const trainedOn = model.trainedOn ?? table;
  const synthetic = await model.sample(Math.min(trainedOn.rowCount, 10000), { seed: seed + 1 });
  // Against the rows it learned from; rows held back (for early stopping on tables of 1000+ rows,
  // or for --target) are the real holdout the privacy check and the ML-utility test use.
  // Identifier columns are fresh values by design: scoring them would only measure that.
  const scored = scoredColumns(model.schema);
  const evaluation = evaluate(pick(trainedOn, scored), pick(synthetic, scored), {
    rng: seed, ...(model.heldOut ? { holdout: pick(model.heldOut, scored) } : {}), ...(target === undefined ? {} : { target }),
  });
  await model.save(out, { quality: evaluation.quality, column_shapes: evaluation.column_shapes, column_pair_trends: evaluation.column_pair_trends, detection: evaluation.detection.score });
  try {
    await writeReport(report, {
      title: `ganforge: ${basename(data)}`, evaluation, real: table, synthetic,
      training: trainingRecords(model.log),
    });
  } catch (e) {
    if (e instanceof OutputError) throw new OutputError(e.code, report, e.reason, `the model itself was saved to ${out}`);
    throw e;
  }
  // Score stopping keeps the best state: the epoch kept can be earlier than the last one trained (0: the copula start).
  const trainedTo = model.log.at(-1)?.epoch ?? model.trainer.epoch;
  const summary = {
    model: out, report, rows: table.rowCount, columns: table.names.length, epochs: trainedTo, kept_epoch: model.trainer.epoch, seconds: Math.round(seconds * 10) / 10,
    stopped_by: model.result?.stoppedBy ?? 'epochs', quality: evaluation.quality, column_shapes: evaluation.column_shapes,
    column_pair_trends: evaluation.column_pair_trends, detection: evaluation.detection.score, exact_copy_rate: evaluation.exact_copy_rate,
    dcr: evaluation.dcr, ml_efficacy: evaluation.ml_efficacy,
    schema: model.schema.columns.map((c) => ({ name: c.name, type: c.type, missing_share: c.missingShare })),
  };
  const kept = keptStateNote(summary.epochs, summary.kept_epoch, model.trainer.config.prior !== undefined);
  await model.release();
  if (json) io.out(JSON.stringify(summary));
  else {
    io.out(`trained ${summary.epochs} epochs in ${summary.seconds} s${kept} → ${out}`);
    io.out(`quality ${fmt(summary.quality)} (column shapes ${fmt(summary.column_shapes)}, pair trends ${fmt(summary.column_pair_trends)}), detection ${fmt(summary.detection)}`);
    const c = summary.exact_copy_rate, d = summary.dcr;
    const vsHoldout = (x: number | null): string => (x === null ? '' : ` (held-back real rows: ${fmt(x)})`);
    io.out(`privacy: ${fmt(c.synthetic * 100)} % of sampled rows copy a training row${vsHoldout(c.holdout === null ? null : c.holdout * 100)}; median distance to the closest training row ${fmt(d.synthetic_to_train.median)}${vsHoldout(d.holdout_to_train?.median ?? null)}`);
    if (evaluation.ml_efficacy) for (const line of mlEfficacyLines(evaluation.ml_efficacy)) io.out(line);
    io.out('');
    io.out('describe(): real (trained on) vs synthetic');
    for (const line of describeTables(evaluation.summary)) io.out(line);
    const acc = discriminatorAccuracy(model.log.filter((l) => l.epoch <= model.trainer.epoch));
    if (acc.length) {
      io.out('');
      io.out('discriminator accuracy on the last batch (0.5 each = it cannot tell real from generated)');
      for (const line of recordsTable(acc, { epoch: 'epoch', real: 'D accuracy on real', fake: 'D accuracy on fake' })) io.out(line);
    }
    io.out('');
    io.out(`report: ${report}`);
    io.out(`next: ganforge sample ${out} -n 1000 -o synthetic.csv`);
  }
  return 0;
}

/** --max-minutes and --max-seconds add up (either alone is the usual case). */
function maxSeconds(minutes: number | undefined, seconds: number | undefined): number | undefined {
  return minutes === undefined && seconds === undefined ? undefined : (minutes ?? 0) * 60 + (seconds ?? 0);
}

// One line, like every refusal: what is expected and what to type.
const TRAIN_FIRST_STEPS = 'ganforge: train expected a table to learn: a built-in dataset (`ganforge train iris`; `ganforge datasets` lists them), '
  + 'your own file (`ganforge train customers.csv --out my-model`: .csv .tsv .xlsx .json .jsonl .parquet) or images (`ganforge train --images digits`); every option: ganforge train --help';

/** D accuracy at up to 8 evenly spaced epochs (and the last one). */
function discriminatorAccuracy(log: readonly EpochLog[]): { epoch: number; real: number; fake: number }[] {
  const withAcc = log.filter((l) => l.dAccReal !== null && l.dAccFake !== null);
  const step = Math.max(1, Math.ceil(withAcc.length / 8));
  const picked = withAcc.filter((_, i) => i % step === step - 1 || i === withAcc.length - 1);
  return picked.map((l) => ({ epoch: l.epoch, real: l.dAccReal!, fake: l.dAccFake! }));
}

/** The ML-utility lines of `train` and `evaluate`: one row per score, trained on real vs on synthetic. */
export function mlEfficacyLines(m: MlEfficacy): string[] {
  const scores = m.real as unknown as Record<string, number | null>;
  const syn = m.synthetic as unknown as Record<string, number | null>;
  const label: Record<string, string> = { accuracy: 'accuracy', macro_f1: 'macro-F1', roc_auc: 'ROC AUC', r2: 'R²' };
  const test = m.test_rows === 'holdout' ? 'held-out real rows' : 'real rows split off (pass --holdout for rows the generator never saw)';
  return [
    `machine-learning utility, predicting ${m.target} (${m.task}; ${m.learner}; tested on ${m.rows.test} ${test})`,
    ...recordsTable(Object.keys(scores).map((k) => ({ score: label[k] ?? k, real: scores[k] ?? null, synthetic: syn[k] ?? null })),
      { score: 'score', real: `trained on real (${m.rows.real_train})`, synthetic: `on synthetic (${m.rows.synthetic_train})` }),
  ];
}

const fmt = (x: number | null | undefined): string => (x === null || x === undefined ? 'n/a' : x.toFixed(3));
