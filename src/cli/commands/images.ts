/** `ganforge train --images …` and `ganforge sample <image-model>`: the image GAN on the command line. */
import { existsSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import {
  IMAGE_PRESETS, ImageGan, UsageError, loadDigits, readIdxImages, readPngFolder, writeImageGrid, writeImagePngs, writeReport, type ImageData, type ImagePreset,
} from '../../index.js';
import { IMAGE_PRESET_DESCRIPTIONS, labelAccuracy, loadModel, modeCoverage, trainImageClassifier, trainingRecords } from '../../advanced.js';
import { intOption, numberOption, parse, str, type Io } from '../args.js';
import { stat } from 'node:fs/promises';

export const trainImagesHelp = `ganforge train --images — train an image GAN and save the model

usage: ganforge train --images <idx-file[.gz]|png-folder|digits> [--labels <idx-file[.gz]>] [options]

--images takes MNIST-format IDX images (train-images-idx3-ubyte, gzip too), a folder of PNG files
(greyscale; one sub-folder per class gives labels), or "digits" (the shipped 8×8 digits).

options:
  --labels <file>          IDX labels (train-labels-idx1-ubyte) for the images
  --conditional            condition on the label: \`ganforge sample --label 3\` then draws 3s
  --preset <name>          ${IMAGE_PRESETS.join(' | ')}   (default: classic)
${IMAGE_PRESETS.map((p) => `                             ${p}: ${IMAGE_PRESET_DESCRIPTIONS[p]}`).join('\n')}
  --epochs <N>             passes over the images             (default 100)
  --batch <N>              images per batch                    (default 128)
  --seed <S>               seed (default 0)
  --out <dir>              model directory                     (default: <images>-model)
  --grid-every <N>         write a PNG grid of generated images every N epochs into <out>-grids/
  --max-seconds <S>        stop after this much training time
  --threads <N>            ONNX Runtime threads                (default 1)
  --json                   print one JSON object instead of text
  -q, --quiet              no progress output

With labels, a classifier trained on the real images reports how many classes the generated
images cover (and warns on mode collapse); for conditional models, how often each class asked
for is the class drawn.

examples:
  ganforge train --images digits --epochs 150
  ganforge train --images train-images-idx3-ubyte.gz --labels train-labels-idx1-ubyte.gz --conditional
  ganforge train --images my-pngs/ --preset wgan-gp --grid-every 10

Next: ganforge sample <model> -n 16 -o samples/ --grid grid.png (--label 3 for one class).`;

async function readImages(images: string, labels: string | undefined): Promise<ImageData> {
  if (images === 'digits' && !existsSync(images)) return loadDigits();
  if (existsSync(images) && (await stat(images)).isDirectory()) {
    if (labels) throw new UsageError('--labels goes with IDX files; a PNG folder takes its labels from class sub-folders');
    return readPngFolder(images);
  }
  return readIdxImages(images, labels);
}

/** True when argv asks for image training (the table path stays as it was otherwise). */
export const wantsImages = (argv: string[]): boolean => argv.some((a) => a === '--images' || a.startsWith('--images='));

export async function trainImagesCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parse('train', argv, {
    images: { type: 'string' }, labels: { type: 'string' }, conditional: { type: 'boolean' }, preset: { type: 'string' }, epochs: { type: 'string' },
    batch: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, 'grid-every': { type: 'string' }, 'max-seconds': { type: 'string' },
    threads: { type: 'string' }, json: { type: 'boolean' }, quiet: { type: 'boolean', short: 'q' },
  }, { min: 0, max: 0, names: 'no positional arguments with --images' });
  if (values['help']) return io.out(trainImagesHelp), 0;
  const images = str(values['images'])!;
  const preset = (str(values['preset']) ?? 'classic') as ImagePreset;
  if (!IMAGE_PRESETS.includes(preset)) throw new UsageError(`--preset must be one of ${IMAGE_PRESETS.join(', ')} with --images, got "${preset}"`);
  const json = values['json'] === true;
  const quiet = json || values['quiet'] === true;
  const seed = intOption(values['seed'], 'seed', 0) ?? 0;
  const threads = intOption(values['threads'], 'threads');
  const out = str(values['out']) ?? `${basename(images.replace(/[/\\]+$/, ''), extname(images))}-model`;
  const gridEvery = intOption(values['grid-every'], 'grid-every');
  const data = await readImages(images, str(values['labels']));
  if (!quiet) io.err(`${images}: ${data.count} images of ${data.width}×${data.height}${data.labels ? `, ${data.classNames.length} classes` : ', no labels'}`);
  const t0 = performance.now();
  const gan = await ImageGan.train(data, {
    preset, conditional: values['conditional'] === true, seed, threads,
    epochs: intOption(values['epochs'], 'epochs') ?? 100, batchSize: intOption(values['batch'], 'batch'),
    maxSeconds: numberOption(values['max-seconds'], 'max-seconds'), progress: quiet ? 'silent' : 'auto',
    gridEvery, gridDir: gridEvery ? `${out}-grids` : undefined,
  });
  const seconds = (performance.now() - t0) / 1000;
  let coverage = null;
  // Conditional models: the share of images drawn for each class that the classifier calls that class.
  let labelAccuracies: number[] | null = null;
  if (data.labels) {
    const clf = await trainImageClassifier(data, { seed, threads });
    coverage = await modeCoverage(clf, await gan.sample(1000, { seed: seed + 1 }), 1000);
    if (gan.info.conditional) {
      labelAccuracies = [];
      for (let c = 0; c < data.classNames.length; c++) labelAccuracies.push(await labelAccuracy(clf, await gan.sample(100, { seed: seed + 2, label: c }), 100, c));
    }
    await clf.release();
  }
  await gan.save(out, coverage ? { classes_covered: coverage.covered, class_shares: coverage.shares, classifier_accuracy: coverage.classifierAccuracy } : null);
  const grid = join(out, 'samples.png');
  await gan.writeGrid(grid, seed);
  const shown = Math.min(64, data.count);
  const report = join(out, 'report.html');
  const size = data.width * data.height;
  await writeReport(report, {
    title: `ganforge: ${basename(images)}`,
    images: [
      { title: 'real images', pixels: data.pixels.slice(0, shown * size), count: shown, width: data.width, height: data.height, range: [-1, 1] },
      { title: 'generated images', pixels: await gan.sample(64, { seed }), count: 64, width: data.width, height: data.height, range: [-1, 1] },
    ],
    training: trainingRecords(gan.log, ['dLossReal', 'dLossFake', 'gLoss', 'wasserstein']),
  });
  const summary = {
    model: out, report, grid, grids: gan.gridFiles, images: data.count, width: data.width, height: data.height, preset, conditional: gan.info.conditional,
    epochs: gan.trainer.epoch, seconds: Math.round(seconds * 10) / 10, ms_per_epoch: Math.round((1000 * seconds) / Math.max(1, gan.trainer.epoch)),
    classes_covered: coverage?.covered ?? null, class_shares: coverage?.shares.map((s) => Math.round(s * 1000) / 1000) ?? null,
    classifier_accuracy: coverage ? Math.round(coverage.classifierAccuracy * 1000) / 1000 : null, warning: coverage?.warning ?? null,
    label_accuracy: labelAccuracies?.map((a) => Math.round(a * 1000) / 1000) ?? null,
  };
  await gan.release();
  if (json) io.out(JSON.stringify(summary));
  else {
    io.out(`trained ${summary.epochs} epochs in ${summary.seconds} s → ${out}`);
    if (coverage) io.out(`classes covered: ${coverage.covered} of ${coverage.classes} (classifier held-out accuracy ${summary.classifier_accuracy}); shares ${summary.class_shares!.join(' ')}`);
    if (labelAccuracies) io.out(`asked-for class drawn (classifier agrees), per class: ${summary.label_accuracy!.join(' ')}`);
    if (coverage?.warning) io.err(`warning: ${coverage.warning}`);
    io.out(`grid: ${grid}\nreport: ${report}`);
  }
  return 0;
}

