/** Learning-rate schedules: the rate for a 0-based step count, fed to the step graph per step. */
import { ConfigError } from '../util/errors.js';

export type LrSchedule =
  | { kind: 'constant' }
  /** torch CosineAnnealingLR's closed form: η_min + (η − η_min)·(1 + cos(π·t/T_max))/2 (periodic past T_max). */
  | { kind: 'cosine'; tMax: number; etaMin?: number }
  /** torch StepLR: η·γ^⌊t/stepSize⌋. */
  | { kind: 'step'; stepSize: number; gamma?: number };

export function learningRate(base: number, s: LrSchedule, t: number): number {
  switch (s.kind) {
    case 'constant':
      return base;
    case 'cosine': {
      const etaMin = s.etaMin ?? 0;
      return etaMin + ((base - etaMin) * (1 + Math.cos((Math.PI * t) / s.tMax))) / 2;
    }
    case 'step':
      return base * (s.gamma ?? 0.1) ** Math.floor(t / s.stepSize);
  }
}

export function validateSchedule(s: LrSchedule, path: string): void {
  if (s.kind === 'cosine' && !(s.tMax > 0)) throw new ConfigError('CONFIG_BAD_VALUE', `tMax must be > 0, got ${s.tMax}`, `${path}.tMax`);
  if (s.kind === 'step' && !(s.stepSize >= 1)) throw new ConfigError('CONFIG_BAD_VALUE', `stepSize must be ≥ 1, got ${s.stepSize}`, `${path}.stepSize`);
  if (!['constant', 'cosine', 'step'].includes(s.kind)) {
    throw new ConfigError('CONFIG_BAD_VALUE', `unknown schedule "${(s as { kind: string }).kind}"`, `${path}.kind`, 'use constant, cosine or step');
  }
}
