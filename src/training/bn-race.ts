/**
 * Demo 2, batch norm and the learning rate: the same small CNN with and without BatchNorm2d, trained side by side
 * with SGD + momentum on identical batches of a seeded synthetic task (oriented gratings, 4 classes), at one
 * learning rate. Records the training loss of every step and, every few steps, a summary of each block's output —
 * the input of the next layer — to show whether that distribution drifts ("internal covariate shift").
 */
import { crossEntropyLoss } from '../kernels/backward/loss.ts';
import type { Tensor } from '../kernels/tensor.ts';
import { Workspace } from '../kernels/workspace.ts';
import { gratingBatch, GRATING_CLASSES, type ClassificationBatch } from './data.ts';
import { classifier, type Classifier } from './models.ts';
import { sgd, type Optimizer } from './optim.ts';
import { Rng } from '../util/random.ts';
import { stepsToTarget, summarise, tailMean, type Summary } from './stats.ts';

export interface BnRaceConfig {
  /** Hidden conv blocks after the stem. */
  depth: number;
  channels: number;
  /** Image side. */
  size: number;
  batch: number;
  lr: number;
  momentum: number;
  seed: number;
  /** Record activation summaries every this many steps. */
  recordEvery: number;
}

export interface ActivationRecord {
  step: number;
  /** One summary per block: that block's ReLU output, i.e. the next conv's input. */
  blocks: Summary[];
}

export interface Racer {
  batchNorm: boolean;
  model: Classifier;
  optimizer: Optimizer;
  /** Training loss at every step (NaN/Infinity once diverged). */
  losses: number[];
  activations: ActivationRecord[];
  /** True once the loss has become non-finite; training of this model stops. */
  diverged: boolean;
}

/** The loss a model that always predicts uniformly would have: ln 4. "Stalled" means staying near it. */
export const CHANCE_LOSS = Math.log(GRATING_CLASSES.length);

export class BnRace {
  readonly racers: Racer[];
  readonly testSet: ClassificationBatch;
  private readonly dataRng: Rng;
  /** Training steps reuse their kernels' result arrays (activations are summarised within the step). */
  private readonly workspace = new Workspace();
  step = 0;

  constructor(readonly config: BnRaceConfig) {
    this.dataRng = new Rng(config.seed * 104729 + 1);
    this.testSet = gratingBatch(new Rng(config.seed * 104729 + 2), config.size, 128);
    this.racers = [false, true].map((batchNorm) => ({
      batchNorm,
      model: classifier({ depth: config.depth, channels: config.channels, batchNorm, classes: GRATING_CLASSES.length, seed: config.seed }),
      optimizer: sgd({ lr: config.lr, momentum: config.momentum }),
      losses: [],
      activations: [],
      diverged: false,
    }));
  }

  get plain(): Racer {
    return this.racers[0];
  }
  get bn(): Racer {
    return this.racers[1];
  }

  train(): void {
    const b = gratingBatch(this.dataRng, this.config.size, this.config.batch);
    const record = this.step % this.config.recordEvery === 0;
    this.workspace.run(() => this.trainEach(b, record));
    this.step++;
  }

  private trainEach(b: ClassificationBatch, record: boolean): void {
    for (const r of this.racers) {
      if (r.diverged) {
        r.losses.push(NaN);
        continue;
      }
      const outputs: Tensor[] = [];
      const logits = r.model.net.forward(b.input, true, record ? outputs : undefined);
      const loss = crossEntropyLoss(logits, b.labels);
      r.losses.push(loss.loss);
      if (record) r.activations.push({ step: this.step, blocks: r.model.blockOutputs.map((i) => summarise(outputs[i].data)) });
      if (!Number.isFinite(loss.loss)) {
        r.diverged = true;
        continue;
      }
      r.model.net.backward(loss.grad);
      r.optimizer.step(r.model.net.params);
      if (r.model.net.params.some((p) => !p.data.every(Number.isFinite))) r.diverged = true;
    }
  }

  setLearningRate(lr: number): void {
    for (const r of this.racers) r.optimizer.setLearningRate(lr);
  }

  /** Loss and accuracy on the fixed test set (eval mode: BN uses its running statistics). */
  evaluate(r: Racer): { loss: number; accuracy: number } {
    if (r.diverged) return { loss: NaN, accuracy: NaN };
    const logits = r.model.net.forward(this.testSet.input, false);
    const [n, c] = logits.shape;
    let correct = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let k = 1; k < c; k++) if (logits.data[i * c + k] > logits.data[i * c + best]) best = k;
      if (best === this.testSet.labels[i]) correct++;
    }
    return { loss: crossEntropyLoss(logits, this.testSet.labels).loss, accuracy: correct / n };
  }
}

export interface SweepPoint {
  lr: number;
  /** Mean training loss over the last 20 steps; NaN if the run diverged. */
  finalLoss: { plain: number; bn: number };
  /** Steps until the 20-step running mean of the training loss fell below `target`; null = never. */
  stepsToTarget: { plain: number | null; bn: number | null };
}

export const SWEEP_WINDOW = 20;

/** Train both models for `steps` at each learning rate (fresh models, same seed and data for every rate). */
export function sweepPoint(config: BnRaceConfig, lr: number, steps: number, target: number): SweepPoint {
  const race = new BnRace({ ...config, lr, recordEvery: Number.MAX_SAFE_INTEGER });
  for (let i = 0; i < steps; i++) {
    race.train();
    if (race.racers.every((r) => r.diverged)) break;
  }
  const final = (r: Racer) => (r.diverged ? NaN : tailMean(r.losses, SWEEP_WINDOW));
  return {
    lr,
    finalLoss: { plain: final(race.plain), bn: final(race.bn) },
    stepsToTarget: { plain: stepsToTarget(race.plain.losses, target, SWEEP_WINDOW), bn: stepsToTarget(race.bn.losses, target, SWEEP_WINDOW) },
  };
}

/** The learning rates of the sweep: `count` values evenly spaced in log from `lo` to `hi`. */
export function logSpaced(lo: number, hi: number, count: number): number[] {
  if (count < 2) return [lo];
  return Array.from({ length: count }, (_, i) => Number((lo * (hi / lo) ** (i / (count - 1))).toPrecision(3)));
}
