/**
 * The GAN losses as one table: per `GanConfig.loss`, the discriminator's terms on real and
 * generated logits, whether a gradient penalty and a Wasserstein estimate go with it, and the
 * generator's loss. `buildRound` reads only this table.
 */
import { neg, type Tensor } from '../engine/index.js';
import { bceWithLogits, criticMean, hingeDiscriminatorLoss, minimaxGeneratorLoss } from '../nn/index.js';
import type { GanLoss, GeneratorLoss } from './config.js';

/** A BCE target: a constant label, or a fed input of per-row labels (created only when asked for). */
export type LabelFeed = () => Tensor | number;

export interface GanLossRule {
  /** The discriminator's loss terms on real and on generated rows (null where that side is absent). */
  discriminator(real: Tensor | null, fake: Tensor | null, label: { real: LabelFeed; fake: LabelFeed }): { real: Tensor | null; fake: Tensor | null };
  /** WGAN-GP: the discriminator also minimises λ·gradient penalty when it sees both sides. */
  gradientPenalty: boolean;
  /** Critic losses log E[D(real)] − E[D(fake)]. */
  wasserstein: boolean;
  /** The generator's adversarial loss on the logits of its rows (feature matching replaces it: see buildRound). */
  generator(fake: Tensor, kind: GeneratorLoss, label: LabelFeed): Tensor;
}

/** −E[D(G(z))]: the generator of every critic loss. */
const criticGenerator = (fake: Tensor): Tensor => neg(criticMean(fake));

export const GAN_LOSSES: Record<GanLoss, GanLossRule> = {
  bce: {
    // Labels in this order (real, then fake): each may be a fed input, and feeds are filled in order.
    discriminator: (real, fake, label) => ({ real: real ? bceWithLogits(real, label.real()) : null, fake: fake ? bceWithLogits(fake, label.fake()) : null }),
    gradientPenalty: false,
    wasserstein: false,
    generator: (fake, kind, label) => (kind === 'minimax' ? minimaxGeneratorLoss(fake) : bceWithLogits(fake, label())),
  },
  hinge: {
    discriminator: (real, fake) => hingeDiscriminatorLoss(real, fake),
    gradientPenalty: false,
    wasserstein: true,
    generator: criticGenerator,
  },
  'wgan-gp': {
    discriminator: (real, fake) => ({ real: real ? neg(criticMean(real)) : null, fake: fake ? criticMean(fake) : null }),
    gradientPenalty: true,
    wasserstein: true,
    generator: criticGenerator,
  },
};
