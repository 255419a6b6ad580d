/**
 * The worker's side of the batch-size experiment: a reset builds the data, each train request makes the next
 * `steps` runs of the plan (one run = one network trained at one batch size), so a stop takes effect after a run.
 */
import { BATCH_SIZE_DEFAULTS } from '../../training/presets.ts';
import { batchSizeData, batchSizePlan, batchSizeRun, normClassifier, REFERENCE_BATCH, type BatchSizeConfig, type BatchSizeData } from '../../training/batch-size.ts';
import type { BatchSizeSetup, BatchSizeSnapshot } from './batch-size-protocol.ts';

export function batchSizeConfig(setup: BatchSizeSetup): BatchSizeConfig {
  return { ...BATCH_SIZE_DEFAULTS, samples: setup.samples, lr: setup.lr, groups: setup.groups, seed: setup.seed };
}

export function createBatchSizeSession() {
  let current: { gen: number; config: BatchSizeConfig; data: BatchSizeData; done: number } | null = null;
  const plan = batchSizePlan();
  return {
    reset(gen: number, setup: BatchSizeSetup): BatchSizeSnapshot {
      const t0 = performance.now();
      const config = batchSizeConfig(setup);
      // Refuse impossible settings now (e.g. G not dividing the channels), not at the first GroupNorm run.
      normClassifier({ norm: 'gn', depth: config.depth, channels: config.channels, groups: config.groups, size: config.size, classes: 4, seed: config.seed });
      if (!Number.isInteger(config.samples) || config.samples % REFERENCE_BATCH !== 0 || config.samples <= 0) {
        throw new Error(`invalid samples: ${config.samples} (must be a positive multiple of ${REFERENCE_BATCH}, the largest batch)`);
      }
      current = { gen, config, data: batchSizeData(config), done: 0 };
      return { step: 0, total: plan.length, points: [], ms: performance.now() - t0 };
    },
    /** The next `steps` runs, or null when `gen` is stale (a reset is on its way). */
    train(gen: number, steps: number): BatchSizeSnapshot | null {
      if (!current || current.gen !== gen) return null;
      const t0 = performance.now();
      const s = current;
      const points = plan.slice(s.done, s.done + steps).map(({ norm, batch }) => batchSizeRun(s.config, s.data, norm, batch));
      s.done += points.length;
      return { step: s.done, total: plan.length, points, ms: performance.now() - t0 };
    },
  };
}
