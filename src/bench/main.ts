/**
 * `npm run bench [-- --json] [-- --quick] [-- --only=seed000|circle|table-round|sample|transformer|evaluate]
 * [-- --width=N] [-- --batch=N]`: engine step timings for the seed networks, side by side with the
 * PyTorch reference (../shared/anchors/seedref.py) measured in the same run when Debian's
 * python3-torch is installed; the default table recipe's round at lending_club's and letter's
 * sizes beside its PyTorch transcription (bench/torch_table_round.py; --width/--batch change both
 * networks' hidden width and the batch); sampling speed; the transformer fit on 1M × 20 rows
 * (time, peak memory) and evaluation of 100k × 20 rows; the studio's in-browser training speed
 * (onnxruntime-web in headless Chromium) beside onnxruntime-node's (--only=studio).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { benchData } from './data.js';
import { benchRounds, type StepBench } from './engine.js';
import { benchEval } from './eval.js';
import { benchSample, benchTableRoundCase, type TableRoundRecord } from './table-bench.js';
import { bestOfThreads, type StudioBench, type StudioBest } from './studio.js';
import { median } from './table-round.js';
import { circleConfig, sixparamConfig } from '../train/seed-configs.js';

const USAGE = `npm run bench [-- --json] [-- --quick] [-- --only=seed000|circle|table-round|sample|transformer|evaluate|studio] [-- --width=N] [-- --batch=N]
  engine step timings beside PyTorch (when python3-torch is installed), the default table round at
  lending_club's and letter's sizes beside its PyTorch transcription, sampling speed against the
  generator's forward, the 1M-row transformer fit, the 100k-row evaluation and the studio's
  in-browser training speed; all of it takes about 9 minutes on 2 cores (8½ on an AMD EPYC; the studio part 3½).`;
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}

const json = process.argv.includes('--json');
const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
const numArg = (name: string): number | undefined => {
  const v = process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  return v === undefined ? undefined : Number(v);
};

interface TorchRef {
  name: string;
  threads: number;
  ms_per_step: number | null;
  note?: string;
}

function seedref(): string | null {
  for (const p of ['../shared/anchors/seedref.py', '/work/shared/anchors/seedref.py']) if (existsSync(p)) return resolve(p);
  return null;
}

/**
 * OpenBLAS's kernel for this CPU: Debian's build sometimes misdetects a virtual CPU and falls
 * back to a generic kernel ~2.5× slower, so name it (AVX-512 → SkylakeX; AVX2 → Zen or Haswell).
 */
export function openblasCoretype(): string {
  let info = '';
  try {
    info = readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return 'Haswell';
  }
  const flags = /^flags\s*:(.*)$/m.exec(info)?.[1] ?? '';
  if (/\bavx512f\b/.test(flags)) return 'SkylakeX';
  return /AuthenticAMD/.test(info) ? 'Zen' : 'Haswell';
}

function torchStep(mode: 'sixparam' | 'circle', threads: number): TorchRef {
  const script = seedref();
  const name = `torch-${mode}`;
  if (!script || !existsSync('/usr/bin/python3')) return { name, threads, ms_per_step: null, note: 'seedref.py or /usr/bin/python3 not found' };
  const args = mode === 'sixparam' ? ['sixparam', '--threads', String(threads), '--epochs', quick ? '1' : '2', '--out', '/tmp/ganforge-bench-six.csv']
    : ['circle', '--threads', String(threads), '--iters', quick ? '500' : '2000', '--eval-every', '0', '--out', '/tmp/ganforge-bench-circle.csv'];
  const env = { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads), OPENBLAS_CORETYPE: openblasCoretype() };
  const r = spawnSync('/usr/bin/python3', [script, ...args], { env, encoding: 'utf8', timeout: 600_000 });
  const line = r.stdout?.trim().split('\n').pop();
  try {
    const parsed = JSON.parse(line ?? '') as { ms_per_step: number };
    return { name, threads, ms_per_step: parsed.ms_per_step };
  } catch {
    return { name, threads, ms_per_step: null, note: (r.stderr || 'no output').trim().split('\n').pop() ?? '' };
  }
}

