import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { histogramRows } from './chart-distributions.js';
import { imageGridSpec } from './chart-images.js';
import { groupLogKeys } from './chart-training.js';
import { fmt, inlineSvg } from './html.js';
import { writeChartPng } from './png.js';
import { renderReport, SECTION_IDS, writeReport } from './report.js';
import { fullReportInput } from './test-fixtures.js';
import type { ReportTable } from './types.js';

const input = fullReportInput();

test('full report: every section, one inline SVG per chart, unique ids, nothing external', async () => {
  const html = await renderReport(input);
  for (const id of SECTION_IDS) assert.ok(html.includes(`<section id="${id}">`), `section ${id}`);
  // 1 scores + 5 distributions + 4 scatter + 1 1-D + 1 points + 3 heatmaps + 3 training groups + 1 image grid
  assert.equal(html.match(/<svg[\s>]/g)?.length, 19);
  assert.ok(html.includes('angular coverage') && html.includes('modes covered') && html.includes('excess kurtosis'));
  // Machine-learning utility (evaluate with a target): the learner's scores trained on real and on synthetic rows.
  const ml = input.evaluation!.ml_efficacy!;
  assert.ok(html.includes('Machine-learning utility: predicting species') && html.includes('class="ml-efficacy"'));
  assert.ok(html.includes(`<td><b>macro-F1</b></td><td>${fmt((ml.real as { macro_f1: number | null }).macro_f1)}</td><td>${fmt((ml.synthetic as { macro_f1: number | null }).macro_f1)}</td>`), 'headline row');
  assert.ok(!(await renderReport({ evaluation: { ...input.evaluation!, ml_efficacy: null } })).includes('Machine-learning utility'));
  assert.ok(!/<script|<link|<img|@import/i.test(html), 'no scripts or external resources');
  const urls = (html.match(/https?:\/\/[^\s"')]+/g) ?? []).filter((u) => !u.startsWith('http://www.w3.org/'));
  assert.deepEqual(urls, []);
  const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(new Set(ids).size, ids.length, 'ids are unique across charts');
  assert.ok(html.includes('font-family="sans-serif"'), 'chart text uses sans-serif');
  assert.ok((await renderReport(input)) === html, 'rendering is deterministic');
});

test('sections follow the inputs given', async () => {
  const html = await renderReport({ evaluation: input.evaluation! });
  assert.ok(html.includes('id="scores"') && html.includes('id="summary"') && html.includes('id="correlation"'));
  for (const id of ['distributions', 'scatter', 'samples1d', 'points', 'training', 'images']) assert.ok(!html.includes(`id="${id}"`), id);
  const training = await renderReport({ training: input.training! });
  assert.equal(training.match(/<svg[\s>]/g)?.length, 3);
});

test('writeReport writes atomically; writeChartPng writes a PNG', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ganforge-report-'));
  try {
    await writeReport(join(dir, 'report.html'), { training: input.training! });
    assert.deepEqual(readdirSync(dir), ['report.html']);
    assert.ok(readFileSync(join(dir, 'report.html'), 'utf8').startsWith('<!DOCTYPE html>'));
    const spec = imageGridSpec(input.images![0]!);
    await writeChartPng(spec, join(dir, 'digits.png'));
    const png = readFileSync(join(dir, 'digits.png'));
    assert.deepEqual([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join(''), 'PNG');
    assert.ok(png.readUInt32BE(16) > 100 && png.readUInt32BE(20) > 100, 'IHDR width/height');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('histogram shares sum to 1 per table over shared bins', () => {
  const rows = histogramRows(Float64Array.from([0, 1, 2, NaN]), Float64Array.from([5, 6]));
  const sum = (src: string): number => rows.filter((r) => r.source === src).reduce((s, r) => s + r.share, 0);
  assert.ok(Math.abs(sum('real') - 1) < 1e-12 && Math.abs(sum('synthetic') - 1) < 1e-12);
  assert.equal(rows[0]!.start, 0);
  assert.equal(rows.at(-1)!.end, 6);
});

test('image grid has one rect datum per pixel; log keys grouped', () => {
  const pixels = Float32Array.from({ length: 4 * 3 * 2 }, (_, i) => i / 24);
  const spec = imageGridSpec({ title: 't', pixels, count: 4, width: 2, height: 3 }) as unknown as { data: { values: { c: string }[] } };
  assert.equal(spec.data.values.length, 24);
  assert.equal(spec.data.values[0]!.c, '#000000');
  const rgb = imageGridSpec({ title: 'rgb', pixels: Float32Array.from([255, 0, 0, 0, 128, 255]), count: 1, width: 2, height: 1, channels: 3, range: [0, 255] }) as unknown as { data: { values: { x: number; c: string }[] } };
  assert.deepEqual(rgb.data.values.map((v) => v.c), ['#ff0000', '#0080ff']);
  assert.deepEqual(groupLogKeys([{ epoch: 1, d_loss: 1, g_loss: 2, d_acc: 0.5, gen_mean: 0 }]).map((g) => g.keys),
    [['d_loss', 'g_loss'], ['d_acc'], ['gen_mean']]);
  assert.equal(inlineSvg('<g id="a"><rect fill="url(#a)"/></g>', 'p'), '<g id="p-0"><rect fill="url(#p-0)"/></g>');
});

test('datetime and boolean columns render (temporal histogram, bar chart, scatter)', async () => {
  const day = 86_400_000;
  const table = (shift: number): ReportTable => ({
    names: ['when', 'flag', 'label'],
    rowCount: 50,
    columns: [
      { kind: 'datetime', values: Float64Array.from({ length: 50 }, (_, i) => Date.UTC(2024, 0, 1) + (i + shift) * day) },
      { kind: 'boolean', values: Array.from({ length: 50 }, (_, i) => (i + shift) % 3 === 0) },
      { kind: 'string', values: Array.from({ length: 50 }, (_, i) => (i % 4 === 0 ? null : `c${i % 3}`)) },
    ],
  });
  const html = await renderReport({ real: table(0), synthetic: table(5) });
  assert.equal(html.match(/<svg[\s>]/g)?.length, 3 + 2);
  assert.ok(html.includes('(missing)'), 'missing is its own bar');
  assert.ok(/>true<|>false</.test(html), 'boolean categories are labelled');
  assert.ok(/>Jan \d\d</.test(html), 'datetime axis shows dates');
});

test('datetime summary statistics are shown as dates and durations', async () => {
  const { evaluate } = await import('../eval/evaluate.js');
  const { makeTable } = await import('../data/table.js');
  const t = makeTable(['when'], [{ kind: 'datetime', values: Float64Array.from([Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 3)]) }]);
  const html = await renderReport({ evaluation: evaluate(t, t) });
  assert.ok(html.includes('<td>2024-01-01</td>') && html.includes('<td>2024-01-02</td>') && html.includes('<td>2024-01-03</td>'));
  assert.ok(html.includes(`<td>${Number(Math.SQRT2.toPrecision(4))} d</td>`), 'std of 2 days apart = √2 days');
});
