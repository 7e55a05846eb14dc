import { collectGarbage } from '../../util/collect.js';
import { extname, sep } from 'node:path';
import { readTable, TableGan, UsageError, type SampleOptions, type Table } from '../../index.js';
import { parseCondition } from '../../advanced.js';
import type { RowPredicate } from '../../data/index.js';
import { conditionParts } from '../../data/rejection.js';
import { csvHeader, csvLines } from '../../data/write.js';
import { openTableWriter, XLSX_MAX_ROWS } from '../../data/write-stream.js';
import { checkOutputFile, checkPartsFolder } from '../output-guard.js';
import { takeRows } from '../../data/table.js';
import { SAMPLE_STREAM_VERSION } from '../../model/row-sampling.js';
import { sampleOnWorkers } from './sample-workers.js';
import { checkOnnxOptions, OnnxSampler } from '../../model/onnx-sampling.js';
import { intOption, parse, str, type Io } from '../args.js';
import { isImageModel, sampleImagesCommand } from './images.js';

export const sampleHelp = `ganforge sample — generate synthetic rows from a saved model

usage: ganforge sample <model> -n <rows> [options]

Rows are generated and written in blocks, so any -n runs in bounded memory (progress and ETA
on a terminal).

options:
  -n, --rows <N>          rows to generate (required)
  -o, --output <file|->   .csv .tsv .jsonl .xlsx .parquet, or - for CSV on stdout (default: -)
  --seed <S>              same seed, same rows (default 0)
  --where <col=value>     condition on a categorical column; repeat for several
  --filter <expr>         keep only rows satisfying e.g. "body_mass_g>=5000" (rejection sampling)
  --no-clip               allow numeric values outside the training range
  --no-extremes           do not give each numeric column's training minimum and maximum to its
                          lowest and highest row of the first min(training rows, 10,000) rows (by
                          default a sample of the table's size spans its range, as the real one)
  --no-stratify           draw every row's random numbers independently (by default they are
                          stratified in blocks of rows, so the sample's marginals carry less noise)
  --exclude <file>        never output a row identical to one of this file's (e.g. the training data)
  --shard <K/S>           write only rows [⌊K·N/S⌋, ⌊(K+1)·N/S⌋) of the -n N rows (K from 0): the S parts
                          together are exactly the one-process output (CSV: only part 0 has the header)
  --engine <ts|onnx>      onnx: generate through the model's sampler.onnx (the same rows; no --where,
                          --filter, --exclude or --no-clip, and no refusal of exact training-row copies)
  --workers <W>           generate in W worker processes (default 1); -o DIR/ writes one Parquet part
                          per worker (part-00000.parquet, …) instead of one file
  --json                  print a JSON summary (with -o <file>)
  -q, --quiet             no progress line

examples:
  ganforge sample iris-model -n 1000 -o synthetic.csv
  ganforge sample iris-model -n 50 --where species=setosa -o -
  ganforge sample penguins-model -n 200 --filter "body_mass_g>=5000" -o big.parquet
  ganforge sample iris-model -n 1000 --exclude iris.csv -o synthetic.csv
  ganforge sample big-model -n 100000000 --shard 3/16 -o part-3.parquet      # one task of 16
  ganforge sample big-model -n 10000000 --workers 4 -o parts/                 # all cores, Parquet parts

An image model (from \`ganforge train --images\`) writes PNG files instead: -n 16 -o dir/ [--label 3].

Next: ganforge evaluate <real file> synthetic.csv --report report.html (add --target <column>
for machine-learning utility).`;

/** What a sampling run needs, as plain data (a worker process rebuilds the same options from it). */
export interface SampleJob {
  modelDir: string;
  seed: number;
  where?: Record<string, string>;
  filterExpr?: string;
  clip: boolean;
  /** Set each numeric column's training extremes in chosen rows (SampleOptions.extremes). */
  extremes: boolean;
  /** Stratify the rows' random numbers in blocks (SampleOptions.stratify). */
  stratify: boolean;
  excludePath?: string;
  /** 'ts' (default): the TypeScript path; 'onnx': the model's sampler.onnx (same rows, no conditions or exclusion). */
  engine?: 'ts' | 'onnx';
}