/** The CPU model and its SIMD flags (AVX-512 / AVX2 / FMA decide the GEMM kernels on both sides). */
export function cpuTag(): string {
  let info = '';
  try {
    info = readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return 'unknown CPU';
  }
  const model = /^model name\s*:\s*(.*)$/m.exec(info)?.[1]?.trim() ?? 'unknown CPU';
  const flags = new Set((/^flags\s*:(.*)$/m.exec(info)?.[1] ?? '').trim().split(/\s+/));
  const simd = ['avx512f', 'avx512_bf16', 'avx2', 'fma'].filter((f) => flags.has(f));
  return `${model} [${simd.join(' ')}]`;
}
const cpu = cpuTag();

function emit(rec: object): void {
  if (json) console.log(JSON.stringify({ ...rec, cpu }));
}

async function main(): Promise<void> {
  // First, while the process is small (peak RSS is per process): the transformer fit on
  // 1,000,000 rows × 20 mixed columns (two encodings), then evaluation of 100k × 20 rows.
  const others: object[] = [];
  if (!only || only.startsWith('transformer')) {
    // CTGAN's encoding (a mixture on every column), then the default ('auto': mixtures only where
    // clearly multi-modal, normal scores and the whitening rotation elsewhere).
    for (const continuous of ['mode', 'auto'] as const) others.push(await benchData({ continuous, ...(quick ? { rows: 100_000 } : {}) }));
  }
  if (!only || only.startsWith('evaluate')) others.push(await benchEval());
  for (const o of others) emit(o);
  const tableRounds: TableRoundRecord[] = [];
  if (!only || only.startsWith('table-round')) {
    const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', OPENBLAS_CORETYPE: openblasCoretype() };
    const sizes = { width: numArg('width'), batch: numArg('batch') };
    // lending_club: 9857 rows (batch 250); letter: 20,000 rows, the recipe's batch for tables of 20,000+ (500).
    for (const file of ['lending_club.csv', 'letter.csv']) {
      const rec = await benchTableRoundCase({ file, ...sizes }, { reps: quick ? 2 : 5, env, log: (m) => void (json ? null : console.error(m)) });
      tableRounds.push(rec);
      emit(rec);
      if (rec.note) console.error(`table-round ${rec.table}: ${rec.note} (PyTorch figures skipped)`);
    }
  }
  const sampleRecs: object[] = [];
  if (!only || only.startsWith('sample')) {
    // The scale-out issue's models (a small and a wider generator) and a real-size table.
    for (const file of ['penguins.csv', 'sixparam.csv', 'lending_club.csv']) {
      const rec = await benchSample(file, quick ? 20_000 : 200_000);
      sampleRecs.push(rec);
      emit(rec);
    }
  }
  const studios: StudioBench[] = [];
  let best: StudioBest | null = null;
  if (!only || only.startsWith('studio')) {
    // Loaded only here: it drives Chromium through playwright-core, a dev dependency.
    const { benchStudio } = await import('./studio.js');
    // One thread each (both sides' default), and two (the page is cross-origin isolated): wasm's
    // 128-bit products leave a core's vector units half idle, so a second thread helps it more.
    for (const threads of quick ? [1] : [1, 2]) {
      const studio = await benchStudio({ quick, threads });
      studios.push(studio);
      emit(studio);
    }
    best = bestOfThreads(studios);
    if (best) emit(best);
  }
  const results: (StepBench & { torch_ms?: number | null; ratio?: number | null })[] = [];
  const runs: { name: string; mode: 'sixparam' | 'circle'; threads: number }[] = [
    { name: 'seed000-step', mode: 'sixparam', threads: 1 },
    { name: 'seed000-step', mode: 'sixparam', threads: 2 },
    { name: 'circle-step', mode: 'circle', threads: 1 },
  ];
  // Repetitions interleave PyTorch and ganforge (the machines are shared); medians are reported.
  const reps = quick ? 1 : 3;
  for (const r of runs) {
    if (only && !r.name.startsWith(only)) continue;
    const cfg = r.mode === 'sixparam' ? sixparamConfig() : circleConfig();
    const dim = r.mode === 'sixparam' ? 6 : 2;
    const rounds = r.mode === 'sixparam' ? (quick ? 40 : 120) : quick ? 500 : 2000;
    const torchMs: number[] = [];
    const ours = new Map<number, StepBench[]>([[1, []], [16, []]]);
    let note: string | undefined;
    for (let rep = 0; rep < reps; rep++) {
      if (!json) console.error(`${r.name} (${r.threads} thread${r.threads > 1 ? 's' : ''}): rep ${rep + 1}/${reps}`);
      const torch = torchStep(r.mode, r.threads);
      if (torch.ms_per_step !== null) torchMs.push(torch.ms_per_step);
      else note = torch.note;
      for (const [k, list] of ours) list.push(await benchRounds(r.name, cfg, dim, { threads: r.threads, roundsPerRun: k, rounds, resample: r.mode === 'circle' }));
    }
    const torchMedian = torchMs.length ? median(torchMs) : null;
    for (const list of ours.values()) {
      const ms = median(list.map((x) => x.ms_per_step));
      const res = { ...list[0]!, ms_per_step: ms, gflops: median(list.map((x) => x.gflops)) };
      const ratio = torchMedian ? Math.round((ms / torchMedian) * 1000) / 1000 : null;
      const rec = { ...res, torch_ms: torchMedian, ratio, reps };
      results.push(rec);
      emit(rec);
    }
    if (!json && note) console.error(`torch-${r.mode}: ${note}`);
  }
  if (!json) {
    console.log(`CPU: ${cpu}; one thread each unless said (OPENBLAS_CORETYPE=${openblasCoretype()} for PyTorch)`);
    for (const o of others) console.log(JSON.stringify(o));
    for (const r of sampleRecs) console.log(JSON.stringify(r));
    if (tableRounds.length) {
      console.log('table-round       batch  width  ms/round  cpu ms  GFLOP/s  torch ms  torch cpu  ratio  cpu ratio  on a session thread: ms/round  ratio');
      for (const r of tableRounds) {
        console.log(`${r.table.padEnd(18)}${String(r.batch).padEnd(7)}${String(r.hidden).padEnd(7)}${String(r.ms_per_round).padEnd(10)}${String(r.cpu_ms_per_round).padEnd(8)}${String(r.gflops).padEnd(9)}${String(r.torch_ms ?? 'n/a').padEnd(10)}${String(r.torch_cpu_ms ?? 'n/a').padEnd(11)}${String(r.ratio ?? 'n/a').padEnd(7)}${String(r.cpu_ratio ?? 'n/a').padEnd(11)}${String(r.thread_ms_per_round).padEnd(30)}${r.thread_ratio ?? 'n/a'}`);
      }
    }
    if (best) console.log(`studio, each side at its faster thread count: penguins ×${best.penguins_ratio}, seed-000 step ×${best.seed000_ratio}, at 16 steps per run ×${best.seed000_loop_ratio} (threads browser/Node: ${best.threads.penguins.join('/')}, ${best.threads.seed000.join('/')}, ${best.threads.seed000_loop.join('/')})`);
    for (const studio of studios) {
      const b = studio.browser, n = studio.node;
      const t = `${studio.threads} thread${studio.threads > 1 ? 's' : ''} each`;
      console.log(b
        ? `studio (Chromium, onnxruntime-web wasm) vs onnxruntime-node, ${t}, medians of ${studio.reps} alternated runs: penguins default recipe ${b.penguins_ms_per_round} vs ${n.penguins_ms_per_round} ms/round (×${studio.penguins_ratio}, runs ×${studio.penguins_ratio_range?.join('–')}); seed-000 step ${b.seed000_ms_per_step} vs ${n.seed000_ms_per_step} ms (×${studio.seed000_ratio}, runs ×${studio.seed000_ratio_range?.join('–')}), at 16 steps per run ${b.seed000_loop_ms_per_step} vs ${n.seed000_loop_ms_per_step} ms (×${studio.seed000_loop_ratio}, runs ×${studio.seed000_loop_ratio_range?.join('–')}); a lone matrix product ${b.gemm_gflops} vs ${n.gemm_gflops} GFLOP/s (×${studio.gemm_ratio}), so seed-000 could reach ×${studio.seed000_gemm_bound} at best`
        : `studio, ${t}: ${studio.note}; onnxruntime-node: penguins ${n.penguins_ms_per_round} ms/round, seed-000 step ${n.seed000_ms_per_step} ms`);
    }
    console.log('name              threads  rounds/run  ms/step   GFLOP/s  torch ms/step  ratio');
    for (const r of results) {
      console.log(`${r.name.padEnd(18)}${String(r.threads).padEnd(9)}${String(r.roundsPerRun).padEnd(12)}${r.ms_per_step.toFixed(3).padEnd(10)}${String(r.gflops).padEnd(9)}${String(r.torch_ms ?? 'n/a').padEnd(15)}${r.ratio ?? 'n/a'}`);
    }
  }
}

await main();
