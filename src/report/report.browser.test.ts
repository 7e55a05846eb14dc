// Opens a full report in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core):
// it must render with no console errors, show every section and chart, and give a screenshot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { renderReport, SECTION_IDS } from './report.js';
import { fullReportInput } from './test-fixtures.js';

const CHROMIUM = process.env['GANFORGE_CHROMIUM'] ?? '/usr/bin/chromium';

test('report renders in headless Chromium without errors', { timeout: 120_000 }, async () => {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}: install it with \`apt-get install chromium\` (or set GANFORGE_CHROMIUM) — this test needs a real browser`);
  const dir = mkdtempSync(join(tmpdir(), 'ganforge-browser-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, await renderReport(fullReportInput()));
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    timeout: 60_000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
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
    console.log(`report screenshot: ${shot}`);
  } finally {
    await context.close();
  }
});
