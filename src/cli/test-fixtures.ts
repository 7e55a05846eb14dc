/**
 * The bad-input corpus: hostile data files (CSV/TSV/XLSX/JSON/JSONL/Parquet), command lines,
 * config files, tampered model folders (consistently re-hashed, plus seeded random fuzzing) and
 * output paths — generated here into a folder, never committed. Each case says how to run the
 * CLI and which exit code to expect (0, 2, or either); the test (hostile.test.ts) checks the
 * rest: one line on stderr for a refusal, no stack trace, no input file changed.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync, cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { makeTable, type Table } from '../data/table.js';
import { parquetBuffer } from '../data/parquet.js';
import { xlsxBuffer } from '../data/xlsx.js';
import { Rng } from '../util/rng.js';

export interface HostileCase {
  name: string;
  /** Arguments of `ganforge`; `{base}` and `{case}` are replaced by the two folders. */
  argv: string[];
  /** 0, 2, or 'any' (0 or 2: odd but valid input may be accepted). */
  expect: 0 | 2 | 'any';
  /** Prepares the case folder (copies, tampering). */
  setup?: (dir: string, base: string) => void | Promise<void>;
  /** Paths (relative to the case folder) the command may create or replace. */
  outputs?: string[];
  /** Run with the case folder as the working directory. */
  chdir?: boolean;
  /** A pattern the one-line error must match (it names the file/field). */
  mentions?: RegExp;
  /** More checks of what a successful run wrote (throws on failure). */
  check?: (dir: string) => void;
}

const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

/** SHA-256 of every regular file under `dir` (links not followed), by relative path. */
export function hashTree(dir: string, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = lstatSync(p);
    if (st.isDirectory()) for (const [k, v] of hashTree(p, `${prefix}${name}/`)) out.set(k, v);
    else if (st.isFile()) out.set(`${prefix}${name}`, sha(readFileSync(p)));
  }
  return out;
}

function csv(rows: (string | number)[][]): string {
  return rows.map((r) => r.join(',')).join('\n') + '\n';
}

function numericRows(n: number, cols: number, seed: number): string[][] {
  const r = new Rng(seed);
  return Array.from({ length: n }, () => Array.from({ length: cols }, () => r.uniform().toFixed(3)));
}

