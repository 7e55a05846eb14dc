import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { tempDirs } from '../util/test-helpers.js';

const BIN = resolve('dist/cli/main.js');

function ganforge(args: string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const tmp = tempDirs('ganforge-cli-');

test('train → inspect → sample (csv, parquet, stdout, --where) → evaluate, end to end as real processes', async () => {
  const dir = await tmp();
  const csv = join(dir, 'pets.csv');
  const lines = ['kind,weight,age'];
  for (let i = 0; i < 120; i++) lines.push(`${i % 3 === 0 ? 'cat' : 'dog'},${(i % 3 === 0 ? 4 : 20) + (i % 7) * 0.5},${1 + (i % 12)}`);
  await writeFile(csv, `${lines.join('\n')}\n`);

  const t = ganforge(['train', csv, '--epochs', '20', '--seed', '3', '--out', 'm', '--json'], dir);
  assert.equal(t.code, 0, t.stderr);
  const summary = JSON.parse(t.stdout) as { epochs: number; quality: number; model: string; report: string; schema: { name: string; type: string }[] };
  assert.equal(summary.epochs, 20);
  assert.ok(summary.quality > 0 && summary.quality <= 1);
  // The privacy check: exact copies of training rows and distances to the closest one. Rows 84..119 repeat
  // rows 0..35 (the pattern's period is 84), so 72 of 120 real rows have a twin: copies up to that share are natural.
  const privacy = JSON.parse(t.stdout) as { exact_copy_rate: { synthetic: number }; dcr: { synthetic_to_train: { median: number; p5: number }; rows_train: number } };
  assert.ok(privacy.exact_copy_rate.synthetic <= 0.6 + 0.05, `copy rate ${privacy.exact_copy_rate.synthetic}`);
  // With over half the rows natural copies, the median distance to the closest training row is 0.
  assert.ok(privacy.dcr.synthetic_to_train.median >= 0 && privacy.dcr.synthetic_to_train.p5 <= privacy.dcr.synthetic_to_train.median);
  assert.equal(privacy.dcr.rows_train, 120);
  assert.deepEqual(summary.schema.map((c) => c.type), ['categorical', 'continuous', 'integer']);
  assert.ok((await stat(join(dir, 'm', 'generator.onnx'))).size > 1000);
  assert.match(await readFile(join(dir, 'm', 'report.html'), 'utf8'), /<svg/);

  const info = ganforge(['inspect', 'm', '--json'], dir);
  assert.equal(info.code, 0, info.stderr);
  const inspected = JSON.parse(info.stdout) as { training: { epochs: number }; schema: { name: string; encoding: string; decorrelated: boolean }[] };
  assert.equal(inspected.training.epochs, 20);
  // kind: a one-hot; weight (4–7 or 20–23) and age: normal scores (the generator starts from their copula); nothing rotated.
  const enc = Object.fromEntries(inspected.schema.map((c) => [c.name, c.encoding]));
  assert.equal(enc['kind'], 'one-hot');
  assert.equal(enc['weight'], 'gaussian');
  assert.equal(enc['age'], 'gaussian');
  assert.ok(inspected.schema.every((c) => !c.decorrelated));
  assert.match(ganforge(['inspect', 'm'], dir).stdout, /^encoding: .*1 one-hot/m);

  const s1 = ganforge(['sample', 'm', '-n', '50', '-o', 'out.csv', '--seed', '5'], dir);
  assert.equal(s1.code, 0, s1.stderr);
  const csvOut = (await readFile(join(dir, 'out.csv'), 'utf8')).trim().split('\n');
  assert.equal(csvOut[0], 'kind,weight,age');
  assert.equal(csvOut.length, 51);
  for (const row of csvOut.slice(1)) {
    const [kind, w, age] = row.split(',');
    assert.ok(kind === 'cat' || kind === 'dog');
    assert.ok(Number.isFinite(Number(w)));
    assert.ok(Number.isInteger(Number(age)), `age ${age} is an integer like the input`);
  }
  const again = ganforge(['sample', 'm', '-n', '50', '-o', '-', '--seed', '5'], dir);
  assert.equal(again.stdout.trim(), csvOut.join('\n'), 'same seed, same rows; - writes CSV to stdout');

  // A sample of the table's size spans its range (here the atoms of the 0.5-step weights give it alone; row-sampling.test.ts
  // checks the rows that take the extremes); --no-extremes is taken.
  const full = ganforge(['sample', 'm', '-n', '120', '-o', '-', '--seed', '5'], dir);
  const plain = ganforge(['sample', 'm', '-n', '120', '-o', '-', '--seed', '5', '--no-extremes'], dir);
  assert.equal(plain.code, 0, plain.stderr);
  const column = (out: string, j: number): number[] => out.trim().split('\n').slice(1).map((r) => Number(r.split(',')[j]));
  assert.deepEqual([Math.min(...column(full.stdout, 1)), Math.max(...column(full.stdout, 1))], [4, 23]);
  assert.deepEqual([Math.min(...column(full.stdout, 2)), Math.max(...column(full.stdout, 2))], [1, 12]);
  assert.equal(plain.stdout.split('\n').length, full.stdout.split('\n').length);

  const cats = ganforge(['sample', 'm', '-n', '30', '-o', '-', '--where', 'kind=cat'], dir);
  assert.equal(cats.code, 0, cats.stderr);
  const catRows = cats.stdout.trim().split('\n').slice(1);
  assert.equal(catRows.length, 30);
  assert.ok(catRows.every((r) => r.startsWith('cat,')));

  const pq = ganforge(['sample', 'm', '-n', '40', '-o', 'out.parquet'], dir);
  assert.equal(pq.code, 0, pq.stderr);
  const ev = ganforge(['evaluate', csv, 'out.parquet', '--json', 'metrics.json', '--report', 'r.html'], dir);
  assert.equal(ev.code, 0, ev.stderr);
  const metrics = JSON.parse(await readFile(join(dir, 'metrics.json'), 'utf8')) as Record<string, unknown>;
  for (const k of ['quality', 'column_shapes', 'column_pair_trends', 'detection', 'dcr']) assert.ok(k in metrics, k);
  assert.match(await readFile(join(dir, 'r.html'), 'utf8'), /<svg/);

  // Machine-learning utility: --target in evaluate (text and JSON) and in train (held-back rows).
  const ml = ganforge(['evaluate', csv, 'out.csv', '--target', 'kind', '--json', '-'], dir);
  assert.equal(ml.code, 0, ml.stderr);
  const eff = (JSON.parse(ml.stdout) as { ml_efficacy: { target: string; task: string; metric: string; real: Record<string, number>; synthetic: Record<string, number> } }).ml_efficacy;
  assert.deepEqual([eff.target, eff.task, eff.metric, Object.keys(eff.real)], ['kind', 'classification', 'macro_f1', ['accuracy', 'macro_f1', 'roc_auc']]);
  assert.equal(eff.real['accuracy'], 1, 'weight separates cats from dogs');
  const mlText = ganforge(['evaluate', csv, 'out.csv', '--target', 'weight'], dir);
  assert.match(mlText.stdout, /machine-learning utility, predicting weight \(regression/);
  assert.match(mlText.stdout, /^\s+R²\s+-?\d\.\d{3}\s+-?\d\.\d{3}$/m);
  const tr = ganforge(['train', csv, '--epochs', '4', '--out', 'm2', '--target', 'kind', '-q'], dir);
  assert.equal(tr.code, 0, tr.stderr);
  // 120 rows: a fifth (24) held back as the learner's test rows; aligned tables, not JSON.
  assert.match(tr.stdout, /predicting kind \(classification; .*tested on 24 held-out real rows\)/);
  assert.match(tr.stdout, /^\s+statistic\s+real\s+synthetic$/m);
  assert.match(tr.stdout, /^\s+mean\s+\d+\.\d+\s+\d+\.\d+$/m);
  assert.match(tr.stdout, /D accuracy on real\s+D accuracy on fake/);
  assert.doesNotMatch(tr.stdout, /[{[]"/, 'no JSON in the text output');
  const trJson = JSON.parse(ganforge(['train', csv, '--epochs', '4', '--out', 'm2', '--target', 'kind', '--json'], dir).stdout) as { ml_efficacy: { rows: { test: number } } };
  assert.equal(trJson.ml_efficacy.rows.test, 24);
});

test('bad arguments exit 2 with one line and no stack trace', async () => {
  const dir = await tmp();
  await writeFile(join(dir, 'ragged.csv'), 'a,b\n1,2\n3\n');
  await writeFile(join(dir, 'bad.json'), '{"epochs": 5, "epoks": 3}');
  const cases: [string[], RegExp][] = [
    [['frobnicate'], /unknown command "frobnicate"/],
    [['train', 'a.csv', 'b.csv'], /expected one data file/],
    [['train', 'iris', '--target', 'colour'], /no column "colour" — pass one of: sepal_length/],
    [['evaluate', 'a.csv', 'b.csv', '--task', 'regression'], /--task needs --target/],
    [['train', 'x.csv', '--epochs', 'many'], /--epochs must be an integer/],
    [['train', 'x.csv', '--bogus'], /Unknown option '--bogus'/],
    [['train', 'missing.csv'], /missing.csv/],
    [['train', 'ragged.csv'], /ragged.csv.*row 3/],
    [['train', 'ragged.csv', '--config', 'bad.json'], /unknown key "epoks"/],
    [['sample', 'nomodel', '-n', '5'], /nomodel.*manifest/],
    [['sample', 'nomodel'], /-n <rows> is required/],
    [['sample', 'nomodel', '-n', '5', '-o', 'x.doc'], /unknown format/],
    [['evaluate', 'only-one.csv'], /expected a real and a synthetic data file/],
    [['demo', 'nosuch'], /unknown demo "nosuch"/],
    [['demo', 'circle', '--preset', 'fastest'], /--preset must be default or best/],
  ];
  for (const [args, re] of cases) {
    const r = ganforge(args, dir);
    assert.equal(r.code, 2, `${args.join(' ')} → ${r.code}: ${r.stderr}`);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `${args.join(' ')}: one line, got ${r.stderr}`);
    assert.match(lines[0]!, re);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
});

test('`ganforge train` with no data says what to give it', async () => {
  const r = ganforge(['train'], await tmp());
  assert.equal(r.code, 2);
  assert.match(r.stderr, /ganforge train iris/);
  assert.match(r.stderr, /ganforge train --help/);
});

test('bin/ganforge.mjs (the package bin) runs the built CLI from a checkout', async () => {
  const r = spawnSync(resolve('bin/ganforge.mjs'), ['--version'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^\d+\.\d+\.\d+/);
  assert.doesNotMatch(r.stderr, /compiling/, 'dist/ is up to date after npm run build');
});

test('the built bin runs as a program (executable, node shebang), as `npx ganforge` needs', async () => {
  assert.ok(((await stat(BIN)).mode & 0o111) !== 0, `${BIN} is not executable`);
  const r = spawnSync(BIN, ['--help'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /usage: ganforge/);
});

test('every command has --help with examples', async () => {
  const dir = await tmp();
  for (const cmd of ['train', 'sample', 'evaluate', 'demo', 'datasets', 'inspect']) {
    const r = ganforge([cmd, '--help'], dir);
    assert.equal(r.code, 0);
    assert.match(r.stdout, new RegExp(`usage: ganforge ${cmd}`));
    assert.match(r.stdout, /examples:/);
    assert.match(r.stdout, /Next: |trained on by name/, `${cmd} --help says what to do next`);
  }
  const d = ganforge(['datasets', '--json'], dir);
  assert.deepEqual((JSON.parse(d.stdout) as { name: string }[]).map((x) => x.name).sort(), ['circle', 'digits', 'gaussian', 'iris', 'sixparam']);
});

test('`ganforge demo all --quick` runs every seed experiment and its quick checks pass', async () => {
  const dir = await tmp();
  const r = ganforge(['demo', 'all', '--quick', '--json'], dir);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const results = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { demo: string; targets: { met: boolean }[]; files: string[] });
  assert.deepEqual(results.map((x) => x.demo), ['sixparam', 'circle', 'iris', 'gaussian', 'digits']);
  for (const x of results) {
    assert.ok(x.targets.length > 0 && x.targets.every((t) => t.met), `${x.demo}: ${JSON.stringify(x.targets)}`);
    for (const f of x.files) await stat(join(dir, f));
  }
  const circle = JSON.parse(r.stdout.trim().split('\n')[1]!) as { radius_mean: number; d_accuracy: unknown[] };
  assert.ok(Math.abs(circle.radius_mean - 2) < 0.15);
  assert.ok(circle.d_accuracy.length >= 10);
});
