/** The studio page: data, schema, training controls and live plots; the work runs in worker.ts. */
import type { ColumnType } from '../../data/schema.js';
import type { ColumnInfo, FromWorker, PlotColumn, ToWorker } from './protocol.js';
import { histogram, linePlot, scatter } from './plots.js';

const TYPES: ColumnType[] = ['continuous', 'integer', 'categorical', 'boolean', 'datetime'];

const $ = <T extends HTMLElement = HTMLElement>(sel: string): T => document.querySelector<T>(sel)!;
const byTest = <T extends HTMLElement = HTMLElement>(id: string): T => $<T>(`[data-testid="${id}"]`);

const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const send = (m: ToWorker, transfer: Transferable[] = []): void => worker.postMessage(m, transfer);

const status = byTest('status');
const quality = byTest('quality-score');
const trainButton = byTest<HTMLButtonElement>('train-button');
const pauseButton = byTest<HTMLButtonElement>('pause-button');
const stopButton = byTest<HTMLButtonElement>('stop-button');
const sampleButton = byTest<HTMLButtonElement>('sample-button');
const downloadSamples = byTest<HTMLButtonElement>('download-samples');
const downloadReport = byTest<HTMLButtonElement>('download-report');
const downloadModel = byTest<HTMLButtonElement>('download-model');
const scatterX = $<HTMLSelectElement>('#scatter-x');
const scatterY = $<HTMLSelectElement>('#scatter-y');

let columns: ColumnInfo[] = [];
let real: PlotColumn[] = [];
let synthetic: PlotColumn[] | null = null;
let csv: string | null = null;
let paused = false;
/** What the page holds: a table to train on, a model to sample from. */
let hasTable = false;
let hasModel = false;
const epochs: number[] = [];
const losses = { dReal: [] as (number | null)[], dFake: [] as (number | null)[], g: [] as (number | null)[], accReal: [] as (number | null)[], accFake: [] as (number | null)[] };
const qualityAt: { epoch: number; q: number }[] = [];

function setStatus(text: string, error = false): void {
  status.textContent = text;
  status.classList.toggle('error', error);
}

/** Buttons follow what the page holds; nothing but Pause/Stop while training. */
function enable(training = false): void {
  trainButton.disabled = training || !hasTable;
  pauseButton.disabled = stopButton.disabled = !training;
  sampleButton.disabled = downloadReport.disabled = downloadModel.disabled = training || !hasModel;
  downloadSamples.disabled = training || !hasModel || csv === null;
}