export interface PreparedSample {
  model: TableGan;
  names: string[];
  /** Rows [start, start + count) of the job's table, in blocks. */
  range(start: number, count: number, blockRows?: number): AsyncGenerator<Table>;
  release(): Promise<void>;
}

/** The model and the sample options of a job, checked against the model's schema. */
export async function prepareSample(job: SampleJob): Promise<PreparedSample> {
  const model = await TableGan.load(job.modelDir);
  let onnx: OnnxSampler | null = null;
  try {
    const names = model.schema.columns.map((c) => c.name);
    const filter = job.filterExpr ? checkedFilter(job.filterExpr, model) : undefined;
    const exclude = job.excludePath ? await readTable(job.excludePath) : undefined;
    if (exclude) checkSameColumns(exclude, names, job.excludePath!);
    const opts: SampleOptions = { seed: job.seed, where: job.where, filter, clip: job.clip, exclude, extremes: job.extremes, stratify: job.stratify };
    if (job.engine === 'onnx') {
      onnx = await OnnxSampler.open(job.modelDir);
      checkOnnxOptions({ where: job.where, filter, exclude, clip: job.clip }, onnx.description);
    }
    const o = onnx;
    return {
      model, names,
      range: (start, count, blockRows) => (o ? o.blocks(model, job.seed, start, count, blockRows, job.extremes, job.stratify) : model.sampleRange(start, count, opts, blockRows)),
      release: async () => {
        await o?.release();
        await model.release();
      },
    };
  } catch (e) {
    await onnx?.release();
    await model.release();
    throw e;
  }
}

/** "K/S" → the rows [⌊K·N/S⌋, ⌊(K+1)·N/S⌋) of N. */
export function shardRange(spec: string, n: number): { k: number; s: number; start: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(spec.trim());
  const k = m ? Number(m[1]) : NaN, s = m ? Number(m[2]) : NaN;
  if (!m || !(s >= 1 && s <= 1_000_000 && k < s)) throw new UsageError(`--shard "${spec}" is not K/S with 0 ≤ K < S`, 'e.g. --shard 0/4 … --shard 3/4 for four parts');
  // Exact for any N ≤ 2^53: K·N may pass 2^53, so the floor is taken in integers.
  const at = (j: number): number => Number((BigInt(j) * BigInt(n)) / BigInt(s));
  return { k, s, start: at(k), count: at(k + 1) - at(k) };
}

