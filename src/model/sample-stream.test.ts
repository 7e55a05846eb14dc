import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatCsv, readTable, TableGan, writeTable, type Table } from '../index.js';
import { parseCondition } from '../data/rejection.js';
import { openTableWriter } from '../data/write-stream.js';
import { copyIndex, matchColumns } from '../eval/index.js';

async function collect(s: AsyncGenerator<Table>): Promise<Table[]> {
  const out: Table[] = [];
  for await (const t of s) out.push(t);
  return out;
}

test('streamed sampling: one block is exactly sample(); more blocks are deterministic, bounded in size, and keep --filter and --exclude', async () => {
  const iris = await readTable('../shared/datasets/iris.csv');
  const model = await TableGan.train(iris, { epochs: 3, seed: 2, progress: 'silent' });
  try {
    // n within one block: the very rows of the non-streamed sample (plain, filtered, with exclusion).
    const filter = parseCondition('petal_length>4', iris.names);
    for (const o of [{ seed: 1, exclude: false as const }, { seed: 1 }, { seed: 1, filter, exclude: false as const }]) {
      const whole = await model.sample(300, o);
      const blocks = await collect(model.sampleStream(300, o, 1000));
      assert.equal(blocks.length, 1);
      assert.equal(formatCsv(blocks[0]!), formatCsv(whole));
    }
    // Many blocks: each at most blockRows rows, the total exact, the same seed the same stream.
    const a = await collect(model.sampleStream(2500, { seed: 4, exclude: false }, 1000));
    const b = await collect(model.sampleStream(2500, { seed: 4, exclude: false }, 1000));
    assert.deepEqual(a.map((t) => t.rowCount), [1000, 1000, 500]);
    assert.equal(a.map((t) => formatCsv(t)).join(), b.map((t) => formatCsv(t)).join());
    // The first block of a long stream is the short sample (prefix-stable).
    assert.equal(formatCsv(a[0]!), formatCsv(await model.sample(1000, { seed: 4, exclude: false })));
    // Filter and exact-copy exclusion hold in every block.
    const filtered = await collect(model.sampleStream(2200, { seed: 5, filter }, 700));
    assert.equal(filtered.reduce((s, t) => s + t.rowCount, 0), 2200);
    assert.ok(filtered.every((t) => t.rowCount < 700 + 1000), "a block far above blockRows");
    const index = copyIndex(iris, matchColumns(iris, iris));
    for (const t of filtered) {
      const pl = t.columns[t.names.indexOf('petal_length')]!.values as Float64Array;
      assert.ok(pl.every((v) => v > 4), 'a row breaks the filter');
      // Iris has one duplicated row: copies are kept up to the natural rate of 2/150 per block.
      const copies = index.copies(t).reduce((s, c) => s + c, 0) / t.rowCount;
      assert.ok(copies <= 2 / 150 + 0.015, `copy share ${copies} in a block`);
    }
  } finally {
    await model.release();
  }
});

test('block writers: CSV/TSV/JSONL/Parquet of several blocks read back as the whole table; one block writes what writeTable writes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ganforge-stream-'));
  try {
    const iris = await readTable('../shared/datasets/iris.csv');
    for (const ext of ['csv', 'tsv', 'jsonl', 'parquet']) {
      const whole = join(dir, `whole.${ext}`);
      const streamed = join(dir, `streamed.${ext}`);
      await writeTable(whole, iris);
      const one = await openTableWriter(join(dir, `one.${ext}`));
      await one.write(iris);
      await one.close();
      assert.ok(readFileSync(join(dir, `one.${ext}`)).equals(readFileSync(whole)), `${ext}: one block differs from writeTable`);
      const w = await openTableWriter(streamed);
      for (let from = 0; from < iris.rowCount; from += 40) {
        const idx = Array.from({ length: Math.min(40, iris.rowCount - from) }, (_, i) => from + i);
        const { takeRows } = await import('../data/table.js');
        await w.write(takeRows(iris, idx));
      }
      await w.close();
      assert.equal(formatCsv(await readTable(streamed)), formatCsv(await readTable(whole)), ext);
    }
    // An aborted writer leaves nothing behind.
    const w = await openTableWriter(join(dir, 'aborted.csv'));
    await w.write(iris);
    await w.abort();
    assert.deepEqual((await import('node:fs')).readdirSync(dir).filter((n) => n.includes('aborted')), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
