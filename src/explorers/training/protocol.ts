/**
 * Messages between the training page and its worker (train-worker.ts). Every request carries the generation of
 * the run it belongs to; the page drops replies from an older generation (after a reset or a settings change).
 * Types only, so the page's bundle does not pull in the training engine.
 */
import type { Summary } from '../../training/stats.ts';
import type { SweepPoint } from '../../training/bn-race.ts';
import type { UpsamplerKind } from '../../training/models.ts';
import type { LinearOp } from '../../training/lipschitz.ts';
import type { ExportGraph } from '../../onnx/export-graph.ts';

/** Which demo's networks an export asks for. */
export type ExportDemo = 'checkerboard' | 'bn';
import type { BatchSizeSetup, BatchSizeSnapshot } from './batch-size-protocol.ts';

export interface CheckerboardSetup {
  imageUrl: string;
  imageName: string;
  crop: number;
  channels: number;
  lr: number;
  seed: number;
}

export interface CriticSetup {
  kernel: number;
  stride: number;
  /** Which network's output the critic looks at. */
  view: UpsamplerKind;
}

export interface BnSetup {
  depth: number;
  lr: number;
  seed: number;
}

export interface LipschitzSetup {
  op: LinearOp;
  kernel: number;
  stride: number;
  dilation: number;
  padding: number;
  outputPadding: number;
  channels: number;
  size: number;
  spectralNorm: boolean;
  seed: number;
}

export type TrainRequest =
  | { kind: 'checkerboard-reset'; gen: number; setup: CheckerboardSetup; critic: CriticSetup }
  | { kind: 'checkerboard-train'; gen: number; steps: number; lr: number; critic: CriticSetup }
  | { kind: 'bn-reset'; gen: number; setup: BnSetup }
  | { kind: 'bn-train'; gen: number; steps: number; lr: number }
  | { kind: 'sweep'; gen: number; setup: BnSetup; lrs: number[]; steps: number; target: number }
  | { kind: 'lipschitz'; gen: number; setup: LipschitzSetup }
  /** The demo's networks with their current weights (`gen` numbers the export request). */
  | { kind: 'export'; gen: number; demo: ExportDemo }
  | { kind: 'batch-size-reset'; gen: number; setup: BatchSizeSetup }
  | { kind: 'batch-size-train'; gen: number; steps: number };

export interface ContestantSnapshot {
  kind: UpsamplerKind;
  trainLoss: number;
  /** [step, eval MSE, artifact score] since the last snapshot's end (the page appends). */
  history: { step: number; loss: number; score: number }[];
  /** The network's output for the first evaluation image, `crop × crop`. */
  output: Float32Array;
}

export interface CheckerboardSnapshot {
  step: number;
  crop: number;
  factor: number;
  targetScore: number;
  /** Shown once (reset): the first evaluation image's input and target. */
  input: Float32Array | null;
  target: Float32Array | null;
  contestants: ContestantSnapshot[];
  critic: { kernel: number; stride: number; view: UpsamplerKind; gradient: Float32Array; score: number; stride1Score: number; period: number };
  ms: number;
}

export interface RacerSnapshot {
  batchNorm: boolean;
  /** Training losses of the steps since the last snapshot. */
  losses: number[];
  /** Activation records since the last snapshot. */
  activations: { step: number; blocks: Summary[] }[];
  diverged: boolean;
  test: { loss: number; accuracy: number };
}

export interface BnSnapshot {
  step: number;
  /** Index of the first loss in `losses` (the page appends at this position). */
  from: number;
  racers: RacerSnapshot[];
  ms: number;
}

export interface LipschitzResult {
  sigma: number;
  iterations: number;
  converged: boolean;
  history: number[];
  /** σ of the dense matrix, or why it was not computed (too large). */
  dense: { sigma: number } | { skipped: string };
  /** σ of the weight reshaped as torch.nn.utils.spectral_norm does. */
  reshapedSigma: number;
  /** σ of the layer after dividing the weight by `sigma` (1 up to the power iteration's precision). */
  normalisedSigma: number | null;
  weight: { shape: number[]; data: Float32Array };
  outShape: number[];
}

export type TrainResponse =
  | { kind: 'checkerboard'; gen: number; snapshot: CheckerboardSnapshot }
  | { kind: 'bn'; gen: number; snapshot: BnSnapshot }
  | { kind: 'sweep-point'; gen: number; point: SweepPoint; index: number; total: number }
  | { kind: 'lipschitz'; gen: number; result: LipschitzResult }
  | { kind: 'export'; gen: number; graph: ExportGraph | null; reason: string | null }
  | { kind: 'batch-size'; gen: number; snapshot: BatchSizeSnapshot }
  | { kind: 'error'; gen: number; about: 'checkerboard' | 'bn' | 'sweep' | 'lipschitz' | 'batch-size'; message: string };
