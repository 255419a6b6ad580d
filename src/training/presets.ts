/**
 * The demos' default settings, shared by the app and by the tests that assert the measured facts — so the
 * numbers the page shows are the numbers the tests check.
 */
import type { BatchSizeConfig } from './batch-size.ts';
import type { BnRaceConfig } from './bn-race.ts';
import type { CheckerboardConfig } from './checkerboard.ts';

export const CHECKERBOARD_DEFAULTS: Omit<CheckerboardConfig, 'upsamplers' | 'seed'> = {
  channels: 8,
  stages: 2,
  crop: 32,
  batch: 4,
  lr: 2e-3,
  evalEvery: 10,
};

/** Steps after which the tests compare artifact scores (the transposed conv's pattern fades slowly after that). */
export const CHECKERBOARD_TEST_STEPS = 100;

export const BN_RACE_DEFAULTS: Omit<BnRaceConfig, 'seed' | 'lr'> = {
  depth: 4,
  channels: 8,
  size: 10,
  batch: 16,
  momentum: 0.9,
  recordEvery: 10,
};

/** A learning rate the plain network cannot use but the BN network can (SGD, momentum 0.9). */
export const HIGH_LR = 0.1;
/** A learning rate both networks train at. */
export const MODERATE_LR = 0.02;
/** "Trained" means the 20-step mean training loss is below this (chance is ln 4 ≈ 1.386). */
export const TARGET_LOSS = 0.5;

/** The batch-size experiment's fixed settings (batch-size.ts); samples, lr, groups and seed are page settings. */
export const BATCH_SIZE_DEFAULTS: Omit<BatchSizeConfig, 'seed' | 'samples' | 'lr' | 'groups'> = {
  depth: 1,
  channels: 8,
  size: 10,
  momentum: 0.9,
  testSize: 256,
};
export const BATCH_SIZE_SAMPLES = 2048;
export const BATCH_SIZE_LR = 0.1;
export const BATCH_SIZE_GROUPS = 2;
