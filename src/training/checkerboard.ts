/**
 * Demo 1, the learned checkerboard: the same tiny upsampling network with different ×2 upsamplers, trained side
 * by side on identical batches (same seed, same crops) to paint 4× detail back into shrunk photographs. Every few
 * steps each network upsamples a fixed evaluation batch and we measure the explorer's checkerboard score on it.
 */
import { mseLoss } from '../kernels/backward/loss.ts';
import type { Tensor } from '../kernels/tensor.ts';
import { Workspace } from '../kernels/workspace.ts';
import { artifactScore } from '../analysis/artifact.ts';
import { superResolutionBatch, type GreyImage, type SuperResolutionBatch } from './data.ts';
import type { Sequential } from './layers.ts';
import { upsamplerNet, type UpsamplerKind } from './models.ts';
import { adam, type Optimizer } from './optim.ts';
import { Rng } from '../util/random.ts';

export interface CheckerboardConfig {
  upsamplers: readonly UpsamplerKind[];
  channels: number;
  /** ×2 stages; the output is 2^stages larger. */
  stages: number;
  /** Side of the target crops (a multiple of 2^stages). */
  crop: number;
  batch: number;
  lr: number;
  seed: number;
  /** Evaluate (and score) every this many steps. */
  evalEvery: number;
}

export interface CheckerboardPoint {
  step: number;
  /** MSE on the evaluation batch. */
  loss: number;
  /** Mean artifact score over the evaluation images, at the total stride 2^stages. */
  score: number;
}

export interface Contestant {
  kind: UpsamplerKind;
  net: Sequential;
  optimizer: Optimizer;
  history: CheckerboardPoint[];
  /** Last training-batch loss. */
  trainLoss: number;
}

export const EVAL_IMAGES = 6;

/** Mean artifact score over the `count` images of a `[N, 1, S, S]` batch. */
export function batchArtifactScore(t: Tensor, stride: number): number {
  const [n, , h, w] = t.shape;
  let total = 0;
  for (let i = 0; i < n; i++) total += artifactScore(t.data.subarray(i * h * w, (i + 1) * h * w), h, w, stride, stride).score;
  return total / n;
}

export class CheckerboardSession {
  readonly contestants: Contestant[];
  readonly evalBatch: SuperResolutionBatch;
  /** Score of the evaluation targets themselves: what a perfect network would get. */
  readonly targetScore: number;
  readonly factor: number;
  private readonly dataRng: Rng;
  /** Training steps reuse their kernels' result arrays (nothing computed in a step outlives it). */
  private readonly workspace = new Workspace();
  step = 0;

  constructor(readonly config: CheckerboardConfig, readonly images: readonly GreyImage[]) {
    this.factor = 2 ** config.stages;
    this.dataRng = new Rng(config.seed * 7919 + 1);
    this.evalBatch = superResolutionBatch(new Rng(config.seed * 7919 + 2), images, config.crop, this.factor, EVAL_IMAGES);
    this.targetScore = batchArtifactScore(this.evalBatch.target, this.factor);
    this.contestants = config.upsamplers.map((kind) => ({
      kind,
      net: upsamplerNet({ upsampler: kind, stages: config.stages, channels: config.channels, seed: config.seed }),
      optimizer: adam({ lr: config.lr }),
      history: [],
      trainLoss: NaN,
    }));
    this.evaluate();
  }

  /** One Adam step for every network, all on the same batch. */
  train(): void {
    const { crop, batch } = this.config;
    const b = superResolutionBatch(this.dataRng, this.images, crop, this.factor, batch);
    this.workspace.run(() => {
      for (const c of this.contestants) {
        const loss = mseLoss(c.net.forward(b.input, true), b.target);
        c.trainLoss = loss.loss;
        c.net.backward(loss.grad);
        c.optimizer.step(c.net.params);
      }
    });
    this.step++;
    if (this.step % this.config.evalEvery === 0) this.evaluate();
  }

  setLearningRate(lr: number): void {
    for (const c of this.contestants) c.optimizer.setLearningRate(lr);
  }

  /** Each network's output on the evaluation batch. */
  outputs(): Tensor[] {
    return this.contestants.map((c) => c.net.forward(this.evalBatch.input, false));
  }

  private evaluate(): void {
    const outs = this.outputs();
    this.contestants.forEach((c, i) => {
      c.history.push({ step: this.step, loss: mseLoss(outs[i], this.evalBatch.target).loss, score: batchArtifactScore(outs[i], this.factor) });
    });
  }
}
