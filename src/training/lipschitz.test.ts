import { describe, expect, it } from 'vitest';
import { Rng } from '../util/random.ts';
import { convTranspose2dInfo, conv2dInfo } from '../kernels/params.ts';
import type { Tensor } from '../kernels/tensor.ts';
import { denseOperatorNorm, layerOperator, operatorNorm, reshapedWeightSigma, spectrallyNormalised, type ConvLayer } from './lipschitz.ts';
import { largestEigenvalueSymmetric, largestSingularValue } from './singular.ts';

function randomLayer(rnd: Rng): ConvLayer | null {
  const op = rnd.pick(['convTranspose2d', 'conv2d'] as const);
  const groups = rnd.pick([1, 1, 2]);
  const cin = groups * rnd.int(1, 2);
  const stride: [number, number] = [rnd.int(1, 3), rnd.int(1, 2)];
  const dilation: [number, number] = [rnd.int(1, 2), rnd.int(1, 2)];
  const k = rnd.int(1, 4);
  const padding = rnd.int(0, 2);
  const h = rnd.int(2, 6);
  const w = rnd.int(2, 6);
  const outPerGroup = rnd.int(1, 2);
  const weight = op === 'convTranspose2d'
    ? rnd.tensor([cin, outPerGroup, k, k])
    : rnd.tensor([groups * outPerGroup, cin / groups, k, k]);
  const outputPadding: [number, number] = [rnd.int(0, stride[0] - 1), rnd.int(0, stride[1] - 1)];
  const layer: ConvLayer = {
    op, inputShape: [cin, h, w], weight,
    opts: { stride, dilation, padding, groups, ...(op === 'convTranspose2d' ? { outputPadding } : {}) },
  };
  const x: Tensor = { shape: [1, cin, h, w], data: new Float32Array(cin * h * w) };
  try {
    if (op === 'convTranspose2d') convTranspose2dInfo(x, weight, null, layer.opts);
    else conv2dInfo(x, weight, null, layer.opts);
  } catch {
    return null;
  }
  return layer;
}

describe('largestSingularValue (Jacobi on the Gram matrix)', () => {
  it('finds σ of matrices with known singular values', () => {
    expect(largestSingularValue([3, 0, 0, -5], 2, 2)).toBeCloseTo(5, 12);
    // [[1, 1], [0, 1]]: σ_max = golden ratio
    expect(largestSingularValue([1, 1, 0, 1], 2, 2)).toBeCloseTo((1 + Math.sqrt(5)) / 2, 12);
    // a rank-one 3×4 matrix u·vᵀ has σ = ‖u‖·‖v‖
    const u = [1, 2, 2];
    const v = [1, 0, 0, 1];
    const m = u.flatMap((a) => v.map((b) => a * b));
    expect(largestSingularValue(m, 3, 4)).toBeCloseTo(3 * Math.SQRT2, 12);
  });
  it('agrees with the eigenvalues of a symmetric matrix with a known spectrum', () => {
    // Q·diag(1, 4, −7)·Qᵀ for a rotation Q: largest eigenvalue 4.
    const c = Math.cos(0.3);
    const s = Math.sin(0.3);
    const q = [c, -s, 0, s, c, 0, 0, 0, 1];
    const d = [1, 4, -7];
    const a = new Float64Array(9);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) a[i * 3 + j] += q[i * 3 + k] * d[k] * q[j * 3 + k];
    expect(largestEigenvalueSymmetric(a, 3)).toBeCloseTo(4, 12);
  });
});

