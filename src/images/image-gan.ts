/**
 * An image GAN end to end: trains a preset (optionally class-conditional) on an ImageData,
 * writes image grids every N epochs, samples images (of a chosen class), saves and loads the
 * model directory (kind 'images', with the image shape and class names in the manifest).
 */
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { ConfigError, ModelFormatError } from '../util/errors.js';
import { Rng } from '../util/rng.js';
import { resolveGanConfig, type GanConfig } from '../train/config.js';
import type { EpochLog } from '../train/epoch-log.js';
import { trainLoop, type TrainResult } from '../train/loop.js';
import type { ProgressMode } from '../train/progress.js';
import { DatasetSource } from '../train/sources.js';
import { GanTrainer } from '../train/trainer.js';
import { loadModel, saveModel, trainerFromModel } from '#model-folders';
import { wrongKindError } from '../model/model-files.js';
import { LabelConditioner, fixedLabel } from './conditioner.js';
import type { ImageData } from './image-data.js';
import { writeImageGrid } from './png-io.js';
import { imageGanConfig, type ImagePreset } from './presets.js';

export interface ImageTrainOptions {
  preset?: ImagePreset;
  /** Condition on the labels (one-hot label into G and D); needs labelled images. */
  conditional?: boolean;
  epochs?: number;
  seed?: number;
  threads?: number;
  batchSize?: number;
  /** Overrides on top of the preset's GAN config. */
  config?: Partial<GanConfig>;
  /** Write a grid of generated images every this many epochs (and after the last) into gridDir. */
  gridEvery?: number;
  gridDir?: string;
  maxSeconds?: number;
  progress?: ProgressMode;
  onEpoch?: (log: EpochLog, gan: ImageGan) => void | 'stop' | Promise<void | 'stop'>;
}

/** What the model directory records about its images (manifest "data"). */
export interface ImageModelData {
  width: number;
  height: number;
  maxValue: number;
  classNames: string[];
  conditional: boolean;
  preset: ImagePreset;
  images: number;
}

export interface ImageSampleOptions {
  seed?: number;
  /** Class index to draw (conditional models only). */
  label?: number;
}

export class ImageGan {
  result: TrainResult | null = null;
  readonly gridFiles: string[] = [];

  private constructor(readonly trainer: GanTrainer, readonly info: ImageModelData) {}

  get log(): readonly EpochLog[] {
    return this.trainer.log;
  }

  static async train(data: ImageData, o: ImageTrainOptions = {}): Promise<ImageGan> {
    const preset = o.preset ?? 'classic';
    const conditional = o.conditional ?? false;
    if (conditional && !data.labels) {
      throw new ConfigError('CONFIG_NO_LABELS', `${data.source}: a conditional image GAN needs labels`, 'conditional', 'pass the label file (--labels) or class sub-folders');
    }
    const classes = conditional ? data.classNames.length : 0;
    const base = imageGanConfig(preset, { classes, batchSize: o.batchSize ?? defaultBatch(data.count, preset) });
    const config = o.config ? resolveGanConfig({ ...base, ...o.config }) : base;
    const size = data.width * data.height;
    const conditioner = conditional ? new LabelConditioner(data.pixels, data.labels!, classes, size) : undefined;
    const trainer = new GanTrainer(config, size, { seed: o.seed ?? 0, threads: o.threads, conditioner });
    const info: ImageModelData = { width: data.width, height: data.height, maxValue: data.maxValue, classNames: data.classNames, conditional, preset, images: data.count };
    const gan = new ImageGan(trainer, info);
    const epochs = o.epochs ?? 100;
    if (o.gridDir) await mkdir(o.gridDir, { recursive: true });
    gan.result = await trainLoop(trainer, new DatasetSource(data.pixels, size), {
      epochs, maxSeconds: o.maxSeconds, progress: o.progress, sampleRows: 200,
      onEpoch: async (log) => {
        if (o.gridDir && o.gridEvery && (log.epoch % o.gridEvery === 0 || log.epoch === epochs)) {
          gan.gridFiles.push(await gan.writeGrid(join(o.gridDir, `epoch-${String(log.epoch).padStart(4, '0')}.png`), o.seed ?? 0));
        }
        return o.onEpoch?.(log, gan);
      },
    });
    return gan;
  }

