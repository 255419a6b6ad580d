import { describe, expect, it } from 'vitest';
import { batchNorm2d, type Tensor } from '../../kernels/index.ts';
import { channelStats } from '../../analysis/moments.ts';
import { channelCovariance, channelHistogram, channelValues, histogram, robustMaxAbs, spread, whitenPair } from './stats.ts';
import { Rng } from '../../util/random.ts';

function randomTensor(shape: number[], seed: number, scale: number[], offset: number[]): Tensor {
  const rng = new Rng(seed);
  const [N, C, H, W] = shape;
  const data = new Float32Array(N * C * H * W);
  for (let i = 0; i < data.length; i++) {
    const c = Math.floor(i / (H * W)) % C;
    data[i] = offset[c] + scale[c] * rng.normal();
  }
  return { shape, data };
}

/** Naive per-channel statistics straight from the definition, for comparison. */
function naive(t: Tensor, c: number): { mean: number; variance: number; min: number; max: number } {
  const v = [...channelValues(t, c)];
  const mean = v.reduce((s, a) => s + a, 0) / v.length;
  const variance = v.reduce((s, a) => s + (a - mean) ** 2, 0) / v.length;
  return { mean, variance, min: Math.min(...v), max: Math.max(...v) };
}

describe('channelStats (the numbers beside the histograms)', () => {
  const t = randomTensor([3, 2, 5, 4], 7, [2, 0.1], [5, -1]);

  it('matches the textbook per-channel mean, biased variance, min and max over N·H·W', () => {
    const s = channelStats(t);
    expect(s.count).toBe(60);
    for (let c = 0; c < 2; c++) {
      const ref = naive(t, c);
      expect(s.mean[c]).toBeCloseTo(ref.mean, 12);
      expect(s.variance[c]).toBeCloseTo(ref.variance, 12);
      expect(s.std[c]).toBeCloseTo(Math.sqrt(ref.variance), 12);
      expect(s.min[c]).toBe(ref.min);
      expect(s.max[c]).toBe(ref.max);
    }
  });

  it('agrees with the kernel’s batch mean and variance (what BatchNorm normalises with)', () => {
    const s = channelStats(t);
    const r = batchNorm2d(t, { training: true });
    for (let c = 0; c < 2; c++) {
      expect(r.batchMean![c]).toBeCloseTo(s.mean[c], 5);
      expect(r.batchVar![c] / s.variance[c]).toBeCloseTo(1, 5);
    }
  });

  it('after training-mode BN with γ, β the output has mean β and std γ·√(σ²/(σ² + eps))', () => {
    const gamma = Float32Array.from([1.5, 0.25]);
    const beta = Float32Array.from([-2, 3]);
    const r = batchNorm2d(t, { training: true, weight: gamma, bias: beta, eps: 1e-5 });
    const s = channelStats(r.output);
    const inS = channelStats(t);
    for (let c = 0; c < 2; c++) {
      expect(s.mean[c]).toBeCloseTo(beta[c], 5);
      expect(s.std[c]).toBeCloseTo(gamma[c] * Math.sqrt(inS.variance[c] / (inS.variance[c] + 1e-5)), 5);
    }
  });
});

describe('histogram', () => {
  it('puts each value in the bin [lo + i·w, lo + (i+1)·w), the top edge in the last bin, and counts the rest as outside', () => {
    const h = histogram(Float32Array.from([0, 0.24, 0.25, 0.5, 0.99, 1, -0.01, 1.5, NaN]), 0, 1, 4);
    expect([...h.counts]).toEqual([2, 1, 1, 2]);
    expect(h.outside).toBe(3);
  });

  it('counts every value of a channel when the domain covers min…max', () => {
    const t = randomTensor([2, 1, 8, 8], 3, [1], [0]);
    const s = channelStats(t);
    const h = histogram(channelValues(t, 0), s.min[0], s.max[0], 17);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(128);
    expect(h.outside).toBe(0);
  });

  it('channelHistogram bins a channel in place: the same counts as binning a copy of it, for every channel', () => {
    const t = randomTensor([3, 4, 5, 6], 7, [0, 1, -2, 3], [1, 0.5, 2, 0.1]);
    for (let c = 0; c < 4; c++) {
      const values = channelValues(t, c);
      const lo = values.reduce((a, b) => Math.min(a, b)) + 0.1; // some values outside, on both sides
      const hi = values.reduce((a, b) => Math.max(a, b)) - 0.1;
      const h = channelHistogram(t, c, lo, hi, 13);
      expect(h).toEqual(histogram(values, lo, hi, 13));
      expect(h.outside).toBeGreaterThan(0);
    }
  });
});

