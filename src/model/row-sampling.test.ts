import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCsv, readTable, TableGan, type Table } from '../index.js';
import { parseCondition } from '../data/rejection.js';
import { RowStreams } from '../util/rng.js';
import { TableBuilder } from '../data/packed-table.js';
import { spanLayout } from '../data/transformer.js';
import { RowInputs, strataBits } from './row-sampling.js';
import { openSamplingThread } from './sampling-thread.js';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { tempDirs } from '../util/test-helpers.js';

const tmp = tempDirs('ganforge-rows-');

async function rows(s: AsyncGenerator<Table>): Promise<string> {
  let out = '';
  for await (const t of s) out += formatCsv(t).slice(formatCsv(t).indexOf('\n') + 1);
  return out;
}

test('row streams: a row\'s numbers depend on (seed, row, attempt) only, not on the order rows are drawn in', () => {
  const a = new RowStreams(7, 'x');
  const draw = (s: RowStreams, r: number, at = 0): number[] => Array.from({ length: 4 }, ((g) => () => g.nextU32())(s.at(r, at)));
  const forward = [0, 1, 2, 3, 2 ** 32 + 1, 2 ** 40].map((r) => draw(a, r));
  const b = new RowStreams(7, 'x');
  const backward = [2 ** 40, 2 ** 32 + 1, 3, 2, 1, 0].map((r) => draw(b, r)).reverse();
  assert.deepEqual(forward, backward);
  assert.notDeepEqual(draw(a, 5, 0), draw(a, 5, 1));
  // Every word of a row's stream changes with the attempt, the first included (xoshiro128**'s first output is one state word's function).
  for (let at = 1; at < 20; at++) assert.notEqual(draw(a, 5, 0)[0], draw(a, 5, at)[0], `attempt ${at}`);
  assert.notDeepEqual(draw(a, 1), draw(new RowStreams(8, 'x'), 1));
  // Rows 0 and 2³² (same low word) get different streams.
  assert.notDeepEqual(draw(a, 0), draw(a, 2 ** 32));
  // First words of many consecutive rows look uniform (a weak row hash would show up here).
  const n = 20000;
  let mean = 0;
  for (let r = 0; r < n; r++) mean += a.at(r).nextU32() / 2 ** 32 / n;
  assert.ok(Math.abs(mean - 0.5) < 0.01, `mean ${mean}`);
});

test('shards: rows [⌊K·N/S⌋, ⌊(K+1)·N/S⌋) of each shard, put together, are exactly the one-process sample (plain, --where, --filter and copy exclusion)', async () => {
  const penguins = await readTable('../shared/datasets/penguins.csv');
  const model = await TableGan.train(penguins, { epochs: 2, seed: 3, progress: 'silent' });
  try {
    const filter = parseCondition('body_mass_g>=4500', penguins.names);
    const cases = [{ seed: 1, exclude: false as const }, { seed: 2 }, { seed: 3, filter }, { seed: 4, where: { species: 'Gentoo' } }];
    const N = 1003, S = 3;
    for (const o of cases) {
      const whole = await rows(model.sampleStream(N, o, 400));
      let parts = '';
      for (let k = 0; k < S; k++) {
        const a = Math.floor((k * N) / S), b = Math.floor(((k + 1) * N) / S);
        parts += await rows(model.sampleRange(a, b - a, o, 150));
      }
      assert.equal(parts, whole, JSON.stringify(Object.keys(o)));
      assert.equal(whole.split('\n').length - 1, N);
    }
    // The conditions hold, and the rows do vary.
    const f = await model.sample(300, { seed: 3, filter });
    assert.ok((f.columns[f.names.indexOf('body_mass_g')]!.values as Float64Array).every((v) => v >= 4500));
    const g = await model.sample(300, { seed: 4, where: { species: 'Gentoo' } });
    assert.ok((g.columns[g.names.indexOf('species')]!.values as string[]).every((v) => v === 'Gentoo'));
    assert.ok(new Set(g.columns[g.names.indexOf('bill_length_mm')]!.values as Float64Array).size > 50);
    // Another seed, other rows.
    assert.notEqual(formatCsv(await model.sample(50, { seed: 9 })), formatCsv(await model.sample(50, { seed: 10 })));
  } finally {
    await model.release();
  }
});

