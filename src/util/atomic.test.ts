import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { atomicWrite, recoverDir, writeDirAtomic, writeFileAtomic } from './atomic.js';
import { OutputError } from './errors.js';

const DEAD = 999_999_999; // above any pid_max: never a running process

function fakeModel(dir: string, tag: string, complete = true): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'weights.bin'), tag);
  if (complete) writeFileSync(join(dir, 'manifest.json'), tag);
}

test('a save killed between its two renames is restored: the complete new copy wins, else the old one; leftovers of dead writers go', () => {
  const root = mkdtempSync(join(tmpdir(), 'ganforge-atomic-'));
  try {
    const m = join(root, 'm');
    fakeModel(`${m}.old-${DEAD}-aa11`, 'old');
    fakeModel(`${m}.tmp-${DEAD}-bb22`, 'new');
    assert.equal(recoverDir(m), `${m}.tmp-${DEAD}-bb22`);
    assert.equal(readFileSync(join(m, 'manifest.json'), 'utf8'), 'new');
    assert.deepEqual(readdirSync(root), ['m']);

    rmSync(m, { recursive: true });
    fakeModel(`${m}.old-${DEAD}-aa11`, 'old');
    fakeModel(`${m}.tmp-${DEAD}-bb22`, 'half', false);
    recoverDir(m);
    assert.equal(readFileSync(join(m, 'manifest.json'), 'utf8'), 'old', 'an incomplete new copy never replaces the old model');
    assert.deepEqual(readdirSync(root), ['m']);

    // A live writer's temp folder (this process) is left alone.
    fakeModel(`${m}.tmp-${process.pid}-cc33`, 'mine');
    assert.equal(recoverDir(m), null);
    assert.ok(readdirSync(root).includes(`m.tmp-${process.pid}-cc33`));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the next write removes temp files of dead writers; fs errors name the target, not the temp file', async () => {
  const root = mkdtempSync(join(tmpdir(), 'ganforge-atomic-'));
  try {
    const out = join(root, 'out.csv');
    writeFileSync(join(root, `.out.csv.${DEAD}.3.tmp`), 'half');
    await writeFileAtomic(out, 'a\n1\n');
    assert.deepEqual(readdirSync(root), ['out.csv']);
    await assert.rejects(atomicWrite(out, async () => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }), (e: unknown) => e instanceof OutputError && e.message.startsWith(`cannot write ${out}: no space left on device`));
    assert.equal(readFileSync(out, 'utf8'), 'a\n1\n', 'a failed write keeps the old file');
    assert.deepEqual(readdirSync(root), ['out.csv']);
    await writeDirAtomic(join(root, 'd'), async (tmp) => writeFileSync(join(tmp, 'manifest.json'), '1'));
    await writeDirAtomic(join(root, 'd'), async (tmp) => writeFileSync(join(tmp, 'manifest.json'), '2'));
    assert.equal(readFileSync(join(root, 'd', 'manifest.json'), 'utf8'), '2');
    assert.deepEqual(readdirSync(root).sort(), ['d', 'out.csv']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