function download(name: string, data: BlobPart, mime: string): void {
  const url = URL.createObjectURL(new Blob([data], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function schemaTable(cols: ColumnInfo[], editable: boolean): void {
  const t = $<HTMLTableElement>('#schema');
  t.innerHTML = '<tr><th>column</th><th>type</th><th>detail</th><th>missing</th></tr>';
  for (const c of cols) {
    const tr = document.createElement('tr');
    const name = document.createElement('td');
    name.textContent = c.name;
    const type = document.createElement('td');
    if (editable) {
      const sel = document.createElement('select');
      sel.dataset['column'] = c.name;
      sel.dataset['inferred'] = c.type;
      sel.dataset['testid'] = `type-${c.name}`;
      for (const k of TYPES) sel.add(new Option(k, k, k === c.type, k === c.type));
      type.append(sel);
    } else type.textContent = c.type;
    const detail = document.createElement('td');
    detail.textContent = c.detail;
    const missing = document.createElement('td');
    missing.textContent = String(c.missing);
    tr.append(name, type, detail, missing);
    t.append(tr);
  }
}

function chosenTypes(): Record<string, ColumnType> {
  const out: Record<string, ColumnType> = {};
  for (const sel of document.querySelectorAll<HTMLSelectElement>('#schema select')) {
    if (sel.value !== sel.dataset['inferred']) out[sel.dataset['column']!] = sel.value as ColumnType;
  }
  return out;
}

function fillScatterChoices(): void {
  const numeric = real.filter((c) => c.kind === 'number').map((c) => c.name);
  for (const [sel, k] of [[scatterX, 0], [scatterY, 1]] as const) {
    sel.innerHTML = '';
    for (const n of numeric) sel.add(new Option(n, n));
    sel.selectedIndex = Math.min(k, numeric.length - 1);
  }
}

function drawDistributions(): void {
  const find = (cols: PlotColumn[] | null, n: string): PlotColumn | null => cols?.find((c) => c.name === n) ?? null;
  const pair = (cols: PlotColumn[] | null): [PlotColumn, PlotColumn] | null => {
    const x = find(cols, scatterX.value), y = find(cols, scatterY.value);
    return x && y ? [x, y] : null;
  };
  scatter($<HTMLCanvasElement>('#plot-scatter'), pair(real), pair(synthetic));
  const box = $('#histograms');
  if (box.childElementCount !== real.length) {
    box.innerHTML = '';
    for (const c of real) {
      const fig = document.createElement('figure');
      const canvas = document.createElement('canvas');
      canvas.width = 260;
      canvas.height = 150;
      canvas.dataset['column'] = c.name;
      fig.append(canvas);
      box.append(fig);
    }
  }
  real.forEach((c, i) => histogram(box.children[i]!.firstElementChild as HTMLCanvasElement, c, find(synthetic, c.name)));
}

function drawCurves(): void {
  linePlot($<HTMLCanvasElement>('#plot-loss'), epochs, [
    { label: 'D real', color: '#3b6fd8', values: losses.dReal },
    { label: 'D fake', color: '#d83b6f', values: losses.dFake },
    { label: 'G', color: '#2a9d5c', values: losses.g },
  ]);
  linePlot($<HTMLCanvasElement>('#plot-acc'), epochs, [
    { label: 'real', color: '#3b6fd8', values: losses.accReal },
    { label: 'fake', color: '#d83b6f', values: losses.accFake },
  ], [0, 1]);
  linePlot($<HTMLCanvasElement>('#plot-quality'), qualityAt.map((p) => p.epoch), [{ label: 'quality', color: '#e67814', values: qualityAt.map((p) => p.q) }], [0, 1]);
}

function resetRun(): void {
  epochs.length = 0;
  qualityAt.length = 0;
  for (const k of Object.keys(losses) as (keyof typeof losses)[]) losses[k].length = 0;
  synthetic = null;
  csv = null;
  $('#samples').innerHTML = '';
}

let lastDraw = 0;
/** The user set the thread count: the page no longer picks it per table. */
let threadsChosen = false;
byTest<HTMLInputElement>('threads-input').addEventListener('input', () => void (threadsChosen = true));

/**
 * Threads for a table on a cross-origin isolated page: one per logical core up to 4 where the
 * recipe's networks are the 256-wide ones (1,000 rows and more), one below. wasm's 128-bit
 * products leave a core's vector units half idle, so even a second hyperthread helps the large
 * networks (lending_club's round 47–53 → 34–37 ms on 2 vCPUs), while the small ones lose more
 * to the threads' synchronisation than they gain (iris 3.6–4.2 → 4.8–5.1 ms per round).
 */
function defaultThreads(rows: number): number {
  return rows >= 1000 ? Math.min(4, Math.max(1, navigator.hardwareConcurrency || 1)) : 1;
}

worker.onmessage = (e: MessageEvent<FromWorker>) => {
  const m = e.data;
  switch (m.type) {
    case 'ready':
      $('#runtime').textContent = `${m.runtime} (wasm${m.isolated ? ', threads available' : ', one thread: not cross-origin isolated'})`;
      if (!m.isolated) byTest<HTMLInputElement>('threads-input').max = '1';
      return;
    case 'table':
      columns = m.columns;
      real = m.real;
      resetRun();
      byTest('table-info').textContent = `${m.name}: ${m.rows} rows × ${m.columns.length} columns`;
      if (crossOriginIsolated && !threadsChosen) byTest<HTMLInputElement>('threads-input').value = String(defaultThreads(m.rows));
      schemaTable(columns, true);
      fillScatterChoices();
      drawDistributions();
      drawCurves();
      setStatus('ready to train');
      hasTable = true;
      hasModel = false;
      enable();
      return;
    case 'epoch': {
      if (epochs.length && m.epoch <= epochs[epochs.length - 1]!) resetRun(); // a second generator (small tables, auto epochs)
      epochs.push(m.epoch);
      losses.dReal.push(m.dLossReal);
      losses.dFake.push(m.dLossFake);
      losses.g.push(m.gLoss);
      losses.accReal.push(m.dAccReal);
      losses.accFake.push(m.dAccFake);
      setStatus(`training: epoch ${m.epoch}${m.total ? ` of ${m.total}` : ''} (${m.ms.toFixed(0)} ms)`);
      const now = performance.now();
      if (now - lastDraw > 250) {
        lastDraw = now;
        drawCurves();
      }
      return;
    }
    case 'preview':
      qualityAt.push({ epoch: m.epoch, q: m.quality });
      quality.textContent = m.quality.toFixed(4);
      synthetic = m.synthetic;
      drawCurves();
      drawDistributions();
      return;
    case 'trained':
      quality.textContent = m.quality.toFixed(4);
      synthetic = m.synthetic;
      drawCurves();
      drawDistributions();
      paused = false;
      pauseButton.textContent = 'Pause';
      setStatus(`done: ${m.epochs} epochs in ${m.seconds.toFixed(1)} s${m.kept} (${m.msPerRound.toFixed(1)} ms per round; stopped by ${m.stoppedBy}); column shapes ${m.columnShapes?.toFixed(3) ?? '–'}, pair trends ${m.pairTrends?.toFixed(3) ?? '–'}`);
      hasModel = true;
      enable();
      return;
    case 'model-loaded':
      resetRun();
      columns = m.columns;
      schemaTable(columns, false);
      quality.textContent = m.quality === null ? '–' : m.quality.toFixed(4);
      byTest('table-info').textContent = `model ${m.name}: ${m.columns.length} columns, trained ${m.epochs} epochs`;
      setStatus(`done: model ${m.name} loaded`);
      real = [];
      hasTable = false;
      hasModel = true;
      enable();
      return;
    case 'samples': {
      csv = m.csv;
      const t = $<HTMLTableElement>('#samples');
      t.innerHTML = '';
      m.preview.forEach((cells, i) => {
        const tr = document.createElement('tr');
        for (const c of cells) {
          const td = document.createElement(i === 0 ? 'th' : 'td');
          td.textContent = c;
          tr.append(td);
        }
        t.append(tr);
      });
      setStatus(`done: sampled ${m.rows} rows`);
      enable();
      return;
    }
    case 'file':
      download(m.name, m.bytes, m.mime);
      setStatus(`done: ${m.name} downloaded`);
      return;
    case 'paused':
      setStatus('paused');
      return;
    case 'resumed':
      setStatus('training…');
      return;
    case 'error':
      setStatus(`error: ${m.message}`, true);
      enable();
      return;
  }
};
worker.onerror = (e) => setStatus(`error: the worker failed (${e.message})`, true);

async function pickTable(file: File): Promise<void> {
  setStatus(`reading ${file.name}…`);
  const bytes = await file.arrayBuffer();
  send({ type: 'table', name: file.name, bytes }, [bytes]);
}

byTest<HTMLInputElement>('file-input').addEventListener('change', (e) => {
  const f = (e.target as HTMLInputElement).files?.[0];
  if (f) void pickTable(f);
});
byTest<HTMLSelectElement>('dataset-select').addEventListener('change', (e) => {
  const name = (e.target as HTMLSelectElement).value;
  if (!name) return;
  setStatus(`loading ${name}…`);
  send({ type: 'dataset', name });
});
const drop = $('#drop');
drop.addEventListener('dragover', (e) => {
  e.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  const f = e.dataTransfer?.files[0];
  if (f) void pickTable(f);
});

trainButton.addEventListener('click', () => {
  const ep = byTest<HTMLInputElement>('epochs-input').value.trim();
  const epochsWanted = ep === '' ? null : Math.max(1, Math.floor(Number(ep)));
  if (epochsWanted !== null && !Number.isFinite(epochsWanted)) return setStatus('error: epochs must be a whole number', true);
  resetRun();
  drawCurves();
  const threads = Math.max(1, Math.min(16, Math.floor(Number(byTest<HTMLInputElement>('threads-input').value) || 1)));
  send({ type: 'train', epochs: epochsWanted, seed: Math.floor(Number(byTest<HTMLInputElement>('seed-input').value) || 0), types: chosenTypes(), threads: crossOriginIsolated ? threads : 1 });
  setStatus('training: starting…');
  hasModel = false;
  enable(true);
  return undefined;
});
pauseButton.addEventListener('click', () => {
  paused = !paused;
  pauseButton.textContent = paused ? 'Resume' : 'Pause';
  send({ type: paused ? 'pause' : 'resume' });
});
stopButton.addEventListener('click', () => {
  send({ type: 'stop' });
  setStatus('stopping after this epoch…');
});
sampleButton.addEventListener('click', () => {
  const rows = Math.max(1, Math.min(1_000_000, Math.floor(Number(byTest<HTMLInputElement>('rows-input').value) || 1000)));
  setStatus(`sampling ${rows} rows…`);
  send({ type: 'sample', rows, seed: Math.floor(Number(byTest<HTMLInputElement>('seed-input').value) || 0) });
});
downloadSamples.addEventListener('click', () => {
  if (csv !== null) download('synthetic.csv', csv, 'text/csv');
});
downloadModel.addEventListener('click', () => send({ type: 'download-model' }));
downloadReport.addEventListener('click', () => send({ type: 'download-report' }));

async function loadModelFiles(files: File[], name: string): Promise<void> {
  setStatus(`loading model ${name}…`);
  const read = await Promise.all(files.map(async (f) => ({ name: f.webkitRelativePath || f.name, bytes: await f.arrayBuffer() })));
  send({ type: 'load-model', name, files: read }, read.map((f) => f.bytes));
}
byTest<HTMLInputElement>('model-input').addEventListener('change', (e) => {
  const f = (e.target as HTMLInputElement).files?.[0];
  if (f) void loadModelFiles([f], f.name);
});
byTest<HTMLInputElement>('model-folder-input').addEventListener('change', (e) => {
  const fs = [...((e.target as HTMLInputElement).files ?? [])];
  if (fs.length) void loadModelFiles(fs, fs[0]!.webkitRelativePath.split('/')[0] || 'model');
});
scatterX.addEventListener('change', drawDistributions);
scatterY.addEventListener('change', drawDistributions);
enable();
