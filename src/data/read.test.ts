import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTable, writeTable } from './read.js';
import { makeTable, type Table } from './table.js';
import { DataError } from '../util/errors.js';
import { sharedDataset } from './shared-datasets.test.js';

const dir = mkdtempSync(join(tmpdir(), 'ganforge-read-'));
after(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, content: string | Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

async function rejectsData(p: Promise<unknown>, expect: { code: string; file?: string; row?: number; column?: string; message?: RegExp }): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof DataError, `expected DataError, got ${String(e)}`);
    assert.equal(e.code, expect.code);
    if (expect.file !== undefined) assert.ok(e.file?.startsWith(expect.file), `file ${e.file}`);
    if (expect.row !== undefined) assert.equal(e.row, expect.row);
    if (expect.column !== undefined) assert.equal(e.column, expect.column);
    if (expect.message) assert.match(e.message, expect.message);
    if (expect.file !== undefined) assert.ok(e.message.includes(expect.file), 'message names the file');
    if (expect.row !== undefined) assert.ok(e.message.includes(`row ${expect.row}`), 'message names the row');
    if (expect.column !== undefined) assert.ok(e.message.includes(`"${expect.column}"`), 'message names the column');
    return true;
  });
}

test('reads iris.csv with typed columns', async () => {
  const t = await readTable(sharedDataset('iris.csv'));
  assert.equal(t.rowCount, 150);
  assert.deepEqual(t.names, ['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species']);
  assert.equal(t.columns[0]!.kind, 'number');
  assert.equal(t.columns[0]!.values[0], 5.1);
  assert.equal(t.columns[4]!.kind, 'string');
  assert.equal(t.columns[4]!.values[0], 'setosa');
});

test('penguins: empty fields are missing values', async () => {
  const t = await readTable(sharedDataset('penguins.csv'));
  assert.equal(t.rowCount, 344);
  let missing = 0;
  for (const c of t.columns) for (const v of c.values) if (v === null || (typeof v === 'number' && Number.isNaN(v))) missing++;
  assert.equal(missing, 19);
});

test('CSV: BOM, CRLF, quotes, embedded delimiters and newlines', async () => {
  const p = file('quoted.csv', '\uFEFFname,note,x\r\n"Smith, J","said ""hi""\r\nthen left",1.5\r\nplain,,2\r\n');
  const t = await readTable(p);
  assert.deepEqual(t.names, ['name', 'note', 'x']);
  assert.deepEqual(t.columns[0]!.values, ['Smith, J', 'plain']);
  assert.deepEqual(t.columns[1]!.values, ['said "hi"\r\nthen left', null]);
  assert.deepEqual([...t.columns[2]!.values], [1.5, 2]);
});

test('CSV: custom delimiter, TSV, .txt, booleans and dates', async () => {
  const semi = await readTable(file('semi.txt', 'a;b;when\n1;true;2024-01-02\n2;FALSE;2024-03-04T05:06:07Z\n'), { delimiter: ';' });
  assert.equal(semi.columns[1]!.kind, 'boolean');
  assert.deepEqual(semi.columns[1]!.values, [true, false]);
  assert.equal(semi.columns[2]!.kind, 'datetime');
  assert.equal(semi.columns[2]!.values[0], Date.UTC(2024, 0, 2));
  assert.equal(semi.columns[2]!.values[1], Date.UTC(2024, 2, 4, 5, 6, 7));
  const sniffed = await readTable(file('semi.csv', '"x;y";b;c\n1,5;2;3\n'));
  assert.deepEqual(sniffed.names, ['x;y', 'b', 'c'], 'delimiter guessed from the header');
  assert.deepEqual(sniffed.columns[0]!.values, ['1,5']);
  const tabbed = await readTable(file('tabbed.txt', 'a\tb\n1\t2\n'));
  assert.deepEqual(tabbed.names, ['a', 'b']);
  const tsv = await readTable(file('t.tsv', 'a\tb\n1\tx y\n'));
  assert.deepEqual(tsv.columns[1]!.values, ['x y']);
});

