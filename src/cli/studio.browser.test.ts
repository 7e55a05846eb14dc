// The studio page driven in a real headless Chromium (the report test's: see report/test-helpers.ts)
// against `ganforge studio`'s server: training in the page's worker on onnxruntime-web, sampling and
// downloads, and models moving both ways between the page and the command line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { findChromium, keepScreenshot } from '../report/test-helpers.js';
import { readCsv } from '../data/csv.js';
import { writeTable } from '../data/write.js';
import { TableGan } from '../model/table-model.js';
import { loadModel } from '../model/artifact.js';
import { main } from './run.js';
import { serveStudio } from './studio-server.js';

const IRIS = resolve('../shared/datasets/iris.csv');
const STUDIO = resolve('dist/studio');
const SPECIES = ['setosa', 'versicolor', 'virginica'];

/** Runs the CLI in-process; returns its exit code and what it printed. */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await main(args, { out: (s) => void (out += `${s}\n`), err: (s) => void (err += `${s}\n`), write: async (s) => void (out += s) });
  return { code, out, err };
}

/** Waits until the status line (or another element) matches `re`, failing at once on an error shown in the status. */
async function waitStatus(page: Page, re: RegExp, timeout = 120_000, testid = 'status'): Promise<string> {
  const end = Date.now() + timeout;
  for (;;) {
    const status = (await page.textContent('[data-testid="status"]')) ?? '';
    assert.doesNotMatch(status, /^error/, status);
    const text = testid === 'status' ? status : (await page.textContent(`[data-testid="${testid}"]`)) ?? '';
    assert.doesNotMatch(text, /^error/, text);
    if (re.test(text)) return text;
    assert.ok(Date.now() < end, `status still "${text}", waiting for ${re}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function downloadTo(page: Page, testid: string, path: string): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid="${testid}"]`)]);
  await d.saveAs(path);
  return d.suggestedFilename();
}

async function train(page: Page, epochs: number): Promise<string> {
  await page.fill('[data-testid="epochs-input"]', String(epochs));
  await page.fill('[data-testid="seed-input"]', '0');
  await page.click('[data-testid="train-button"]');
  return waitStatus(page, /^done/);
}

test('ganforge studio serves the page cross-origin isolated, and nothing outside its folder', { timeout: 60_000 }, async () => {
  const child = spawn(process.execPath, [resolve('dist/cli/main.js'), 'studio', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((ok, fail) => {
      let seen = '';
      child.stdout.on('data', (b: Buffer) => {
        seen += b.toString();
        const m = /ganforge studio: (http:\/\/\S+)/.exec(seen);
        if (m) ok(m[1]!);
      });
      child.on('exit', (c) => fail(new Error(`studio exited with ${c}`)));
    });
    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('cross-origin-opener-policy'), 'same-origin');
    assert.equal(page.headers.get('cross-origin-embedder-policy'), 'require-corp');
    assert.match(await page.text(), /data-testid="train-button"/);
    const wasm = await fetch(new URL('ort/ort-wasm-simd-threaded.wasm', url));
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');
    assert.ok(Number(wasm.headers.get('content-length')) > 1e6);
    assert.equal((await fetch(new URL('datasets/penguins.csv', url))).status, 200);
    assert.equal((await fetch(new URL('/%2e%2e/package.json', url))).status, 404);
    assert.equal((await fetch(new URL('/../../package.json', url))).status, 404);
  } finally {
    child.kill('SIGTERM');
  }
});

