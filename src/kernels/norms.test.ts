/**
 * The normalization family against the naive references (reference/norms.ts) on random layers, the identities that
 * relate its members, and the refusals. PyTorch's own numbers are pinned in norms-fixtures.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../util/random.ts';
import { batchNorm2d } from './batch-norm.ts';
import { groupNorm2d } from './group-norm.ts';
import { instanceNorm2d } from './instance-norm.ts';
import { layerNorm } from './layer-norm.ts';
import { FLOAT32_EPS } from './norm-params.ts';
import { naiveGroupNorm, naiveInstanceNorm, naiveLayerNorm, naiveRmsNorm } from './reference/norms.ts';
import { rmsNorm } from './rms-norm.ts';
import { maxAbsDiff, type Tensor } from './tensor.ts';

const TOL = 2e-5;

function randomNCHW(rng: Rng, spatialMin = 1): Tensor {
  const shape = [rng.int(1, 3), rng.int(1, 6), rng.int(1, 5), rng.int(spatialMin, 5)];
  // Offsets and scales per case: normalization must not lose precision when |μ| ≫ σ.
  const scale = rng.uniform() * 4 + 0.1;
  const offset = (rng.uniform() - 0.5) * 20;
  const t = rng.tensor(shape);
  return { shape: t.shape, data: t.data.map((v) => v * scale + offset) };
}
const maybe = (rng: Rng, n: number) => (rng.bool() ? rng.floats(n).map((v) => v * 2) : null);
const epsOf = (rng: Rng) => rng.pick([1e-5, 1e-3, 0.1]);

describe('groupNorm2d(x, {numGroups, weight, bias, eps}) matches the definition', () => {
  it('on 600 random layers (any G dividing C, with and without affine)', () => {
    const rng = new Rng(101);
    for (let t = 0; t < 600; t++) {
      const x = randomNCHW(rng);
      const C = x.shape[1];
      const divisors = Array.from({ length: C }, (_, i) => i + 1).filter((g) => C % g === 0);
      const G = rng.pick(divisors);
      const weight = maybe(rng, C);
      const bias = maybe(rng, C);
      const eps = epsOf(rng);
      const got = groupNorm2d(x, { numGroups: G, weight, bias, eps });
      expect(maxAbsDiff(got.data, naiveGroupNorm(x, G, weight, bias, eps).data)).toBeLessThan(TOL);
    }
  });
});

describe('layerNorm(x, {normalizedShape, weight, bias, eps}) matches the definition', () => {
  it('on 600 random tensors of rank 2–4, normalizing the last 1–rank dims', () => {
    const rng = new Rng(102);
    for (let t = 0; t < 600; t++) {
      const rank = rng.int(2, 4);
      const shape = Array.from({ length: rank }, () => rng.int(1, 5));
      const x = rng.tensor(shape);
      const dims = rng.int(1, rank);
      const D = shape.slice(rank - dims).reduce((a, b) => a * b, 1);
      const weight = maybe(rng, D);
      const bias = maybe(rng, D);
      const eps = epsOf(rng);
      const got = layerNorm(x, { normalizedShape: shape.slice(rank - dims), weight, bias, eps });
      expect(maxAbsDiff(got.data, naiveLayerNorm(x, dims, weight, bias, eps).data)).toBeLessThan(TOL);
    }
  });
});

describe('rmsNorm(x, {normalizedShape, weight, eps}) matches the definition', () => {
  it('on 600 random tensors; eps defaults to float32 machine epsilon', () => {
    const rng = new Rng(103);
    for (let t = 0; t < 600; t++) {
      const rank = rng.int(1, 4);
      const shape = Array.from({ length: rank }, () => rng.int(1, 5));
      const x = rng.tensor(shape);
      const dims = rng.int(1, rank);
      const D = shape.slice(rank - dims).reduce((a, b) => a * b, 1);
      const weight = maybe(rng, D);
      const useDefault = rng.bool();
      const eps = useDefault ? FLOAT32_EPS : epsOf(rng);
      const got = rmsNorm(x, { normalizedShape: shape.slice(rank - dims), weight, ...(useDefault ? {} : { eps }) });
      const want = naiveRmsNorm(x, dims, weight, eps);
      // rms can be tiny (a row of near-zeros): compare relative to the output's size.
      const scale = Math.max(1, ...Array.from(want.data, Math.abs));
      expect(maxAbsDiff(got.data, want.data) / scale).toBeLessThan(TOL);
    }
  });
});

describe('instanceNorm2d(x, opts) matches the definition', () => {
  it('on 600 random layers: instance statistics, running-stat updates, and eval with running stats', () => {
    const rng = new Rng(104);
    for (let t = 0; t < 600; t++) {
      const x = randomNCHW(rng, 2);
      const C = x.shape[1];
      const weight = maybe(rng, C);
      const bias = maybe(rng, C);
      const eps = epsOf(rng);
      const withRunning = rng.bool();
      const use = withRunning ? rng.bool() : true;
      const momentum = rng.pick([0.1, 0.5, 1, 0]);
      const runningMean = rng.floats(C);
      const runningVar = rng.floats(C).map((v) => Math.abs(v) + 0.2);
      const got = instanceNorm2d(x, {
        weight, bias, eps, useInputStats: use, momentum, ...(withRunning ? { runningMean, runningVar } : {}),
      });
      const want = naiveInstanceNorm(x, weight, bias, eps, withRunning ? { mean: runningMean, var: runningVar, momentum, use } : null);
      expect(maxAbsDiff(got.output.data, want.output.data)).toBeLessThan(TOL);
      if (want.runningMean) {
        expect(maxAbsDiff(got.runningMean!, want.runningMean)).toBeLessThan(1e-5);
        expect(maxAbsDiff(got.runningVar!, want.runningVar!)).toBeLessThan(1e-4);
      } else {
        expect(got.runningMean).toBeNull();
      }
    }
  });
});

describe('|mean| ≫ σ (mean 3·10⁴, σ ≈ 0.03): no cancellation in the statistics or the centring, on either backend', () => {
  const rng = new Rng(105);
  const t = rng.tensor([2, 4, 5, 7]);
  const x: Tensor = { shape: t.shape, data: t.data.map((v) => 3e4 + 0.05 * v) };
  const weight = rng.floats(4);
  const bias = rng.floats(4);
  it('groupNorm2d, instanceNorm2d and layerNorm match the float64 definition', () => {
    expect(maxAbsDiff(groupNorm2d(x, { numGroups: 2, weight, bias }).data, naiveGroupNorm(x, 2, weight, bias, 1e-5).data)).toBeLessThan(TOL);
    expect(maxAbsDiff(instanceNorm2d(x, { weight, bias }).output.data, naiveInstanceNorm(x, weight, bias, 1e-5, null).output.data)).toBeLessThan(TOL);
    expect(maxAbsDiff(layerNorm(x, { normalizedShape: [5, 7] }).data, naiveLayerNorm(x, 2, null, null, 1e-5).data)).toBeLessThan(TOL);
    const g = rng.floats(7);
    expect(maxAbsDiff(layerNorm(x, { normalizedShape: [7], weight: g, bias: g }).data, naiveLayerNorm(x, 1, g, g, 1e-5).data)).toBeLessThan(TOL);
  });
});

describe('identities between the members', () => {
  const rng = new Rng(7);
  const x = randomNCHW(rng, 2);
  const [N, C, H, W] = [2, 4, 3, 3];
  const x4: Tensor = { shape: [N, C, H, W], data: rng.floats(N * C * H * W).map((v) => v * 3 + 1) };

  it('GroupNorm with G = 1 is LayerNorm over [C, H, W] (no affine); with affine, LayerNorm’s weight repeats each γ_c over H·W', () => {
    expect(maxAbsDiff(groupNorm2d(x4, { numGroups: 1 }).data, layerNorm(x4, { normalizedShape: [C, H, W] }).data)).toBeLessThan(1e-6);
    const gamma = rng.floats(C);
    const beta = rng.floats(C);
    const expand = (v: Float32Array) => Float32Array.from({ length: C * H * W }, (_, i) => v[Math.floor(i / (H * W))]);
    const gn = groupNorm2d(x4, { numGroups: 1, weight: gamma, bias: beta });
    expect(maxAbsDiff(gn.data, layerNorm(x4, { normalizedShape: [C, H, W], weight: expand(gamma), bias: expand(beta) }).data)).toBeLessThan(1e-6);
  });

  it('GroupNorm with G = C is InstanceNorm, affine included (both per channel)', () => {
    const gamma = rng.floats(C);
    const beta = rng.floats(C);
    expect(maxAbsDiff(groupNorm2d(x4, { numGroups: C, weight: gamma, bias: beta }).data,
      instanceNorm2d(x4, { weight: gamma, bias: beta }).output.data)).toBeLessThan(1e-6);
  });

  it('BatchNorm in training mode with N = 1 is InstanceNorm; with N > 1 it is not', () => {
    const one: Tensor = { shape: [1, C, H, W], data: x4.data.slice(0, C * H * W) };
    expect(maxAbsDiff(batchNorm2d(one, { training: true }).output.data, instanceNorm2d(one).output.data)).toBeLessThan(1e-6);
    expect(maxAbsDiff(batchNorm2d(x4, { training: true }).output.data, instanceNorm2d(x4).output.data)).toBeGreaterThan(1e-2);
  });

  it('RMSNorm is LayerNorm when every row has mean 0, and differs otherwise', () => {
    const centred: Tensor = { shape: [3, 4], data: Float32Array.from([1, -1, 2, -2, 0.5, 0.5, -0.5, -0.5, 3, 0, -3, 0]) };
    expect(maxAbsDiff(rmsNorm(centred, { normalizedShape: [4], eps: 1e-5 }).data, layerNorm(centred, { normalizedShape: [4] }).data)).toBeLessThan(1e-6);
    expect(maxAbsDiff(rmsNorm(x, { normalizedShape: x.shape.slice(1) }).data, layerNorm(x, { normalizedShape: x.shape.slice(1) }).data)).toBeGreaterThan(0);
  });

  it('only BatchNorm’s output for one sample depends on the other samples of the batch', () => {
    const other: Tensor = { shape: x4.shape, data: x4.data.map((v, i) => (i < C * H * W ? v : v * 2 + 5)) };
    const first = (t: Tensor) => t.data.slice(0, C * H * W);
    expect(maxAbsDiff(first(groupNorm2d(x4, { numGroups: 2 })), first(groupNorm2d(other, { numGroups: 2 })))).toBe(0);
    expect(maxAbsDiff(first(layerNorm(x4, { normalizedShape: [C, H, W] })), first(layerNorm(other, { normalizedShape: [C, H, W] })))).toBe(0);
    expect(maxAbsDiff(first(instanceNorm2d(x4).output), first(instanceNorm2d(other).output))).toBe(0);
    expect(maxAbsDiff(first(batchNorm2d(x4, { training: true }).output), first(batchNorm2d(other, { training: true }).output))).toBeGreaterThan(0.1);
  });
});

describe('refusals name the parameter and what is allowed', () => {
  const x: Tensor = { shape: [2, 6, 3, 3], data: new Float32Array(108).map((_, i) => Math.sin(i)) };
  it.each([
    ['groupNorm2d, G not dividing C', () => groupNorm2d(x, { numGroups: 4 }), 'invalid numGroups: 4 (must divide the 6 channels)'],
    ['groupNorm2d, G = 0', () => groupNorm2d(x, { numGroups: 0 }), 'invalid numGroups: 0 (must be a positive integer)'],
    ['groupNorm2d, short weight', () => groupNorm2d(x, { numGroups: 3, weight: new Float32Array(3) }), 'invalid weight: 3 values, but one per channel needs 6'],
    ['layerNorm, shape not trailing', () => layerNorm(x, { normalizedShape: [6, 3] }), 'invalid normalizedShape: [6, 3] (must match the input\'s trailing dims: input is [2, 6, 3, 3])'],
    ['layerNorm, weight length', () => layerNorm(x, { normalizedShape: [3], weight: new Float32Array(9) }), 'invalid weight: 9 values, but normalizedShape [3] needs 3'],
    ['layerNorm, NaN eps', () => layerNorm(x, { normalizedShape: [3], eps: NaN }), 'invalid eps: NaN (must be a finite number ≥ 0)'],
    ['rmsNorm, infinite eps', () => rmsNorm(x, { normalizedShape: [3], eps: Infinity }), 'invalid eps: Infinity (must be a finite number ≥ 0)'],
    ['instanceNorm2d, one spatial value', () => instanceNorm2d({ shape: [2, 3, 1, 1], data: new Float32Array(6) }),
      'invalid input: instance statistics need more than 1 spatial element, got [2, 3, 1, 1] (H·W = 1)'],
    ['instanceNorm2d, eval without running stats', () => instanceNorm2d(x, { useInputStats: false }),
      'invalid useInputStats: false needs runningMean and runningVar (the statistics to normalize with)'],
    ['instanceNorm2d, non-boolean flag', () => instanceNorm2d(x, { useInputStats: 'no' as unknown as boolean }), 'invalid useInputStats: "no" (must be true or false)'],
  ])('%s', (_name, run, message) => {
    expect(run).toThrow(message);
  });

  it('eps 0 on a constant group divides 0 by 0, as PyTorch does (NaN, not a refusal)', () => {
    const constant: Tensor = { shape: [1, 2, 2, 2], data: new Float32Array(8).fill(1) };
    expect(Number.isNaN(groupNorm2d(constant, { numGroups: 1, eps: 0 }).data[0])).toBe(true);
  });
});