test('CSV: a column that looks numeric until a late text cell keeps every cell\'s exact text', async () => {
  const cells = ['1.50', '007', '', ' 5', '1e3', '9345889511535543', '0.0000001', '-0', '-12.5', '123456789012345', 'A12'];
  const t = await readTable(file('late.csv', 'code,x\n' + cells.map((c, i) => `${c},${i}`).join('\n') + '\n'));
  assert.equal(t.columns[0]!.kind, 'string');
  assert.deepEqual(t.columns[0]!.values, cells.map((c) => (c === '' ? null : c)));
  assert.deepEqual([...t.columns[1]!.values], cells.map((_, i) => i));
  // Without the text cell the same column is numeric.
  const n = await readTable(file('num.csv', 'code,x\n' + cells.slice(0, -1).map((c) => `${c},1`).join('\n') + '\n'));
  assert.deepEqual([...n.columns[0]!.values], cells.slice(0, -1).map((c) => (c === '' ? NaN : Number(c))));
});

test('bad CSV input gives a DataError naming file, row and column', async () => {
  await rejectsData(readTable(file('ragged.csv', 'a,b,c\n1,2,3\n4,5\n')), { code: 'DATA_RAGGED_ROW', file: dir, row: 3, column: 'c' });
  await rejectsData(readTable(file('ragged2.csv', 'a,b\n1,2\n3,4,5\n')), { code: 'DATA_RAGGED_ROW', row: 3, column: '#3' });
  await rejectsData(readTable(file('quote.csv', 'a,b\n1,"open\n2,3\n')), { code: 'DATA_UNCLOSED_QUOTE', file: dir, row: 2, column: 'b', message: /never closed/ });
  await rejectsData(readTable(file('quote2.csv', 'a,b\n1,2\n3,"x"y\n')), { code: 'DATA_BAD_CSV', row: 3, column: 'b', message: /Quote/ });
  await rejectsData(readTable(file('empty.csv', '')), { code: 'DATA_EMPTY_FILE', file: dir, row: 1 });
  await rejectsData(readTable(file('header.csv', 'a,b\n')), { code: 'DATA_NO_ROWS', file: dir, row: 2, column: 'a' });
  const latin1 = Buffer.concat([Buffer.from('name,city\nx,'), Buffer.from([0x4d, 0xfc, 0x6e]), Buffer.from('chen\n')]);
  await rejectsData(readTable(file('latin1.csv', latin1)), { code: 'DATA_NOT_UTF8', file: dir, row: 2, column: 'city' });
  await rejectsData(readTable(file('inf.csv', 'a,b\n1,2\n3,Infinity\n')), { code: 'DATA_NON_FINITE', row: 3, column: 'b', message: /Infinity/ });
  await rejectsData(readTable(file('nan.csv', 'a,b\nNaN,2\n')), { code: 'DATA_NON_FINITE', row: 2, column: 'a' });
  await rejectsData(readTable(file('dup.csv', 'a,b,a\n1,2,3\n')), { code: 'DATA_DUPLICATE_COLUMN', file: dir, row: 1, column: 'a' });
  await rejectsData(readTable(file('trail.csv', 'a,b,\n1,2,\n')), { code: 'DATA_BLANK_COLUMN_NAME', row: 1, column: '#3', message: /delimiter at the end/ });
  await rejectsData(readTable(join(dir, 'nope.csv')), { code: 'DATA_NO_FILE' });
  await rejectsData(readTable(file('x.dat', 'a\n1\n')), { code: 'DATA_UNKNOWN_FORMAT' });
});

test('bad JSON/JSONL input', async () => {
  await rejectsData(readTable(file('bad.jsonl', '{"a":1}\n{"a":\n')), { code: 'DATA_BAD_JSON', row: 2 });
  await rejectsData(readTable(file('nested.json', '[{"a":1},{"a":{"b":2}}]')), { code: 'DATA_NESTED_VALUE', row: 2, column: 'a' });
  await rejectsData(readTable(file('empty.jsonl', '')), { code: 'DATA_EMPTY_FILE' });
  const bad = Buffer.concat([Buffer.from('{"a":"x"}\n{"a":"'), Buffer.from([0xe9]), Buffer.from('"}\n')]);
  await rejectsData(readTable(file('latin1.jsonl', bad)), { code: 'DATA_NOT_UTF8', row: 2 });
  await rejectsData(readTable(join(dir, 'missing.jsonl')), { code: 'DATA_NO_FILE', file: dir });
  await rejectsData(readTable(file('inf.json', '[{"a":1},{"a":"Infinity"}]')), { code: 'DATA_NON_FINITE', row: 2, column: 'a' });
  const ok = await readTable(file('ok.jsonl', '{"a":1,"b":"x"}\r\n\r\n{"b":"y","c":true}\n'));
  assert.deepEqual(ok.names, ['a', 'b', 'c']);
  assert.deepEqual([...ok.columns[0]!.values], [1, NaN]);
  assert.deepEqual(ok.columns[2]!.values, [null, true]);
});

