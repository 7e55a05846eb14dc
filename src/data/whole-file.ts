/** Reading a whole binary file (Excel, Parquet) with the data layer's errors for missing and empty files. */
import { readFile } from 'node:fs/promises';
import { DataError } from '../util/errors.js';

export async function readWholeFile(file: string, emptyHint: string): Promise<Buffer> {
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new DataError('DATA_NO_FILE', 'file not found', { file }, 'check the path');
    throw e;
  }
  if (buf.length === 0) throw new DataError('DATA_EMPTY_FILE', 'the file is empty', { file, row: 1 }, emptyHint);
  return buf;
}
