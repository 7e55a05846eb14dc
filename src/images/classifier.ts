/**
 * A small image classifier trained by the library itself (engine graph + Adam, on ONNX Runtime):
 * one hidden ReLU layer and a softmax output, cross-entropy loss. ganforge uses it to judge
 * which classes generated images fall in (mode coverage) and whether a conditional model draws
 * the digit it was asked for. Its held-out accuracy says how far to trust those figures.
 */
import { DataError } from '../util/errors.js';
import { Rng } from '../util/rng.js';
import { Adam, Graph, Program, VariableStore, add, gemm, gradients, logSoftmax, mul, neg, reduceSum, relu, type Tensor } from '../engine/index.js';
import { takeImages, type ImageData } from './image-data.js';

export interface ClassifierOptions {
  seed?: number;
  /** Hidden units (default 64). */
  hidden?: number;
  /** Passes over the training part (default: about 2000 batches, from 3 to 40 passes). */
  epochs?: number;
  /** Share of each class held out to measure accuracy (default 0.2). */
  holdout?: number;
  lr?: number;
  batchSize?: number;
  threads?: number;
}

export interface ImageClassifier {
  readonly classes: number;
  readonly inputSize: number;
  /** Accuracy on the held-out images (never seen in training). */
  readonly heldOutAccuracy: number;
  readonly trainedOn: number;
  readonly heldOut: number;
  /** Most likely class per image (pixels in [-1, 1], image-major). */
  predict(pixels: Float32Array, count: number): Promise<Int32Array>;
  release(): Promise<void>;
}

const PREDICT_BATCH = 256;

/** Per class, the first ⌈share·n⌉ of a seeded shuffle go to the held-out part. */
function stratifiedSplit(labels: Int32Array, classes: number, share: number, rng: Rng): { train: number[]; test: number[] } {
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  for (const i of rng.permutation(labels.length)) byClass[labels[i]!]!.push(i);
  const train: number[] = [], test: number[] = [];
  for (const idx of byClass) {
    const k = Math.ceil(share * idx.length);
    test.push(...idx.slice(0, k));
    train.push(...idx.slice(k));
  }
  return { train, test };
}

function forward(x: Tensor, p: Tensor[]): Tensor {
  const h = relu(gemm(x, p[0]!, p[1]!, { transB: true }));
  return gemm(h, p[2]!, p[3]!, { transB: true });
}

export async function trainImageClassifier(data: ImageData, o: ClassifierOptions = {}): Promise<ImageClassifier> {
  if (!data.labels) throw new DataError('DATA_NO_LABELS', 'the images have no labels, so no classifier can be trained for the mode-coverage check', { file: data.source }, 'pass the label file (--labels)');
  const classes = data.classNames.length;
  const d = data.width * data.height;
  const hidden = o.hidden ?? 64;
  const rng = new Rng(o.seed ?? 0).fork('classifier');
  const split = stratifiedSplit(data.labels, classes, o.holdout ?? 0.2, rng);
  if (split.train.length < classes) {
    throw new DataError('DATA_TOO_FEW_IMAGES', `${split.train.length} images to train a ${classes}-class classifier on`, { file: data.source }, 'give more labelled images');
  }
  const batch = Math.min(o.batchSize ?? 128, split.train.length);
  const trainSet = takeImages(data, split.train);

  const g = new Graph();
  const params = [g.variable('W0', [hidden, d]), g.variable('b0', [hidden]), g.variable('W1', [classes, hidden]), g.variable('b1', [classes])];
  const store = new VariableStore();
  // He initialisation for the ReLU layer, Glorot-like for the output; zero biases.
  const init = (name: string, shape: number[], std: number): void => {
    const v = new Float32Array(shape.reduce((a, b) => a * b, 1));
    if (std > 0) rng.fillNormal(v, 0, std);
    store.declare(name, shape, v);
  };
  init('W0', [hidden, d], Math.sqrt(2 / d));
  init('b0', [hidden], 0);
  init('W1', [classes, hidden], Math.sqrt(1 / hidden));
  init('b1', [classes], 0);

  const x = g.input('x', [batch, d]);
  const y = g.input('y', [batch, classes]);
  const loss = mul(neg(reduceSum(mul(logSoftmax(forward(x, params), 1), y))), 1 / batch);
  const adam = new Adam(g, 'opt', { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 1e-4 });
  const updates = adam.build(params, gradients(loss, params));
  adam.initState(store);
  const threads = o.threads ?? 1;
  const step = await Program.compile(g, { updates, outputs: { loss } }, store, { threads, name: 'classifier_step', checkFeeds: false });
  const px = g.input('px', [PREDICT_BATCH, d]);
  const predictProgram = await Program.compile(g, { outputs: { logits: forward(px, params) } }, store, { threads, name: 'classifier_predict', checkFeeds: false });

  const lr = o.lr ?? 3e-3;
  const xb = new Float32Array(batch * d), yb = new Float32Array(batch * classes);
  let t = 0;
  const batchesPerEpoch = Math.floor(trainSet.count / batch);
  const epochs = o.epochs ?? Math.max(3, Math.min(40, Math.ceil(2000 / batchesPerEpoch)));
  for (let e = 0; e < epochs; e++) {
    const order = rng.permutation(trainSet.count);
    for (let s = 0; s + batch <= order.length; s += batch) {
      yb.fill(0);
      for (let r = 0; r < batch; r++) {
        const k = order[s + r]!;
        xb.set(trainSet.pixels.subarray(k * d, (k + 1) * d), r * d);
        yb[r * classes + trainSet.labels![k]!] = 1;
      }
      const feeds = Object.fromEntries(Object.entries(adam.stepFeeds(++t, lr)).map(([k, v]) => [k, Float32Array.of(v)]));
      await step.run({ ...feeds, x: xb, y: yb });
    }
  }
  await step.release();

  const predict = async (pixels: Float32Array, count: number): Promise<Int32Array> => {
    const out = new Int32Array(count);
    const buf = new Float32Array(PREDICT_BATCH * d);
    for (let s = 0; s < count; s += PREDICT_BATCH) {
      const n = Math.min(PREDICT_BATCH, count - s);
      buf.fill(0);
      buf.set(pixels.subarray(s * d, (s + n) * d));
      const logits = (await predictProgram.run({ px: buf }))['logits'] as Float32Array;
      for (let r = 0; r < n; r++) {
        let best = 0;
        for (let c = 1; c < classes; c++) if (logits[r * classes + c]! > logits[r * classes + best]!) best = c;
        out[s + r] = best;
      }
    }
    return out;
  };
  const testSet = takeImages(data, split.test);
  const predicted = await predict(testSet.pixels, testSet.count);
  let correct = 0;
  for (let i = 0; i < testSet.count; i++) if (predicted[i] === testSet.labels![i]) correct++;
  return {
    classes, inputSize: d, heldOutAccuracy: correct / Math.max(1, testSet.count), trainedOn: split.train.length, heldOut: split.test.length,
    predict, release: () => predictProgram.release(),
  };
}
