import { describe, expect, it } from 'vitest';
import { areaDownsample, gratingBatch, superResolutionBatch } from './data.ts';
import { Rng } from '../util/random.ts';

const img = { name: 'ramp', width: 8, height: 6, data: Float32Array.from({ length: 48 }, (_, i) => (i % 8) / 7) };

describe('training data', () => {
  it('areaDownsample averages blocks and drops the remainder', () => {
    const d = areaDownsample(img, 4);
    expect([d.width, d.height]).toEqual([2, 1]);
    expect(d.data[0]).toBeCloseTo((0 + 1 + 2 + 3) / 7 / 4, 6);
  });
  it('superResolutionBatch: the input is the 2×2-average of the 2·grey − 1 target, and the same seed gives the same batch', () => {
    const a = superResolutionBatch(new Rng(3), [img], 4, 2, 3);
    const b = superResolutionBatch(new Rng(3), [img], 4, 2, 3);
    expect(a.input.shape).toEqual([3, 1, 2, 2]);
    expect(a.target.data).toEqual(b.target.data);
    const t = a.target.data;
    expect(a.input.data[0]).toBeCloseTo((t[0] + t[1] + t[4] + t[5]) / 4, 6);
    expect(Math.min(...t)).toBeGreaterThanOrEqual(-1);
    expect(() => superResolutionBatch(new Rng(1), [img], 5, 2, 1)).toThrow('crop size 5 must be a multiple of the upsampling factor 2');
    expect(() => superResolutionBatch(new Rng(1), [img], 8, 2, 1)).toThrow('smaller than the 8×8 crop');
  });
  it('gratingBatch is seeded and covers all four classes', () => {
    const a = gratingBatch(new Rng(5), 10, 64);
    expect(a.input.data).toEqual(gratingBatch(new Rng(5), 10, 64).input.data);
    expect(new Set(a.labels)).toEqual(new Set([0, 1, 2, 3]));
  });
});