/** Writes the hostile data files into `dir` (called once; cases reference them from {base}). */
export async function writeDataFiles(dir: string): Promise<string[]> {
  const files: Record<string, string | Buffer> = {};
  const header = ['x', 'y', 'g'];
  const good = numericRows(40, 2, 1).map((r, i) => [...r, i % 2 ? 'a' : 'b']);
  const withCell = (row: number, col: number, v: string): string => csv([header, ...good.map((r, i) => (i === row ? r.map((c, j) => (j === col ? v : c)) : r))]);
  files['empty.csv'] = '';
  files['blank-lines.csv'] = '\n\n\n';
  files['header-only.csv'] = 'x,y,g\n';
  files['one-row.csv'] = 'x,y,g\n1,2,a\n';
  files['ragged.csv'] = 'x,y,g\n1,2,a\n3,4\n5,6,b\n';
  files['too-many-fields.csv'] = 'x,y\n1,2,3\n4,5\n';
  files['dup-header.csv'] = csv([['x', 'x', 'g'], ...good]);
  files['empty-header-name.csv'] = csv([['x', '', 'g'], ...good]);
  files['inf.csv'] = withCell(5, 0, 'Infinity');
  files['minus-inf.csv'] = withCell(5, 0, '-inf');
  files['nan.csv'] = withCell(5, 0, 'NaN');
  files['1e309.csv'] = withCell(5, 0, '1e309');
  files['-1e309.csv'] = withCell(7, 1, '-1e309');
  files['1e308.csv'] = withCell(5, 0, '1e308');
  files['nul-byte.csv'] = withCell(3, 1, '0.5\u0000');
  files['unclosed-quote.csv'] = 'x,y,g\n1,2,"a\n3,4,b\n';
  files['bom.csv'] = '\uFEFF' + csv([header, ...good]);
  files['crlf.csv'] = csv([header, ...good]).replace(/\n/g, '\r\n');
  files['all-missing.csv'] = csv([['x', 'y'], ...Array.from({ length: 30 }, () => ['', ''])]);
  files['constant.csv'] = csv([['x', 'y'], ...Array.from({ length: 30 }, () => ['1', 'a'])]);
  files['proto-cols.csv'] = csv([['__proto__', 'constructor', 'toString'], ...good]);
  files['hasown-col.csv'] = csv([['hasOwnProperty', 'valueOf', 'g'], ...good]);
  files['ids.csv'] = csv([['id', 'x', 'g'], ...good.map((r, i) => [`C-${1000 + i}`, r[0]!, r[2]!])]);
  files['binary.csv'] = Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 7919) % 256));
  files['gzip.csv'] = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6, 7, 8]);
  files['semicolon.csv'] = csv([header, ...good]).replace(/,/g, ';');
  files['long-name.csv'] = csv([['x'.repeat(5000), 'y', 'g'], ...good]);
  files['newline-name.csv'] = `"a\nb",y,g\n${csv(good)}`;
  files['huge-field.csv'] = `x,y,g\n1,${'v'.repeat((16 << 20) + 10)},a\n${csv(good)}`;
  files['wide-600.csv'] = csv([Array.from({ length: 600 }, (_, j) => `c${j}`), ...numericRows(5, 600, 2)]);
  files['no-ext'] = csv([header, ...good]);
  files['data.xls'] = csv([header, ...good]);
  files['tab.tsv'] = csv([header, ...good]).replace(/,/g, '\t');
  files['ragged.tsv'] = 'x\ty\n1\t2\n3\n';
  files['commas-in.tsv'] = 'x\ty\n1,5\t2\n3,1\t4\n';
  files['empty.tsv'] = '';
  // JSON / JSONL
  files['empty.json'] = '';
  files['not-json.json'] = '{x: 1,';
  files['scalar.json'] = '42';
  files['null.json'] = 'null';
  files['empty-array.json'] = '[]';
  files['array-of-numbers.json'] = '[1,2,3]';
  files['array-of-arrays.json'] = '[[1,2],[3,4]]';
  files['nested.json'] = JSON.stringify([{ a: { b: 1 }, c: 2 }, { a: { b: 2 }, c: 3 }]);
  files['deep.json'] = `[{"a":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)},"b":1},{"a":1,"b":2}]`;
  files['deep-array.json'] = `[{"a":${'['.repeat(5000)}${']'.repeat(5000)}}]`;
  files['proto.json'] = '[{"__proto__":1,"b":2},{"__proto__":3,"b":4}]';
  files['mixed.json'] = JSON.stringify(Array.from({ length: 30 }, (_, i) => ({ v: i % 7 === 0 ? 'text' : i, w: i % 3 })));
  files['keys-differ.json'] = JSON.stringify([{ a: 1 }, { b: 2 }, { a: 3, c: 4 }]);
  files['huge-number.json'] = '[{"a":1e400,"b":1},{"a":2,"b":2}]';
  files['bad-line.jsonl'] = '{"a":1}\n{"a":\n{"a":3}\n';
  files['array-line.jsonl'] = '{"a":1}\n[1,2]\n';
  files['empty.jsonl'] = '';
  files['blank.jsonl'] = '\n\n';
  // Excel
  files['garbage.xlsx'] = Buffer.from('PK\u0003\u0004 this is not a zip archive at all');
  files['text.xlsx'] = 'a,b\n1,2\n';
  files['empty.xlsx'] = '';
  // Parquet
  files['garbage.parquet'] = Buffer.from('PAR1 not really parquet PAR1');
  files['empty.parquet'] = '';
  const table: Table = makeTable(['x', 'constructor', 'g'], [
    { kind: 'number', values: Float64Array.from({ length: 30 }, (_, i) => i / 3) },
    { kind: 'number', values: Float64Array.from({ length: 30 }, (_, i) => (i * 7) % 11) },
    { kind: 'string', values: Array.from({ length: 30 }, (_, i) => (i % 2 ? 'a' : 'b')) },
  ]);
  const pq = Buffer.from(parquetBuffer(table));
  files['proto.parquet'] = pq;
  files['truncated.parquet'] = pq.subarray(0, Math.floor(pq.length / 2));
  const inf: Table = makeTable(['x', 'y'], [
    { kind: 'number', values: Float64Array.from({ length: 30 }, (_, i) => (i === 4 ? Infinity : i)) },
    { kind: 'number', values: Float64Array.from({ length: 30 }, (_, i) => i % 5) },
  ]);
  files['inf.parquet'] = Buffer.from(parquetBuffer(inf));
  const xl = await xlsxBuffer(makeTable(['x', 'valueof', 'g'], [...table.columns]));
  files['proto.xlsx'] = xl;
  files['truncated.xlsx'] = xl.subarray(0, Math.floor(xl.length / 2));
  files['bomb.xlsx'] = claimedSize(xl, 'sheet1.xml', 600 << 20);
  const oneRow = makeTable(['a'], [{ kind: 'number', values: Float64Array.from([1]) }]);
  files['one-row.xlsx'] = await xlsxBuffer(oneRow);
  files['one-row.parquet'] = Buffer.from(parquetBuffer(oneRow));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  mkdirSync(join(dir, 'a-folder.csv'), { recursive: true });
  return Object.keys(files);
}

