/**
 * In-browser training speed beside onnxruntime-node's, measured in the same run: the studio's bench
 * page in headless Chromium (onnxruntime-web, wasm, one thread) and this process run the same
 * studioSpeed() on penguins and the seed-000 network, alternately, and a lone matrix product on
 * each runtime, which bounds the GEMM-bound seed-000 step.
 */
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { readTable } from '../data/read.js';
import { serveStudio } from '../cli/studio-server.js';
import { findChromium } from '../report/test-helpers.js';
import { seed000Flops, studioSpeed, type StudioSpeed } from './studio-speed.js';
import { median } from './table-round.js';

export interface StudioBench {
  name: 'studio-browser';
  /** Threads on both sides: onnxruntime-web's (the page is cross-origin isolated) and onnxruntime-node's intra-op threads. */
  threads: number;
  /** Browser and Node runs, alternated (browser first in odd reps, Node first in even ones): the machines are shared and drift. */
  reps: number;
  /** Each figure's median over the reps. */
  browser: StudioSpeed | null;
  node: StudioSpeed;
  /** Ratios of the medians, browser ÷ Node. */
  penguins_ratio: number | null;
  seed000_ratio: number | null;
  /** The seed-000 step at 16 steps per run (the trainer's default). */
  seed000_loop_ratio: number | null;
  /** The lowest and highest ratio of one rep's browser and Node runs. */
  penguins_ratio_range: [number, number] | null;
  seed000_ratio_range: [number, number] | null;
  seed000_loop_ratio_range: [number, number] | null;
  /** Node's matrix-product GFLOP/s ÷ the browser's (the same [256×512]·[512×512] product). */
  gemm_ratio: number | null;
  /**
   * The seed-000 ratio (16 steps per run) if everything in the browser's step but its matrix
   * products ran at Node's speed: (F/gemm_browser + (t_node − F/gemm_node)) ÷ t_node, F the step's product FLOPs.
   */
  seed000_gemm_bound: number | null;
  note?: string;
}

type Side = 'browser' | 'node';
/** The timed figures of a StudioSpeed (ms; lower is faster). */
type TimedKey = 'penguins_ms_per_round' | 'seed000_ms_per_step' | 'seed000_loop_ms_per_step';

export interface StudioBest {
  name: 'studio-best';
  penguins_ratio: number;
  seed000_ratio: number;
  seed000_loop_ratio: number;
  /** The thread counts [browser, Node] each ratio was taken at. */
  threads: Record<'penguins' | 'seed000' | 'seed000_loop', [number, number]>;
}

