/**
 * Exact copies of training rows, held to the rate at which real rows copy each other. On a table of
 * continuous columns a new real row never repeats a training row, so samples must not either; on a
 * table of a few discrete columns (fertility: six yes/no columns, an age and a week count) 98 % of
 * held-back real rows repeat a training row, and refusing every copy would leave only the rare
 * combinations — the opposite of realistic. So copies are dropped only beyond that natural rate.
 */
import type { Rng } from '../util/rng.js';
import type { Table } from '../data/index.js';
import type { CopyIndex } from '../eval/index.js';

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

/**
 * A rejection rule for generated batches: of a batch whose copy share c exceeds the natural rate h,
 * each copy is kept with probability h(1 − c) / (c(1 − h)), so the kept rows copy at rate h;
 * with h = 0 every copy is dropped. Returns 1 for the rows to drop.
 */
export function copyRejection(index: CopyIndex, natural: number, rng: Rng): (t: Table) => Uint8Array {
  return (t) => {
    const flags = Uint8Array.from(index.copies(t));
    let copies = 0;
    for (let i = 0; i < flags.length; i++) copies += flags[i]!;
    const c = flags.length ? copies / flags.length : 0;
    if (natural <= 0 || c === 0) return flags;
    if (c <= natural) return flags.fill(0);
    const keep = (natural * (1 - c)) / (c * (1 - natural));
    for (let i = 0; i < flags.length; i++) if (flags[i] && rng.uniform() < keep) flags[i] = 0;
    return flags;
  };
}