test('the sampling thread makes exactly this thread\'s generator inputs and tables, and large samples are the same rows with it and without', async () => {
  const penguins = await readTable('../shared/datasets/penguins.csv');
  const model = await TableGan.train(penguins, { epochs: 2, seed: 5, progress: 'silent' });
  try {
    const rs = model.rowSampler({ seed: 7, exclude: false });
    const here = new RowInputs(rs.model, { island: 'Dream' }, true);
    const thread = openSamplingThread(here.spec());
    assert.ok(thread, 'the compiled sampling worker is found');
    try {
      const t0 = Date.now();
      while (!thread.ready && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 10));
      assert.ok(thread.ready, 'the sampling thread came up');
      // Rows out of order, later attempts, and a second stream (the copy calibration's).
      const ids = Float64Array.from([5, 3, 2 ** 40, 0, 99, 99]);
      const attempts = Uint32Array.from([0, 2, 1, 0, 0, 7]);
      for (const streams of [new RowStreams(7, 'sample-rows'), new RowStreams(7, 'copy-calibration')]) {
        const want = here.prepare(ids, attempts, streams);
        const got = await thread.prepare(Float64Array.from(ids), Uint32Array.from(attempts), streams);
        assert.deepEqual(got.inputs, want.inputs, streams.label);
        assert.deepEqual(got.accept, want.accept, streams.label);
        // The generator's output for those rows, decoded there and here.
        const output = await model.trainer.sampleFrom(ids.length, want.inputs);
        const packed = await thread.decode(got.id, Float32Array.from(output));
        const table = new TableBuilder(ids.length);
        table.add(packed, 0, ids.length, 0);
        assert.equal(formatCsv(table.table()), formatCsv(here.decode(output, want)), streams.label);
      }
      assert.ok(here.prepare(ids, attempts, new RowStreams(7, 'sample-rows')).inputs.prior!.some((v) => v !== 0), 'the prior rows were made');
      // Rows it has no prepared inputs for: an error, not a table.
      await assert.rejects(thread.decode(12345, new Float32Array(spanLayout(here.model.transformer).width)), /no prepared rows/);
    } finally {
      thread.close();
    }
    // Over the size from which sampling uses the thread: the same table, plain, conditioned and with copies refused (rows drawn again).
    const n = 40_000;
    for (const o of [{ seed: 2, exclude: false as const }, { seed: 3, where: { species: 'Chinstrap' } }, { seed: 4 }]) {
      const a = formatCsv(await model.sample(n, { ...o, prefetch: false }));
      const b = formatCsv(await model.sample(n, o));
      assert.equal(a.split('\n').length - 2, n);
      assert.ok(a === b, `rows made on the thread differ (${JSON.stringify(o)})`);
    }
    // A process that reads one block of a large sample and drops the rest exits by itself (the
    // thread holds the process only while a reply is awaited), and one that awaits a block does not exit early.
    const dir = join(await tmp(), 'm');
    await model.save(dir);
    const script = `const { TableGan } = await import(${JSON.stringify(resolve('dist/index.js'))});
      const m = await TableGan.load(${JSON.stringify(dir)});
      const first = await m.sampleStream(200000, { seed: 1 }, 40000).next();
      console.log(first.value.rowCount);`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(child.status, 0, `exit ${child.status} ${child.signal ?? ''} ${child.stderr}`);
    assert.equal(child.stdout.trim(), '40000');
    // A shard made with the thread, in blocks that cut its chunks, is those rows of the one-process table made without it.
    const whole = (await rows(model.sampleStream(85_000, { seed: 2, exclude: false, prefetch: false }, 30_000))).split('\n');
    const shard = await rows(model.sampleRange(45_000, 40_000, { seed: 2, exclude: false }, 30_000));
    assert.ok(shard === whole.slice(45_000).join('\n'), 'a shard made on the thread differs from those rows of the whole table');
    // Fresh identifiers and pooled labels (strings unique per row, and drawn per row) come back the same from the thread.
    const levels = manyLevels(3000);
    const withIds = { ...levels, names: ['id', ...levels.names], columns: [{ kind: 'string' as const, values: Array.from({ length: 3000 }, (_, i) => `u${i}`) }, ...levels.columns] };
    const small = await TableGan.train(withIds, { epochs: 1, seed: 2, progress: 'silent' });
    try {
      const a = formatCsv(await small.sample(n, { seed: 6, prefetch: false }));
      assert.ok(/^id,city,x\nusyn[0-9a-f]{24},/.test(a), a.slice(0, 80));
      assert.ok(a === formatCsv(await small.sample(n, { seed: 6 })), 'rows made on the thread differ (identifiers, pooled labels)');
    } finally {
      await small.release();
    }
  } finally {
    await model.release();
  }
});

