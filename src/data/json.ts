/** JSON (an array of row objects) and JSON Lines (one row object per line) reading. */
import { readFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { DataError } from '../util/errors.js';
import type { Table } from './table.js';
import { jsonFromBytes, RowCollector } from './json-bytes.js';
import { StrictUtf8 } from './utf8-stream.js';

export async function readJson(file: string): Promise<Table> {
  return jsonFromBytes(await readFile(file), file);
}

export async function readJsonl(file: string): Promise<Table> {
  const rows = new RowCollector(file);
  const bytes = createReadStream(file);
  const decoded = new StrictUtf8(file, '', () => []);
  bytes.on('error', (e) => decoded.destroy(e));
  const lines = createInterface({ input: bytes.pipe(decoded), crlfDelay: Infinity });
  let line = 0;
  for await (const raw of lines) {
    line++;
    const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (text.trim() === '') continue;
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch (e) {
      throw new DataError('DATA_BAD_JSON', `not valid JSON (${(e as Error).message})`, { file, row: line }, 'each line must hold one complete JSON object');
    }
    rows.add(obj, line);
  }
  if (line === 0) throw new DataError('DATA_EMPTY_FILE', 'the file is empty', { file, row: 1 }, 'write one JSON object per line');
  return rows.table();
}
