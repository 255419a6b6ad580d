/**
 * Backward kernels and optimisers against PyTorch autograd / torch.optim. Expected values come from
 * scripts/gen_grad_fixtures.py (torch 1.13, float64 autograd), committed in ./cases.
 */
import { describe, expect, it } from 'vitest';
import { allCloseMessage, type Tensor } from '../tensor.ts';
import type { BatchNormOptions, ConvOptions, ConvTransposeOptions, ResizeConvOptions, UpsampleOptions } from '../params.ts';
import { adam, sgd, type Param } from '../../training/optim.ts';
import {
  batchNorm2dBackward, conv2dBackward, convTranspose2dBackward, crossEntropyLoss, mseLoss, pixelShuffleBackward,
  reluBackward, resizeConv2dBackward, upsample2dBackward,
} from './index.ts';
import convTCases from './cases/conv-transpose2d-backward.json';
import convCases from './cases/conv2d-backward.json';
import resizeConvCases from './cases/resize-conv-backward.json';
import bnCases from './cases/batch-norm-backward.json';
import resampleCases from './cases/resample-backward.json';
import lossCases from './cases/loss.json';
import optimCases from './cases/optim.json';

interface Json { shape: number[]; data: (number | string)[] }
const t = (j: Json): Tensor => ({ shape: j.shape, data: Float32Array.from(j.data, Number) });
const v = (a: (number | string)[] | null): Float32Array | undefined => (a === null ? undefined : Float32Array.from(a, Number));

function close(actual: Float32Array, expected: Json | (number | string)[]): void {
  const e = Array.isArray(expected) ? expected.map(Number) : expected.data.map(Number);
  expect(allCloseMessage(actual, e)).toBeNull();
}

describe('convTranspose2dBackward matches torch.autograd (scripts/gen_grad_fixtures.py)', () => {
  for (const c of convTCases.cases) {
    it(c.name, () => {
      const g = convTranspose2dBackward(t(c.input), t(c.weight), t(c.gradOutput), c.opts as ConvTransposeOptions);
      expect(g.gradInput.shape).toEqual(c.gradInput.shape);
      close(g.gradInput.data, c.gradInput);
      close(g.gradWeight.data, c.gradWeight);
      close(g.gradBias, c.gradBias);
    });
  }
});

describe('conv2dBackward matches torch.autograd (scripts/gen_grad_fixtures.py)', () => {
  for (const c of convCases.cases) {
    it(c.name, () => {
      const g = conv2dBackward(t(c.input), t(c.weight), t(c.gradOutput), c.opts as ConvOptions);
      expect(g.gradInput.shape).toEqual(c.gradInput.shape);
      close(g.gradInput.data, c.gradInput);
      close(g.gradWeight.data, c.gradWeight);
      close(g.gradBias, c.gradBias);
    });
  }
});

describe('resizeConv2dBackward matches torch.autograd through interpolate + conv2d (scripts/gen_grad_fixtures.py)', () => {
  for (const c of resizeConvCases.cases) {
    it(c.name, () => {
      const g = resizeConv2dBackward(t(c.input), t(c.weight), t(c.gradOutput), c.opts as ResizeConvOptions);
      expect(g.gradInput.shape).toEqual(c.gradInput.shape);
      close(g.gradInput.data, c.gradInput);
      close(g.gradWeight.data, c.gradWeight);
      close(g.gradBias, c.gradBias);
    });
  }
});

describe('batchNorm2dBackward matches torch.autograd (scripts/gen_grad_fixtures.py)', () => {
  for (const c of bnCases.cases) {
    it(c.name, () => {
      const opts: BatchNormOptions = {
        ...c.opts, weight: v(c.weight), bias: v(c.bias), runningMean: v(c.runningMean), runningVar: v(c.runningVar),
      };
      const g = batchNorm2dBackward(t(c.input), t(c.gradOutput), opts);
      close(g.gradInput.data, c.gradInput);
      close(g.gradWeight, c.gradWeight);
      close(g.gradBias, c.gradBias);
    });
  }
});

describe('upsample2d, pixelShuffle and relu backward match torch.autograd (scripts/gen_grad_fixtures.py)', () => {
  for (const c of resampleCases.cases) {
    it(c.name, () => {
      const x = t(c.input);
      const gy = t(c.gradOutput);
      const gx = c.op === 'upsample2d' ? upsample2dBackward(x, gy, c.opts as UpsampleOptions)
        : c.op === 'pixelShuffle' ? pixelShuffleBackward(x, gy, c.upscaleFactor!)
        : reluBackward(x, gy);
      expect(gx.shape).toEqual(c.gradInput.shape);
      close(gx.data, c.gradInput);
    });
  }
});

describe('losses match F.mse_loss and F.cross_entropy (scripts/gen_grad_fixtures.py)', () => {
  for (const c of lossCases.cases) {
    it(c.name, () => {
      const r = c.op === 'mse' ? mseLoss(t(c.prediction!), t(c.target!))
        : crossEntropyLoss(t(c.logits!), Int32Array.from(c.targets!));
      expect(Math.abs(r.loss - c.loss)).toBeLessThan(1e-5 * Math.max(1, Math.abs(c.loss)));
      close(r.grad.data, c.grad);
    });
  }
});

describe('optimisers match torch.optim step by step (scripts/gen_grad_fixtures.py)', () => {
  for (const c of optimCases.cases) {
    it(c.name, () => {
      const data = Float32Array.from(c.initial, Number);
      const p: Param = { name: 'p', shape: [data.length], data, grad: new Float32Array(data.length) };
      const o = c.opts as { lr: number; momentum?: number; nesterov?: boolean; weightDecay?: number; betas?: [number, number]; eps?: number };
      const opt = c.kind === 'sgd' ? sgd(o) : adam(o);
      c.grads.forEach((g, i) => {
        p.grad.set(g.map(Number));
        opt.step([p]);
        expect(allCloseMessage(p.data, c.after[i].map(Number), 1e-5, 1e-5), `after step ${i + 1}`).toBeNull();
      });
    });
  }
});
