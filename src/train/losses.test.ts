import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveGanConfig } from './config.js';
import { ROUND_QUANTITIES } from './epoch-log.js';
import { GAN_LOSSES } from './losses.js';
import { roundPhases } from './phases.js';
import { buildRound } from './round.js';
import { circleConfig } from './seed-configs.js';
import { GanTrainer } from './trainer.js';

test('every GAN loss of the table builds a round whose outputs are named by the EpochLog quantity they hold', () => {
  const expected: Record<string, string[]> = {
    bce: ['dLossReal', 'dLossFake', 'dAccReal', 'dAccFake', 'gLoss'],
    hinge: ['dLossReal', 'dLossFake', 'dAccReal', 'dAccFake', 'wasserstein', 'gLoss'],
    'wgan-gp': ['dLossReal', 'dLossFake', 'gradientPenalty', 'dAccReal', 'dAccFake', 'wasserstein', 'gLoss'],
  };
  assert.deepEqual(Object.keys(GAN_LOSSES).sort(), Object.keys(expected).sort());
  for (const loss of Object.keys(GAN_LOSSES) as (keyof typeof GAN_LOSSES)[]) {
    const cfg = resolveGanConfig({ ...circleConfig(), loss, dUpdate: 'joint' });
    const t = new GanTrainer(cfg, 2, { seed: 0 });
    const round = buildRound(t.graph, cfg, t.nets, roundPhases(cfg), 2, 8);
    assert.deepEqual([...round.logged.keys()].sort(), Object.keys(round.outputs).sort(), loss);
    for (const [name, q] of round.logged) {
      assert.equal(name.slice(name.indexOf('.') + 1), q, `${loss}: ${name}`);
      assert.ok(q in ROUND_QUANTITIES);
    }
    assert.deepEqual([...new Set(round.logged.values())].sort(), expected[loss]!.sort(), loss);
  }
});

test('BCE rounds feed per-row labels only for label ranges, and the minimax generator reads none', () => {
  const smooth = resolveGanConfig({ ...circleConfig(), labels: { real: [0.7, 1.2], fake: [0, 0.3], generator: [0.8, 1] } });
  const labelFeeds = (cfg: typeof smooth): string[] => {
    const t = new GanTrainer(cfg, 2, { seed: 0 });
    return buildRound(t.graph, cfg, t.nets, roundPhases(cfg), 2, 8).feeds.filter((f) => f.source.kind === 'label').map((f) => f.name.replace(/^p\d+\./, ''));
  };
  assert.deepEqual([...new Set(labelFeeds(smooth))].sort(), ['fake_label', 'generator_label', 'real_label']);
  assert.deepEqual([...new Set(labelFeeds({ ...smooth, generatorLoss: 'minimax' }))].sort(), ['fake_label', 'real_label']);
  assert.deepEqual(labelFeeds({ ...smooth, loss: 'hinge' }), []);
});
