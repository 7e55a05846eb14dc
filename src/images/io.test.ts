import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { DataError, type DataErrorCode } from '../util/errors.js';
import { Rng } from '../util/rng.js';
import { loadDigits } from './digits.js';
import { scalePixels, unscalePixels } from './image-data.js';
import { encodeIdx, readIdxImages, writeIdx } from './idx.js';
import { decodeGreyPng, encodeGreyPng, readPngFolder, writeImageGrid, writeImagePngs } from './png-io.js';

async function tmp(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'ganforge-images-'));
}

function randomBytes(n: number, seed: number): Uint8Array {
  const rng = new Rng(seed);
  return Uint8Array.from({ length: n }, () => rng.int(256));
}

async function rejects(p: Promise<unknown>, code: DataErrorCode, file: string): Promise<void> {
  await assert.rejects(p, (e: unknown) => e instanceof DataError && e.code === code && e.file === file && e.message.includes(file));
}

test('pixels scale to [-1, 1] and back', () => {
  const raw = [0, 4, 8, 16];
  const s = scalePixels(raw, 16);
  assert.deepEqual(Array.from(s), [-1, -0.5, 0, 1]);
  assert.deepEqual(Array.from(unscalePixels(s, 16)), raw);
});

test('IDX images and labels round-trip, plain and gzip', async () => {
  const dir = await tmp();
  try {
    const pixels = randomBytes(5 * 3 * 4, 1);
    const labels = Uint8Array.of(3, 1, 4, 1, 5);
    for (const ext of ['', '.gz']) {
      await writeIdx(join(dir, `img${ext}`), [5, 3, 4], pixels);
      await writeIdx(join(dir, `lab${ext}`), [5], labels);
      const d = await readIdxImages(join(dir, `img${ext}`), join(dir, `lab${ext}`));
      assert.equal(d.count, 5);
      assert.equal(d.height, 3);
      assert.equal(d.width, 4);
      assert.deepEqual(Array.from(d.labels!), [3, 1, 4, 1, 5]);
      assert.equal(d.classNames.length, 6);
      assert.deepEqual(Array.from(unscalePixels(d.pixels, 255), Math.round), Array.from(pixels));
    }
    assert.equal((await readFile(join(dir, 'img.gz')))[0], 0x1f);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('bad IDX files give DataErrors naming the file and the problem', async () => {
  const dir = await tmp();
  try {
    const img = join(dir, 'img'), lab = join(dir, 'lab'), bad = join(dir, 'bad'), short = join(dir, 'short'), gz = join(dir, 'short.gz');
    await writeIdx(img, [4, 2, 2], randomBytes(16, 2));
    await writeIdx(lab, [3], Uint8Array.of(0, 1, 2));
    await writeFile(bad, Uint8Array.of(0x50, 0x4b, 3, 4, 0, 0, 0, 0));
    const full = encodeIdx([4, 2, 2], randomBytes(16, 3));
    await writeFile(short, full.subarray(0, full.length - 5));
    await writeFile(gz, gzipSync(full.subarray(0, 10)));
    await rejects(readIdxImages(bad), 'DATA_BAD_MAGIC', bad);
    await rejects(readIdxImages(short), 'DATA_TRUNCATED', short);
    await rejects(readIdxImages(gz), 'DATA_TRUNCATED', gz);
    const cut = join(dir, 'cut.gz');
    await writeFile(cut, gzipSync(full).subarray(0, 20));
    await rejects(readIdxImages(cut), 'DATA_BAD_GZIP', cut);
    await rejects(readIdxImages(img, lab), 'DATA_LABEL_COUNT_MISMATCH', lab);
    await rejects(readIdxImages(lab), 'DATA_BAD_IDX_SHAPE', lab);
    await rejects(readIdxImages(join(dir, 'missing')), 'DATA_UNREADABLE', join(dir, 'missing'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a folder of PNGs reads as images; class sub-folders give labels', async () => {
  const dir = await tmp();
  try {
    const a = randomBytes(6 * 5, 4), b = randomBytes(6 * 5, 5);
    await writeFile(join(dir, 'a.png'), encodeGreyPng(a, 6, 5));
    await writeFile(join(dir, 'b.png'), encodeGreyPng(b, 6, 5));
    const d = await readPngFolder(dir);
    assert.equal(d.count, 2);
    assert.equal(d.width, 6);
    assert.equal(d.height, 5);
    assert.equal(d.labels, null);
    assert.deepEqual(Array.from(unscalePixels(d.pixels.subarray(30), 255), Math.round), Array.from(b));

    const byClass = join(dir, 'classes');
    for (const [c, seed] of [['cat', 6], ['dog', 7], ['dog', 8]] as const) {
      await mkdir(join(byClass, c), { recursive: true });
      await writeFile(join(byClass, c, `${seed}.png`), encodeGreyPng(randomBytes(4, seed), 2, 2));
    }
    const l = await readPngFolder(byClass);
    assert.deepEqual(l.classNames, ['cat', 'dog']);
    assert.deepEqual(Array.from(l.labels!), [0, 1, 1]);

    // RGBA: luminance × alpha.
    const rgba = new PNG({ width: 1, height: 2 });
    rgba.data.set([255, 255, 255, 255, 255, 0, 0, 128]);
    const g = decodeGreyPng(new Uint8Array(PNG.sync.write(rgba)), 'rgba.png');
    assert.deepEqual(Array.from(g.grey), [255, Math.round((0.299 * 255 * 128) / 255)]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('bad PNG folders give DataErrors naming the file', async () => {
  const dir = await tmp();
  try {
    const notPng = join(dir, 'x.png');
    await writeFile(notPng, 'hello, not an image');
    await rejects(readPngFolder(dir), 'DATA_NOT_PNG', notPng);
    const png = encodeGreyPng(randomBytes(9, 1), 3, 3);
    await writeFile(notPng, png.subarray(0, 40));
    await rejects(readPngFolder(dir), 'DATA_BAD_PNG', notPng);
    await writeFile(notPng, png);
    const other = join(dir, 'y.png');
    await writeFile(other, encodeGreyPng(randomBytes(4, 2), 2, 2));
    await rejects(readPngFolder(dir), 'DATA_SIZE_MISMATCH', other);
    const empty = join(dir, 'empty');
    await mkdir(empty);
    await rejects(readPngFolder(empty), 'DATA_NO_IMAGES', empty);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('grid and sample PNG files decode back to the right size and pixels', async () => {
  const dir = await tmp();
  try {
    const digits = loadDigits();
    assert.equal(digits.count, 1797);
    assert.equal(digits.classNames.length, 10);
    const path = join(dir, 'grid.png');
    const size = await writeImageGrid(path, digits.pixels, 10, 8, 8, { columns: 5, scale: 3, gap: 2 });
    const png = PNG.sync.read(await readFile(path));
    assert.deepEqual([png.width, png.height], [5 * 24 + 6 * 2, 2 * 24 + 3 * 2]);
    assert.deepEqual([size.width, size.height], [png.width, png.height]);
    // Image 6 (row 1, column 1), pixel (y=2, x=5), scaled by 3.
    const expected = Math.round(((digits.pixels[6 * 64 + 2 * 8 + 5]! + 1) / 2) * 255);
    const ox = 2 + 1 * (24 + 2) + 5 * 3 + 1, oy = 2 + 1 * (24 + 2) + 2 * 3 + 1;
    assert.equal(png.data[4 * (oy * png.width + ox)], expected);

    const files = await writeImagePngs(join(dir, 'samples'), digits.pixels, 3, 8, 8);
    assert.equal(files.length, 3);
    const back = await readPngFolder(join(dir, 'samples'));
    assert.equal(back.count, 3);
    assert.equal(back.width, 8);
    for (let i = 0; i < 3 * 64; i++) assert.ok(Math.abs(back.pixels[i]! - digits.pixels[i]!) <= 1 / 255 + 1e-6);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