  /** `n` generated images, pixels in [-1, 1]; a conditional model draws class `label` (or uniformly drawn classes). */
  async sample(n: number, o: ImageSampleOptions = {}): Promise<Float32Array> {
    const rng = new Rng(o.seed ?? 0).fork('image-sample');
    const classes = this.info.classNames.length;
    if (o.label === undefined) return inRange(await this.trainer.sample(n, rng, this.info.conditional ? uniformLabels(classes) : undefined));
    if (!this.info.conditional) throw new ConfigError('CONFIG_NOT_CONDITIONAL', 'this image model was trained without labels, so it cannot draw a chosen class', 'label', 'train with --conditional');
    if (!Number.isInteger(o.label) || o.label < 0 || o.label >= classes) {
      throw new ConfigError('CONFIG_BAD_VALUE', `label ${o.label} is not a class of this model (0..${classes - 1}: ${this.info.classNames.join(', ')})`, 'label');
    }
    return inRange(await this.trainer.sample(n, rng, fixedLabel(o.label, classes)));
  }

  /**
   * A grid of generated images with a fixed seed (so grids of successive epochs show the same
   * noise): for conditional models one row per class, otherwise 64 images.
   */
  async writeGrid(path: string, seed = 0): Promise<string> {
    const { width, height, conditional, classNames } = this.info;
    if (conditional) {
      const cols = 10;
      const size = width * height;
      const all = new Float32Array(classNames.length * cols * size);
      for (let c = 0; c < classNames.length; c++) all.set(await this.sample(cols, { seed, label: c }), c * cols * size);
      await writeImageGrid(path, all, classNames.length * cols, width, height, { columns: cols });
    } else {
      await writeImageGrid(path, await this.sample(64, { seed }), 64, width, height);
    }
    return path;
  }

  async save(dir: string, metrics: unknown = null): Promise<void> {
    await saveModel(dir, this.trainer, { kind: 'images', data: this.info, metrics });
  }

  static async load(dir: string, o: { threads?: number } = {}): Promise<ImageGan> {
    const model = await loadModel(dir);
    if (model.manifest.kind !== 'images') {
      throw wrongKindError(model.manifest.kind, 'images', join(dir, 'manifest.json'));
    }
    const d = model.manifest.data as ImageModelData | null;
    if (!d || !Number.isInteger(d.width) || !Number.isInteger(d.height) || d.width * d.height !== model.manifest.dataDim || !Array.isArray(d.classNames)) {
      throw new ModelFormatError('MODEL_CORRUPT_MANIFEST', 'the image shape in the manifest does not match the model', join(dir, 'manifest.json'));
    }
    return new ImageGan(trainerFromModel(model, { threads: o.threads }), d);
  }

  async release(): Promise<void> {
    await this.trainer.release();
  }
}

/**
 * 128 images per batch, or for small sets the largest batch that still gives each epoch a full
 * round of every discriminator step (a multiple of the PacGAN pack size).
 */
function defaultBatch(images: number, preset: ImagePreset): number {
  const c = imageGanConfig(preset);
  const fit = Math.floor(images / c.dSteps);
  if (fit >= 128) return 128;
  const b = fit - (fit % c.pac);
  if (b < c.pac) throw new ConfigError('CONFIG_TOO_FEW_IMAGES', `${images} images are too few to train on`, 'batchSize', 'give more images');
  return b;
}

/** Condition vectors of uniformly drawn classes. */
function uniformLabels(classes: number): (rows: number, out: Float32Array, rng: Rng) => void {
  return (rows, out, rng) => {
    out.fill(0);
    for (let r = 0; r < rows; r++) out[r * classes + rng.int(classes)] = 1;
  };
}

/** Pixels in [-1, 1]: ORT's float32 tanh can return 1 + 2⁻²³ for saturated inputs. */
function inRange(pixels: Float32Array): Float32Array {
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i]!;
    if (v > 1) pixels[i] = 1;
    else if (v < -1) pixels[i] = -1;
  }
  return pixels;
}