describe('channelCovariance: BatchNorm is not whitening', () => {
  // Two channels built to correlate at about 0.8.
  const rng = new Rng(11);
  const N = 4, H = 6, W = 6, plane = H * W;
  const data = new Float32Array(N * 2 * plane);
  for (let n = 0; n < N; n++) {
    for (let i = 0; i < plane; i++) {
      const z = rng.normal();
      data[(n * 2) * plane + i] = 3 + 2 * z;
      data[(n * 2 + 1) * plane + i] = -1 + 0.1 * (0.8 * z + 0.6 * rng.normal());
    }
  }
  const x: Tensor = { shape: [N, 2, H, W], data };

  it('after BN each channel has variance σ²/(σ² + eps) ≈ 1, but the off-diagonal covariance equals the correlation, not 0', () => {
    const before = channelCovariance(x);
    const xhat = batchNorm2d(x, { training: true, eps: 1e-5 }).output;
    const after = channelCovariance(xhat);
    const v = channelStats(x).variance;
    expect(after.cov[0]).toBeCloseTo(v[0] / (v[0] + 1e-5), 5);
    expect(after.cov[3]).toBeCloseTo(v[1] / (v[1] + 1e-5), 5);
    expect(before.corr[1]).toBeGreaterThan(0.6);
    expect(after.corr[1]).toBeCloseTo(before.corr[1], 5);
    expect(after.cov[1]).toBeCloseTo(before.corr[1], 3);
  });

  it('a constant channel has an undefined (NaN) correlation rather than a made-up number', () => {
    const flat: Tensor = { shape: [1, 2, 1, 3], data: Float32Array.from([1, 2, 3, 5, 5, 5]) };
    const r = channelCovariance(flat);
    expect(r.corr[1]).toBeNaN();
    expect(r.corr[0]).toBe(1);
  });
});

describe('spread', () => {
  it('is the population standard deviation', () => {
    expect(spread([1, 3])).toBe(1);
    expect(spread([])).toBeNaN();
  });
});

describe('whitenPair (shown for contrast: what unit covariance would take)', () => {
  it('turns correlated channels into uncorrelated unit-variance ones', () => {
    const rng = new Rng(5);
    const a = new Float32Array(4000);
    const b = new Float32Array(4000);
    for (let i = 0; i < a.length; i++) {
      const z = rng.normal();
      a[i] = 2 + 3 * z;
      b[i] = -1 + 0.5 * (0.9 * z + 0.436 * rng.normal());
    }
    const w = whitenPair(a, b)!;
    const t: Tensor = { shape: [1, 2, 1, a.length], data: new Float32Array([...w.x, ...w.y]) };
    const { cov } = channelCovariance(t);
    expect(cov[0]).toBeCloseTo(1, 4);
    expect(cov[3]).toBeCloseTo(1, 4);
    expect(cov[1]).toBeCloseTo(0, 4);
  });

  it('refuses a degenerate pair (constant or perfectly correlated)', () => {
    const a = Float32Array.from([1, 2, 3, 4]);
    expect(whitenPair(a, Float32Array.from([2, 4, 6, 8]))).toBeNull();
    expect(whitenPair(a, new Float32Array(4).fill(1))).toBeNull();
  });
});

describe('robustMaxAbs (colour-scale half-width)', () => {
  it('is the largest |value| for well-behaved data, and |μ| + 3.5σ when a few outliers stick out', () => {
    expect(robustMaxAbs([-1, 0.5, 1])).toBe(1);
    const v = new Float32Array(1000).map((_, i) => (i % 2 ? 1 : -1));
    v[0] = 100;
    const r = robustMaxAbs(v);
    expect(r).toBeLessThan(20);
    expect(r).toBeGreaterThan(3.5);
    expect(robustMaxAbs([NaN])).toBe(0);
  });
});
