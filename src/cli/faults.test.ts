/**
 * Fault tests: `kill -9` of real ganforge processes at random moments. A training run saving a
 * checkpoint every epoch leaves its model folder loadable or absent, and training resumed from
 * what is left ends exactly where an uninterrupted run ends; a killed `sample -o` leaves the
 * output complete or absent (an older file intact). The next run cleans up what the killed one
 * left (temp files and folders, its lock). And two runs writing one model folder at once: one
 * wins, the other is refused.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readTable, TableGan } from '../index.js';
import { Rng } from '../util/rng.js';
import { main } from './run.js';

const BIN = resolve('dist/cli/main.js');
const IRIS = resolve('../shared/datasets/iris.csv');
const root = mkdtempSync(join(tmpdir(), 'ganforge-faults-'));
after(() => rmSync(root, { recursive: true, force: true }));

const quiet = { out: (): void => undefined, err: (): void => undefined };

/**
 * Starts the CLI and kills it with SIGKILL `ms` after `ready()` first holds (polled; e.g. the
 * first checkpoint exists), so kills land inside the work rather than in Node's start-up.
 */
function runAndKill(args: string[], cwd: string, ms: number, ready: () => boolean = () => true): Promise<{ killed: boolean; code: number | null }> {
  return new Promise((done) => {
    const p = spawn(process.execPath, [BIN, ...args], { cwd, stdio: 'ignore' });
    let killed = false;
    let timer: NodeJS.Timeout | undefined;
    const started = Date.now();
    const poll = setInterval(() => {
      if (!ready() && Date.now() - started < 30_000) return;
      clearInterval(poll);
      timer = setTimeout(() => {
        killed = p.kill('SIGKILL');
      }, ms);
    }, 10);
    p.on('exit', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      done({ killed: killed && code === null, code });
    });
  });
}

/** Runs `trial(k)` for k = 0..n-1, two at a time (each in its own folder). */
async function inPairs(n: number, trial: (k: number) => Promise<void>): Promise<void> {
  for (let k = 0; k < n; k += 2) await Promise.all([trial(k), ...(k + 1 < n ? [trial(k + 1)] : [])]);
}

function runToEnd(args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done) => {
    const p = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('exit', (code) => done({ code, stderr }));
  });
}

const leftovers = (dir: string): string[] => readdirSync(dir).filter((n) => /\.tmp|\.old-|\.lock$/.test(n));

function sameState(a: TableGan, b: TableGan): boolean {
  const sa = a.trainer.state().values;
  const sb = b.trainer.state().values;
  if (sa.size !== sb.size) return false;
  for (const [k, v] of sa) {
    const w = sb.get(k);
    if (!w || w.data.length !== v.data.length) return false;
    for (let i = 0; i < v.data.length; i++) if (v.data[i] !== w.data[i]) return false;
  }
  return true;
}

test('kill -9 during training with a checkpoint every epoch (20 kills): the model folder is loadable or absent, and --resume ends where an uninterrupted run ends', async () => {
  const dir = join(root, 'train');
  cpSync(IRIS, join(dir, 'iris.csv'), { recursive: true });
  const table = await readTable(join(dir, 'iris.csv'));
  const EPOCHS = 8;
  const reference = await TableGan.train(table, { seed: 5, epochs: EPOCHS, progress: 'silent' });
  const outcomes = { loadable: 0, absent: 0, finished: 0 };
  let resumed = 0;
  await inPairs(20, async (k) => {
    const rng = new Rng(`train-kill-${k}`);
    const d = join(dir, `t${k}`);
    cpSync(join(dir, 'iris.csv'), join(d, 'iris.csv'), { recursive: true });
    // Most kills fall after the first checkpoint (while training and saving); every fourth at any time from the start.
    const early = k % 4 === 3;
    const r = await runAndKill(['train', 'iris.csv', '--epochs', String(EPOCHS), '--seed', '5', '--checkpoint-every', '1', '-q', '--out', 'm'], d,
      early ? 200 + rng.int(1500) : rng.int(900), early ? undefined : () => existsSync(join(d, 'm')));
    if (!r.killed) outcomes.finished++;
    let model: TableGan | null = null;
    try {
      model = await TableGan.load(join(d, 'm'));
    } catch (e) {
      assert.ok(!existsSync(join(d, 'm')), `kill ${k}: m exists but does not load: ${(e as Error).message}`);
    }
    if (!model) {
      outcomes.absent++;
      return;
    }
    outcomes.loadable++;
    await model.release();
    // Every other loadable checkpoint is resumed (in-process, into the same folder) and compared.
    if (k % 2 === 0) {
      const resumedModel = await TableGan.train(table, { seed: 5, epochs: EPOCHS, progress: 'silent', checkpointEvery: 4, checkpointDir: join(d, 'm') }, join(d, 'm'));
      assert.equal(resumedModel.trainer.epoch, EPOCHS);
      assert.ok(sameState(resumedModel, reference), `kill ${k}: resumed training differs from the uninterrupted run`);
      await resumedModel.release();
      // The library path takes no lock; the CLI's next run takes over a dead process's lock (corpus test).
      const left = leftovers(d).filter((n) => !n.endsWith('.lock'));
      assert.deepEqual(left, [], `kill ${k}: the next save left ${left.join(', ')}`);
      resumed++;
    }
  });
  await reference.release();
  console.log(`train kills: ${JSON.stringify({ ...outcomes, resumed })}`);
  assert.ok(outcomes.loadable + outcomes.absent === 20);
  assert.ok(outcomes.finished < 20, 'no run was killed: the kill window is too late');
  assert.ok(resumed >= 3, `only ${resumed} checkpoints resumed (${JSON.stringify(outcomes)})`);
});

