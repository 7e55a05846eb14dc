/** A training round as a list of updates, derived from the schedule in the config. */
import type { GanConfig } from './config.js';

export type Phase =
  | { update: 'D'; real: boolean; fake: boolean }
  | { update: 'G'; reuseFake: boolean };

/** dSteps discriminator updates (joint real+fake, or real then fake), then gSteps generator updates. */
export function roundPhases(c: GanConfig): Phase[] {
  const phases: Phase[] = [];
  for (let i = 0; i < c.dSteps; i++) {
    if (c.dUpdate === 'joint') phases.push({ update: 'D', real: true, fake: true });
    else phases.push({ update: 'D', real: true, fake: false }, { update: 'D', real: false, fake: true });
  }
  for (let i = 0; i < c.gSteps; i++) phases.push({ update: 'G', reuseFake: c.reuseFake && i === 0 });
  return phases;
}

/** Real rows one round consumes. */
export function realRowsPerRound(c: GanConfig): number {
  const gReal = c.generatorLoss === 'feature_matching' ? c.gSteps * (c.generatorBatchSize ?? c.batchSize) : 0;
  return c.dSteps * c.batchSize + gReal;
}
