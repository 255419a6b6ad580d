/**
 * The two demos' networks, built from layers.ts with seeded initialisation.
 *
 * Demo 1, an upsampler: Conv3×3(1→C) · ReLU · [×2 upsampler (C→C) · ReLU] × (stages − 1) · ×2 upsampler (C→1).
 * The last layer *is* an upsampler, as in a DCGAN generator, so its overlap pattern reaches the output directly.
 * Demo 2, a classifier: Conv3×3(1→C) [· BN] · ReLU · ([Conv3×3(C→C) [· BN] · ReLU] × depth) · Conv1×1(C→4) · mean.
 * With BN the convs before it have no bias (BN's β replaces it, as in common practice).
 */
import {
  BatchNorm2dLayer, Conv2dLayer, ConvTranspose2dLayer, GlobalAvgPoolLayer, param, PixelShuffleLayer, ReluLayer, ResizeConv2dLayer, Sequential,
  UpsampleLayer, type Layer,
} from './layers.ts';
import { convBias, convWeight, icnr, type InitScheme } from './init.ts';
import { Rng } from '../util/random.ts';

export const UPSAMPLERS = ['convT3', 'convT4', 'nearest', 'bilinear', 'subpixel', 'subpixel-icnr'] as const;
export type UpsamplerKind = (typeof UPSAMPLERS)[number];

export const UPSAMPLER_LABELS: Record<UpsamplerKind, string> = {
  convT3: 'transposed conv k3 s2',
  convT4: 'transposed conv k4 s2',
  nearest: 'nearest resize-conv',
  bilinear: 'bilinear resize-conv',
  subpixel: 'sub-pixel conv',
  'subpixel-icnr': 'sub-pixel conv, ICNR init',
};

function conv(rng: Rng, name: string, cin: number, cout: number, k: number, opts: { padding: number; bias: boolean; init: InitScheme }): Conv2dLayer {
  const shape = [cout, cin, k, k];
  const w = param(`${name}.weight`, shape, convWeight(rng, shape, opts.init));
  const b = opts.bias ? param(`${name}.bias`, [cout], convBias(rng, shape, cout)) : null;
  return new Conv2dLayer(`Conv2d ${cin}→${cout} k${k}`, w, b, { padding: opts.padding });
}

/** One ×2 upsampling block from `cin` to `cout` channels (PyTorch default initialisation). */
export function upsamplerBlock(rng: Rng, kind: UpsamplerKind, name: string, cin: number, cout: number): Layer[] {
  switch (kind) {
    case 'convT3':
    case 'convT4': {
      const k = kind === 'convT3' ? 3 : 4;
      const shape = [cin, cout, k, k];
      const w = param(`${name}.weight`, shape, convWeight(rng, shape, 'pytorch'));
      const b = param(`${name}.bias`, [cout], convBias(rng, shape, cout));
      // k3: padding 1 + outputPadding 1 gives exactly 2H; k4: padding 1 gives 2H.
      return [new ConvTranspose2dLayer(`ConvTranspose2d ${cin}→${cout} k${k} s2`, w, b, { stride: 2, padding: 1, outputPadding: k === 3 ? 1 : 0 })];
    }
    case 'nearest': {
      // The same initialisation draws as the unfused pair; the fused layer holds the conv's own parameters.
      const c = conv(rng, name, cin, cout, 3, { padding: 1, bias: true, init: 'pytorch' });
      return [new ResizeConv2dLayer(`Upsample ×2 nearest → Conv2d ${cin}→${cout} k3`, c.weight, c.bias, { padding: 1 })];
    }
    case 'bilinear':
      return [new UpsampleLayer(`Upsample ×2 ${kind}`, 2, kind), conv(rng, name, cin, cout, 3, { padding: 1, bias: true, init: 'pytorch' })];
    case 'subpixel':
    case 'subpixel-icnr': {
      const c = conv(rng, name, cin, cout * 4, 3, { padding: 1, bias: true, init: 'pytorch' });
      if (kind === 'subpixel-icnr') {
        c.weight.data.set(icnr(c.weight.data, c.weight.shape, 2));
        c.bias!.data.set(icnr(c.bias!.data, [cout * 4, 1, 1, 1], 2));
      }
      return [c, new PixelShuffleLayer('PixelShuffle(2)', 2)];
    }
  }
}

export interface UpsamplerNetConfig {
  upsampler: UpsamplerKind;
  /** Number of ×2 stages (the output is 2^stages times the input). */
  stages: number;
  channels: number;
  seed: number;
}

export function upsamplerNet(cfg: UpsamplerNetConfig): Sequential {
  const rng = new Rng(cfg.seed);
  const layers: Layer[] = [conv(rng, 'stem', 1, cfg.channels, 3, { padding: 1, bias: true, init: 'pytorch' }), new ReluLayer()];
  for (let s = 0; s < cfg.stages; s++) {
    const last = s === cfg.stages - 1;
    layers.push(...upsamplerBlock(rng, cfg.upsampler, `up${s}`, cfg.channels, last ? 1 : cfg.channels));
    if (!last) layers.push(new ReluLayer());
  }
  return new Sequential(layers);
}

export interface ClassifierConfig {
  /** Hidden conv blocks after the stem. */
  depth: number;
  channels: number;
  batchNorm: boolean;
  classes: number;
  seed: number;
}

export interface Classifier {
  net: Sequential;
  /** Index (in net.layers) of each block's ReLU: its output is the next conv's input. */
  blockOutputs: number[];
}

export function classifier(cfg: ClassifierConfig): Classifier {
  const rng = new Rng(cfg.seed);
  const layers: Layer[] = [];
  const blockOutputs: number[] = [];
  for (let b = 0; b <= cfg.depth; b++) {
    const cin = b === 0 ? 1 : cfg.channels;
    layers.push(conv(rng, `block${b}`, cin, cfg.channels, 3, { padding: 1, bias: !cfg.batchNorm, init: 'he' }));
    if (cfg.batchNorm) layers.push(new BatchNorm2dLayer(`bn${b}`, cfg.channels));
    layers.push(new ReluLayer());
    blockOutputs.push(layers.length - 1);
  }
  layers.push(conv(rng, 'head', cfg.channels, cfg.classes, 1, { padding: 0, bias: true, init: 'pytorch' }));
  layers.push(new GlobalAvgPoolLayer());
  return { net: new Sequential(layers), blockOutputs };
}
