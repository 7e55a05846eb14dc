/**
 * Mode coverage of generated images: the library's classifier labels each image, and the
 * classes holding at least a minimum share of them count as covered. A GAN that collapses onto
 * a few modes covers few classes (the standard MNIST mode-collapse check, e.g. Srivastava et al.
 * 2017, VEEGAN; Lin et al. 2018, PacGAN).
 */
import type { ImageClassifier } from './classifier.js';

export interface ModeCoverageResult {
  /** Classes holding at least `minShare` of the generated images. */
  covered: number;
  classes: number;
  /** Share of the generated images per class. */
  shares: number[];
  images: number;
  minShare: number;
  /** The classifier's held-out accuracy on real images. */
  classifierAccuracy: number;
  /** Set when coverage collapsed (fewer than `warnBelow` classes covered). */
  warning: string | null;
}

export interface CoverageOptions {
  /** A class counts as covered from this share on (default: a quarter of a uniform share, 1/(4·classes)). */
  minShare?: number;
  /** Warn when fewer classes than this are covered (default: 80 % of the classes). */
  warnBelow?: number;
}

export async function modeCoverage(classifier: ImageClassifier, pixels: Float32Array, count: number, o: CoverageOptions = {}): Promise<ModeCoverageResult> {
  const k = classifier.classes;
  const predicted = await classifier.predict(pixels, count);
  const counts = new Array<number>(k).fill(0);
  for (const p of predicted) counts[p]!++;
  const shares = counts.map((c) => c / Math.max(1, count));
  const minShare = o.minShare ?? 1 / (4 * k);
  const covered = shares.filter((s) => s >= minShare).length;
  const warnBelow = o.warnBelow ?? Math.ceil(0.8 * k);
  const missing = shares.flatMap((s, c) => (s < minShare ? [c] : []));
  const warning = covered < warnBelow
    ? `mode collapse: generated images cover ${covered} of ${k} classes (missing ${missing.join(', ')}); try a stabiliser preset (wgan-gp, pacgan, feature-matching)`
    : null;
  return { covered, classes: k, shares, images: count, minShare, classifierAccuracy: classifier.heldOutAccuracy, warning };
}

/** Share of images the classifier assigns to `label` (does a conditional model draw what it was asked for?). */
export async function labelAccuracy(classifier: ImageClassifier, pixels: Float32Array, count: number, label: number): Promise<number> {
  const p = await classifier.predict(pixels, count);
  return p.filter((c) => c === label).length / Math.max(1, count);
}