export async function sampleCommand(argv: string[], io: Io): Promise<number> {
  if (await isImageModel(argv)) return sampleImagesCommand(argv, io);
  const { values, positionals } = parse('sample', argv, {
    rows: { type: 'string', short: 'n' }, output: { type: 'string', short: 'o' }, seed: { type: 'string' },
    where: { type: 'string', multiple: true }, filter: { type: 'string' }, 'no-clip': { type: 'boolean' }, 'no-extremes': { type: 'boolean' }, 'no-stratify': { type: 'boolean' }, json: { type: 'boolean' },
    exclude: { type: 'string' }, quiet: { type: 'boolean', short: 'q' }, shard: { type: 'string' }, workers: { type: 'string' }, engine: { type: 'string' },
  }, { min: 1, max: 1, names: 'one model directory' });
  if (values['help']) return io.out(sampleHelp), 0;
  const n = intOption(values['rows'], 'rows');
  if (n === undefined) throw new UsageError('sample: -n <rows> is required', 'e.g. `ganforge sample model -n 1000`');
  if (n > Number.MAX_SAFE_INTEGER) throw new UsageError(`-n ${values['rows'] as string} is too many rows (at most ${Number.MAX_SAFE_INTEGER})`);
  const seed = intOption(values['seed'], 'seed', 0) ?? 0;
  const where = new Map<string, string>();
  for (const w of (values['where'] as string[] | undefined) ?? []) {
    const eq = w.indexOf('=');
    if (eq <= 0) throw new UsageError(`--where "${w}" is not col=value`, 'e.g. --where species=setosa (repeat --where for more columns; --filter "age>=65" for other conditions)');
    const col = w.slice(0, eq);
    if (where.has(col)) throw new UsageError(`--where ${col} is given twice ("${where.get(col)!}" and "${w.slice(eq + 1)}")`, 'a row has one value per column; give each column once');
    where.set(col, w.slice(eq + 1));
  }
  const output = str(values['output']) ?? '-';
  const partsDir = output !== '-' && (output.endsWith('/') || output.endsWith(sep));
  if (output !== '-' && !partsDir && !['.csv', '.tsv', '.jsonl', '.ndjson', '.xlsx', '.parquet'].includes(extname(output).toLowerCase())) {
    throw new UsageError(`-o ${output}: unknown format`, 'use .csv, .tsv, .jsonl, .xlsx, .parquet, a folder ending in / for Parquet parts, or - for stdout');
  }
  const shard = str(values['shard']) !== undefined ? shardRange(str(values['shard'])!, n) : null;
  const workers = intOption(values['workers'], 'workers') ?? 1;
  if (workers > 256) throw new UsageError(`--workers ${workers} is too many (at most 256)`, 'one per core is the most that helps');
  const { start, count } = shard ?? { start: 0, count: n };
  if (extname(output).toLowerCase() === '.xlsx' && n > XLSX_MAX_ROWS) throw new UsageError(`-n ${n} is more rows than an .xlsx sheet holds (${XLSX_MAX_ROWS})`, 'write .csv, .jsonl or .parquet');
  const filterExpr = str(values['filter']);
  if (filterExpr !== undefined && filterExpr.trim() === '') throw new UsageError('--filter is empty', 'give a condition such as "petal_length>2", or leave --filter out');
  const modelDir = positionals[0]!;
  const excludePath = str(values['exclude']);
  const inputs = [...(excludePath ? [{ path: excludePath, label: 'the --exclude file' }] : [])];
  if (partsDir) checkPartsFolder(output, inputs, [modelDir]);
  else if (output !== '-') checkOutputFile(output, '-o', inputs, [modelDir]);
  const engine = str(values['engine']) ?? 'ts';
  if (engine !== 'ts' && engine !== 'onnx') throw new UsageError(`--engine ${engine}: unknown`, 'use ts (default) or onnx');
  const job: SampleJob = { modelDir, seed, where: where.size ? Object.fromEntries(where) : undefined, filterExpr, clip: values['no-clip'] !== true, extremes: values['no-extremes'] !== true, stratify: values['no-stratify'] !== true, excludePath, engine };
  const header = !shard || shard.k === 0;
  const t0 = performance.now();
  const showProgress = output !== '-' && !values['json'] && values['quiet'] !== true && process.stderr.isTTY;
  const progress = showProgress ? progressLine(count) : null;
  let written = 0;
  let names: string[];
  if (workers > 1 || partsDir) {
    ({ names, written } = await sampleOnWorkers({ job, start, count, workers, output, partsDir, header, io, progress }));
  } else {
    const prepared = await prepareSample(job);
    names = prepared.names;
    try {
      const stream = count > 0 ? prepared.range(start, count) : emptyBlock(prepared);
      if (output === '-') {
        let first = header;
        for await (const block of stream) {
          const text = (first ? csvHeader(block, ',') : '') + (block.rowCount ? csvLines(block, 0, block.rowCount, ',') : '');
          first = false;
          await writeOut(io, text);
          written += block.rowCount;
          collectGarbage();
        }
      } else {
        const writer = await openTableWriter(output, { header });
        try {
          for await (const block of stream) {
            await writer.write(block);
            written += block.rowCount;
            progress?.(written);
            collectGarbage();
          }
          await writer.close();
        } catch (e) {
          await writer.abort();
          throw e;
        } finally {
          progress?.(written, true);
        }
      }
    } finally {
      await prepared.release();
    }
  }
  const secs = (performance.now() - t0) / 1000;
  if (output !== '-') {
    if (values['json']) io.out(JSON.stringify({ output, rows: written, columns: names, ...(shard ? { shard: `${shard.k}/${shard.s}`, firstRow: start } : {}), workers, seconds: +secs.toFixed(3), rowsPerSecond: Math.round(written / Math.max(secs, 1e-9)), sampleStreamVersion: SAMPLE_STREAM_VERSION }));
    else io.err(`wrote ${written} rows to ${output}${shard ? ` (rows ${start}–${start + count - 1} of ${n})` : ''} in ${secs.toFixed(1)} s: ${Math.round(written / Math.max(secs, 1e-9)).toLocaleString('en')} rows/s on ${workers} worker${workers > 1 ? 's' : ''}`);
  }
  return 0;
}

