import { describe, expect, it } from 'vitest';
import { Rng } from '../util/random.ts';
import { channelMoments } from './moments.ts';

/** The definition, written out per channel with no shared loop structure: gather, then mean, then Σ(x − μ)²/n. */
function naive(x: Float32Array, n: number, c: number, s: number, ch: number): { mean: number; variance: number } {
  const values: number[] = [];
  for (let b = 0; b < n; b++) for (let i = 0; i < s; i++) values.push(x[(b * c + ch) * s + i]);
  const mean = values.reduce((a, v) => a + v, 0) / values.length;
  return { mean, variance: values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length };
}

describe('channelMoments(x, N, C, spatial)', () => {
  it('gives each channel’s mean and biased variance over N·spatial values, on 200 random layouts', () => {
    const rng = new Rng(11);
    for (let t = 0; t < 200; t++) {
      const [n, c, s] = [rng.int(1, 4), rng.int(1, 5), rng.int(1, 30)];
      const offset = rng.normal() * 100;
      const x = rng.floats(n * c * s).map((v) => v * 3 + offset);
      const m = channelMoments(x, n, c, s);
      expect(m.count).toBe(n * s);
      for (let ch = 0; ch < c; ch++) {
        const ref = naive(x, n, c, s, ch);
        expect(m.mean[ch]).toBeCloseTo(ref.mean, 9);
        expect(m.variance[ch]).toBeCloseTo(ref.variance, 7);
      }
    }
  });

  it('is exactly 0 for a constant channel, however large its value (two passes, no cancellation)', () => {
    const x = new Float32Array(64).fill(1e6 + 0.5);
    expect(channelMoments(x, 2, 2, 16).variance).toEqual(new Float64Array([0, 0]));
  });
});
