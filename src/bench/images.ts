/**
 * `node dist/bench/images.js [--epochs N] [--images N] [--json]`: ms per epoch of the fully
 * connected image GAN (the 'classic' preset: z=100 → 256 → pixels, D pixels → 256 → 1, BCE,
 * batch 128, Adam 2e-4 β=(0.5, 0.999)) on the shipped 8×8 digits and on random 28×28 images
 * (MNIST's shape), beside the same GAN in PyTorch (bench/torch_fc_gan.py) run on the same IDX
 * files in the same process run, one thread each. Not part of `npm test`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../util/rng.js';
import { loadDigits } from '../images/digits.js';
import { unscalePixels } from '../images/image-data.js';
import { readIdxImages, writeIdx } from '../images/idx.js';
import { ImageGan } from '../images/image-gan.js';

export interface ImageBenchRow {
  name: string;
  images: number;
  pixels: number;
  stepsPerEpoch: number;
  epochs: number;
  ganforgeMsPerEpoch: number;
  torchMsPerEpoch: number | null;
  /** ganforge ÷ PyTorch (below 1: ganforge is faster). */
  ratio: number | null;
  note?: string;
}

export interface ImageBenchOptions {
  /** Epochs per run; the first (compilation, warm-up) is left out of the median (default 6). */
  epochs?: number;
  /** Random 28×28 images in the MNIST-shaped case (default 10000; MNIST itself has 60000). */
  mnistImages?: number;
  threads?: number;
  log?: (s: string) => void;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** OpenBLAS's kernel for this CPU, as bench/main.ts picks it (that module runs its benchmark on import). */
function openblasCoretype(): string {
  let info = '';
  try {
    info = readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return 'Haswell';
  }
  if (/\bavx512f\b/.test(/^flags\s*:(.*)$/m.exec(info)?.[1] ?? '')) return 'SkylakeX';
  return /AuthenticAMD/.test(info) ? 'Zen' : 'Haswell';
}

function torchScript(): string | null {
  const here = fileURLToPath(new URL('.', import.meta.url));
  for (const p of [resolve(here, '../../bench/torch_fc_gan.py'), resolve('bench/torch_fc_gan.py')]) if (existsSync(p)) return p;
  return null;
}

function torchEpoch(file: string, maxValue: number, epochs: number, threads: number): { ms: number | null; note?: string } {
  const script = torchScript();
  if (!script || !existsSync('/usr/bin/python3')) return { ms: null, note: 'bench/torch_fc_gan.py or /usr/bin/python3 not found' };
  const env = { ...process.env, OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads), OPENBLAS_CORETYPE: openblasCoretype() };
  const r = spawnSync('/usr/bin/python3', [script, file, '--max-value', String(maxValue), '--epochs', String(epochs), '--threads', String(threads)], { env, encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) return { ms: null, note: `PyTorch run failed: ${(r.stderr || r.error?.message || '').trim().split('\n').at(-1)}` };
  return { ms: (JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { ms_per_epoch: number }).ms_per_epoch };
}

async function ganforgeEpoch(file: string, epochs: number, threads: number): Promise<{ ms: number; images: number; pixels: number }> {
  const data = await readIdxImages(file);
  const gan = await ImageGan.train(data, { preset: 'classic', epochs, seed: 0, threads });
  const ms = median(gan.log.slice(1).map((l) => l.seconds * 1000));
  await gan.release();
  return { ms, images: data.count, pixels: data.width * data.height };
}

export async function benchImages(o: ImageBenchOptions = {}): Promise<ImageBenchRow[]> {
  const epochs = o.epochs ?? 6;
  const threads = o.threads ?? 1;
  const log = o.log ?? ((s: string) => console.error(s));
  const dir = await mkdtemp(join(tmpdir(), 'ganforge-bench-images-'));
  try {
    const digits = loadDigits();
    const digitsFile = join(dir, 'digits-idx3-ubyte');
    await writeIdx(digitsFile, [digits.count, 8, 8], Uint8Array.from(unscalePixels(digits.pixels, 16), Math.round));
    const n = o.mnistImages ?? 10000;
    const rng = new Rng(1);
    const mnistFile = join(dir, 'random-28x28-idx3-ubyte');
    await writeIdx(mnistFile, [n, 28, 28], Uint8Array.from({ length: n * 784 }, () => rng.int(256)));
    const rows: ImageBenchRow[] = [];
    for (const [name, file, maxValue] of [['digits 8×8', digitsFile, 16], ['random 28×28', mnistFile, 255]] as const) {
      log(`${name}: ganforge…`);
      const g = await ganforgeEpoch(file, epochs, threads);
      log(`${name}: PyTorch…`);
      const t = torchEpoch(file, maxValue, epochs, threads);
      rows.push({
        name, images: g.images, pixels: g.pixels, stepsPerEpoch: Math.floor(g.images / 128), epochs, ganforgeMsPerEpoch: Math.round(g.ms * 10) / 10,
        torchMsPerEpoch: t.ms === null ? null : Math.round(t.ms * 10) / 10, ratio: t.ms ? Math.round((g.ms / t.ms) * 100) / 100 : null, ...(t.note ? { note: t.note } : {}),
      });
    }
    return rows;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name: string): number | undefined => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : undefined;
  };
  const rows = await benchImages({ epochs: arg('epochs'), mnistImages: arg('images'), threads: arg('threads') });
  if (process.argv.includes('--json')) console.log(JSON.stringify(rows));
  else {
    console.log('case            images  pixels  steps/epoch  ganforge ms/epoch  PyTorch ms/epoch  ratio (ganforge/PyTorch)');
    for (const r of rows) {
      console.log(`${r.name.padEnd(16)}${String(r.images).padEnd(8)}${String(r.pixels).padEnd(8)}${String(r.stepsPerEpoch).padEnd(13)}${String(r.ganforgeMsPerEpoch).padEnd(19)}${String(r.torchMsPerEpoch ?? 'n/a').padEnd(18)}${r.ratio ?? 'n/a'}${r.note ? `  (${r.note})` : ''}`);
    }
  }
}
