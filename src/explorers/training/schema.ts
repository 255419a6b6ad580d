/**
 * The training page's state: the settings of its two demos and of the Lipschitz panel (see src/state/schema.ts).
 * Not in the state: whether a demo is running and how far it has got — a link reproduces a run (same seed, same
 * settings → same numbers at the same step), it does not freeze one. Limits keep a step within a frame or two.
 */
import type { Schema, ValueOf } from '../../state/schema.ts';
import { UPSAMPLERS } from '../../training/models.ts';
import { BATCH_SIZE_GROUPS, BATCH_SIZE_LR, BATCH_SIZE_SAMPLES, BN_RACE_DEFAULTS, CHECKERBOARD_DEFAULTS, HIGH_LR } from '../../training/presets.ts';

export const PHOTOS = ['camera', 'cat', 'coffee', 'astronaut', 'rocket', 'brick'] as const;
export type Photo = (typeof PHOTOS)[number];

export const trainingSchema = {
  seed: { kind: 'int', default: 1, min: 1, max: 9999, label: 'random seed' },
  speed: { kind: 'int', default: 5, min: 1, max: 50, label: 'steps per update' },
  stop: { kind: 'int', default: 400, min: 10, max: 5000, label: 'stop after (steps)' },
  // Demo 1 — the learned checkerboard
  image: { kind: 'enum', default: 'camera', values: PHOTOS, label: 'photograph' },
  crop: { kind: 'enum', default: String(CHECKERBOARD_DEFAULTS.crop), values: ['32', '64'], label: 'output size' },
  ch: { kind: 'int', default: CHECKERBOARD_DEFAULTS.channels, min: 2, max: 16, label: 'channels' },
  lr1: { kind: 'number', default: CHECKERBOARD_DEFAULTS.lr, min: 1e-5, max: 0.1, label: 'Adam learning rate' },
  view: { kind: 'enum', default: 'nearest', values: UPSAMPLERS, label: 'network the critic looks at' },
  ck: { kind: 'enum', default: '3', values: ['3', '4'], label: 'critic kernel' },
  cs: { kind: 'enum', default: '2', values: ['1', '2'], label: 'critic stride' },
  // Demo 2 — batch norm and the learning rate
  lr2: { kind: 'number', default: HIGH_LR, min: 1e-4, max: 10, label: 'SGD learning rate' },
  depth: { kind: 'int', default: BN_RACE_DEFAULTS.depth, min: 1, max: 6, label: 'hidden conv blocks' },
  // Batch size and normalization (Wu & He's Fig. 1 at toy scale)
  bsn: { kind: 'enum', default: String(BATCH_SIZE_SAMPLES), values: ['256', '512', '1024', '2048', '4096'], label: 'training samples per run' },
  bslr: { kind: 'number', default: BATCH_SIZE_LR, min: 1e-3, max: 1, label: 'SGD learning rate at batch 32' },
  bsg: { kind: 'enum', default: String(BATCH_SIZE_GROUPS), values: ['1', '2', '4', '8'], label: 'GroupNorm groups' },
  // Lipschitz constant
  lop: { kind: 'enum', default: 'convTranspose2d', values: ['convTranspose2d', 'conv2d'], label: 'layer' },
  lk: { kind: 'int', default: 3, min: 1, max: 7, label: 'kernel size' },
  ls: { kind: 'int', default: 2, min: 1, max: 4, label: 'stride' },
  ld: { kind: 'int', default: 1, min: 1, max: 4, label: 'dilation' },
  lp: { kind: 'int', default: 1, min: 0, max: 6, label: 'padding' },
  lo: { kind: 'int', default: 1, min: 0, max: 3, label: 'output padding' },
  lc: { kind: 'int', default: 1, min: 1, max: 4, label: 'channels' },
  ln: { kind: 'int', default: 8, min: 2, max: 32, label: 'input size' },
  lsn: { kind: 'bool', default: false, label: 'spectral normalisation' },
} as const satisfies Schema;

export type TrainingSchema = typeof trainingSchema;
export type TrainingState = ValueOf<TrainingSchema>;

/** The fields each part depends on: changing one of them resets that part (a new run from step 0). */
export const CHECKERBOARD_KEYS = ['seed', 'image', 'crop', 'ch'] as const satisfies readonly (keyof TrainingState)[];
export const BN_KEYS = ['seed', 'depth'] as const satisfies readonly (keyof TrainingState)[];
export const LIPSCHITZ_KEYS = ['seed', 'lop', 'lk', 'ls', 'ld', 'lp', 'lo', 'lc', 'ln', 'lsn'] as const satisfies readonly (keyof TrainingState)[];
