// Opens a full report in a real headless Chromium driven by playwright-core: it must render with
// no console errors, show every section and chart, and give a screenshot. The browser is
// GANFORGE_CHROMIUM if set, else a system Chromium on PATH, else the headless Chromium that the
// @sparticuz/chromium dev dependency ships inside its npm package (unpacked into the temp folder
// on first use), so `npm ci && npm test` needs nothing installed beyond npm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { renderReport, SECTION_IDS } from './report.js';
import { fullReportInput } from './test-fixtures.js';

interface Browser { executablePath: string; args: string[]; source: string }

const SYSTEM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

function onPath(name: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

async function findChromium(): Promise<Browser> {
  const fromEnv = process.env['GANFORGE_CHROMIUM'];
  if (fromEnv) {
    assert.ok(existsSync(fromEnv), `GANFORGE_CHROMIUM=${fromEnv} does not exist: point it at a Chromium binary or unset it`);
    return { executablePath: fromEnv, args: SYSTEM_ARGS, source: 'GANFORGE_CHROMIUM' };
  }
  for (const name of ['chromium', 'chromium-browser']) {
    const path = onPath(name);
    if (path) return { executablePath: path, args: SYSTEM_ARGS, source: `system ${name}` };
  }
  const { default: packaged } = await import('@sparticuz/chromium');
  packaged.setGraphicsMode = false; // the report draws SVG only: no WebGL, so no SwiftShader to unpack
  return { executablePath: await packaged.executablePath(), args: packaged.args, source: '@sparticuz/chromium' };
}

test('report renders in headless Chromium without errors', { timeout: 120_000 }, async () => {
  const found = await findChromium();
  const dir = mkdtempSync(join(tmpdir(), 'ganforge-browser-'));
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
    console.log(`report screenshot: ${shot} (${found.source}: ${found.executablePath})`);
  } finally {
    await browser.close();
  }
});
