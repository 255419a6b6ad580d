/**
 * Our training loop is PyTorch's computation: small versions of the training page's networks (models.ts), started
 * from the same weights on the same batch, give PyTorch's loss at each of the first Adam steps. Expected values
 * from scripts/gen_train_fixtures.py (torch 1.13, float64), committed in ./cases.
 *
 * Tolerance: 1e-6 relative. The fixture also holds PyTorch's own float32 losses, which differ from float64 by
 * ≤ 1e-7 relative over these steps: float32 rounding, summed in a different order (and fused in our relaxed
 * build), stays within a small multiple of that. Each Adam step moves the loss by about 1–9 %, so a wrong
 * gradient, layer or update rule misses by orders of magnitude more than the tolerance.
 */
import { describe, expect, it } from 'vitest';
import { crossEntropyLoss, mseLoss } from '../kernels/backward/loss.ts';
import type { Tensor } from '../kernels/tensor.ts';
import type { Sequential } from './layers.ts';
import { classifier, upsamplerNet, type UpsamplerKind } from './models.ts';
import { adam } from './optim.ts';
import fixture from './cases/train-steps.json';

interface Json { shape: number[]; data: (number | string)[] }
const t = (j: Json): Tensor => ({ shape: j.shape, data: Float32Array.from(j.data, Number) });

type Config =
  | { kind: 'upsampler'; upsampler: UpsamplerKind; stages: number; channels: number }
  | { kind: 'classifier'; depth: number; channels: number; batchNorm: boolean; classes: number };

function build(c: Config): Sequential {
  return c.kind === 'upsampler'
    ? upsamplerNet({ upsampler: c.upsampler, stages: c.stages, channels: c.channels, seed: 1 })
    : classifier({ depth: c.depth, channels: c.channels, batchNorm: c.batchNorm, classes: c.classes, seed: 1 }).net;
}

const RTOL = 1e-6;

describe('the first Adam steps reproduce PyTorch’s losses (scripts/gen_train_fixtures.py)', () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const net = build(c.config as Config);
      const params = net.params;
      expect(params.map((p) => p.name)).toEqual(c.params.map((p) => p.name));
      params.forEach((p, i) => {
        expect(p.shape, p.name).toEqual(c.params[i].value.shape);
        p.data.set(t(c.params[i].value).data);
      });
      const x = t(c.input);
      const opt = adam({ lr: c.lr });
      const losses: number[] = [];
      for (let s = 0; s < fixture.steps; s++) {
        const y = net.forward(x, true);
        const loss = 'labels' in c && c.labels ? crossEntropyLoss(y, Int32Array.from(c.labels)) : mseLoss(y, t((c as { target: Json }).target));
        losses.push(loss.loss);
        net.backward(loss.grad);
        opt.step(params);
      }
      const worst = Math.max(...losses.map((l, i) => Math.abs(l - c.losses[i]) / Math.abs(c.losses[i])));
      expect(worst, `ours ${losses.join(', ')} vs PyTorch ${c.losses.join(', ')}`).toBeLessThan(RTOL);
      // The steps moved the loss far more than the tolerance: the comparison can tell a wrong step apart.
      expect(Math.abs(c.losses[1] - c.losses[0]) / c.losses[0]).toBeGreaterThan(1000 * RTOL);
    });
  }
});
