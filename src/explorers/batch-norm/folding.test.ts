import { describe, expect, it } from 'vitest';
import { allCloseMessage, batchNorm2d, conv2d, maxAbsDiff } from '../../kernels/index.ts';
import { foldConvBn } from './folding.ts';
import { foldingFixture as f, toTensor, toVec } from './fixtures.ts';
import { featureConv } from './feature-conv.ts';
import { Rng } from '../../util/random.ts';

describe('foldConvBn: conv → BN(eval) as one conv', () => {
  const x = toTensor(f.input);
  const weight = toTensor(f.weight);
  const bias = toVec(f.bias);
  const bn = {
    gamma: toVec(f.gamma), beta: toVec(f.beta), runningMean: toVec(f.runningMean), runningVar: toVec(f.runningVar), eps: f.eps,
  };

  it('rewrites the weights and bias as torch.nn.utils.fusion.fuse_conv_bn_eval does (scripts/gen_bn_fixtures.py)', () => {
    const folded = foldConvBn(weight, bias, bn);
    expect(folded.weight.shape).toEqual(weight.shape);
    expect(allCloseMessage(folded.weight.data, f.foldedWeight.data, 1e-6, 1e-5)).toBeNull();
    expect(allCloseMessage(folded.bias, f.foldedBias, 1e-6, 1e-5)).toBeNull();
  });

  it('both paths agree with PyTorch’s and with each other to < 1e-5', () => {
    const unfolded = batchNorm2d(conv2d(x, weight, bias), { training: false, weight: bn.gamma, bias: bn.beta,
      runningMean: bn.runningMean, runningVar: bn.runningVar, eps: bn.eps }).output;
    const folded = foldConvBn(weight, bias, bn);
    const y = conv2d(x, folded.weight, folded.bias);
    expect(allCloseMessage(unfolded.data, f.expected.data)).toBeNull();
    expect(allCloseMessage(y.data, f.expectedFolded.data)).toBeNull();
    expect(maxAbsDiff(y.data, unfolded.data)).toBeLessThan(1e-5);
  });

  it('folds the explorer’s own feature conv (negative γ; a tiny variance agrees to float32 precision)', () => {
    const rng = new Rng(3);
    const rgb = { shape: [3, 3, 10, 10], data: new Float32Array(300 * 3).map(() => rng.uniform()) };
    const { weight: w, bias: b } = featureConv();
    const p = {
      gamma: Float32Array.from([1.2, -0.7, 0.3, 2]), beta: Float32Array.from([0.1, 0, -1, 0.5]),
      runningMean: Float32Array.from([0.4, 0.1, 0, -0.5]), runningVar: Float32Array.from([0.05, 0.04, 0.2, 0.001]), eps: 1e-5,
    };
    const a = batchNorm2d(conv2d(rgb, w, b), { training: false, weight: p.gamma, bias: p.beta,
      runningMean: p.runningMean, runningVar: p.runningVar, eps: p.eps }).output;
    const fw = foldConvBn(w, b, p);
    // With running_var 0.001 the scale is ≈ 63, so outputs are large and float32 rounding grows with them:
    // the two paths agree to float32 precision relative to the output's size.
    const largest = a.data.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    // A few float32 ulps (2^-23 ≈ 1.2e-7) of the largest output: 27-term sums rounded in two different orders.
    expect(maxAbsDiff(conv2d(rgb, fw.weight, fw.bias).data, a.data) / largest).toBeLessThan(32 * 2 ** -23);
    const calm = { ...p, runningVar: Float32Array.from([0.05, 0.04, 0.2, 0.01]) };
    const a2 = batchNorm2d(conv2d(rgb, w, b), { training: false, weight: calm.gamma, bias: calm.beta,
      runningMean: calm.runningMean, runningVar: calm.runningVar, eps: calm.eps }).output;
    const fw2 = foldConvBn(w, b, calm);
    expect(maxAbsDiff(conv2d(rgb, fw2.weight, fw2.bias).data, a2.data)).toBeLessThan(1e-5);
  });

  it('refuses a batch norm whose channel count differs from the conv’s outputs', () => {
    const bad = { ...bn, gamma: new Float32Array(3) };
    expect(() => foldConvBn(weight, bias, bad)).toThrow('the conv has 4 output channels but the batch norm has 3');
  });
});