test('studio: train iris in the page, sample and download; models move between the page and the CLI', { timeout: 240_000 }, async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'ganforge-studio-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  // The command line's model and quality figure, same data, seed and epochs.
  const cliModel = join(dir, 'cli-model');
  const trained = await cli(['train', IRIS, '--epochs', '30', '--seed', '0', '--out', cliModel, '--report', join(dir, 'cli.html'), '--json', '--quiet']);
  assert.equal(trained.code, 0, trained.err);
  const cliQuality = (JSON.parse(trained.out) as { quality: number }).quality;

  const server = await serveStudio(STUDIO, { port: 0 });
  const found = await findChromium();
  const browser = await chromium.launch({ executablePath: found.executablePath, args: found.args, headless: true, timeout: 60_000 });
  try {
    const page = await browser.newPage({ acceptDownloads: true });
    const errors: string[] = [];
    const offsite: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => { if (!r.url().startsWith(server.url) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) offsite.push(r.url()); });
    await page.goto(server.url);
    // Isolated (threads possible) under the server's COOP/COEP headers; @sparticuz/chromium runs with
    // site isolation off (--single-process), where no page is, and the studio trains on one thread.
    if (found.source !== '@sparticuz/chromium') assert.equal(await page.evaluate('crossOriginIsolated'), true);

    // The other formats go through the same readers on bytes (XLSX: read-excel-file's universal build, Parquet: hyparquet).
    const irisTable = await readCsv(IRIS);
    for (const ext of ['xlsx', 'parquet', 'tsv']) {
      await writeTable(join(dir, `iris.${ext}`), irisTable);
      await page.setInputFiles('[data-testid="file-input"]', join(dir, `iris.${ext}`));
      await waitStatus(page, new RegExp(`^iris\\.${ext}: 150 rows × 5 columns`), 30_000, 'table-info');
    }
    await page.setInputFiles('[data-testid="file-input"]', IRIS);
    await waitStatus(page, /^iris\.csv: 150 rows × 5 columns/, 30_000, 'table-info');
    await waitStatus(page, /ready to train/);
    assert.equal(await page.locator('#schema select').count(), 5);

    // Same seed, data and options as Node: one epoch, then the weights side by side. Training is
    // sensitive at float precision (Adam's first steps follow the sign of near-zero gradients):
    // perturbing iris by 1e-7 in Node moves these weights by ~0.017, and wasm's kernels round
    // differently from the native ones, so the bound is that scale, not bit equality.
    await train(page, 1);
    const oneTar = join(dir, 'one.tar');
    assert.match(await downloadTo(page, 'download-model', oneTar), /^iris-model\.tar$/);
    const web1 = await loadModel(oneTar);
    const node1 = await TableGan.train(await readCsv(IRIS), { seed: 0, epochs: 1, threads: 1 });
    let maxDiff = 0;
    for (const [name, v] of web1.values) {
      const w = node1.trainer.store.get(name);
      for (let i = 0; i < v.data.length; i++) maxDiff = Math.max(maxDiff, Math.abs(v.data[i]! - w[i]!));
    }
    await node1.release();
    assert.ok(maxDiff < 0.05, `browser vs Node weights after one epoch differ by ${maxDiff}`);
    assert.ok(maxDiff > 0 || web1.manifest.log.length === 1);

    // 30 epochs: the quality the page shows is the CLI's figure (same scoring) within 0.02.
    const status = await train(page, 30);
    assert.match(status, /^done: 30 epochs/);
    const quality = Number(await page.textContent('[data-testid="quality-score"]'));
    assert.ok(quality > 0.5 && quality <= 1, `quality ${quality}`);
    assert.ok(Math.abs(quality - cliQuality) <= 0.02, `browser quality ${quality} vs CLI ${cliQuality}`);
    assert.ok((await page.locator('#histograms canvas').count()) === 5);

    await page.fill('[data-testid="rows-input"]', '500');
    await page.click('[data-testid="sample-button"]');
    await waitStatus(page, /sampled 500 rows/);
    const csvPath = join(dir, 'synthetic.csv');
    await downloadTo(page, 'download-samples', csvPath);
    const rows = await readCsv(csvPath);
    assert.deepEqual(rows.names, ['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species']);
    assert.equal(rows.rowCount, 500);
    assert.deepEqual(rows.columns.slice(0, 4).map((c) => c.kind), ['number', 'number', 'number', 'number']);
    for (const c of rows.columns.slice(0, 4)) assert.ok(Array.from(c.values as Float64Array).every((v) => v >= 0 && v < 10));
    const species = rows.columns[4]!.values as (string | null)[];
    assert.ok(species.every((s) => SPECIES.includes(s!)));
    assert.equal(new Set(species).size, 3);

    // The page's model is a file the CLI samples from and inspects.
    const tar = join(dir, 'iris-model.tar');
    await downloadTo(page, 'download-model', tar);
    const inspected = await cli(['inspect', tar, '--json']);
    assert.equal(inspected.code, 0, inspected.err);
    assert.equal((JSON.parse(inspected.out) as { training: { epochs: number } }).training.epochs, 30);
    const sampled = await cli(['sample', tar, '-n', '20', '-o', join(dir, 'from-tar.csv')]);
    assert.equal(sampled.code, 0, sampled.err);
    assert.equal((await readCsv(join(dir, 'from-tar.csv'))).rowCount, 20);
    // The archive carries sampler.onnx too: the graph's rows are the TypeScript path's, byte for byte.
    const viaOnnx = await cli(['sample', tar, '-n', '20', '--engine', 'onnx', '-o', join(dir, 'from-tar-onnx.csv')]);
    assert.equal(viaOnnx.code, 0, viaOnnx.err);
    assert.equal(await readFile(join(dir, 'from-tar-onnx.csv'), 'utf8'), await readFile(join(dir, 'from-tar.csv'), 'utf8'));

    const reportName = await downloadTo(page, 'download-report', join(dir, 'report.html'));
    assert.equal(reportName, 'iris-report.html');
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    assert.ok(html.includes('Overall quality') && (html.match(/<svg/g) ?? []).length > 5, 'the report holds the scores and its charts');

    // The CLI's model folder, picked in the page: its samples are Node's rows (same weights, same draws).
    await page.setInputFiles('[data-testid="model-folder-input"]', cliModel);
    await waitStatus(page, /^done: model cli-model loaded/);
    await page.fill('[data-testid="rows-input"]', '300');
    await page.fill('[data-testid="seed-input"]', '5');
    await page.click('[data-testid="sample-button"]');
    await waitStatus(page, /sampled 300 rows/);
    await downloadTo(page, 'download-samples', join(dir, 'cli-model-web.csv'));
    const web = await readCsv(join(dir, 'cli-model-web.csv'));
    const node = await (await TableGan.load(cliModel)).sample(300, { seed: 5 });
    assert.deepEqual(web.names, node.names);
    web.columns.forEach((c, j) => {
      const n = node.columns[j]!;
      for (let i = 0; i < 300; i++) {
        if (c.kind === 'number') assert.ok(Math.abs((c.values[i] as number) - (n.values[i] as number)) <= 1e-9, `${web.names[j]} row ${i}: ${c.values[i]} vs ${n.values[i]}`);
        else assert.equal(c.values[i], n.values[i]);
      }
    });

    assert.deepEqual(errors, [], 'no console errors');
    assert.deepEqual(offsite, [], 'the page loads nothing from elsewhere');
    const shot = join(dir, 'studio.png');
    await page.screenshot({ path: shot, fullPage: true });
    keepScreenshot(shot, `studio (${found.source})`);
  } finally {
    await browser.close();
    await server.close();
  }
});

