/**
 * In-browser training speed beside onnxruntime-node's, measured in the same run: the studio's bench
 * page in headless Chromium (onnxruntime-web, wasm, one thread) and this process run the same
 * studioSpeed() on penguins and the seed-000 network.
 */
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { readTable } from '../data/read.js';
import { serveStudio } from '../cli/studio-server.js';
import { findChromium } from '../report/test-helpers.js';
import { studioSpeed, type StudioSpeed } from './studio-speed.js';

export interface StudioBench {
  name: 'studio-browser';
  browser: StudioSpeed | null;
  node: StudioSpeed;
  penguins_ratio: number | null;
  seed000_ratio: number | null;
  note?: string;
}

export async function benchStudio(o: { quick?: boolean; browserThreads?: number } = {}): Promise<StudioBench> {
  const opts = o.quick ? { epochs: 15, seedRounds: 40 } : { epochs: 40, seedRounds: 120 };
  let browserSpeed: StudioSpeed | null = null;
  let note: string | undefined;
  const server = await serveStudio(resolve('dist/studio'), { port: 0 });
  try {
    const found = await findChromium();
    const browser = await chromium.launch({ executablePath: found.executablePath, args: found.args, headless: true, timeout: 60_000 });
    try {
      const page = await browser.newPage();
      await page.goto(new URL(`bench.html?threads=${o.browserThreads ?? 1}`, server.url).href);
      await page.waitForSelector('body[data-ready="yes"]');
      browserSpeed = (await page.evaluate((a) => (globalThis as unknown as { runStudioBench: (x: typeof a) => Promise<StudioSpeed> }).runStudioBench(a), opts)) as StudioSpeed;
    } finally {
      await browser.close();
    }
  } catch (e) {
    note = `no browser figures: ${(e as Error).message.split('\n')[0]}`;
  } finally {
    await server.close();
  }
  const node = await studioSpeed(await readTable(resolve('dist/studio/datasets/penguins.csv')), opts);
  const ratio = (b: number | undefined, n: number): number | null => (b === undefined ? null : Math.round((b / n) * 100) / 100);
  return {
    name: 'studio-browser', browser: browserSpeed, node,
    penguins_ratio: ratio(browserSpeed?.penguins_ms_per_round, node.penguins_ms_per_round),
    seed000_ratio: ratio(browserSpeed?.seed000_ms_per_step, node.seed000_ms_per_step),
    ...(note ? { note } : {}),
  };
}