describe('operatorNorm: power iteration through the kernels and their adjoints', () => {
  it('matches σ_max of the dense matrix (built without any kernel) on 40 random layers', () => {
    const rnd = new Rng(1101);
    let checked = 0;
    while (checked < 40) {
      const layer = randomLayer(rnd);
      if (!layer) continue;
      const dense = denseOperatorNorm(layer);
      const power = operatorNorm(layer, { maxIterations: 3000, tol: 1e-10 });
      expect(Math.abs(power.sigma - dense), `${JSON.stringify(layer.opts)} power ${power.sigma} vs dense ${dense}`)
        .toBeLessThanOrEqual(2e-4 * dense + 1e-6);
      checked++;
    }
  });

  it('is an upper bound on ‖A·x‖/‖x‖ for random inputs, and the returned direction attains it', () => {
    const rnd = new Rng(1102);
    const layer: ConvLayer = {
      op: 'convTranspose2d', inputShape: [2, 6, 6], weight: rnd.tensor([2, 3, 3, 3]), opts: { stride: 2, padding: 1, outputPadding: 1 },
    };
    const { apply } = layerOperator(layer);
    const r = operatorNorm(layer);
    const ratio = (x: Tensor) => Math.hypot(...apply(x).data) / Math.hypot(...x.data);
    for (let i = 0; i < 20; i++) expect(ratio(rnd.tensor([1, 2, 6, 6]))).toBeLessThanOrEqual(r.sigma * (1 + 1e-6));
    expect(ratio(r.direction)).toBeCloseTo(r.sigma, 4);
    expect(r.converged).toBe(true);
  });

  it('approaches the peak of the kernel’s frequency response for a large stride-1, single-channel layer', () => {
    // A stride-1 single-channel (transposed) conv is a Toeplitz operator; its norm tends to max_ω |K(ω)|.
    const k = [0.2, -0.5, 0.9, 0.3, -0.1, 0.4, 0.6, -0.2, 0.1];
    let peak = 0;
    for (let a = 0; a < 256; a++) {
      for (let b = 0; b < 256; b++) {
        let re = 0;
        let im = 0;
        for (let i = 0; i < 3; i++) {
          for (let j = 0; j < 3; j++) {
            const ph = (2 * Math.PI * (a * i + b * j)) / 256;
            re += k[i * 3 + j] * Math.cos(ph);
            im -= k[i * 3 + j] * Math.sin(ph);
          }
        }
        peak = Math.max(peak, Math.hypot(re, im));
      }
    }
    const layer: ConvLayer = { op: 'convTranspose2d', inputShape: [1, 48, 48], weight: { shape: [1, 1, 3, 3], data: Float32Array.from(k) }, opts: {} };
    const sigma = operatorNorm(layer, { maxIterations: 1000, tol: 1e-9 }).sigma;
    expect(sigma).toBeLessThanOrEqual(peak * (1 + 1e-4));
    expect(sigma).toBeGreaterThan(peak * 0.98);
  });

  it('is the same for a conv and the transposed conv that is its adjoint', () => {
    const rnd = new Rng(1103);
    const weight = rnd.tensor([3, 2, 4, 4]);
    const conv: ConvLayer = { op: 'conv2d', inputShape: [2, 8, 8], weight, opts: { stride: 2, padding: 1 } };
    const convT: ConvLayer = { op: 'convTranspose2d', inputShape: [3, 4, 4], weight, opts: { stride: 2, padding: 1 } };
    expect(operatorNorm(conv, { tol: 1e-10, maxIterations: 2000 }).sigma)
      .toBeCloseTo(operatorNorm(convT, { tol: 1e-10, maxIterations: 2000 }).sigma, 4);
  });
});

describe('spectral normalisation', () => {
  it('dividing the weight by σ makes the layer 1-Lipschitz', () => {
    const rnd = new Rng(1104);
    for (let i = 0; i < 5; i++) {
      const layer: ConvLayer = {
        op: 'convTranspose2d', inputShape: [2, 5, 5], weight: rnd.tensor([2, 2, 4, 4]), opts: { stride: 2, padding: 1, dilation: rnd.int(1, 2) },
      };
      const sigma = operatorNorm(layer, { tol: 1e-10, maxIterations: 2000 }).sigma;
      const normalised = { ...layer, weight: spectrallyNormalised(layer.weight, sigma) };
      expect(operatorNorm(normalised, { tol: 1e-10, maxIterations: 2000 }).sigma).toBeCloseTo(1, 4);
    }
  });

  it('σ of the reshaped weight (torch spectral_norm) equals the operator norm only for a 1×1 kernel', () => {
    const rnd = new Rng(1105);
    const w1 = rnd.tensor([3, 2, 1, 1]);
    const layer1: ConvLayer = { op: 'conv2d', inputShape: [2, 4, 4], weight: w1, opts: {} };
    expect(reshapedWeightSigma('conv2d', w1)).toBeCloseTo(operatorNorm(layer1, { tol: 1e-10 }).sigma, 4);
    const w3 = rnd.tensor([2, 2, 3, 3]);
    const layer3: ConvLayer = { op: 'convTranspose2d', inputShape: [2, 8, 8], weight: w3, opts: { padding: 1 } };
    const gap = Math.abs(reshapedWeightSigma('convTranspose2d', w3) - operatorNorm(layer3, { tol: 1e-10 }).sigma);
    expect(gap).toBeGreaterThan(0.05);
  });

  it('refuses to normalise by zero', () => {
    expect(() => spectrallyNormalised({ shape: [1, 1, 1, 1], data: Float32Array.of(0) }, 0)).toThrow('cannot normalise by σ = 0');
  });
});
