/**
 * Wu & He, "Group Normalization" (2018), Fig. 1 at toy scale: the same small CNN with BatchNorm, GroupNorm,
 * LayerNorm or no normalization, trained at batch sizes 2 … 32, then its held-out loss and accuracy.
 *
 * As in the paper, every run sees the same number of training samples (the same samples, in the same order) and
 * the learning rate is scaled linearly with the batch size (Goyal et al. 2017), so a batch of 2 takes 16× as many
 * steps of 1/16 the size as a batch of 32. BN is evaluated with its running statistics (eval mode); the other
 * norms compute the same thing in training and eval.
 */
import { crossEntropyLoss } from '../kernels/backward/loss.ts';
import type { Tensor } from '../kernels/tensor.ts';
import { Workspace } from '../kernels/workspace.ts';
import { gratingBatch, GRATING_CLASSES, type ClassificationBatch } from './data.ts';
import { convBias, convWeight } from './init.ts';
import { BatchNorm2dLayer, Conv2dLayer, GlobalAvgPoolLayer, GroupNorm2dLayer, LayerNormLayer, param, ReluLayer, Sequential, type Layer } from './layers.ts';
import { sgd } from './optim.ts';
import { Rng } from '../util/random.ts';

export const NORMS = ['bn', 'gn', 'ln', 'none'] as const;
export type NormKind = (typeof NORMS)[number];

export const BATCH_SIZES = [2, 4, 8, 16, 32] as const;
/** The batch size the learning rate is given for (the largest). */
export const REFERENCE_BATCH = 32;

export interface NormClassifierConfig {
  norm: NormKind;
  /** Hidden conv blocks after the stem. */
  depth: number;
  channels: number;
  /** GroupNorm's G (must divide `channels`). */
  groups: number;
  /** Image side: LayerNorm's affine parameters are per value of [C, size, size]. */
  size: number;
  classes: number;
  seed: number;
}

/**
 * The bn-race classifier (models.ts) with a choice of normalization: Conv3×3(1→C) [· Norm] · ReLU ·
 * ([Conv3×3(C→C) [· Norm] · ReLU] × depth) · Conv1×1(C→classes) · mean. Convs before a norm have no bias (its β
 * replaces it). With `norm: 'bn'` it is exactly models.ts's `classifier({ batchNorm: true })` (same weights).
 */
export function normClassifier(cfg: NormClassifierConfig): Sequential {
  const rng = new Rng(cfg.seed);
  const layers: Layer[] = [];
  const c = cfg.channels;
  if (cfg.norm === 'gn' && (!Number.isInteger(cfg.groups) || cfg.groups < 1 || c % cfg.groups !== 0)) {
    throw new Error(`invalid groups: ${cfg.groups} (must be a positive divisor of channels, ${c})`);
  }
  const conv = (name: string, cin: number, cout: number, k: number, bias: boolean, init: 'he' | 'pytorch') => {
    const shape = [cout, cin, k, k];
    const w = param(`${name}.weight`, shape, convWeight(rng, shape, init));
    const b = bias ? param(`${name}.bias`, [cout], convBias(rng, shape, cout)) : null;
    return new Conv2dLayer(`Conv2d ${cin}→${cout} k${k}`, w, b, { padding: k === 3 ? 1 : 0 });
  };
  for (let b = 0; b <= cfg.depth; b++) {
    layers.push(conv(`block${b}`, b === 0 ? 1 : c, c, 3, cfg.norm === 'none', 'he'));
    if (cfg.norm === 'bn') layers.push(new BatchNorm2dLayer(`bn${b}`, c));
    else if (cfg.norm === 'gn') layers.push(new GroupNorm2dLayer(`gn${b}`, cfg.groups, c));
    else if (cfg.norm === 'ln') layers.push(new LayerNormLayer(`ln${b}`, [c, cfg.size, cfg.size]));
    layers.push(new ReluLayer());
  }
  layers.push(conv('head', c, cfg.classes, 1, true, 'pytorch'));
  layers.push(new GlobalAvgPoolLayer());
  return new Sequential(layers);
}

export interface BatchSizeConfig {
  depth: number;
  channels: number;
  groups: number;
  size: number;
  /** Training samples every run sees (a multiple of the largest batch size). */
  samples: number;
  /** SGD learning rate at batch 32; batch b uses lr·b/32. */
  lr: number;
  momentum: number;
  /** Held-out images. */
  testSize: number;
  seed: number;
}