export async function benchStudio(o: { quick?: boolean; threads?: number; reps?: number } = {}): Promise<StudioBench> {
  const threads = o.threads ?? 1;
  const opts = o.quick ? { epochs: 15, seedRounds: 40 } : { epochs: 40, seedRounds: 120 };
  const reps = o.reps ?? (o.quick ? 1 : 3);
  const runs: Record<Side, StudioSpeed[]> = { browser: [], node: [] };
  const pairs: { browser: StudioSpeed; node: StudioSpeed }[] = [];
  let note: string | undefined;
  const penguins = await readTable(resolve('dist/studio/datasets/penguins.csv'));
  const server = await serveStudio(resolve('dist/studio'), { port: 0 });
  let browser: Browser | null = null;
  try {
    let page: Page | null = null;
    try {
      const found = await findChromium();
      browser = await chromium.launch({ executablePath: found.executablePath, args: found.args, headless: true, timeout: 60_000 });
      page = await browser.newPage();
      await page.goto(new URL(`bench.html?threads=${threads}`, server.url).href);
      await page.waitForSelector('body[data-ready="yes"]');
    } catch (e) {
      note = `no browser figures: ${(e as Error).message.split('\n')[0]}`;
      page = null;
    }
    const inBrowser = async (p: Page): Promise<StudioSpeed> =>
      (await p.evaluate((a) => (globalThis as unknown as { runStudioBench: (x: typeof a) => Promise<StudioSpeed> }).runStudioBench(a), opts)) as StudioSpeed;
    for (let rep = 0; rep < reps; rep++) {
      const order: Side[] = rep % 2 === 0 ? ['browser', 'node'] : ['node', 'browser'];
      const got: Partial<Record<Side, StudioSpeed>> = {};
      for (const side of order) {
        if (side === 'browser') {
          if (!page) continue;
          try {
            got.browser = await inBrowser(page);
          } catch (e) {
            note = `no browser figures: ${(e as Error).message.split('\n')[0]}`;
            page = null;
            continue;
          }
        } else {
          got.node = await studioSpeed(penguins, { ...opts, threads });
        }
        runs[side].push(got[side]!);
      }
      if (got.browser && got.node) pairs.push({ browser: got.browser, node: got.node });
    }
  } finally {
    await browser?.close();
    await server.close();
  }
  const node = medianSpeed(runs.node);
  const b = runs.browser.length ? medianSpeed(runs.browser) : null;
  const r2 = (x: number): number => Math.round(x * 100) / 100;
  const range = (key: TimedKey): [number, number] | null => {
    if (!pairs.length) return null;
    const rs = pairs.map((p) => p.browser[key] / p.node[key]);
    return [r2(Math.min(...rs)), r2(Math.max(...rs))];
  };
  let bound: number | null = null;
  if (b) {
    const flops = seed000Flops();
    const msAt = (gflops: number): number => flops / (gflops * 1e6);
    const rest = Math.max(0, node.seed000_loop_ms_per_step - msAt(node.gemm_gflops));
    bound = r2((msAt(b.gemm_gflops) + rest) / node.seed000_loop_ms_per_step);
  }
  return {
    name: 'studio-browser', threads, reps, browser: b, node,
    penguins_ratio: b ? r2(b.penguins_ms_per_round / node.penguins_ms_per_round) : null,
    seed000_ratio: b ? r2(b.seed000_ms_per_step / node.seed000_ms_per_step) : null,
    seed000_loop_ratio: b ? r2(b.seed000_loop_ms_per_step / node.seed000_loop_ms_per_step) : null,
    penguins_ratio_range: range('penguins_ms_per_round'),
    seed000_ratio_range: range('seed000_ms_per_step'),
    seed000_loop_ratio_range: range('seed000_loop_ms_per_step'),
    gemm_ratio: b ? r2(node.gemm_gflops / b.gemm_gflops) : null,
    seed000_gemm_bound: bound,
    ...(note ? { note } : {}),
  };
}

/**
 * Each runtime at its faster thread count (a user's best setting on this machine): the lowest
 * median of each figure over the thread counts measured, browser ÷ Node.
 */
export function bestOfThreads(studios: readonly StudioBench[]): StudioBest | null {
  const measured = studios.filter((s) => s.browser);
  if (measured.length < 2) return null;
  const fastest = (side: Side, key: TimedKey): { ms: number; threads: number } =>
    measured.map((s) => ({ ms: s[side]![key], threads: s.threads })).reduce((a, b) => (b.ms < a.ms ? b : a));
  const one = (key: TimedKey): { ratio: number; threads: [number, number] } => {
    const b = fastest('browser', key), n = fastest('node', key);
    return { ratio: Math.round((b.ms / n.ms) * 100) / 100, threads: [b.threads, n.threads] };
  };
  const p = one('penguins_ms_per_round'), s = one('seed000_ms_per_step'), l = one('seed000_loop_ms_per_step');
  return { name: 'studio-best', penguins_ratio: p.ratio, seed000_ratio: s.ratio, seed000_loop_ratio: l.ratio, threads: { penguins: p.threads, seed000: s.threads, seed000_loop: l.threads } };
}

const m3 = (x: number): number => Math.round(x * 1000) / 1000;

function medianSpeed(xs: readonly StudioSpeed[]): StudioSpeed {
  return {
    penguins_ms_per_round: m3(median(xs.map((x) => x.penguins_ms_per_round))),
    penguins_rounds: xs[0]!.penguins_rounds,
    seed000_ms_per_step: m3(median(xs.map((x) => x.seed000_ms_per_step))),
    seed000_loop_ms_per_step: m3(median(xs.map((x) => x.seed000_loop_ms_per_step))),
    gemm_gflops: Math.round(median(xs.map((x) => x.gemm_gflops)) * 10) / 10,
  };
}