/** A copy of a ZIP whose central directory says `entry` inflates to `bytes` (a zip bomb, as far as a reader can tell before inflating). */
function claimedSize(zip: Buffer, entry: string, bytes: number): Buffer {
  const out = Buffer.from(zip);
  for (let at = 0; at + 46 < out.length; at++) {
    if (out.readUInt32LE(at) !== 0x02014b50) continue;
    const name = out.subarray(at + 46, at + 46 + out.readUInt16LE(at + 28)).toString();
    if (name.endsWith(entry)) out.writeUInt32LE(bytes, at + 24);
  }
  return out;
}

/** Manifest editing that keeps checksums consistent where the case says so. */
export function editManifest(modelDir: string, edit: (m: Record<string, unknown>) => void): void {
  const p = join(modelDir, 'manifest.json');
  const m = JSON.parse(readFileSync(p, 'utf8')) as Record<string, unknown>;
  edit(m);
  writeFileSync(p, JSON.stringify(m));
}

/** Replaces a model file's bytes and re-hashes it in the manifest (so only the deeper checks can catch it). */
export function replaceFile(modelDir: string, name: string, bytes: Buffer): void {
  writeFileSync(join(modelDir, name), bytes);
  editManifest(modelDir, (m) => {
    (m['files'] as Record<string, { bytes: number; sha256: string }>)[name] = { bytes: bytes.length, sha256: sha(bytes) };
  });
}

type Json = unknown;
function setPath(root: Json, path: (string | number)[], v: Json): void {
  let at = root as Record<string | number, Json>;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, Json>;
  at[path[path.length - 1]!] = v;
}

/** Every leaf path of a JSON value (arrays: only their first 3 entries, to keep the list short). */
function leafPaths(v: Json, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (v !== null && typeof v === 'object') {
    if (Array.isArray(v)) v.slice(0, 3).forEach((x, i) => leafPaths(x, [...path, i], out));
    else for (const [k, x] of Object.entries(v)) leafPaths(x, [...path, k], out);
    if (path.length) out.push(path);
  } else out.push(path);
  return out;
}

const FUZZ_VALUES: Json[] = [null, -1, 0, 1e9, -1e308, 1e308, 'x', '', [], {}, true, 0.5, [1e9], { __proto__: null, a: 1 }];

function copyModel(base: string, dir: string): string {
  const m = join(dir, 'm');
  cpSync(join(base, 'model'), m, { recursive: true });
  return m;
}

const sampleArgs = ['sample', '{case}/m', '-n', '5', '-o', '{case}/out.csv'];

function modelCase(name: string, tamper: (m: string) => void, expect: 0 | 2 | 'any' = 2, mentions?: RegExp): HostileCase {
  return {
    name: `model: ${name}`, argv: sampleArgs, expect, outputs: ['out.csv'], ...(mentions ? { mentions } : {}),
    setup: (dir, base) => tamper(copyModel(base, dir)),
  };
}

const tr = (m: Record<string, unknown>): Record<string, unknown> => (m['data'] as Record<string, unknown>)['transformer'] as Record<string, unknown>;
const trCol = (m: Record<string, unknown>, j: number): Record<string, unknown> => (tr(m)['columns'] as Record<string, unknown>[])[j]!;
const schemaCol = (m: Record<string, unknown>, j: number): Record<string, unknown> => ((m['data'] as Record<string, unknown>)['schema'] as { columns: Record<string, unknown>[] }).columns[j]!;
const cfg = (m: Record<string, unknown>): Record<string, unknown> => m['config'] as Record<string, unknown>;
const weightsTable = (m: Record<string, unknown>): Record<string, unknown>[] => m['weights'] as Record<string, unknown>[];

