import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { collectGarbage } from './collect.js';

/** A 32 MB typed array made and dropped inside its own frame (nothing on this test's stack holds it). */
function dropBigArray(before: number): void {
  const keep = new Float64Array(32 * 1024 * 1024 / 8).fill(1);
  assert.ok(process.memoryUsage().arrayBuffers >= before + 30e6);
  assert.equal(keep[0], 1);
}

test('collectGarbage frees dead typed arrays at once (without --expose-gc on the command line)', async () => {
  collectGarbage();
  const before = process.memoryUsage().arrayBuffers;
  dropBigArray(before);
  collectGarbage();
  // V8 frees dead backing stores on a background sweeper thread: on a loaded machine it may need a
  // moment after the collection. Without the collection nothing frees the array at all.
  let held = process.memoryUsage().arrayBuffers - before;
  for (let i = 0; i < 40 && held >= 8e6; i++) {
    await sleep(50);
    held = process.memoryUsage().arrayBuffers - before;
  }
  assert.ok(held < 8e6, `${held} bytes still held`);
});