function mixedTable(): Table {
  return makeTable(
    ['x', 'n', 'label', 'flag', 'when', 'stamp'],
    [
      { kind: 'number', values: Float64Array.from([1.5, -2.25e-7, NaN, 123456789.125]) },
      { kind: 'number', values: Float64Array.from([1, 2, 3, 4]) },
      { kind: 'string', values: ['a, "quoted"', null, 'multi\nline', 'ünï'] },
      { kind: 'boolean', values: [true, false, null, true] },
      { kind: 'datetime', values: Float64Array.from([Date.UTC(2020, 0, 1), NaN, Date.UTC(1999, 11, 31), Date.UTC(2024, 1, 29)]) },
      { kind: 'datetime', values: Float64Array.from([Date.UTC(2020, 0, 1, 12, 30, 1), Date.UTC(2021, 5, 6, 7, 8, 9), NaN, Date.UTC(2001, 1, 2, 3, 4, 5)]) },
    ],
  );
}

test('readers agree: the same table saved as CSV, JSONL, .xlsx and Parquet reads back identical', async () => {
  const t = mixedTable();
  for (const ext of ['csv', 'tsv', 'jsonl', 'xlsx', 'parquet']) {
    const p = join(dir, `roundtrip.${ext}`);
    await writeTable(p, t);
    const back = await readTable(p);
    assert.deepEqual(back.names, t.names, ext);
    t.columns.forEach((c, j) => {
      assert.equal(back.columns[j]!.kind, c.kind, `${ext} ${t.names[j]} kind`);
      assert.deepEqual([...back.columns[j]!.values], [...c.values], `${ext} ${t.names[j]} values`);
    });
  }
  // And the real iris file through every format.
  const iris = await readTable(sharedDataset('iris.csv'));
  for (const ext of ['csv', 'jsonl', 'xlsx', 'parquet']) {
    const p = join(dir, `iris.${ext}`);
    await writeTable(p, iris);
    assert.deepEqual(await readTable(p), iris, ext);
  }
});

test('Excel: pick a sheet by name or number; a missing sheet is a DataError', async () => {
  const p = join(dir, 'sheets.xlsx');
  await writeTable(p, mixedTable());
  const byName = await readTable(p, { sheet: 'data' });
  const byNumber = await readTable(p, { sheet: 1 });
  assert.deepEqual(byName, byNumber);
  await rejectsData(readTable(p, { sheet: 'Sheet9' }), { code: 'DATA_NO_SHEET', file: p, message: /Sheet9.*"data"/ });
});

test('writers leave nothing half-written when they fail', async () => {
  const p = join(dir, 'keep.csv');
  writeFileSync(p, 'old,content\n1,2\n');
  const n = 25_000;
  const values = new Array<string | null>(n).fill('v');
  // A column that fails part-way through (after the first 10,000-row block is already on disk).
  const failing = new Proxy(values, {
    get(target, key, recv) {
      if (key === '20000') throw new Error('disk full (simulated)');
      return Reflect.get(target, key, recv);
    },
  });
  const bad: Table = { names: ['s'], columns: [{ kind: 'string', values: failing }], rowCount: n };
  for (const ext of ['csv', 'jsonl', 'xlsx', 'parquet']) {
    const target = ext === 'csv' ? p : join(dir, `never.${ext}`);
    const before = readdirSync(dir).sort();
    await assert.rejects(writeTable(target, bad), /disk full/);
    assert.deepEqual(readdirSync(dir).sort(), before, `${ext}: no temp file or partial output left`);
  }
  assert.equal(readFileSync(p, 'utf8'), 'old,content\n1,2\n');
  const huge: Table = { names: ['x'], columns: [{ kind: 'number', values: new Float64Array(1_048_576) }], rowCount: 1_048_576 };
  await assert.rejects(writeTable(join(dir, 'huge.xlsx'), huge), (e: unknown) => e instanceof DataError && e.code === 'DATA_TOO_BIG_FOR_EXCEL' && /parquet/.test(e.message));
  assert.ok(!readdirSync(dir).some((f) => f.includes('huge')));
});