export const sampleImagesHelp = `ganforge sample <image-model> — generate images as PNG files

usage: ganforge sample <image-model> -n <count> -o <dir> [options]

options:
  -n, --rows <N>          images to generate (required)
  -o, --output <dir>      folder for sample-0000.png, … (required)
  --label <class>         (conditional models) draw this class: its index or its name
  --grid <file.png>       also write all the images as one grid PNG
  --seed <S>              same seed, same images (default 0)
  --json                  print a JSON summary

examples:
  ganforge sample digits-model -n 16 -o samples/
  ganforge sample mnist-model -n 100 -o threes/ --label 3 --grid threes.png`;

/** True when the first positional argument is a saved image model. */
export async function isImageModel(argv: string[]): Promise<boolean> {
  const dir = argv.find((a) => !a.startsWith('-'));
  if (!dir || !existsSync(join(dir, 'manifest.json'))) return false;
  try {
    return (await loadModel(dir)).manifest.kind === 'images';
  } catch {
    return false;
  }
}

export async function sampleImagesCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('sample', argv, {
    rows: { type: 'string', short: 'n' }, output: { type: 'string', short: 'o' }, label: { type: 'string' }, grid: { type: 'string' },
    seed: { type: 'string' }, json: { type: 'boolean' },
  }, { min: 1, max: 1, names: 'one model directory' });
  if (values['help']) return io.out(sampleImagesHelp), 0;
  const n = intOption(values['rows'], 'rows');
  if (n === undefined) throw new UsageError('sample: -n <count> is required', 'e.g. `ganforge sample digits-model -n 16 -o samples/`');
  const output = str(values['output']);
  if (!output || output === '-') throw new UsageError('sample: image models need -o <dir> (a folder for the PNG files)', 'e.g. `ganforge sample digits-model -n 16 -o samples/ --grid grid.png`');
  const gan = await ImageGan.load(positionals[0]!);
  try {
    const labelArg = str(values['label']);
    let label: number | undefined;
    if (labelArg !== undefined) {
      const byName = gan.info.classNames.indexOf(labelArg);
      label = byName >= 0 ? byName : Number(labelArg);
      if (!Number.isInteger(label)) throw new UsageError(`--label "${labelArg}" is not a class of this model`, `classes: ${gan.info.classNames.join(', ')}`);
    }
    const pixels = await gan.sample(n, { seed: intOption(values['seed'], 'seed', 0) ?? 0, label });
    const { width, height } = gan.info;
    const files = await writeImagePngs(output, pixels, n, width, height);
    const grid = str(values['grid']);
    if (grid) await writeImageGrid(grid, pixels, n, width, height);
    if (values['json']) io.out(JSON.stringify({ output, images: n, width, height, label: label ?? null, grid: grid ?? null, first: files[0] }));
    else io.err(`wrote ${n} images (${width}×${height}) to ${output}${grid ? ` and a grid to ${grid}` : ''}`);
  } finally {
    await gan.release();
  }
  return 0;
}
