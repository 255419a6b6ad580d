import { describe, expect, it } from 'vitest';
import { batchNorm2d, maxAbsDiff } from '../../kernels/index.ts';
import { blendParams, identityParams } from './identity.ts';
import { identityFixture, toTensor, toVec } from './fixtures.ts';

describe('identity recovery: γ = √(σ² + eps), β = μ gives the input back', () => {
  it('matches PyTorch’s γ, β and output (scripts/gen_bn_fixtures.py)', () => {
    const f = identityFixture;
    const x = toTensor(f.input);
    const stats = batchNorm2d(x, { training: true, eps: f.eps });
    const { gamma, beta } = identityParams(stats.batchMean!, stats.batchVar!, f.eps);
    for (let c = 0; c < gamma.length; c++) {
      expect(gamma[c]).toBeCloseTo(f.gamma[c], 5);
      expect(beta[c]).toBeCloseTo(f.beta[c], 5);
    }
    const y = batchNorm2d(x, { training: true, eps: f.eps, weight: gamma, bias: beta }).output;
    expect(maxAbsDiff(y.data, toVec(f.expected.data))).toBeLessThan(1e-5);
    // The point of it: the output equals the input up to float32 rounding.
    expect(maxAbsDiff(y.data, x.data)).toBeLessThan(1e-5);
    expect(f.maxAbsDiff).toBeLessThan(1e-5);
  });

  it('works in eval mode with the running statistics too', () => {
    const x = toTensor(identityFixture.input);
    const runningMean = Float32Array.from([1.7, -0.9]);
    const runningVar = Float32Array.from([2.5, 0.02]);
    const { gamma, beta } = identityParams(runningMean, runningVar, 1e-3);
    const y = batchNorm2d(x, { training: false, runningMean, runningVar, eps: 1e-3, weight: gamma, bias: beta }).output;
    expect(maxAbsDiff(y.data, x.data)).toBeLessThan(1e-5);
  });
});

describe('blendParams: a continuum from "no normalisation" to "full"', () => {
  const x = toTensor(identityFixture.input);
  const eps = 1e-5;
  const r = batchNorm2d(x, { training: true, eps });
  const xhat = r.output.data;

  for (const t of [0, 0.25, 0.5, 1]) {
    it(`t = ${t}: output = (1 − t)·x + t·x̂`, () => {
      const { gamma, beta } = blendParams(r.batchMean!, r.batchVar!, eps, t);
      const y = batchNorm2d(x, { training: true, eps, weight: gamma, bias: beta }).output.data;
      const expected = x.data.map((v, i) => (1 - t) * v + t * xhat[i]);
      expect(maxAbsDiff(y, expected)).toBeLessThan(2e-5);
    });
  }

  it('t = 1 is γ = 1, β = 0 exactly', () => {
    const { gamma, beta } = blendParams([3, -2], [4, 0.5], 1e-5, 1);
    expect([...gamma]).toEqual([1, 1]);
    expect([...beta]).toEqual([0, 0]);
  });
});
