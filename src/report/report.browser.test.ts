// Opens a full report in a real headless Chromium driven by playwright-core: it must render with
// no console errors, show every section and chart, and give a screenshot. The browser is
// GANFORGE_CHROMIUM if set, else a system Chromium on PATH, else the headless Chromium that the
// @sparticuz/chromium dev dependency ships inside its npm package (unpacked into the temp folder
// on first use), so `npm ci && npm test` needs nothing installed beyond npm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { renderReport, SECTION_IDS } from './report.js';
import { fullReportInput } from './test-fixtures.js';
import { findChromium, keepScreenshot } from './test-helpers.js';

test('report renders in headless Chromium without errors', { timeout: 120_000 }, async (t) => {
  const found = await findChromium();
  const dir = mkdtempSync(join(tmpdir(), 'ganforge-browser-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'report.html');
  writeFileSync(file, await renderReport(fullReportInput()));
  const browser = await chromium.launch({ executablePath: found.executablePath, args: found.args, headless: true, timeout: 60_000 });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
    await page.setViewportSize({ width: 1300, height: 900 });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    assert.deepEqual(errors, []);
    assert.deepEqual(requests, [], 'the report loads nothing from the network');
    for (const id of SECTION_IDS) assert.equal(await page.locator(`section#${id}`).count(), 1, `section ${id}`);
    assert.equal(await page.locator('figure.chart > svg').count(), 19);
    // Charts have laid out with real size and drawn marks.
    const box = await page.locator('#distributions svg').first().boundingBox();
    assert.ok(box && box.width > 200 && box.height > 100, `chart box ${JSON.stringify(box)}`);
    assert.ok(await page.locator('#images svg path, #images svg rect').count() > 36 * 64 / 2);
    const shot = join(dir, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    assert.ok(statSync(shot).size > 50_000);
    keepScreenshot(shot, `report (${found.source}: ${found.executablePath})`);
  } finally {
    await browser.close();
  }
});