/** A table with a 300-level column (Zipf-like: most rare levels pooled into one slot) beside a number that depends on it. */
function manyLevels(n: number): Table {
  let s = 12345;
  const u = (): number => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  const city: string[] = [], x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(300 * u() ** 3);
    city.push(`c${c}`);
    x[i] = c / 30 + u();
  }
  return { names: ['city', 'x'], columns: [{ kind: 'string', values: city }, { kind: 'number', values: x }], rowCount: n };
}

/** Total variation distance between a column's category shares in two tables. */
function tvd(a: string[], b: string[]): number {
  const share = (v: string[]): Map<string, number> => v.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1 / v.length), new Map<string, number>());
  const p = share(a), q = share(b);
  let d = 0;
  for (const k of new Set([...p.keys(), ...q.keys()])) d += Math.abs((p.get(k) ?? 0) - (q.get(k) ?? 0));
  return d / 2;
}

test('a pooled "other" slot gives each row one of its rare categories by their counts, from the row\'s own stream (shards equal)', async () => {
  const real = manyLevels(4000);
  const model = await TableGan.train(real, { epochs: 1, seed: 2, progress: 'silent' });
  try {
    const city = model.data.transformer.columns.find((c) => c.name === 'city');
    assert.ok(city?.encoder === 'categorical' && city.slots.other && city.slots.other.labels.length > 100, 'the rare levels are pooled');
    const syn = await model.sample(4000, { seed: 5, exclude: false });
    const values = syn.columns[0]!.values as string[];
    const pooled = new Set(city.slots.other.labels);
    // Every pooled row drew its own label: many distinct pooled labels, none standing in for all.
    const pooledRows = values.filter((v) => pooled.has(v));
    assert.ok(new Set(pooledRows).size > 60, `${new Set(pooledRows).size} distinct pooled labels`);
    assert.ok(pooledRows.filter((v) => v === city.slots.other!.labels[0]).length < pooledRows.length / 4);
    // The column's shares come back (one label for the whole slot scored 0.34 here).
    const d = tvd(real.columns[0]!.values as string[], values);
    assert.ok(d < 0.15, `TVD ${d.toFixed(3)}`);
    // Row by row: shards are the one-process rows.
    const whole = await rows(model.sampleStream(900, { seed: 7, exclude: false }, 250));
    assert.equal(await rows(model.sampleRange(0, 450, { seed: 7, exclude: false }, 100)) + await rows(model.sampleRange(450, 450, { seed: 7, exclude: false }, 100)), whole);
  } finally {
    await model.release();
  }
});

