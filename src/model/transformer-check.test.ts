import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../cli/run.js';
import { readTable } from '../data/read.js';
import { ModelFormatError } from '../util/errors.js';
import { TableGan } from './table-model.js';

test('a damaged transformer state in manifest.json is refused at load and at `ganforge sample`, naming the field (checkTransformerState)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ganforge-state-'));
  try {
    const good = join(dir, 'good');
    const model = await TableGan.train(await readTable(join('..', 'shared', 'datasets', 'penguins.csv')), { epochs: 1, seed: 0, threads: 1, progress: 'silent' });
    await model.save(good);
    await model.release();
    const manifest = JSON.parse(await readFile(join(good, 'manifest.json'), 'utf8')) as { data: { transformer: { columns: Record<string, unknown>[] } } };
    const cols = manifest.data.transformer.columns;
    const numeric = cols.findIndex((c) => c['encoder'] === 'numeric'), categorical = cols.findIndex((c) => c['encoder'] === 'categorical');
    assert.ok(numeric >= 0 && categorical >= 0);
    const damages: [string, (c: Record<string, unknown>[]) => void, RegExp][] = [
      ['an unknown numeric method', (c) => (c[numeric]!['method'] = 'magic'), new RegExp(`columns\\[${numeric}\\]`)],
      ['the categories of a column removed', (c) => delete (c[categorical]!['slots'] as Record<string, unknown>)['categories'], new RegExp(`columns\\[${categorical}\\]\\.slots`)],
    ];
    for (const [label, damage, field] of damages) {
      const bad = join(dir, label.replace(/\W+/g, '-'));
      const copy = structuredClone(manifest);
      damage(copy.data.transformer.columns);
      // The checksums cover the binary files, not the manifest: the edited manifest is read as written.
      await cp(good, bad, { recursive: true });
      await writeFile(join(bad, 'manifest.json'), JSON.stringify(copy));
      await assert.rejects(TableGan.load(bad), (e: unknown) => {
        assert.ok(e instanceof ModelFormatError, `${label}: ${String(e)}`);
        assert.equal(e.code, 'MODEL_BAD_TRANSFORMER', label);
        assert.equal(e.file, join(bad, 'manifest.json'));
        assert.match(e.message, /transformer state/);
        assert.match(e.message, field, label);
        return true;
      });
      const err: string[] = [];
      const code = await main(['sample', bad, '-n', '5', '-o', join(dir, 'out.csv')], { out: () => {}, err: (s) => err.push(s) });
      assert.equal(code, 2, label);
      assert.match(err.join('\n'), /manifest\.json: transformer state/, label);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a copula whose category order is not a permutation of its slots, or a stratum whose knots decrease, is refused at load, naming the entry', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ganforge-order-'));
  try {
    const good = join(dir, 'good');
    const model = await TableGan.train(await readTable(join('..', 'shared', 'datasets', 'penguins.csv')), { epochs: 1, seed: 0, threads: 1, progress: 'silent', prior: true });
    await model.save(good);
    const rows = await model.sample(50, { seed: 1 });
    await model.release();
    const manifest = JSON.parse(await readFile(join(good, 'manifest.json'), 'utf8')) as { data: { copula: { dimensions: { order?: number[] }[] } } };
    const j = manifest.data.copula.dimensions.findIndex((d) => d.order !== undefined);
    assert.ok(j >= 0, 'species or island is ordered by a measurement');
    // The saved order comes back: the loaded model samples the same rows.
    const loaded = await TableGan.load(good);
    assert.deepEqual(await loaded.sample(50, { seed: 1 }), rows);
    await loaded.release();
    const order = manifest.data.copula.dimensions[j]!.order!;
    manifest.data.copula.dimensions[j]!.order = order.map(() => order[0]!);
    const bad = join(dir, 'bad');
    await cp(good, bad, { recursive: true });
    await writeFile(join(bad, 'manifest.json'), JSON.stringify(manifest));
    await assert.rejects(TableGan.load(bad), (e: unknown) => e instanceof ModelFormatError && new RegExp(`copula\\.dimensions\\[${j}\\]\\.order`).test(e.message));
    // The prior is stratified by species (a copula per species; the loaded model sampled the same rows above), and a stratum's knots are checked too.
    const strata = JSON.parse(await readFile(join(good, 'manifest.json'), 'utf8')) as { data: { copula: { strata: { components: { knots: (number[] | null)[] }[] } } } };
    const components = strata.data.copula.strata.components;
    assert.equal(components.length, 3, 'one stratum per species');
    const v = components[1]!.knots.findIndex((k) => k !== null);
    components[1]!.knots[v]!.reverse();
    await writeFile(join(bad, 'manifest.json'), JSON.stringify(strata));
    await assert.rejects(TableGan.load(bad), (e: unknown) => e instanceof ModelFormatError && new RegExp(`copula\\.strata\\.components\\[1\\]\\.knots\\[${v}\\]`).test(e.message));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
