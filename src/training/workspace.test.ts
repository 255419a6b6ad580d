/**
 * Training steps run inside a Workspace (kernels/workspace.ts) reuse the previous step's result arrays. The layers
 * remember their inputs between forward and backward, so reuse must never overwrite something a later part of the
 * same step still reads: the same steps with and without a workspace give bit-identical losses and weights.
 */
import { describe, expect, it } from 'vitest';
import { ready } from '../kernels/backend.ts';
import { crossEntropyLoss, mseLoss } from '../kernels/backward/loss.ts';
import { Workspace } from '../kernels/workspace.ts';
import { gratingBatch } from './data.ts';
import type { Sequential } from './layers.ts';
import { classifier, upsamplerNet, UPSAMPLERS } from './models.ts';
import { adam } from './optim.ts';
import { Rng } from '../util/random.ts';

function train(net: Sequential, steps: number, workspace: Workspace | null, batch: (s: number) => number): { losses: number[]; weights: Float32Array[] } {
  const opt = adam({ lr: 0.01 });
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    const step = () => {
      losses.push(batch(s));
      opt.step(net.params);
    };
    if (workspace) workspace.run(step);
    else step();
  }
  return { losses, weights: net.params.map((p) => p.data) };
}

describe('training in a workspace computes exactly what training without one does', () => {
  it('the classifier with and without batch norm', async () => {
    await ready();
    for (const batchNorm of [false, true]) {
      const make = () => classifier({ depth: 2, channels: 4, batchNorm, classes: 4, seed: 3 }).net;
      const data = Array.from({ length: 4 }, (_, s) => gratingBatch(new Rng(40 + s), 8, 6));
      const run = (ws: Workspace | null) => {
        const net = make();
        return train(net, 4, ws, (s) => {
          const loss = crossEntropyLoss(net.forward(data[s].input, true), data[s].labels);
          net.backward(loss.grad);
          return loss.loss;
        });
      };
      const ws = new Workspace();
      expect(run(ws)).toEqual(run(null));
    }
  });

  it('every upsampler of the checkerboard demo', async () => {
    await ready();
    const rng = new Rng(5);
    const input = { shape: [2, 1, 4, 4], data: rng.uniformArray(32, 1) };
    const target = { shape: [2, 1, 16, 16], data: rng.uniformArray(512, 1) };
    for (const upsampler of UPSAMPLERS) {
      const run = (ws: Workspace | null) => {
        const net = upsamplerNet({ upsampler, stages: 2, channels: 4, seed: 2 });
        return train(net, 3, ws, () => {
          const loss = mseLoss(net.forward(input, true), target);
          net.backward(loss.grad);
          return loss.loss;
        });
      };
      expect(run(new Workspace()), upsampler).toEqual(run(null));
    }
  });
});