test('kill -9 during sample -o (20 kills, CSV and Parquet, fresh and over an old file): the output is complete or absent, an older file stays intact', async () => {
  const dir = join(root, 'sample');
  cpSync(IRIS, join(dir, 'iris.csv'), { recursive: true });
  assert.equal(await main(['train', join(dir, 'iris.csv'), '--epochs', '2', '-q', '--preset', 'fast', '--out', join(dir, 'model')], quiet), 0);
  const N = '50000';
  const ref: Record<string, Buffer> = {};
  for (const ext of ['csv', 'parquet']) {
    assert.equal(await main(['sample', join(dir, 'model'), '-n', N, '--seed', '3', '-q', '-o', join(dir, `ref.${ext}`)], quiet), 0);
    ref[ext] = readFileSync(join(dir, `ref.${ext}`));
  }
  const old = Buffer.from('sepal_length\n1\n');
  const seen = { absent: 0, complete: 0, old: 0 };
  await inPairs(20, async (k) => {
    const rng = new Rng(`sample-kill-${k}`);
    const d = join(dir, `s${k}`);
    cpSync(join(dir, 'model'), join(d, 'model'), { recursive: true });
    const ext = k % 2 ? 'parquet' : 'csv';
    const out = join(d, `out.${ext}`);
    const overwrite = k % 4 >= 2;
    if (overwrite) writeFileSync(out, old);
    // Killed while the temp file is being written (most trials) or at any time from the start.
    const early = k % 5 === 4;
    await runAndKill(['sample', 'model', '-n', N, '--seed', '3', '-q', '-o', `out.${ext}`], d, early ? 200 + rng.int(1200) : rng.int(300),
      early ? undefined : () => readdirSync(d).some((n) => n.endsWith('.tmp')));
    if (!existsSync(out)) {
      assert.ok(!overwrite, `kill ${k}: the old file was removed`);
      seen.absent++;
    } else {
      const got = readFileSync(out);
      if (overwrite && got.equals(old)) seen.old++;
      else {
        assert.ok(got.equals(ref[ext]!), `kill ${k}: ${out} is neither absent, the old file, nor the complete output (${got.length} bytes)`);
        seen.complete++;
      }
    }
    // The next run removes the temp files the killed one left.
    assert.equal(await main(['sample', join(d, 'model'), '-n', '10', '-q', '-o', join(d, `out.${ext}`)], quiet), 0);
    assert.deepEqual(leftovers(d), [], `kill ${k}: leftovers after the next run`);
  });
  console.log(`sample kills: ${JSON.stringify(seen)}`);
  assert.ok(seen.absent + seen.old > 0, `no run was killed before it finished (${JSON.stringify(seen)})`);
});

test('two trainings writing one --out at once: one wins with a loadable model, the other is refused (never two "→ m")', async () => {
  const dir = join(root, 'race');
  cpSync(IRIS, join(dir, 'iris.csv'), { recursive: true });
  const [a, b] = await Promise.all([1, 2].map((seed) => runToEnd(['train', 'iris.csv', '--epochs', '20', '--seed', String(seed), '-q', '--checkpoint-every', '5', '--out', 'tt'], dir)));
  const codes = [a!.code, b!.code].sort();
  assert.deepEqual(codes, [0, 2], `exit codes ${codes.join(', ')}: ${a!.stderr} ${b!.stderr}`);
  assert.match(`${a!.stderr}${b!.stderr}`, /another ganforge \(pid \d+\) is writing tt/);
  const m = await TableGan.load(join(dir, 'tt'));
  assert.equal(m.trainer.epoch, 20);
  await m.release();
  assert.deepEqual(leftovers(dir), []);
});
