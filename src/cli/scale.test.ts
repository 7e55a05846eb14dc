import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatCsv, readTable } from '../index.js';
import { concatTables } from '../data/rejection.js';

const BIN = resolve('dist/cli/main.js');
const PENGUINS = resolve('../shared/datasets/penguins.csv');
const IRIS = resolve('../shared/datasets/iris.csv');
const DASK_EXAMPLE = resolve('examples/dask/generate.py');

function run(cmd: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 300_000, env });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? String(r.error ?? '') };
}
const ganforge = (args: string[], cwd: string): ReturnType<typeof run> => run(process.execPath, [BIN, ...args], cwd);
const ok = (r: { code: number; stderr: string }): void => assert.equal(r.code, 0, r.stderr);

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ganforge-scale-'));
  ok(ganforge(['train', PENGUINS, '--epochs', '2', '--seed', '1', '--out', 'm', '-q'], dir));
  ok(ganforge(['sample', 'm', '-n', '2503', '--seed', '4', '-o', 'all.parquet'], dir));
});
after(() => rm(dir, { recursive: true, force: true }));

const tableText = async (files: string[]): Promise<string> => formatCsv(concatTables(await Promise.all(files.map((f) => readTable(join(dir, f))))));

test('sample --shard K/S: the parts concatenated are the one-process file byte for byte (CSV, with --filter and --exclude), row for row (Parquet); --workers and --engine onnx give the same rows', async () => {
  const N = '2503';
  let plain: Buffer | null = null;
  for (const [S, extra] of [[3, []], [2, ['--filter', 'body_mass_g>=4000', '--exclude', PENGUINS]]] as const) {
    ok(ganforge(['sample', 'm', '-n', N, '--seed', '4', ...extra, '-o', 'all.csv'], dir));
    const parts: Buffer[] = [];
    for (let k = 0; k < S; k++) {
      const r = ganforge(['sample', 'm', '-n', N, '--seed', '4', ...extra, '--shard', `${k}/${S}`, '-o', `part-${k}.csv`, '--json'], dir);
      ok(r);
      assert.equal(JSON.parse(r.stdout).firstRow, Math.floor((k * 2503) / S));
      parts.push(await readFile(join(dir, `part-${k}.csv`)));
    }
    const all = await readFile(join(dir, 'all.csv'));
    assert.ok(Buffer.concat(parts).equals(all), `CSV parts ${extra.join(' ')} differ from the whole`);
    assert.equal(all.toString().split('\n').length - 2, 2503);
    plain ??= all;
  }
  // Parquet: each part its own file, together the rows of the whole.
  const whole = await tableText(['all.parquet']);
  for (let k = 0; k < 2; k++) ok(ganforge(['sample', 'm', '-n', N, '--seed', '4', '--shard', `${k}/2`, '-o', `part-${k}.parquet`], dir));
  assert.equal(await tableText(['part-0.parquet', 'part-1.parquet']), whole);
  // Two worker threads: one file, or a folder of parts.
  ok(ganforge(['sample', 'm', '-n', N, '--seed', '4', '--workers', '2', '-o', 'workers.csv'], dir));
  assert.ok((await readFile(join(dir, 'workers.csv'))).equals(plain!));
  const w = ganforge(['sample', 'm', '-n', N, '--seed', '4', '--workers', '2', '-o', 'parts/'], dir);
  ok(w);
  assert.match(w.stderr, /rows\/s on 2 workers/);
  const files = (await readdir(join(dir, 'parts'))).sort();
  assert.deepEqual(files, ['part-00000.parquet', 'part-00001.parquet']);
  assert.equal(await tableText(files.map((f) => join('parts', f))), whole);
  // A user error met inside the worker processes: one line, exit code 2, no output file.
  const bad = ganforge(['sample', 'm', '-n', N, '--workers', '2', '--exclude', IRIS, '-o', 'bad.csv'], dir);
  assert.equal(bad.code, 2, bad.stderr);
  assert.match(bad.stderr, /has other columns than the model/);
  assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
  assert.ok(!(await readdir(dir)).some((f) => f.startsWith('bad.') || f.startsWith('.bad.')), 'a half-written bad.csv was left');
  // sampler.onnx from the same uniforms: the same file.
  ok(ganforge(['sample', 'm', '-n', N, '--seed', '4', '--engine', 'onnx', '-o', 'onnx.csv'], dir));
  assert.ok((await readFile(join(dir, 'onnx.csv'))).equals(plain!), 'sampler.onnx rows differ');
  // Bad shards and engine options are usage errors (checked before the model loads).
  for (const bad of [['--shard', '4/4'], ['--shard', '1'], ['--engine', 'gpu']]) {
    const r = ganforge(['sample', 'm', '-n', '10', ...bad, '-o', 'x.csv'], dir);
    assert.equal(r.code, 2, `${bad.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
  const r = ganforge(['sample', 'm', '-n', '10', '--engine', 'onnx', '--where', 'species=Adelie', '-o', 'x.csv'], dir);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--where is not done by sampler\.onnx/);
});

/** A python3 that has Debian's python3-distributed, or null. */
function daskPython(): string | null {
  for (const py of ['python3', '/usr/bin/python3']) if (run(py, ['-c', 'import distributed'], '.').code === 0) return py;
  return null;
}

test('examples/dask/generate.py on a LocalCluster of 2 workers: the Parquet parts are the one-process table', async (t) => {
  const py = daskPython();
  if (!py) {
    const why = 'python3-distributed is not installed (apt-get install -y python3-distributed to run the Dask example test)';
    console.log(`# SKIPPED: ${why}`);
    t.skip(why);
    return;
  }
  // The workers' scratch space (dask-worker-space, left behind by Dask) goes under the test's folder, not the system temp folder.
  const env = { ...process.env, DASK_TEMPORARY_DIRECTORY: join(dir, 'dask-tmp') };
  const r = run(py, [DASK_EXAMPLE, '--model', 'm', '--rows', '2503', '--partitions', '4', '--out', 'dask-out', '--seed', '4', '--local-workers', '2', '--ganforge', `${process.execPath} ${BIN}`], dir, env);
  ok(r);
  const summary = JSON.parse(r.stdout.trim().split('\n').pop()!) as { rows: number; partitions: number };
  assert.deepEqual([summary.rows, summary.partitions], [2503, 4]);
  const files = (await readdir(join(dir, 'dask-out'))).sort();
  assert.deepEqual(files, [0, 1, 2, 3].map((k) => `part-0000${k}.parquet`));
  assert.equal(await tableText(files.map((f) => join('dask-out', f))), await tableText(['all.parquet']));
});
