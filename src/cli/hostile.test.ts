/**
 * The bad-input corpus (test-fixtures.ts) run against the CLI in-process: every case must end
 * with exit 0 or 2 (never 1, the code for internal errors), a refusal must be one line on stderr
 * naming what is wrong, nothing may print a stack trace, and no input file may change.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from './run.js';
import { hashTree, modelCases, writeDataFiles, type HostileCase } from './test-fixtures.js';

const root = mkdtempSync(join(tmpdir(), 'ganforge-hostile-'));
const base = join(root, 'base');
const IRIS = resolve('../shared/datasets/iris.csv');

async function run(argv: string[], cwd?: string): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const prev = process.cwd();
  if (cwd) process.chdir(cwd);
  try {
    const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s), write: async (s) => void out.push(s) });
    return { code, out, err };
  } finally {
    if (cwd) process.chdir(prev);
  }
}

const cfg = (name: string, body: string): HostileCase['setup'] => (dir) => writeFileSync(join(dir, name), body);
const train = (...a: string[]): string[] => ['train', ...a, '--epochs', '1', '-q'];

function dataCases(files: string[]): HostileCase[] {
  // Files that hold a readable table: training may succeed (0); everything else must be refused (2).
  const valid = new Set(['bom.csv', 'crlf.csv', 'proto-cols.csv', 'hasown-col.csv', 'ids.csv', 'semicolon.csv', 'long-name.csv', 'newline-name.csv', 'tab.tsv', 'commas-in.tsv', 'mixed.json', 'keys-differ.json', 'proto.json', 'proto.parquet', 'proto.xlsx', 'nul-byte.csv', '1e308.csv', 'too-many-fields.csv', 'constant.csv']);
  const cases: HostileCase[] = files.map((f) => ({
    name: `data: train ${f}`,
    argv: train(`{base}/${f}`, '--out', '{case}/m'),
    expect: valid.has(f) ? 'any' : 2,
    outputs: ['m'],
    mentions: new RegExp(f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
  }));
  cases.push({ name: 'data: a folder named .csv', argv: train('{base}/a-folder.csv', '--out', '{case}/m'), expect: 2, mentions: /a-folder/ });
  cases.push({ name: 'data: missing file', argv: train('{base}/nope.csv', '--out', '{case}/m'), expect: 2, mentions: /nope\.csv/ });
  cases.push({ name: 'data: evaluate real vs proto-cols table', argv: ['evaluate', '{base}/proto-cols.csv', '{base}/proto-cols.csv', '--json', '{case}/e.json', '--report', '{case}/r.html'], expect: 0, outputs: ['e.json', 'r.html'] });
  cases.push({ name: 'data: evaluate a synthetic column of 1e300 (trivially told apart)', argv: ['evaluate', '{base}/iris.csv', '{case}/big.csv', '--json', '{case}/e.json'], expect: 0, outputs: ['e.json'],
    setup: (dir, b) => {
      const lines = readFileSync(join(b, 'iris.csv'), 'utf8').trimEnd().split('\n');
      writeFileSync(join(dir, 'big.csv'), [lines[0], ...lines.slice(1).map((l) => `1e300${l.slice(l.indexOf(','))}`)].join('\n') + '\n');
    },
    check: (dir) => assert.ok((JSON.parse(readFileSync(join(dir, 'e.json'), 'utf8')) as { detection: { score: number } }).detection.score < 0.05, 'detection of 1e300 values') });
  cases.push({ name: 'data: evaluate tables with other columns', argv: ['evaluate', '{base}/iris.csv', '{base}/proto-cols.csv', '--json', '-'], expect: 2 });
  return cases;
}

function cliCases(): HostileCase[] {
  const c: HostileCase[] = [];
  const bad = (name: string, argv: string[], mentions?: RegExp): void => void c.push({ name: `cli: ${name}`, argv, expect: 2, outputs: ['m', 'out.csv'], ...(mentions ? { mentions } : {}) });
  const t = (...a: string[]): string[] => ['train', '{base}/iris.csv', '--out', '{case}/m', '-q', ...a];
  bad('unknown command', ['trian'], /unknown command/);
  bad('unknown flag', t('--epoch', '3'), /epoch/);
  bad('no data file', ['train'], /expected/);
  bad('two data files', ['train', '{base}/iris.csv', '{base}/iris.csv']);
  for (const v of ['0', '-1', 'abc', '1.5', '1e309', '']) bad(`--epochs "${v}"`, t('--epochs', v), /epochs/);
  for (const v of ['-1', 'abc', '9007199254740993', '1e400']) bad(`--seed "${v}"`, t('--seed', v), /seed/);
  for (const v of ['0', 'x', '100000']) bad(`--batch "${v}"`, t('--batch', v, '--epochs', '1'), /batch/);
  for (const v of ['0', '100000', 'two']) bad(`--threads "${v}"`, t('--threads', v, '--epochs', '1'), /threads/);
  for (const v of ['-1', 'abc', '0']) bad(`--max-seconds "${v}"`, t('--max-seconds', v), /max-seconds/);
  bad('--preset banana', t('--preset', 'banana', '--epochs', '1'), /preset/);
  bad('--checkpoint-every 0', t('--checkpoint-every', '0'), /checkpoint-every/);
  bad('--resume a missing model', t('--resume', '{case}/nope', '--epochs', '1'), /nope/);
  bad('--resume with no more epochs than it has', t('--resume', '{base}/model', '--epochs', '2'), /already/);
  bad('--resume a data file', t('--resume', '{base}/iris.csv', '--epochs', '1'));
  bad('--resume a model of other columns', ['train', '{base}/proto-cols.csv', '--resume', '{base}/model', '--out', '{case}/m', '-q', '--epochs', '5']);
  const s = (...a: string[]): string[] => ['sample', '{base}/model', ...a];
  bad('sample without -n', s('-o', '{case}/out.csv'), /-n/);
  for (const v of ['0', '-5', 'abc', '1e20', '1.5']) bad(`sample -n "${v}"`, s('-n', v, '-o', '{case}/out.csv'), /rows|-n/);
  bad('sample -o .txt', s('-n', '5', '-o', '{case}/out.txt'), /format/);
  bad('sample -o .xlsx with 2e6 rows', s('-n', '2000000', '-o', '{case}/out.xlsx'), /xlsx/);
  bad('--where without =', s('-n', '5', '--where', 'species'), /where/);
  bad('--where twice on one column', s('-n', '5', '--where', 'species=setosa', '--where', 'species=virginica'), /twice/);
  bad('--where unknown column', s('-n', '5', '--where', 'colour=red'), /colour/);
  bad('--where unknown value', s('-n', '5', '--where', 'species=rose'), /rose/);
  bad('--where numeric column', s('-n', '5', '--where', 'sepal_length=5'), /sepal_length/);
  const filters = ['', '   ', 'sepal_length>5 && petal_length<2', 'sepal_length>5 || petal_length<2', 'petal_length >> 3', 'sepal_length=>5', 'sepal_length=<5',
    "species=setosa'); process.exit(3); ('", 'sepal_length>abc', 'colour=red', 'sepal_length', '>5', 'sepal_length>', 'sepal_length<<5', 'petal_length>99999'];
  for (const f of filters) bad(`--filter "${f}"`, s('-n', '5', '--filter', f));
  bad('sample a data file as the model', ['sample', '{base}/iris.csv', '-n', '5']);
  bad('sample a missing model', ['sample', '{case}/nope', '-n', '5'], /nope/);
  bad('--exclude with other columns', s('-n', '5', '--exclude', '{base}/proto-cols.csv'), /exclude/);
  bad('--exclude missing file', s('-n', '5', '--exclude', '{case}/nope.csv'), /nope/);
  bad('inspect a missing model', ['inspect', '{case}/nope'], /nope/);
  bad('inspect a data file', ['inspect', '{base}/iris.csv']);
  bad('evaluate one file', ['evaluate', '{base}/iris.csv']);
  bad('evaluate a missing file', ['evaluate', '{base}/iris.csv', '{case}/nope.csv'], /nope/);
  bad('evaluate --holdout missing', ['evaluate', '{base}/iris.csv', '{base}/iris.csv', '--holdout', '{case}/nope.csv'], /nope/);
  c.push({ name: 'cli: sample --filter on a column named __proto__', argv: ['sample', '{base}/proto-model', '-n', '20', '--filter', '__proto__>0.5', '-o', '{case}/out.csv'], expect: 0, outputs: ['out.csv'] });
  c.push({ name: 'cli: sample -o .xlsx of a table with a column named __proto__', argv: ['sample', '{base}/proto-model', '-n', '5', '-o', '{case}/out.xlsx'], expect: 2, mentions: /xlsx/ });
  c.push({ name: 'cli: sample -n 1 to stdout', argv: s('-n', '1'), expect: 0 });
  return c;
}

function configCases(): HostileCase[] {
  const c: HostileCase[] = [];
  const add = (name: string, body: string, mentions?: RegExp): void =>
    void c.push({ name: `config: ${name}`, argv: train('{base}/iris.csv', '--config', '{case}/c.json', '--out', '{case}/m'), expect: 2, setup: cfg('c.json', body), outputs: ['m'], ...(mentions ? { mentions } : {}) });
  add('not JSON', '{"epochs": 3', /c\.json/);
  add('empty file', '');
  add('an array', '[1,2]');
  add('null', 'null');
  add('a string', '"epochs"');
  add('__proto__ at top level', '{"__proto__": {"epochs": 1}}', /__proto__/);
  add('constructor at top level', '{"constructor": 1}', /constructor/);
  add('toString at top level', '{"toString": 1}');
  add('unknown key', '{"epoch": 3}', /epoch/);
  add('epochs as a string', '{"epochs": "10"}', /epochs/);
  add('epochs 1e309 (JSON Infinity)', '{"epochs": 1e309}', /epochs/);
  add('epochs -3', '{"epochs": -3}');
  add('batchSize 1e9', '{"batchSize": 1000000000}', /batch/);
  add('seed 1.5', '{"seed": 1.5}');
  add('maxSeconds 0', '{"maxSeconds": 0}');
  add('preset banana', '{"preset": "banana"}', /preset/);
  add('continuous banana', '{"continuous": "banana"}');
  add('decorrelate "yes"', '{"decorrelate": "yes"}');
  add('gan not an object', '{"gan": 3}');
  add('gan.__proto__', '{"gan": {"__proto__": {"latentDim": 5}}}', /__proto__/);
  add('gan unknown key', '{"gan": {"latentdim": 5}}', /latentdim/);
  add('gan.latentDim 1e8', '{"gan": {"latentDim": 100000000}}', /latentDim/);
  add('gan.latentDim 0', '{"gan": {"latentDim": 0}}');
  add('gan.batchSize 1e9', '{"gan": {"batchSize": 1000000000}}', /batch/);
  add('gan.generator.hidden [1e9]', '{"gan": {"generator": {"hidden": [1000000000]}}}', /hidden/);
  add('gan.generator.hidden [200000, 200000]', '{"gan": {"generator": {"hidden": [200000, 200000]}}}', /hidden/);
  add('gan.generator.hidden [10000, 10000, 10000]', '{"gan": {"generator": {"hidden": [10000, 10000, 10000]}}}', /hidden/);
  add('gan.generator.hidden "abc"', '{"gan": {"generator": {"hidden": "abc"}}}');
  add('gan.generator null', '{"gan": {"generator": null}}');
  add('gan.discriminator.hidden [-1]', '{"gan": {"discriminator": {"hidden": [-1]}}}');
  add('gan.pac 1e6', '{"gan": {"pac": 1000000}}', /pac/);
  add('gan.dSteps 1e9', '{"gan": {"dSteps": 1000000000}}', /dSteps/);
  add('gan.optimizerD.lr -1', '{"gan": {"optimizerD": {"kind": "adam", "lr": -1}}}');
  add('schema.types banana', '{"schema": {"types": {"sepal_length": "banana"}}}', /banana/);
  add('schema.types unknown column', '{"schema": {"types": {"colour": "categorical"}}}', /colour/);
  add('schema.types __proto__', '{"schema": {"types": {"__proto__": "categorical"}}}');
  add('schema.maxCategories -5', '{"schema": {"maxCategories": -5}}', /maxCategories/);
  add('schema.maxCategories 1.5', '{"schema": {"maxCategories": 1.5}}', /maxCategories/);
  add('schema unknown key', '{"schema": {"maxcategories": 5}}', /maxcategories/);
  add('schema.types a list', '{"schema": {"types": ["x"]}}');
  add('text column as continuous', '{"schema": {"types": {"species": "continuous"}}}', /species/);
  add('deeply nested', `{"gan": ${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}`);
  c.push({ name: 'config: a folder', argv: train('{base}/iris.csv', '--config', '{base}', '--out', '{case}/m'), expect: 2, outputs: ['m'] });
  c.push({ name: 'config: missing file', argv: train('{base}/iris.csv', '--config', '{case}/nope.json', '--out', '{case}/m'), expect: 2, mentions: /nope/ });
  return c;
}

function outputCases(): HostileCase[] {
  const c: HostileCase[] = [];
  const copyIris = (dir: string, b: string): void => cpSync(join(b, 'iris.csv'), join(dir, 'iris.csv'));
  const copyModel = (dir: string, b: string): void => cpSync(join(b, 'model'), join(dir, 'm0'), { recursive: true });
  const both = (dir: string, b: string): void => (copyIris(dir, b), copyModel(dir, b));
  const refuse = (name: string, argv: string[], setup: HostileCase['setup'], mentions?: RegExp, chdir = false): void =>
    void c.push({ name: `output: ${name}`, argv, expect: 2, setup, chdir, ...(mentions ? { mentions } : {}) });
  refuse('train --out the input file', train('iris.csv', '--out', 'iris.csv'), both, /iris\.csv/, true);
  refuse('train --out .', train('iris.csv', '--out', '.'), both, /current folder/, true);
  refuse('train --out $PWD', train('iris.csv', '--out', '{case}'), both, /current folder/, true);
  refuse('train --out ..', train('iris.csv', '--out', '..'), both, /current folder/, true);
  refuse('train --out /', train('{case}/iris.csv', '--out', '/'), both, /current folder|\//);
  refuse('train --out a folder of user files', train('{case}/iris.csv', '--out', '{case}/docs'), (d, b) => {
    both(d, b);
    mkdirSync(join(d, 'docs', 'notes'), { recursive: true });
    writeFileSync(join(d, 'docs', 'precious.txt'), 'keep');
    writeFileSync(join(d, 'docs', 'notes', 'n.txt'), 'keep');
  }, /--force/);
  refuse('train --out the folder holding the data', train('{case}/data/iris.csv', '--out', '{case}/data', '--force'), (d, b) => {
    mkdirSync(join(d, 'data'));
    cpSync(join(b, 'iris.csv'), join(d, 'data', 'iris.csv'));
  }, /training data/);
  refuse('train --out a model folder holding the data', train('{case}/m0/iris.csv', '--out', '{case}/m0'), (d, b) => {
    copyModel(d, b);
    cpSync(join(b, 'iris.csv'), join(d, 'm0', 'iris.csv'));
  }, /training data/);
  refuse('train --out the --config file', train('{case}/iris.csv', '--config', '{case}/c.json', '--out', '{case}/c.json'), (d, b) => (both(d, b), writeFileSync(join(d, 'c.json'), '{"epochs": 1}')), /c\.json/);
  refuse('train --out under a file', train('{case}/iris.csv', '--out', '{case}/iris.csv/m'), both, /iris\.csv/);
  refuse('train --out in a folder that cannot be made', train('{case}/iris.csv', '--out', '/proc/ganforge-nope/m'), both, /cannot write/);
  refuse('train --report the input', train('{case}/iris.csv', '--out', '{case}/m', '--report', '{case}/iris.csv'), both, /iris\.csv/);
  refuse('train --report a model file', train('{case}/iris.csv', '--out', '{case}/m0', '--report', '{case}/m0/weights.bin'), both, /weights\.bin/);
  refuse('train --report the manifest', train('{case}/iris.csv', '--out', '{case}/m0', '--report', '{case}/m0/manifest.json'), both, /manifest/);
  refuse('train --report a folder', train('{case}/iris.csv', '--out', '{case}/m', '--report', '{case}/m0'), both, /folder/);
  refuse('train --report through a link to the input', train('{case}/iris.csv', '--out', '{case}/m', '--report', '{case}/link.html'), (d, b) => (both(d, b), symlinkSync(join(d, 'iris.csv'), join(d, 'link.html'))), /input/);
  refuse('train --report of the --resume model', ['train', '{case}/iris.csv', '--resume', '{case}/m0', '--out', '{case}/m', '--report', '{case}/m0/optimizer.bin', '-q', '--epochs', '5'], both, /optimizer/);
  refuse('train while another ganforge holds the lock', train('{case}/iris.csv', '--out', '{case}/m0'), (d, b) => (both(d, b), writeFileSync(join(d, '.m0.lock'), `${process.ppid}\n`)), /another ganforge/);
  refuse('sample -o the --exclude file', ['sample', '{case}/m0', '-n', '5', '--exclude', '{case}/iris.csv', '-o', '{case}/iris.csv'], both, /exclude/);
  refuse('sample -o a link to the --exclude file', ['sample', '{case}/m0', '-n', '5', '--exclude', '{case}/iris.csv', '-o', '{case}/l.csv'], (d, b) => (both(d, b), symlinkSync(join(d, 'iris.csv'), join(d, 'l.csv'))), /exclude/);
  refuse('sample -o a model file', ['sample', '{case}/m0', '-n', '5', '-o', '{case}/m0/weights.bin'], both);
  refuse('sample -o the model manifest (.jsonl name)', ['sample', '{case}/m0', '-n', '5', '-o', '{case}/m0/x.jsonl/..'], both);
  refuse('sample -o a folder', ['sample', '{case}/m0', '-n', '5', '-o', '{case}/x.csv'], (d, b) => (both(d, b), mkdirSync(join(d, 'x.csv')), writeFileSync(join(d, 'x.csv', 'keep'), 'k')), /folder/);
  refuse('sample -o under a file', ['sample', '{case}/m0', '-n', '5', '-o', '{case}/iris.csv/x.csv'], both, /iris\.csv/);
  refuse('sample -o under /proc', ['sample', '{case}/m0', '-n', '5', '-o', '/proc/ganforge-nope/x.csv'], both, /cannot write/);
  refuse('sample -o under /sys', ['sample', '{case}/m0', '-n', '5', '-o', '/sys/ganforge-nope/x.parquet'], both, /cannot write/);
  refuse('evaluate --report the real table', ['evaluate', '{case}/iris.csv', '{case}/s.csv', '--report', '{case}/iris.csv'], (d, b) => (both(d, b), cpSync(join(b, 'iris.csv'), join(d, 's.csv'))), /real table/);
  refuse('evaluate --json the synthetic table', ['evaluate', '{case}/iris.csv', '{case}/s.csv', '--json', '{case}/s.csv'], (d, b) => (both(d, b), cpSync(join(b, 'iris.csv'), join(d, 's.csv'))), /synthetic/);
  refuse('evaluate --json the holdout', ['evaluate', '{case}/iris.csv', '{case}/s.csv', '--holdout', '{case}/h.csv', '--json', '{case}/h.csv'], (d, b) => (both(d, b), cpSync(join(b, 'iris.csv'), join(d, 's.csv')), cpSync(join(b, 'iris.csv'), join(d, 'h.csv'))), /holdout/);
  refuse('evaluate --json = --report', ['evaluate', '{case}/iris.csv', '{case}/iris.csv', '--json', '{case}/x.out', '--report', '{case}/x.out'], both, /both/);
  refuse('evaluate --json a folder', ['evaluate', '{case}/iris.csv', '{case}/iris.csv', '--json', '{case}/m0'], both, /folder/);
  refuse('evaluate --json under /proc', ['evaluate', '{case}/iris.csv', '{case}/iris.csv', '--json', '/proc/ganforge-nope/x.json'], both, /cannot write/);
  const ok = (name: string, argv: string[], setup: HostileCase['setup'], outputs: string[]): void => void c.push({ name: `output: ${name}`, argv, expect: 0, setup, outputs });
  ok('train --out an existing model replaces it', train('{case}/iris.csv', '--out', '{case}/m0'), both, ['m0']);
  ok('train --out a folder of user files with --force', train('{case}/iris.csv', '--out', '{case}/docs', '--force'), (d, b) => (both(d, b), mkdirSync(join(d, 'docs')), writeFileSync(join(d, 'docs', 'x.txt'), 'x')), ['docs']);
  ok('train --out an empty folder', train('{case}/iris.csv', '--out', '{case}/empty'), (d, b) => (both(d, b), mkdirSync(join(d, 'empty'))), ['empty']);
  ok('sample -o an existing output file replaces it', ['sample', '{case}/m0', '-n', '5', '-o', '{case}/old.csv'], (d, b) => (both(d, b), writeFileSync(join(d, 'old.csv'), 'a\n1\n')), ['old.csv']);
  ok('train with a stale lock of a dead process', train('{case}/iris.csv', '--out', '{case}/m0'), (d, b) => (both(d, b), writeFileSync(join(d, '.m0.lock'), '999999999\n')), ['m0', '.m0.lock']);
  return c;
}

let cases: HostileCase[] = [];

before(async () => {
  mkdirSync(base, { recursive: true });
  cpSync(IRIS, join(base, 'iris.csv'));
  const files = await writeDataFiles(base);
  const r = await run(['train', join(base, 'iris.csv'), '--epochs', '2', '-q', '--preset', 'fast', '--out', join(base, 'model')]);
  assert.equal(r.code, 0, r.err.join('\n'));
  const p = await run(['train', join(base, 'proto-cols.csv'), '--epochs', '2', '-q', '--preset', 'fast', '--out', join(base, 'proto-model')]);
  assert.equal(p.code, 0, p.err.join('\n'));
  rmSync(join(base, 'model', 'report.html'));
  rmSync(join(base, 'proto-model', 'report.html'));
  const manifest = JSON.parse(readFileSync(join(base, 'model', 'manifest.json'), 'utf8')) as Record<string, unknown>;
  cases = [...dataCases(files), ...cliCases(), ...configCases(), ...outputCases(), ...modelCases(manifest, 30, 13)];
});

after(() => rmSync(root, { recursive: true, force: true }));

test('the bad-input corpus: ≥ 150 cases, each exit 0 or 2, one clear line on refusal, no stack trace, no input changed', async () => {
  assert.ok(cases.length >= 150, `only ${cases.length} cases`);
  const failures: string[] = [];
  const times: [number, string][] = [];
  let k = 0;
  for (const c of cases) {
    const dir = join(root, `case-${k++}`);
    mkdirSync(dir);
    await c.setup?.(dir, base);
    const fill = (s: string): string => s.replaceAll('{base}', base).replaceAll('{case}', dir);
    const before = { base: hashTree(base), dir: hashTree(dir) };
    const t0 = performance.now();
    const r = await run(c.argv.map(fill), c.chdir ? dir : undefined);
    times.push([performance.now() - t0, c.name]);
    const problems: string[] = [];
    if (r.code !== 0 && r.code !== 2) problems.push(`exit ${r.code}`);
    if (c.expect !== 'any' && r.code !== c.expect) problems.push(`exit ${r.code}, expected ${c.expect}`);
    const err = r.err.join('\n');
    if (/internal error|\n\s+at .*\(|^\s+at /m.test(err)) problems.push('internal error / stack trace');
    if (r.code === 2) {
      if (r.err.length !== 1 || r.err[0]!.includes('\n')) problems.push(`${r.err.length} stderr lines`);
      if (!/^ganforge: \S/.test(r.err[0] ?? '')) problems.push('not a "ganforge: …" line');
      if (c.mentions && !c.mentions.test(err)) problems.push(`message does not mention ${c.mentions}`);
    }
    const outputs = (c.outputs ?? []).map((o) => `${o}`);
    const isOutput = (p: string): boolean => outputs.some((o) => p === o || p.startsWith(`${o}/`) || p.startsWith(`.${o}`));
    const afterBase = hashTree(base);
    for (const [p, h] of before.base) if (afterBase.get(p) !== h) problems.push(`base/${p} changed`);
    const afterDir = hashTree(dir);
    for (const [p, h] of before.dir) if (!isOutput(p) && afterDir.get(p) !== h) problems.push(`${p} changed or removed`);
    try {
      if (r.code === 0) c.check?.(dir);
    } catch (e) {
      problems.push((e as Error).message);
    }
    if (problems.length) failures.push(`${c.name}: ${problems.join('; ')} — stderr: ${err.slice(0, 300)}`);
    rmSync(dir, { recursive: true, force: true });
  }
  if (process.env['GANFORGE_CORPUS_TIMES']) console.log(times.sort((a, b) => b[0] - a[0]).slice(0, 40).map(([t, n]) => `${t.toFixed(0)} ms ${n}`).join('\n'));
  console.log(`hostile corpus: ${cases.length} cases, ${cases.length - failures.length} passed`);
  assert.deepEqual(failures, []);
});
