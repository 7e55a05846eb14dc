/** The built-in demos: the seed experiments, each end to end. */
import { UsageError } from '../util/errors.js';
import { circleDemo } from './circle.js';
import type { DemoOptions, DemoResult } from './common.js';
import { digitsDemo } from './digits.js';
import { gaussianDemo } from './gaussian.js';
import { irisDemo } from './iris.js';
import { sixparamDemo } from './sixparam.js';

export type { DemoOptions, DemoResult, CheckValue } from './common.js';

export const DEMOS = {
  sixparam: { run: sixparamDemo, description: 'six-parameter table from an .xlsx file; dropout D, noisy labels, checkpoints and resume' },
  circle: { run: circleDemo, description: 'points on a circle of radius 2; latent 3, He init, half-batch discriminator' },
  iris: { run: irisDemo, description: 'iris setosa, 4 features scaled to [-1, 1]; LeakyReLU D, Adam β=(0.5, 0.999)' },
  gaussian: { run: gaussianDemo, description: '1-D N(4, 1.25); uniform noise, a discriminator on the four moments, cosine LR' },
  digits: { run: digitsDemo, description: '8×8 handwritten digits; fully connected image GAN, image grids, mode coverage by a trained classifier' },
} as const;

export type DemoName = keyof typeof DEMOS;
export const DEMO_NAMES = Object.keys(DEMOS) as DemoName[];

export async function runDemo(name: string, o: DemoOptions = {}): Promise<DemoResult> {
  const d = (DEMOS as Record<string, { run: (o: DemoOptions) => Promise<DemoResult> }>)[name];
  if (!d) throw new UsageError(`unknown demo "${name}"`, `choose one of ${DEMO_NAMES.join(', ')}, or all`);
  return d.run(o);
}
