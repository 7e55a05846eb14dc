// The readers of bytes in memory (the studio's) give the same tables as the CLI's file readers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError } from '../util/errors.js';
import { readTable } from './read.js';
import { writeTable } from './write.js';
import { tableFromBytes } from './from-bytes.js';
import type { Table } from './table.js';

const same = (a: Table, b: Table): void => {
  assert.deepEqual(b.names, a.names);
  assert.equal(b.rowCount, a.rowCount);
  a.columns.forEach((c, j) => {
    assert.equal(b.columns[j]!.kind, c.kind, a.names[j]);
    assert.deepEqual([...b.columns[j]!.values], [...c.values], a.names[j]);
  });
};

test('CSV, TSV, JSON, XLSX and Parquet bytes read as the file readers read the files', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ganforge-bytes-'));
  try {
    const penguins = await readTable('../shared/datasets/penguins.csv');
    same(penguins, await tableFromBytes(await readFile('../shared/datasets/penguins.csv'), 'penguins.csv'));
    for (const ext of ['tsv', 'xlsx', 'parquet']) {
      const p = join(dir, `penguins.${ext}`);
      await writeTable(p, penguins);
      same(await readTable(p), await tableFromBytes(await readFile(p), `penguins.${ext}`));
    }
    const json = join(dir, 'rows.json');
    await writeFile(json, JSON.stringify([{ a: 1, b: 'x' }, { a: 2.5, b: null }, { b: 'y', c: true }]));
    same(await readTable(json), await tableFromBytes(await readFile(json), 'rows.json'));
    // A semicolon file from a spreadsheet: the delimiter is guessed the same way.
    const semi = new TextEncoder().encode('a;b\n1;x\n2;y\n');
    assert.deepEqual((await tableFromBytes(semi, 'eu.csv')).names, ['a', 'b']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('bad bytes fail with the file readers\' errors, naming the file, row and column', async () => {
  const fails = async (text: string | Uint8Array, name: string, code: string, row?: number, column?: string): Promise<void> => {
    const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
    await assert.rejects(tableFromBytes(bytes, name), (e: unknown) => e instanceof DataError && e.code === code && e.file === name
      && (row === undefined || e.row === row) && (column === undefined || e.column === column));
  };
  await fails('a,b\n1,2\n3\n', 't.csv', 'DATA_RAGGED_ROW', 3, 'b');
  await fails('a,b\n1,"2\n', 't.csv', 'DATA_UNCLOSED_QUOTE');
  await fails(Uint8Array.of(0x61, 0x2c, 0x62, 0x0a, 0x31, 0x2c, 0xff, 0x0a), 'latin.csv', 'DATA_NOT_UTF8', 2, 'b');
  await fails('a,b\n', 'h.csv', 'DATA_NO_ROWS', 2);
  await fails('', 'e.csv', 'DATA_EMPTY_FILE');
  await fails('{"a": 1}', 'o.json', 'DATA_NOT_AN_ARRAY');
  await fails('not a workbook', 'x.xlsx', 'DATA_BAD_XLSX');
  await fails('not parquet', 'x.parquet', 'DATA_BAD_PARQUET');
  await fails('a\n1\n', 'x.sav', 'DATA_UNKNOWN_FORMAT');
});
