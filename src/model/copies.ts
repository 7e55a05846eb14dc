/**
 * Exact copies of training rows, held to the rate at which real rows copy each other. On a table of
 * continuous columns a new real row never repeats a training row, so samples must not either; on a
 * table of a few discrete columns (fertility: six yes/no columns, an age and a week count) 98 % of
 * held-back real rows repeat a training row, and refusing every copy would leave only the rare
 * combinations — the opposite of realistic. So copies are dropped only beyond that natural rate
 * (per row, in row-sampling.ts).
 */
import type { Table } from '../data/index.js';
import type { CopyIndex } from '../data/copy-index.js';

/**
 * The share of new real rows expected to repeat a training row: of `heldOut` rows when there are
 * any, else of the indexed (training) rows that have an exact duplicate among them (leave-one-out).
 */
export function naturalCopyRate(index: CopyIndex, heldOut: Table | null): number {
  const flags = heldOut && heldOut.rowCount > 0 ? index.copies(heldOut) : index.duplicates();
  let copies = 0;
  for (let i = 0; i < flags.length; i++) copies += flags[i]!;
  return flags.length ? copies / flags.length : 0;
}
