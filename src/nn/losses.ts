/**
 * GAN losses on discriminator logits (the discriminator's final sigmoid is folded into the loss,
 * which is the numerically stable form of the same quantity).
 */
import { add, gradients, mul, neg, reduceMean, reduceSum, relu, softplus, sqrt, square, sub, type Tensor } from '../engine/index.js';

/** Binary cross-entropy of sigmoid(logits) against targets y: softplus(l) − y·l, averaged (= torch BCELoss on σ(l)). */
export function bceWithLogits(logits: Tensor, targets: Tensor | number): Tensor {
  return reduceMean(sub(softplus(logits), mul(logits, targets)));
}

/** The original minimax generator loss, minimise log(1 − D(G(z))) = −softplus(l) (Goodfellow et al. 2014). */
export const minimaxGeneratorLoss = (fakeLogits: Tensor): Tensor => reduceMean(neg(softplus(fakeLogits)));

/** Hinge loss (Lim & Ye 2017; Miyato et al. 2018): D: E[relu(1 − D(x))] + E[relu(1 + D(G(z)))]. */
export const hingeDiscriminatorLoss = (realLogits: Tensor | null, fakeLogits: Tensor | null): { real: Tensor | null; fake: Tensor | null } => ({
  real: realLogits ? reduceMean(relu(sub(1, realLogits))) : null,
  fake: fakeLogits ? reduceMean(relu(add(1, fakeLogits))) : null,
});

/** Critic mean: E[D(x)] (WGAN and hinge generators minimise −E[D(G(z))]). */
export const criticMean = (logits: Tensor): Tensor => reduceMean(logits);

/**
 * WGAN-GP gradient penalty (Gulrajani et al. 2017): E[(‖∇ₓ̂ D(x̂)‖₂ − 1)²] at x̂ = ε·real + (1−ε)·fake,
 * ε ~ U[0, 1] per row. Needs the second-order gradients of the engine.
 */
export function gradientPenalty(critic: (x: Tensor) => Tensor, real: Tensor, fake: Tensor, eps: Tensor): Tensor {
  const xhat = add(mul(eps, real), mul(sub(1, eps), fake));
  const [g] = gradients(reduceSum(critic(xhat)), [xhat]);
  const norm = sqrt(add(reduceSum(square(g!), [1]), 1e-12));
  return reduceMean(square(sub(norm, 1)));
}

/** Feature matching (Salimans et al. 2016): ‖E[f(real)] − E[f(fake)]‖² over a hidden layer f of D. */
export function featureMatchingLoss(realFeatures: Tensor, fakeFeatures: Tensor): Tensor {
  return reduceSum(square(sub(reduceMean(realFeatures, [0]), reduceMean(fakeFeatures, [0]))));
}
