/**
 * Tiny trainable layers over Layer Lab's kernels: each forward call remembers what its backward call needs,
 * each backward call writes its parameters' gradients (overwriting — one backward per step) and returns ∂L/∂x.
 * No autograd graph: a network is a list of layers run forwards, then backwards.
 */
import { batchNorm2d } from '../kernels/batch-norm.ts';
import { conv2d } from '../kernels/conv2d.ts';
import { convTranspose2d } from '../kernels/conv-transpose.ts';
import { groupNorm2d } from '../kernels/group-norm.ts';
import { layerNorm } from '../kernels/layer-norm.ts';
import { pixelShuffle } from '../kernels/pixel-shuffle.ts';
import { resizeConv2d } from '../kernels/resize-conv.ts';
import { upsample2d } from '../kernels/upsample.ts';
import type { ConvOptions, ConvTransposeOptions, ResizeConvOptions, UpsampleMode } from '../kernels/params.ts';
import type { Tensor } from '../kernels/tensor.ts';
import {
  batchNorm2dBackward, conv2dBackward, convTranspose2dBackward, globalAvgPool, globalAvgPoolBackward,
  groupNorm2dBackward, layerNormBackward, pixelShuffleBackward, relu, reluBackward, resizeConv2dBackward, upsample2dBackward,
} from '../kernels/backward/index.ts';
import type { Param } from './optim.ts';

export interface Layer {
  /** Short description for the UI, e.g. "ConvTranspose2d 8→8 k4 s2". */
  readonly label: string;
  readonly params: readonly Param[];
  forward(x: Tensor, training: boolean): Tensor;
  /** ∂L/∂x from ∂L/∂y of the last forward call; fills `grad` of every parameter. */
  backward(gradOutput: Tensor): Tensor;
}

export function param(name: string, shape: readonly number[], data: Float32Array): Param {
  return { name, shape: [...shape], data, grad: new Float32Array(data.length) };
}

function remembered(x: Tensor | null, label: string): Tensor {
  if (x === null) throw new Error(`${label}: backward called before forward`);
  return x;
}

export class Conv2dLayer implements Layer {
  readonly params: Param[];
  private input: Tensor | null = null;
  constructor(readonly label: string, readonly weight: Param, readonly bias: Param | null, readonly opts: ConvOptions) {
    this.params = bias ? [weight, bias] : [weight];
  }
  forward(x: Tensor): Tensor {
    this.input = x;
    return conv2d(x, { shape: [...this.weight.shape], data: this.weight.data }, this.bias?.data ?? null, this.opts);
  }
  backward(g: Tensor): Tensor {
    const r = conv2dBackward(remembered(this.input, this.label), { shape: [...this.weight.shape], data: this.weight.data }, g, this.opts);
    this.weight.grad.set(r.gradWeight.data);
    this.bias?.grad.set(r.gradBias);
    return r.gradInput;
  }
}

export class ConvTranspose2dLayer implements Layer {
  readonly params: Param[];
  private input: Tensor | null = null;
  constructor(readonly label: string, readonly weight: Param, readonly bias: Param | null, readonly opts: ConvTransposeOptions) {
    this.params = bias ? [weight, bias] : [weight];
  }
  forward(x: Tensor): Tensor {
    this.input = x;
    return convTranspose2d(x, { shape: [...this.weight.shape], data: this.weight.data }, this.bias?.data ?? null, this.opts);
  }
  backward(g: Tensor): Tensor {
    const r = convTranspose2dBackward(remembered(this.input, this.label), { shape: [...this.weight.shape], data: this.weight.data }, g, this.opts);
    this.weight.grad.set(r.gradWeight.data);
    this.bias?.grad.set(r.gradBias);
    return r.gradInput;
  }
}

/** BatchNorm2d: batch statistics while training (and running averages updated), running statistics in eval. */
export class BatchNorm2dLayer implements Layer {
  readonly params: Param[];
  readonly runningMean: Float32Array;
  readonly runningVar: Float32Array;
  private input: Tensor | null = null;
  private wasTraining = true;
  constructor(readonly label: string, channels: number, readonly momentum = 0.1, readonly eps = 1e-5) {
    this.params = [param(`${label}.weight`, [channels], new Float32Array(channels).fill(1)), param(`${label}.bias`, [channels], new Float32Array(channels))];
    this.runningMean = new Float32Array(channels);
    this.runningVar = new Float32Array(channels).fill(1);
  }
  private options(training: boolean) {
    return { training, weight: this.params[0].data, bias: this.params[1].data, runningMean: this.runningMean, runningVar: this.runningVar, momentum: this.momentum, eps: this.eps };
  }
  forward(x: Tensor, training: boolean): Tensor {
    this.input = x;
    this.wasTraining = training;
    const r = batchNorm2d(x, this.options(training));
    if (r.runningMean && r.runningVar) {
      this.runningMean.set(r.runningMean);
      this.runningVar.set(r.runningVar);
    }
    return r.output;
  }
  backward(g: Tensor): Tensor {
    const r = batchNorm2dBackward(remembered(this.input, this.label), g, this.options(this.wasTraining));
    this.params[0].grad.set(r.gradWeight);
    this.params[1].grad.set(r.gradBias);
    return r.gradInput;
  }
}

/**
 * GroupNorm (nn.GroupNorm(groups, channels)): each sample's channels in `groups` groups, statistics per sample and
 * group — the same in training and eval, and independent of the rest of the batch. γ, β per channel.
 */
