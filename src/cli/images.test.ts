import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { Rng } from '../index.js';
import { writeIdx } from '../advanced.js';

const BIN = resolve('dist/cli/main.js');

function ganforge(args: string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

test('train --images (gzip IDX + labels) → sample writes PNG files of the right size; bad files exit 2 naming the file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ganforge-cli-images-'));
  try {
    const rng = new Rng(9);
    const n = 300;
    await writeIdx(join(dir, 'imgs.gz'), [n, 6, 5], Uint8Array.from({ length: n * 30 }, () => rng.int(256)));
    await writeIdx(join(dir, 'labs.gz'), [n], Uint8Array.from({ length: n }, (_, i) => i % 3));
    const t = ganforge(['train', '--images', 'imgs.gz', '--labels', 'labs.gz', '--conditional', '--epochs', '3', '--grid-every', '3', '--out', 'm', '--json'], dir);
    assert.equal(t.code, 0, t.stderr);
    const s = JSON.parse(t.stdout) as { epochs: number; width: number; height: number; classes_covered: number | null; grids: string[]; label_accuracy: number[] };
    assert.equal(s.epochs, 3);
    assert.deepEqual([s.width, s.height], [5, 6]);
    assert.equal(typeof s.classes_covered, 'number');
    assert.equal(s.grids.length, 1);
    assert.equal(s.label_accuracy.length, 3);

    const r = ganforge(['sample', 'm', '-n', '5', '-o', 'out', '--label', '2', '--grid', 'grid.png', '--json'], dir);
    assert.equal(r.code, 0, r.stderr);
    const files = (await readdir(join(dir, 'out'))).sort();
    assert.deepEqual(files, ['sample-0000.png', 'sample-0001.png', 'sample-0002.png', 'sample-0003.png', 'sample-0004.png']);
    const png = PNG.sync.read(await readFile(join(dir, 'out', files[0]!)));
    assert.deepEqual([png.width, png.height], [5, 6]);
    assert.ok(PNG.sync.read(await readFile(join(dir, 'grid.png'))).width > 5);
    const bad = ganforge(['sample', 'm', '-n', '2', '-o', 'x', '--label', '7'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /label 7 is not a class/);

    const mismatch = ganforge(['train', '--images', 'imgs.gz', '--labels', 'm/weights.bin'], dir);
    assert.equal(mismatch.code, 2);
    assert.match(mismatch.stderr, /m\/weights\.bin: not an IDX file/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