/** One block of no rows, with the model's columns (an empty shard still writes its header or Parquet schema). */
async function* emptyBlock(p: PreparedSample): AsyncGenerator<Table> {
  for await (const b of p.model.sampleRange(0, 1, { exclude: false })) yield takeRows(b, []);
}

/** Stdout in blocks, waiting for the pipe to drain (a billion rows must not pile up in memory). */
async function writeOut(io: Io, text: string): Promise<void> {
  if (io.write) return io.write(text);
  io.out(text.endsWith('\n') ? text.slice(0, -1) : text);
}

/** The filter, checked against the model's schema: a number for a numeric column, a known category for = / != on a categorical one. */
function checkedFilter(expr: string, model: TableGan): RowPredicate {
  const names = model.schema.columns.map((c) => c.name);
  const pred = parseCondition(expr, names);
  const { column, op, value } = conditionParts(expr, names);
  const col = model.schema.columns.find((c) => c.name === column)!;
  const numeric = col.type === 'continuous' || col.type === 'integer';
  if (numeric && !Number.isFinite(Number(value))) throw new UsageError(`--filter "${expr}": ${column} is numeric; "${value}" is not a number`);
  if (!numeric && (op === '=' || op === '!=') && col.categories && !col.categories.includes(value) && col.encoding !== 'onehot-top') {
    throw new UsageError(`--filter "${expr}": "${value}" never occurs in column ${column}`, `values are: ${col.categories.slice(0, 20).join(', ')}${col.categories.length > 20 ? ', …' : ''}`);
  }
  return pred;
}

function checkSameColumns(t: Table, names: string[], file: string): void {
  const missing = names.filter((c) => !t.names.includes(c));
  const extra = t.names.filter((c) => !names.includes(c));
  if (missing.length || extra.length) {
    const parts = [missing.length ? `lacks ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}` : '', extra.length ? `has ${extra.slice(0, 5).join(', ')}${extra.length > 5 ? ', …' : ''} that the model does not` : ''].filter(Boolean);
    throw new UsageError(`--exclude ${file} has other columns than the model (it ${parts.join(' and ')})`, 'give the table the model was trained on');
  }
}

/** A progress line with rate and ETA on stderr (a TTY only), redrawn at most twice a second. */
export function progressLine(total: number): (done: number, last?: boolean) => void {
  const t0 = performance.now();
  let shown = 0;
  return (done, last = false) => {
    const now = performance.now();
    if (!last && now - shown < 500) return;
    shown = now;
    const secs = (now - t0) / 1000;
    const rate = done / Math.max(secs, 1e-3);
    const eta = rate > 0 ? (total - done) / rate : Infinity;
    const fmtT = (s: number): string => (!Number.isFinite(s) ? '?' : s < 90 ? `${Math.round(s)} s` : s < 5400 ? `${Math.round(s / 60)} min` : `${(s / 3600).toFixed(1)} h`);
    process.stderr.write(`\r  ${done.toLocaleString('en')} / ${total.toLocaleString('en')} rows (${((100 * done) / total).toFixed(1)}%), ${Math.round(rate).toLocaleString('en')} rows/s, ETA ${fmtT(eta)}   ${last ? '\n' : ''}`);
  };
}