test('extremes: each numeric column\'s (and number category column\'s) training minimum and maximum replace its lowest and highest value of the first rows; nothing else changes; shards agree; not with --where', async () => {
  const penguins = await readTable('../shared/datasets/penguins.csv');
  const model = await TableGan.train(penguins, { epochs: 2, seed: 3, progress: 'silent' });
  try {
    const every = model.data.rows, N = 2 * every;
    const on = await model.sample(N, { seed: 5 }), off = await model.sample(N, { seed: 5, extremes: false });
    // Numeric columns, and numbers kept as categories (year: 2007–2009) with their lowest and highest category.
    const numeric = model.data.transformer.columns.flatMap((c) => {
      if (c.encoder === 'numeric') return [{ name: c.name, min: c.min, max: c.max }];
      if (c.encoder !== 'categorical' || c.sourceKind !== 'number') return [];
      const v = c.slots.categories.map(Number);
      return [{ name: c.name, min: Math.min(...v), max: Math.max(...v) }];
    });
    assert.ok(numeric.some((c) => c.name === 'year'));
    let changed = 0;
    on.columns.forEach((c, j) => {
      const numericColumn = numeric.find((x) => x.name === on.names[j]);
      for (let i = 0; i < N; i++) {
        if (Object.is(c.values[i], off.columns[j]!.values[i])) continue;
        changed++;
        assert.ok(numericColumn && i < every && (c.values[i] === numericColumn.min || c.values[i] === numericColumn.max), `${on.names[j]} row ${i}: ${String(c.values[i])}`);
      }
    });
    assert.ok(changed > 0 && changed <= 2 * numeric.length, `${changed} cells changed`);
    for (const c of numeric) {
      const x = on.columns[on.names.indexOf(c.name)]!.values as Float64Array, y = off.columns[off.names.indexOf(c.name)]!.values as Float64Array;
      // The rows that take the extremes are the plain sample's lowest and highest of the first `every` rows.
      let lo = -1, hi = -1;
      for (let i = 0; i < every; i++) {
        if (!Number.isNaN(y[i]!) && (lo < 0 || y[i]! < y[lo]!)) lo = i;
        if (!Number.isNaN(y[i]!) && (hi < 0 || y[i]! > y[hi]!)) hi = i;
      }
      assert.equal(x[lo], c.min, `${c.name}: row ${lo} had the lowest value`);
      assert.equal(x[hi], c.max, `${c.name}: row ${hi} had the highest value`);
    }
    // Rows [a, b) alone are those rows of the whole sample (the window's extremes are found the same way), and so is a prefix.
    const csv = formatCsv(on).split('\n');
    assert.equal(await rows(model.sampleRange(100, 300, { seed: 5 }, 128)), csv.slice(101, 401).join('\n') + '\n');
    assert.equal(formatCsv(await model.sample(every, { seed: 5 })), csv.slice(0, every + 1).join('\n') + '\n');
    const where = { species: 'Gentoo' };
    assert.equal(formatCsv(await model.sample(N, { seed: 6, where })), formatCsv(await model.sample(N, { seed: 6, where, extremes: false })));
  } finally {
    await model.release();
  }
});

test('stratified rows: a block\'s first attempts fill every cell of every uniform column once, rows drawn again do not, and a sample\'s category shares vary less than independent rows\' do', async () => {
  const penguins = await readTable('../shared/datasets/penguins.csv');
  const model = await TableGan.train(penguins, { epochs: 1, seed: 2, progress: 'silent' });
  try {
    const bits = 7, B = 1 << bits;
    const rs = model.rowSampler({ seed: 9, exclude: false });
    const ids = Float64Array.from({ length: B }, (_, i) => 3 * B + i);
    const check = (attempts: Uint32Array | null): boolean => {
      const noise = rs.noise(ids, attempts, 0, B);
      return rs.roles.every((r) => {
        // (a condition's second uniform comes from its first: BlockStrata's rows per column)
        for (let j = 0; j < (r.name === 'cond_uniform' ? 1 : r.width); j++) {
          const cells = new Set<number>();
          for (let i = 0; i < B; i++) cells.add(Math.floor(noise[r.name][i * r.width + j]! * B));
          if (cells.size !== B) return false;
        }
        return true;
      });
    };
    assert.equal(model.data.rows, penguins.rowCount);
    // Blocks of a quarter to a half of the training rows, 16 to 4096 rows.
    assert.deepEqual([2, 40, 150, 333, 2930, 8871, 254654, NaN].map(strataBits), [4, 4, 6, 7, 10, 12, 12, 0]);
    assert.ok(check(null), 'a block of first attempts misses a cell');
    assert.ok(!check(new Uint32Array(B).fill(1)), 'second attempts are stratified too');
    // Species shares of 333-row samples over 24 seeds: the spread of stratified samples is well under that of independent ones.
    const spread = async (stratify: boolean): Promise<number> => {
      const shares: number[] = [];
      for (let seed = 0; seed < 24; seed++) {
        const v = (await model.sample(penguins.rowCount, { seed, stratify, exclude: false })).columns[0]!.values as string[];
        shares.push(v.filter((x) => x === 'Adelie').length / v.length);
      }
      const m = shares.reduce((a, b) => a + b) / shares.length;
      return Math.sqrt(shares.reduce((a, b) => a + (b - m) ** 2, 0) / (shares.length - 1));
    };
    const [iid, strat] = [await spread(false), await spread(true)];
    assert.ok(strat < 0.6 * iid, `stratified share sd ${strat.toFixed(4)} against independent ${iid.toFixed(4)}`);
  } finally {
    await model.release();
  }
});