export class GroupNorm2dLayer implements Layer {
  readonly params: Param[];
  private input: Tensor | null = null;
  constructor(readonly label: string, readonly groups: number, channels: number, readonly eps = 1e-5) {
    this.params = [param(`${label}.weight`, [channels], new Float32Array(channels).fill(1)), param(`${label}.bias`, [channels], new Float32Array(channels))];
  }
  private options() {
    return { numGroups: this.groups, weight: this.params[0].data, bias: this.params[1].data, eps: this.eps };
  }
  forward(x: Tensor): Tensor {
    this.input = x;
    return groupNorm2d(x, this.options());
  }
  backward(g: Tensor): Tensor {
    const r = groupNorm2dBackward(remembered(this.input, this.label), g, this.options());
    this.params[0].grad.set(r.gradWeight!);
    this.params[1].grad.set(r.gradBias!);
    return r.gradInput;
  }
}

/**
 * LayerNorm over the trailing dims `normalizedShape` (nn.LayerNorm(normalizedShape)): one mean and variance per
 * sample, elementwise γ, β over those dims — for a feature map, [C, H, W] means one γ per value, not per channel.
 */
export class LayerNormLayer implements Layer {
  readonly params: Param[];
  private input: Tensor | null = null;
  constructor(readonly label: string, readonly normalizedShape: readonly number[], readonly eps = 1e-5) {
    const size = normalizedShape.reduce((a, b) => a * b, 1);
    this.params = [param(`${label}.weight`, normalizedShape, new Float32Array(size).fill(1)), param(`${label}.bias`, normalizedShape, new Float32Array(size))];
  }
  private options() {
    return { normalizedShape: [...this.normalizedShape], weight: this.params[0].data, bias: this.params[1].data, eps: this.eps };
  }
  forward(x: Tensor): Tensor {
    this.input = x;
    return layerNorm(x, this.options());
  }
  backward(g: Tensor): Tensor {
    const r = layerNormBackward(remembered(this.input, this.label), g, this.options());
    this.params[0].grad.set(r.gradWeight!);
    this.params[1].grad.set(r.gradBias!);
    return r.gradInput;
  }
}

export class ReluLayer implements Layer {
  readonly label = 'ReLU';
  readonly params: Param[] = [];
  private input: Tensor | null = null;
  forward(x: Tensor): Tensor {
    this.input = x;
    return relu(x);
  }
  backward(g: Tensor): Tensor {
    return reluBackward(remembered(this.input, this.label), g);
  }
}

export class UpsampleLayer implements Layer {
  readonly params: Param[] = [];
  private input: Tensor | null = null;
  constructor(readonly label: string, readonly scale: number, readonly mode: UpsampleMode) {}
  forward(x: Tensor): Tensor {
    this.input = x;
    return upsample2d(x, { scale: this.scale, mode: this.mode });
  }
  backward(g: Tensor): Tensor {
    return upsample2dBackward(remembered(this.input, this.label), g, { scale: this.scale, mode: this.mode });
  }
}

/**
 * nn.Upsample(scale_factor=2, mode='nearest') followed by nn.Conv2d, as one layer: forward and backward run
 * resizeConv2d, the pair computed as one stride-2 transposed convolution (2.25× fewer multiply-adds for k3). Its
 * parameters are the Conv2d's own, in PyTorch's layout `[Cout, Cin, kH, kW]`, so exports still write the two layers.
 */
export class ResizeConv2dLayer implements Layer {
  readonly params: Param[];
  private input: Tensor | null = null;
  constructor(readonly label: string, readonly weight: Param, readonly bias: Param | null, readonly opts: ResizeConvOptions) {
    this.params = bias ? [weight, bias] : [weight];
  }
  forward(x: Tensor): Tensor {
    this.input = x;
    return resizeConv2d(x, { shape: [...this.weight.shape], data: this.weight.data }, this.bias?.data ?? null, this.opts);
  }
  backward(g: Tensor): Tensor {
    const r = resizeConv2dBackward(remembered(this.input, this.label), { shape: [...this.weight.shape], data: this.weight.data }, g, this.opts);
    this.weight.grad.set(r.gradWeight.data);
    this.bias?.grad.set(r.gradBias);
    return r.gradInput;
  }
}

export class PixelShuffleLayer implements Layer {
  readonly params: Param[] = [];
  private input: Tensor | null = null;
  constructor(readonly label: string, readonly factor: number) {}
  forward(x: Tensor): Tensor {
    this.input = x;
    return pixelShuffle(x, this.factor);
  }
  backward(g: Tensor): Tensor {
    return pixelShuffleBackward(remembered(this.input, this.label), g, this.factor);
  }
}

export class GlobalAvgPoolLayer implements Layer {
  readonly label = 'GlobalAvgPool';
  readonly params: Param[] = [];
  private input: Tensor | null = null;
  forward(x: Tensor): Tensor {
    this.input = x;
    return globalAvgPool(x);
  }
  backward(g: Tensor): Tensor {
    return globalAvgPoolBackward(remembered(this.input, this.label), g);
  }
}

/** A list of layers. `forward` can record every layer's output (for activation histograms). */
export class Sequential {
  constructor(readonly layers: Layer[]) {}
  get params(): Param[] {
    return this.layers.flatMap((l) => l.params);
  }
  forward(x: Tensor, training: boolean, record?: Tensor[]): Tensor {
    let h = x;
    for (const l of this.layers) {
      h = l.forward(h, training);
      record?.push(h);
    }
    return h;
  }
  backward(g: Tensor): Tensor {
    let d = g;
    for (let i = this.layers.length - 1; i >= 0; i--) d = this.layers[i].backward(d);
    return d;
  }
}
