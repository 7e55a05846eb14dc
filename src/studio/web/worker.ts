/**
 * The studio's training worker: reads the table, trains with the library's own TableGan on
 * onnxruntime-web (wasm), streams epochs and previews to the page, samples, and packs the model
 * archive and the report. Nothing leaves the machine.
 */
import * as ortWeb from 'onnxruntime-web/wasm';
import { tableFromBytes } from '../../data/from-bytes.js';
import { inferSchema, type Schema } from '../../data/schema.js';
import { makeTable, takeRows, type Table } from '../../data/table.js';
import { formatCsv } from '../../data/text-format.js';
import { useOnnxRuntime } from '../../engine/ort-runtime.js';
import { evaluate } from '../../eval/evaluate.js';
import { qualityScore } from '../../eval/quality.js';
import { modelArchive, archiveSource, filesSource } from '../../model/model-archive.js';
import { packModel, readModel } from '../../model/model-files.js';
import { MAX_MANIFEST_BYTES } from '../../model/manifest-check.js';
import { TableGan, type TableTrainOptions } from '../../model/table-model.js';
import { trainTable } from '../../tables.js';
import { keptStateNote } from '../../model/score-stopping.js';
import { renderReport } from '../../report/report.js';
import { trainingRecords } from '../../demos/training-records.js';
import { UsageError, type GanforgeError } from '../../util/errors.js';
import type { EvaluationResult } from '../../eval/evaluate.js';
import type { ColumnInfo, FromWorker, PlotColumn, ToWorker } from './protocol.js';

const scope = self as unknown as { postMessage(m: FromWorker, transfer?: Transferable[]): void; onmessage: ((e: MessageEvent<ToWorker>) => void) | null; location: Location };
const post = (m: FromWorker, transfer: Transferable[] = []): void => scope.postMessage(m, transfer);

/** Rows drawn for each live preview (and at most the real rows it is compared with). */
const PREVIEW_ROWS = 500;

let table: Table | null = null;
let tableName = 'data';
let model: TableGan | null = null;
let evaluation: EvaluationResult | null = null;
let lastSynthetic: Table | null = null;
let seed = 0;
let paused: (() => void) | null = null;
let pausing = false;
let stopping = false;
let busy = false;

function configureOrt(threads: number): void {
  const { env } = ortWeb;
  env.wasm.wasmPaths = new URL('./ort/', scope.location.href).href;
  env.wasm.numThreads = threads;
  env.wasm.proxy = false;
}

function columnInfo(schema: Schema): ColumnInfo[] {
  return schema.columns.map((c) => ({
    name: c.name,
    type: c.type,
    missing: c.missingCount,
    detail: c.identifier ? `identifier (${c.distinctCount} unique)` : c.categories ? `${c.categories.length} categories` : c.min !== undefined ? `${fmt(c.min)} – ${fmt(c.max!)}` : '',
  }));
}

const fmt = (x: number): string => (Math.abs(x) >= 1000 || Number.isInteger(x) ? String(Math.round(x * 100) / 100) : x.toPrecision(4));

/** The first `n` rows of each column for plots. */
function plotColumns(t: Table, n = PREVIEW_ROWS): PlotColumn[] {
  const k = Math.min(n, t.rowCount);
  return t.columns.map((c, j) => {
    const name = t.names[j]!;
    if (c.kind === 'number' || c.kind === 'datetime') return { name, kind: 'number', values: Array.from(c.values.subarray(0, k)) };
    return { name, kind: 'category', values: c.values.slice(0, k).map((v) => (v === null ? null : String(v))) };
  });
}

/** Real rows for the plots and previews: an even spread of at most PREVIEW_ROWS. */
function spread(t: Table, n = PREVIEW_ROWS): Table {
  if (t.rowCount <= n) return t;
  return takeRows(t, Uint32Array.from({ length: n }, (_, i) => Math.floor((i * t.rowCount) / n)));
}

// The library trains on onnxruntime-web's WebAssembly backend (the package's browser build has no default runtime).
const runtime = useOnnxRuntime(ortWeb, { name: 'onnxruntime-web', executionProviders: ['wasm'] });