test('studio: on a cross-origin isolated page, tables of 1,000+ rows train on a thread per core (up to 4), smaller ones and a typed choice as set', { timeout: 120_000 }, async (t) => {
  const server = await serveStudio(STUDIO, { port: 0 });
  const found = await findChromium();
  // @sparticuz/chromium's own flags run it as one process, where no page is cross-origin isolated.
  const oneProcess = new Set(['--single-process', '--disable-site-isolation-trials', '--no-zygote', '--in-process-gpu']);
  const args = found.args.filter((a) => !oneProcess.has(a) && !a.startsWith('--disable-features'));
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: found.executablePath, args, headless: true, timeout: 60_000 });
  } catch (e) {
    await server.close();
    return t.skip(`this Chromium does not start with site isolation: ${(e as Error).message.split('\n')[0]}`);
  }
  try {
    const page = await browser.newPage();
    await page.goto(server.url);
    if (!(await page.evaluate('crossOriginIsolated'))) return t.skip('the page is not cross-origin isolated in this Chromium');
    await page.waitForFunction("document.querySelector('#runtime')?.textContent?.includes('threads available')");
    const cores = Math.min(4, Number(await page.evaluate('navigator.hardwareConcurrency')) || 1);
    const threadsFor = async (dataset: string): Promise<string> => {
      await page.selectOption('[data-testid="dataset-select"]', dataset);
      await waitStatus(page, new RegExp(`^${dataset}\\.csv: `), 30_000, 'table-info');
      await waitStatus(page, /ready to train/);
      return page.inputValue('[data-testid="threads-input"]');
    };
    assert.equal(await threadsFor('sixparam'), String(cores), '5,000 rows');
    assert.equal(await threadsFor('iris'), '1', '150 rows');
    await page.fill('[data-testid="threads-input"]', '3');
    assert.equal(await threadsFor('sixparam'), '3', 'the thread count typed in stays');
  } finally {
    await browser.close();
    await server.close();
  }
});
