/** Messages of the batch-size experiment (types only, like protocol.ts, which includes them). */
import type { BatchSizePoint } from '../../training/batch-size.ts';

export interface BatchSizeSetup {
  /** Training samples every run sees. */
  samples: number;
  /** SGD learning rate at batch 32 (scaled linearly with the batch size). */
  lr: number;
  /** GroupNorm's G. */
  groups: number;
  seed: number;
}

export interface BatchSizeSnapshot {
  /** Runs finished (of `total`): the experiment's "step". */
  step: number;
  total: number;
  /** The runs finished since the last snapshot. */
  points: BatchSizePoint[];
  ms: number;
}