export function modelCases(manifestSample: Record<string, unknown>, fuzzCount: number, seed: number): HostileCase[] {
  const c: HostileCase[] = [
    modelCase('formatVersion as a string', (m) => editManifest(m, (x) => (x['formatVersion'] = '1')), 2, /formatVersion/),
    modelCase('formatVersion 3 (newer)', (m) => editManifest(m, (x) => (x['formatVersion'] = 3)), 2, /newer/),
    modelCase('formatVersion 0', (m) => editManifest(m, (x) => (x['formatVersion'] = 0))),
    modelCase('format missing', (m) => editManifest(m, (x) => delete x['format']), 2, /not a ganforge model/),
    modelCase('manifest is an array', (m) => writeFileSync(join(m, 'manifest.json'), '[1,2]')),
    modelCase('manifest not JSON', (m) => writeFileSync(join(m, 'manifest.json'), '{"format": "ganforge-model",')),
    modelCase('manifest empty', (m) => writeFileSync(join(m, 'manifest.json'), '')),
    modelCase('manifest missing', (m) => rmSync(join(m, 'manifest.json'))),
    modelCase('manifest is a folder', (m) => (rmSync(join(m, 'manifest.json')), mkdirSync(join(m, 'manifest.json')))),
    modelCase('manifest → /dev/zero', (m) => (rmSync(join(m, 'manifest.json')), symlinkSync('/dev/zero', join(m, 'manifest.json'))), 2, /regular file/),
    modelCase('manifest is a FIFO', (m) => (rmSync(join(m, 'manifest.json')), execFileSync('mkfifo', [join(m, 'manifest.json')])), 2, /regular file/),
    modelCase('manifest 100 MB (sparse)', (m) => truncateSync(join(m, 'manifest.json'), 100 << 20), 2, /bytes/),
    modelCase('weights → /dev/zero', (m) => (rmSync(join(m, 'weights.bin')), symlinkSync('/dev/zero', join(m, 'weights.bin'))), 2, /weights\.bin/),
    modelCase('weights is a folder', (m) => (rmSync(join(m, 'weights.bin')), mkdirSync(join(m, 'weights.bin')))),
    modelCase('weights missing', (m) => rmSync(join(m, 'weights.bin')), 2, /weights\.bin/),
    modelCase('onnx missing', (m) => rmSync(join(m, 'generator.onnx')), 2, /generator\.onnx/),
    modelCase('weights truncated to 1001 bytes, re-hashed', (m) => replaceFile(m, 'weights.bin', readFileSync(join(m, 'weights.bin')).subarray(0, 1001)), 2, /float32|weights/),
    modelCase('weights truncated to 1000 bytes, re-hashed', (m) => replaceFile(m, 'weights.bin', readFileSync(join(m, 'weights.bin')).subarray(0, 1000))),
    modelCase('weights truncated, not re-hashed', (m) => truncateSync(join(m, 'weights.bin'), 400), 2, /weights\.bin/),
    modelCase('weights grown, re-hashed', (m) => replaceFile(m, 'weights.bin', Buffer.concat([readFileSync(join(m, 'weights.bin')), Buffer.alloc(4096)])), 'any'),
    modelCase('one weight byte flipped', (m) => {
      const b = readFileSync(join(m, 'weights.bin'));
      b[100] = b[100]! ^ 0xff;
      writeFileSync(join(m, 'weights.bin'), b);
    }, 2, /checksum/),
    modelCase('weights NaN, re-hashed', (m) => replaceFile(m, 'weights.bin', Buffer.from(new Float32Array(readFileSync(join(m, 'weights.bin')).length / 4).fill(NaN).buffer)), 'any'),
    modelCase('sha256 of weights edited', (m) => editManifest(m, (x) => ((x['files'] as Record<string, { sha256: string }>)['weights.bin']!.sha256 = '0'.repeat(64))), 2, /checksum/),
    modelCase('sha256 not hex', (m) => editManifest(m, (x) => ((x['files'] as Record<string, { sha256: string }>)['weights.bin']!.sha256 = 'zz'))),
    modelCase('bytes of weights edited', (m) => editManifest(m, (x) => ((x['files'] as Record<string, { bytes: number }>)['weights.bin']!.bytes = 12))),
    modelCase('files entry for weights removed', (m) => editManifest(m, (x) => delete (x['files'] as Record<string, unknown>)['weights.bin']), 2, /weights\.bin/),
    modelCase('files entry for optimizer removed', (m) => editManifest(m, (x) => delete (x['files'] as Record<string, unknown>)['optimizer.bin'])),
    modelCase('files entry for onnx removed', (m) => editManifest(m, (x) => delete (x['files'] as Record<string, unknown>)['generator.onnx'])),
    modelCase('files entry path-like', (m) => editManifest(m, (x) => ((x['files'] as Record<string, unknown>)['../../etc/passwd'] = { bytes: 1, sha256: '0'.repeat(64) }))),
    modelCase('files missing', (m) => editManifest(m, (x) => delete x['files'])),
    modelCase('dataDim 1e9', (m) => editManifest(m, (x) => (x['dataDim'] = 1e9)), 2, /dataDim/),
    modelCase('dataDim 0', (m) => editManifest(m, (x) => (x['dataDim'] = 0))),
    modelCase('dataDim "11"', (m) => editManifest(m, (x) => (x['dataDim'] = '11'))),
    modelCase('dataDim off by one', (m) => editManifest(m, (x) => (x['dataDim'] = (x['dataDim'] as number) + 1))),
    modelCase('latentDim 1e9', (m) => editManifest(m, (x) => (cfg(x)['latentDim'] = 1e9)), 2, /latentDim/),
    modelCase('latentDim 8000', (m) => editManifest(m, (x) => (cfg(x)['latentDim'] = 8000))),
    modelCase('generator hidden [40000, 40000]', (m) => editManifest(m, (x) => ((cfg(x)['generator'] as Record<string, unknown>)['hidden'] = [40000, 40000]))),
    modelCase('generator hidden [16000, 16000]', (m) => editManifest(m, (x) => ((cfg(x)['generator'] as Record<string, unknown>)['hidden'] = [16000, 16000]))),
    modelCase('generator hidden [1e9, 128]', (m) => editManifest(m, (x) => ((cfg(x)['generator'] as Record<string, unknown>)['hidden'] = [1e9, 128]))),
    modelCase('discriminator hidden [30000, 30000]', (m) => editManifest(m, (x) => ((cfg(x)['discriminator'] as Record<string, unknown>)['hidden'] = [30000, 30000]))),
    modelCase('generator hidden "128"', (m) => editManifest(m, (x) => ((cfg(x)['generator'] as Record<string, unknown>)['hidden'] = '128'))),
    modelCase('condWidth 1e9', (m) => editManifest(m, (x) => (cfg(x)['condWidth'] = 1e9))),
    modelCase('condWidth off by one', (m) => editManifest(m, (x) => (cfg(x)['condWidth'] = ((cfg(x)['condWidth'] as number) ?? 0) + 1))),
    modelCase('config __proto__ key', (m) => {
      const p = join(m, 'manifest.json');
      writeFileSync(p, JSON.stringify(JSON.parse(readFileSync(p, 'utf8'))).replace('"config":{', '"config":{"__proto__":{"latentDim":5},'));
    }, 2, /__proto__/),
    modelCase('config unknown key', (m) => editManifest(m, (x) => (cfg(x)['bogus'] = 1))),
    modelCase('config null', (m) => editManifest(m, (x) => (x['config'] = null))),
    modelCase('tensor name duplicated', (m) => editManifest(m, (x) => (weightsTable(x)[1]!['name'] = weightsTable(x)[0]!['name'])), 2, /twice/),
    modelCase('tensor name path-like', (m) => editManifest(m, (x) => (weightsTable(x)[0]!['name'] = '../../x'))),
    modelCase('tensor name __proto__', (m) => editManifest(m, (x) => (weightsTable(x)[0]!['name'] = '__proto__'))),
    modelCase('tensor name unknown', (m) => editManifest(m, (x) => (weightsTable(x)[0]!['name'] = 'G.99.weight'))),
    modelCase('tensor shape as a string', (m) => editManifest(m, (x) => (weightsTable(x)[0]!['shape'] = '3'))),
    modelCase('tensor shape [-1]', (m) => editManifest(m, (x) => (weightsTable(x)[0]!['shape'] = [-1]))),
    modelCase('tensor shape [1e9, 1e9]', (m) => editManifest(m, (x) => (weightsTable(x)[0]!['shape'] = [1e9, 1e9]))),
    modelCase('tensor shape transposed', (m) => editManifest(m, (x) => (weightsTable(x)[0]!['shape'] = [...(weightsTable(x)[0]!['shape'] as number[])].reverse()))),
    modelCase('tensor offset -1', (m) => editManifest(m, (x) => (weightsTable(x)[0]!['offset'] = -1))),
    modelCase('tensor offset past the end', (m) => editManifest(m, (x) => (weightsTable(x)[0]!['offset'] = 1e12))),
    modelCase('weights table missing', (m) => editManifest(m, (x) => delete x['weights'])),
    modelCase('weights table an object', (m) => editManifest(m, (x) => (x['weights'] = {}))),
    modelCase('weights table emptied', (m) => editManifest(m, (x) => (x['weights'] = [])), 'any'),
    modelCase('training.epoch -1', (m) => editManifest(m, (x) => ((x['training'] as Record<string, unknown>)['epoch'] = -1))),
    modelCase('training.rng broken', (m) => editManifest(m, (x) => ((x['training'] as Record<string, unknown>)['rng'] = { s: [1, 2], spare: null }))),
    modelCase('log not a list', (m) => editManifest(m, (x) => (x['log'] = 'x'))),
    modelCase('seed 1.5', (m) => editManifest(m, (x) => (x['seed'] = 1.5))),
    modelCase('kind 123', (m) => editManifest(m, (x) => (x['kind'] = 123))),
    modelCase('data null', (m) => editManifest(m, (x) => (x['data'] = null)), 2, /table/),
    modelCase('data.schema missing', (m) => editManifest(m, (x) => delete (x['data'] as Record<string, unknown>)['schema'])),
    modelCase('transformer format tag missing', (m) => editManifest(m, (x) => delete tr(x)['format']), 2, /transformer/),
    modelCase('transformer min 1e308 > max -1e308', (m) => editManifest(m, (x) => {
      const col = (tr(x)['columns'] as Record<string, unknown>[]).find((k) => k['encoder'] === 'numeric')!;
      col['min'] = 1e308;
      col['max'] = -1e308;
    }), 2, /max/),
    modelCase('transformer unknown method', (m) => editManifest(m, (x) => ((tr(x)['columns'] as Record<string, unknown>[]).find((k) => k['encoder'] === 'numeric')!['method'] = 'magic'))),
    modelCase('transformer decimals 1000', (m) => editManifest(m, (x) => ((tr(x)['columns'] as Record<string, unknown>[]).find((k) => k['encoder'] === 'numeric')!['decimals'] = 1000)), 2, /decimals/),
    modelCase('transformer quantile knots []', (m) => editManifest(m, (x) => {
      const col = (tr(x)['columns'] as Record<string, unknown>[]).find((k) => k['method'] === 'gaussian');
      if (col) (col['quantile'] as Record<string, unknown>)['knots'] = [];
      else tr(x)['columns'] = [];
    })),
    modelCase('categories emptied', (m) => editManifest(m, (x) => {
      const col = (tr(x)['columns'] as Record<string, unknown>[]).find((k) => k['encoder'] === 'categorical')!;
      (col['slots'] as Record<string, unknown>)['categories'] = [];
    }), 2, /categories/),
    modelCase('categories × 100000', (m) => editManifest(m, (x) => {
      const col = (tr(x)['columns'] as Record<string, unknown>[]).find((k) => k['encoder'] === 'categorical')!;
      (col['slots'] as Record<string, unknown>)['categories'] = Array.from({ length: 100_000 }, (_, i) => `c${i}`);
    })),
    modelCase('column renamed "../../x" in schema + transformer', (m) => editManifest(m, (x) => {
      schemaCol(x, 0)['name'] = '../../x';
      trCol(x, 0)['name'] = '../../x';
    }), 'any'),
    modelCase('column renamed "__proto__" in schema + transformer', (m) => editManifest(m, (x) => {
      schemaCol(x, 0)['name'] = '__proto__';
      trCol(x, 0)['name'] = '__proto__';
    }), 'any'),
    modelCase('schema and transformer names differ', (m) => editManifest(m, (x) => (schemaCol(x, 0)['name'] = 'other'))),
    modelCase('schema type banana', (m) => editManifest(m, (x) => (schemaCol(x, 0)['type'] = 'banana'))),
    modelCase('transformer column duplicated', (m) => editManifest(m, (x) => {
      const cols = tr(x)['columns'] as unknown[];
      cols.push(cols[0]);
    })),
  ];
  // Seeded fuzzing: one hostile value at a random place of the manifest (the file table kept consistent).
  const rng = new Rng(seed);
  const paths = leafPaths(manifestSample).filter((p) => p[0] !== 'files');
  for (let k = 0; k < fuzzCount; k++) {
    const path = paths[rng.int(paths.length)]!;
    const value = FUZZ_VALUES[rng.int(FUZZ_VALUES.length)];
    c.push(modelCase(`fuzz ${k}: ${path.join('.')} = ${JSON.stringify(value)}`, (m) => editManifest(m, (x) => setPath(x, path, value)), 'any'));
  }
  return c;
}
