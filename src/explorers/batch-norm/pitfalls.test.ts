import { describe, expect, it } from 'vitest';
import { batchStatSpread, epsCurve, oneValuePerChannel } from './pitfalls.ts';
import { Rng } from '../../util/random.ts';
import { sampleSyntheticBatch } from './synthetic.ts';

describe('pitfalls', () => {
  it('one value per channel: training refuses with the kernel’s message, eval accepts', () => {
    const x = { shape: [2, 2, 3, 3], data: new Float32Array(36).map((_, i) => i) };
    const r = oneValuePerChannel(x, Float32Array.from([0, 0]), Float32Array.from([1, 1]), 1e-5);
    expect(r.input.shape).toEqual([1, 2, 1, 1]);
    expect([...r.input.data]).toEqual([0, 9]);
    expect(r.trainError).toMatch(/^expected more than 1 value per channel when training, got input shape \[1, 2, 1, 1\]/);
    expect(r.evalError).toBeNull();
    expect(r.evalOutput![1]).toBeCloseTo(9 / Math.sqrt(1 + 1e-5), 5);
  });

  it('tiny batches: the spread of the batch mean falls roughly like 1/√N', () => {
    const spec = { means: [1], stds: [2], corr: 0 };
    const pts = batchStatSpread((n, k) => sampleSyntheticBatch(spec, n, 1, new Rng(n * 10007 + k)), [2, 8, 32], 300);
    const s = pts.map((p) => p.meanSpread![0]);
    // With 1×1 maps the batch mean of N values has spread 2/√N.
    expect(s[0] / (2 / Math.sqrt(2))).toBeGreaterThan(0.85);
    expect(s[0] / (2 / Math.sqrt(2))).toBeLessThan(1.15);
    expect(s[2] / (2 / Math.sqrt(32))).toBeGreaterThan(0.85);
    expect(s[2] / (2 / Math.sqrt(32))).toBeLessThan(1.15);
  });

  it('tiny batches: N = 1 with 1×1 maps is refused (reported, not thrown)', () => {
    const pts = batchStatSpread((n) => ({ shape: [n, 1, 1, 1], data: new Float32Array(n) }), [1, 2], 3);
    expect(pts[0].meanSpread).toBeNull();
    expect(pts[0].error).toMatch(/more than 1 value per channel/);
    expect(pts[1].error).toBeNull();
  });

  it('eps dominating: x̂ has std √(σ²/(σ² + eps)) — ≈ 1 for σ² ≫ eps, 1/√2 at σ² = eps, ≈ 0 below', () => {
    const values = new Float32Array(500).map((_, i) => Math.sin(i * 1.3) * 3 + 1);
    const eps = 1e-4;
    const pts = epsCurve(values, eps, [-8, -4, 0]);
    for (const p of pts) expect(p.std).toBeCloseTo(Math.sqrt(p.variance / (p.variance + eps)), 4);
    expect(pts[0].std).toBeLessThan(0.02);
    expect(pts[1].std).toBeCloseTo(Math.SQRT1_2, 3);
    expect(pts[2].std).toBeGreaterThan(0.9999);
  });

  it('eps curve still works for a constant channel (uses ±1 stand-in values)', () => {
    const pts = epsCurve(new Float32Array(10).fill(3), 1e-5, [-5]);
    expect(pts[0].variance).toBeCloseTo(1e-5, 9);
    expect(pts[0].std).toBeCloseTo(Math.SQRT1_2, 3);
  });
});
