/** Header validation shared by the row-oriented readers (CSV, Excel, JSON). */
import { DataError } from '../util/errors.js';

/** Trims names, rejects blank and duplicate ones; row 1 is the header. */
export function checkHeader(raw: readonly unknown[], file: string, row = 1): string[] {
  const names = raw.map((v) => (v === null || v === undefined ? '' : String(v).trim()));
  const seen = new Map<string, number>();
  names.forEach((name, j) => {
    if (name === '') {
      const trailing = j === names.length - 1 && j > 0;
      throw new DataError(
        'DATA_BLANK_COLUMN_NAME',
        `column ${j + 1} has no name`,
        { file, row, column: `#${j + 1}` },
        trailing ? 'remove the delimiter at the end of each line, or name the last column' : 'give every column a name in the header row',
      );
    }
    const prev = seen.get(name);
    if (prev !== undefined) {
      throw new DataError('DATA_DUPLICATE_COLUMN', `column name is used twice (columns ${prev + 1} and ${j + 1})`, { file, row, column: name }, 'rename one of the columns');
    }
    seen.set(name, j);
  });
  return names;
}
