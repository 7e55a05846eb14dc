// Format edge cases beyond our own writers: Excel sheets with holes, Parquet integer/timestamp types.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import writeXlsxFile from 'write-excel-file/node';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { readTable } from './read.js';
import { DataError } from '../util/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'ganforge-formats-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('Excel: second sheet by name, empty cells are missing, values right of the header are an error', async () => {
  const p = join(dir, 'two.xlsx');
  await writeXlsxFile([
    { sheet: 'notes', data: [[{ value: 'just text' }]] },
    {
      sheet: 'measurements',
      data: [
        [{ value: 'id' }, { value: 'len' }, { value: 'kind' }],
        [{ value: 1 }, { value: 2.5 }, { value: 'a' }],
        [{ value: 2 }, null, { value: 'b' }],
      ],
    },
  ]).toFile(p);
  const t = await readTable(p, { sheet: 'measurements' });
  assert.deepEqual(t.names, ['id', 'len', 'kind']);
  assert.deepEqual([...t.columns[1]!.values], [2.5, NaN]);
  assert.deepEqual(t.columns[2]!.values, ['a', 'b']);
  const bad = join(dir, 'ragged.xlsx');
  await writeXlsxFile([[{ value: 'a' }, { value: 'b' }], [{ value: 1 }, { value: 2 }, { value: 3 }]]).toFile(bad);
  await assert.rejects(readTable(bad), (e: unknown) => e instanceof DataError && e.code === 'DATA_RAGGED_ROW' && e.row === 2 && e.column === '#3' && e.message.includes(bad));
  const headerOnly = join(dir, 'header.xlsx');
  await writeXlsxFile([[{ value: 'a' }, { value: 'b' }]]).toFile(headerOnly);
  await assert.rejects(readTable(headerOnly), (e: unknown) => e instanceof DataError && e.code === 'DATA_NO_ROWS' && e.row === 2);
  const dup = join(dir, 'dup.xlsx');
  await writeXlsxFile([[{ value: 'a' }, { value: 'a' }], [{ value: 1 }, { value: 2 }]]).toFile(dup);
  await assert.rejects(readTable(dup), (e: unknown) => e instanceof DataError && e.code === 'DATA_DUPLICATE_COLUMN' && e.column === 'a' && e.row === 1);
  const notXlsx = join(dir, 'fake.xlsx');
  writeFileSync(notXlsx, 'a,b\n1,2\n');
  await assert.rejects(readTable(notXlsx), (e: unknown) => e instanceof DataError && e.code === 'DATA_BAD_XLSX');
});

test('Parquet written by others: INT32/INT64/TIMESTAMP/BOOLEAN with nulls read as typed columns', async () => {
  const p = join(dir, 'typed.parquet');
  const buf = parquetWriteBuffer({
    columnData: [
      { name: 'i32', type: 'INT32', data: [1, null, 3] },
      { name: 'i64', type: 'INT64', data: [10n, 20n, null] },
      { name: 'ts', type: 'TIMESTAMP', data: [new Date(Date.UTC(2020, 1, 3)), null, new Date(Date.UTC(2021, 0, 1, 5))] },
      { name: 'ok', type: 'BOOLEAN', data: [true, null, false] },
      { name: 'f', type: 'DOUBLE', data: [0.5, NaN, null] },
    ],
  });
  writeFileSync(p, new Uint8Array(buf));
  const t = await readTable(p);
  assert.deepEqual(t.columns.map((c) => c.kind), ['number', 'number', 'datetime', 'boolean', 'number']);
  assert.deepEqual([...t.columns[0]!.values], [1, NaN, 3]);
  assert.deepEqual([...t.columns[1]!.values], [10, 20, NaN]);
  assert.deepEqual([...t.columns[2]!.values], [Date.UTC(2020, 1, 3), NaN, Date.UTC(2021, 0, 1, 5)]);
  assert.deepEqual(t.columns[3]!.values, [true, null, false]);
  assert.deepEqual([...t.columns[4]!.values], [0.5, NaN, NaN], 'NaN in Parquet is missing');
  const trunc = join(dir, 'trunc.parquet');
  writeFileSync(trunc, new Uint8Array(buf).subarray(0, 40));
  await assert.rejects(readTable(trunc), (e: unknown) => e instanceof DataError && e.code === 'DATA_BAD_PARQUET');
});