export interface BatchSizeData {
  /** All `samples` training images, in the order every run sees them. */
  train: ClassificationBatch;
  test: ClassificationBatch;
}

/** The training stream and the held-out set: oriented gratings (data.ts), the same for every run of one seed. */
export function batchSizeData(config: BatchSizeConfig): BatchSizeData {
  return {
    train: gratingBatch(new Rng(config.seed * 7919 + 3), config.size, config.samples),
    test: gratingBatch(new Rng(config.seed * 7919 + 4), config.size, config.testSize),
  };
}

export interface BatchSizePoint {
  norm: NormKind;
  batch: number;
  steps: number;
  /** Held-out cross-entropy and accuracy (NaN once diverged). */
  loss: number;
  accuracy: number;
  diverged: boolean;
}

/** The 20 runs in the order they are made: batch 32 first, so the lines grow towards the small batches. */
export function batchSizePlan(): { norm: NormKind; batch: number }[] {
  return [...BATCH_SIZES].reverse().flatMap((batch) => NORMS.map((norm) => ({ norm, batch })));
}

function slice(x: ClassificationBatch, from: number, count: number): { input: Tensor; labels: Int32Array } {
  const [, ch, h, w] = x.input.shape;
  const per = ch * h * w;
  return {
    input: { shape: [count, ch, h, w], data: x.input.data.slice(from * per, (from + count) * per) },
    labels: x.labels.slice(from, from + count),
  };
}

/** Loss and accuracy of `net` in eval mode on `test`. */
export function evaluateClassifier(net: Sequential, test: ClassificationBatch): { loss: number; accuracy: number } {
  const logits = net.forward(test.input, false);
  const [n, c] = logits.shape;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < c; k++) if (logits.data[i * c + k] > logits.data[i * c + best]) best = k;
    if (best === test.labels[i]) correct++;
  }
  return { loss: crossEntropyLoss(logits, test.labels).loss, accuracy: correct / n };
}

/** Train a fresh network with `norm` at `batch` on the whole stream, then evaluate it on the held-out set. */
export function batchSizeRun(config: BatchSizeConfig, data: BatchSizeData, norm: NormKind, batch: number): BatchSizePoint {
  if (!Number.isInteger(batch) || batch < 1 || config.samples % batch !== 0) {
    throw new Error(`invalid batch: ${batch} (must be a positive divisor of the ${config.samples} training samples)`);
  }
  const net = normClassifier({ norm, depth: config.depth, channels: config.channels, groups: config.groups, size: config.size, classes: GRATING_CLASSES.length, seed: config.seed });
  const opt = sgd({ lr: (config.lr * batch) / REFERENCE_BATCH, momentum: config.momentum });
  const steps = config.samples / batch;
  const workspace = new Workspace();
  for (let s = 0; s < steps; s++) {
    const b = slice(data.train, s * batch, batch);
    const finite = workspace.run(() => {
      const loss = crossEntropyLoss(net.forward(b.input, true), b.labels);
      if (!Number.isFinite(loss.loss)) return false;
      net.backward(loss.grad);
      opt.step(net.params);
      return true;
    });
    if (!finite) return { norm, batch, steps, loss: NaN, accuracy: NaN, diverged: true };
  }
  const r = evaluateClassifier(net, data.test);
  const diverged = !Number.isFinite(r.loss);
  return { norm, batch, steps, loss: diverged ? NaN : r.loss, accuracy: diverged ? NaN : r.accuracy, diverged };
}

export interface NormSummary {
  norm: NormKind;
  /** Held-out accuracy at the largest and at the smallest batch. */
  atLargest: number;
  atSmallest: number;
  /** Largest |accuracy(b) − accuracy(32)| over the batch sizes: how far the line strays from its batch-32 value. */
  spread: number;
}

/** Per normalization, the numbers the caption states (null while that norm's runs at 2 or 32 are missing). */
export function normSummary(points: readonly BatchSizePoint[], norm: NormKind): NormSummary | null {
  const own = points.filter((p) => p.norm === norm);
  const at = (b: number) => own.find((p) => p.batch === b);
  const large = at(BATCH_SIZES[BATCH_SIZES.length - 1]);
  const small = at(BATCH_SIZES[0]);
  if (!large || !small) return null;
  let spread = 0;
  for (const p of own) spread = Math.max(spread, Math.abs(p.accuracy - large.accuracy));
  return { norm, atLargest: large.accuracy, atSmallest: small.accuracy, spread: own.some((p) => p.diverged) ? NaN : spread };
}