/** The columns scored (identifier columns are fresh values by design), as `ganforge train` scores them. */
function scored(t: Table, schema: Schema): Table {
  if (!schema.columns.some((c) => c.identifier)) return t;
  const names = schema.columns.filter((c) => !c.identifier).map((c) => c.name);
  return makeTable(names, names.map((n) => t.columns[t.names.indexOf(n)]!));
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function train(m: Extract<ToWorker, { type: 'train' }>): Promise<void> {
  if (!table) throw new UsageError('pick a file or a dataset first');
  await model?.release();
  model = null;
  evaluation = null;
  seed = m.seed;
  stopping = false;
  pausing = false;
  const real = table;
  const reference = spread(real);
  const t0 = performance.now();
  let total = m.epochs ?? 0;
  // Per-round time over the epochs after each run's first (which compiles the training program);
  // the default recipe on a small table trains two generators, each counting its rounds from 0.
  let rounds = 0, roundSeconds = 0, lastRounds = 0, firstRounds = 0, firstSeconds = 0;
  const opts: TableTrainOptions = {
    seed: m.seed,
    threads: 1,
    schema: { types: m.types },
    progress: 'silent',
    ...(m.epochs === null ? {} : { epochs: m.epochs }),
    onEpoch: async (log, preview) => {
      // Each generator's first epoch starts its round count.
      const epochRounds = log.epoch === 1 ? log.rounds : log.rounds - lastRounds;
      lastRounds = log.rounds;
      if (log.epoch === 1) {
        firstRounds += epochRounds;
        firstSeconds += log.seconds;
      } else {
        rounds += epochRounds;
        roundSeconds += log.seconds;
      }
      total = Math.max(total, log.epoch);
      post({ type: 'epoch', epoch: log.epoch, total: m.epochs ?? 0, dLossReal: log.dLossReal, dLossFake: log.dLossFake, gLoss: log.gLoss, dAccReal: log.dAccReal, dAccFake: log.dAccFake, ms: log.seconds * 1000 });
      const every = Math.max(1, Math.round((m.epochs ?? 300) / 15));
      if (log.epoch % every === 0 || log.epoch === m.epochs) {
        const synthetic = await preview(PREVIEW_ROWS, m.seed + 7);
        post({ type: 'preview', epoch: log.epoch, quality: qualityScore(reference, synthetic), synthetic: plotColumns(synthetic) });
      }
      // Yield to the event loop so Pause/Stop messages are seen between epochs.
      await pause(0);
      if (pausing) {
        post({ type: 'paused' });
        await new Promise<void>((r) => (paused = r));
        post({ type: 'resumed' });
      }
      return stopping ? 'stop' : undefined;
    },
  };
  // The library's default policy (as `ganforge train`): without a number of epochs, stop when the quality stops improving.
  model = await trainTable(real, opts);
  const seconds = (performance.now() - t0) / 1000;
  // Scored as `ganforge train` scores: against the rows trained on, with the rows held back as holdout.
  const trainedOn = model.trainedOn ?? real;
  const synthetic = await model.sample(Math.min(trainedOn.rowCount, 10000), { seed: m.seed + 1 });
  lastSynthetic = synthetic;
  evaluation = evaluate(scored(trainedOn, model.schema), scored(synthetic, model.schema), { rng: m.seed, ...(model.heldOut ? { holdout: scored(model.heldOut, model.schema) } : {}) });
  post({
    // Score stopping keeps the best state: the epoch kept can be earlier than the last one trained (0: the copula start).
    type: 'trained', epochs: model.log.at(-1)?.epoch ?? model.trainer.epoch,
    kept: keptStateNote(model.log.at(-1)?.epoch ?? model.trainer.epoch, model.trainer.epoch, model.trainer.config.prior !== undefined), seconds, msPerRound: rounds ? (roundSeconds * 1000) / rounds : firstRounds ? (firstSeconds * 1000) / firstRounds : 0,
    stoppedBy: model.result?.stoppedBy ?? (stopping ? 'stop' : 'epochs'),
    quality: evaluation.quality ?? 0, columnShapes: evaluation.column_shapes, pairTrends: evaluation.column_pair_trends, synthetic: plotColumns(synthetic),
  });
}

function need(): TableGan {
  if (!model) throw new UsageError('train a model or load one first');
  return model;
}

async function handle(m: ToWorker): Promise<void> {
  switch (m.type) {
    case 'pause':
      pausing = true;
      return;
    case 'resume':
      pausing = false;
      paused?.();
      paused = null;
      return;
    case 'stop':
      stopping = true;
      pausing = false;
      paused?.();
      paused = null;
      return;
    default:
  }
  if (busy) throw new UsageError('the worker is busy; wait for it to finish (or press Stop)');
  busy = true;
  try {
    switch (m.type) {
      case 'table':
      case 'dataset': {
        const bytes = m.type === 'table' ? new Uint8Array(m.bytes) : new Uint8Array(await (await fetch(new URL(`./datasets/${m.name}.csv`, scope.location.href))).arrayBuffer());
        const name = m.type === 'table' ? m.name : `${m.name}.csv`;
        table = await tableFromBytes(bytes, name);
        tableName = name.replace(/\.[^.]*$/, '') || 'data';
        post({ type: 'table', name, rows: table.rowCount, columns: columnInfo(inferSchema(table)), real: plotColumns(spread(table)) });
        return;
      }
      case 'train':
        configureOrt(m.threads);
        await train(m);
        return;
      case 'sample': {
        const g = need();
        const t = await g.sample(m.rows, { seed: m.seed });
        lastSynthetic = t;
        const csv = formatCsv(t);
        const lines = csv.split('\n').slice(0, 11).filter((l) => l !== '');
        post({ type: 'samples', rows: t.rowCount, csv, preview: lines.map((l) => l.split(',')) });
        return;
      }
      case 'download-model': {
        const g = need();
        const { files, extra } = await packModel(g.trainer, g.modelExtras(evaluation ? { quality: evaluation.quality, column_shapes: evaluation.column_shapes, column_pair_trends: evaluation.column_pair_trends, detection: evaluation.detection.score } : null));
        const folder = `${tableName.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 60) || 'data'}-model`;
        const bytes = modelArchive(files, folder, undefined, extra);
        post({ type: 'file', name: `${folder}.tar`, mime: 'application/x-tar', bytes: bytes.buffer as ArrayBuffer }, [bytes.buffer as ArrayBuffer]);
        return;
      }
      case 'download-report': {
        const g = need();
        const synthetic = lastSynthetic ?? (await g.sample(Math.min(table?.rowCount ?? 1000, 10000), { seed: seed + 1 }));
        const html = await renderReport({
          title: `ganforge studio: ${tableName}`,
          ...(evaluation ? { evaluation } : {}),
          ...(table ? { real: table } : {}),
          synthetic,
          training: trainingRecords(g.log),
        });
        const bytes = new TextEncoder().encode(html);
        post({ type: 'file', name: `${tableName}-report.html`, mime: 'text/html', bytes: bytes.buffer as ArrayBuffer }, [bytes.buffer as ArrayBuffer]);
        return;
      }
      case 'load-model': {
        configureOrt(1);
        await model?.release();
        model = null;
        evaluation = null;
        lastSynthetic = null;
        table = null; // the report of a loaded model shows its samples, not some other table
        const files = new Map(m.files.map((f) => [f.name.split('/').pop()!, new Uint8Array(f.bytes)]));
        const single = m.files.length === 1 ? files.values().next().value! : null;
        const source = single && !m.files[0]!.name.endsWith('manifest.json') ? archiveSource(single, m.name) : filesSource(files, m.name);
        const loaded = await readModel(source, await source.read('manifest.json', 'the manifest', null, MAX_MANIFEST_BYTES));
        model = TableGan.fromLoaded(loaded);
        tableName = m.name.replace(/\.tar$/, '').replace(/-model$/, '') || 'model';
        const metrics = loaded.manifest.metrics as { quality?: number } | null;
        post({ type: 'model-loaded', name: m.name, columns: columnInfo(model.schema), epochs: model.trainer.epoch, quality: typeof metrics?.quality === 'number' ? metrics.quality : null });
        return;
      }
    }
  } finally {
    busy = false;
  }
}

scope.onmessage = (e) => {
  handle(e.data).catch((err: unknown) => {
    const g = err as GanforgeError;
    post({ type: 'error', message: String(g?.message ?? err), code: g?.code ?? 'ERROR' });
  });
};

post({ type: 'ready', runtime: runtime.name, threads: 1, isolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true });
