/**
 * The networks `npm run bench:train` times, and their description as plain data for the PyTorch side
 * (scripts/bench_train.py rebuilds each layer from it and loads the exact initial weights).
 */
import { crossEntropyLoss, mseLoss, type LossResult } from '../src/kernels/backward/loss.ts';
import type { Tensor } from '../src/kernels/tensor.ts';
import { Workspace } from '../src/kernels/workspace.ts';
import { gratingBatch, GRATING_CLASSES } from '../src/training/data.ts';
import {
  BatchNorm2dLayer, Conv2dLayer, ConvTranspose2dLayer, GlobalAvgPoolLayer, PixelShuffleLayer, ReluLayer, ResizeConv2dLayer,
  UpsampleLayer,
  type Layer, type Sequential,
} from '../src/training/layers.ts';
import { classifier, upsamplerNet, UPSAMPLERS } from '../src/training/models.ts';
import { adam, type Optimizer } from '../src/training/optim.ts';
import { BN_RACE_DEFAULTS, CHECKERBOARD_DEFAULTS } from '../src/training/presets.ts';
import { Rng } from '../src/util/random.ts';

export const LR = 2e-3;

export interface TrainNet {
  id: string;
  label: string;
  /** A fresh network with its seeded initial weights (same call → same weights). */
  build(): Sequential;
  input: Tensor;
  /** MSE target, or class labels for cross-entropy. */
  target: Tensor | Int32Array;
}

export interface Trainer {
  net: Sequential;
  optimizer: Optimizer;
  /** Forward (training mode), loss, backward, Adam step; returns the loss. */
  step(): number;
}

export function trainer(t: TrainNet): Trainer {
  const net = t.build();
  const optimizer = adam({ lr: LR });
  // As the training page does: each step reuses the previous step's result arrays.
  const workspace = new Workspace();
  return {
    net,
    optimizer,
    step() {
      return workspace.run(() => {
        const out = net.forward(t.input, true);
        const loss: LossResult = t.target instanceof Int32Array ? crossEntropyLoss(out, t.target) : mseLoss(out, t.target);
        net.backward(loss.grad);
        optimizer.step(net.params);
        return loss.loss;
      });
    },
  };
}

/** A super-resolution batch without photographs: random targets, their area-shrunk versions as input. */
function upsamplerBatch(seed: number, batch: number, size: number, factor: number): { input: Tensor; target: Tensor } {
  const rng = new Rng(seed);
  const small = size / factor;
  const target = rng.uniformArray(batch * size * size, 1);
  const input = new Float32Array(batch * small * small);
  for (let b = 0; b < batch; b++) {
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        input[(b * small + Math.floor(y / factor)) * small + Math.floor(x / factor)] += target[(b * size + y) * size + x] / (factor * factor);
      }
    }
  }
  return { input: { shape: [batch, 1, small, small], data: input }, target: { shape: [batch, 1, size, size], data: target } };
}

export function trainNets(): TrainNet[] {
  const nets: TrainNet[] = [];
  const { channels, stages, crop, batch } = CHECKERBOARD_DEFAULTS;
  const sr = upsamplerBatch(11, batch, crop, 2 ** stages);
  for (const kind of UPSAMPLERS) {
    nets.push({
      id: kind, label: `upsampler ${kind}, ${channels} ch, ${crop / 2 ** stages}→${crop}, batch ${batch}`,
      build: () => upsamplerNet({ upsampler: kind, stages, channels, seed: 1 }), ...sr,
    });
  }
  const bn = BN_RACE_DEFAULTS;
  const grating = gratingBatch(new Rng(12), bn.size, bn.batch);
  for (const batchNorm of [false, true]) {
    nets.push({
      id: batchNorm ? 'classifier-bn' : 'classifier',
      label: `classifier${batchNorm ? ' + BN' : ''}, depth ${bn.depth}, ${bn.channels} ch, ${bn.size}×${bn.size}, batch ${bn.batch}`,
      build: () => classifier({ depth: bn.depth, channels: bn.channels, batchNorm, classes: GRATING_CLASSES.length, seed: 1 }).net,
      input: grating.input, target: grating.labels,
    });
  }
  // DCGAN-generator-like: two transposed convs k4 s2 p1 at 64 channels, 8×8 → 16×16 → 32×32 output, batch 16.
  const dc = upsamplerBatch(13, 16, 32, 4);
  nets.push({
    id: 'dcgan', label: 'DCGAN-like: convT4 ×2, 64 ch, 8→32 (output 32×32), batch 16',
    build: () => upsamplerNet({ upsampler: 'convT4', stages: 2, channels: 64, seed: 1 }), ...dc,
  });
  return nets;
}

export type LayerSpec =
  | { type: 'conv2d'; params: string[]; opts: object }
  | { type: 'convTranspose2d'; params: string[]; opts: object }
  | { type: 'batchNorm2d'; params: string[]; momentum: number; eps: number }
  | { type: 'relu' | 'globalAvgPool' }
  | { type: 'upsample'; scale: number; mode: string }
  | { type: 'pixelShuffle'; factor: number };

/** PyTorch layers of one of ours (the fused resize-conv is PyTorch's Upsample then Conv2d). */
function describeLayer(l: Layer): LayerSpec[] {
  if (l instanceof ResizeConv2dLayer) {
    const { scale: _scale, mode: _mode, ...conv } = l.opts;
    return [{ type: 'upsample', scale: 2, mode: 'nearest' }, { type: 'conv2d', params: l.params.map((p) => p.name), opts: conv }];
  }
  return [describeOne(l)];
}

function describeOne(l: Layer): LayerSpec {
  const names = l.params.map((p) => p.name);
  if (l instanceof Conv2dLayer) return { type: 'conv2d', params: names, opts: l.opts };
  if (l instanceof ConvTranspose2dLayer) return { type: 'convTranspose2d', params: names, opts: l.opts };
  if (l instanceof BatchNorm2dLayer) return { type: 'batchNorm2d', params: names, momentum: l.momentum, eps: l.eps };
  if (l instanceof ReluLayer) return { type: 'relu' };
  if (l instanceof GlobalAvgPoolLayer) return { type: 'globalAvgPool' };
  if (l instanceof UpsampleLayer) return { type: 'upsample', scale: l.scale, mode: l.mode };
  if (l instanceof PixelShuffleLayer) return { type: 'pixelShuffle', factor: l.factor };
  throw new Error(`no PyTorch description for layer ${l.label}`);
}

export interface NetSpec {
  id: string;
  layers: LayerSpec[];
  /** Parameter name → [shape, offset in floats into the data file]. */
  params: Record<string, [number[], number]>;
  input: [number[], number];
  loss: 'mse' | 'crossEntropy';
  target: [number[], number] | number[];
  lr: number;
}

/** Every network as plain data, with its initial weights and batch appended to `floats`. */
export function describe(t: TrainNet, floats: number[]): NetSpec {
  const put = (data: Float32Array): number => {
    const at = floats.length;
    for (const v of data) floats.push(v);
    return at;
  };
  const net = t.build();
  const params: NetSpec['params'] = {};
  for (const p of net.params) params[p.name] = [[...p.shape], put(p.data)];
  return {
    id: t.id, layers: net.layers.flatMap(describeLayer), params,
    input: [[...t.input.shape], put(t.input.data)],
    loss: t.target instanceof Int32Array ? 'crossEntropy' : 'mse',
    target: t.target instanceof Int32Array ? [...t.target] : [[...t.target.shape], put(t.target.data)],
    lr: LR,
  };
}
