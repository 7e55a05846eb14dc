import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectGarbage } from './collect.js';

test('collectGarbage frees dead typed arrays at once (without --expose-gc on the command line)', () => {
  collectGarbage();
  const before = process.memoryUsage().arrayBuffers;
  let keep: Float64Array | null = new Float64Array(32 * 1024 * 1024 / 8).fill(1);
  assert.ok(process.memoryUsage().arrayBuffers >= before + 30e6);
  assert.equal(keep[0], 1);
  keep = null;
  collectGarbage();
  assert.ok(process.memoryUsage().arrayBuffers < before + 8e6, `${process.memoryUsage().arrayBuffers - before} bytes still held`);
});
