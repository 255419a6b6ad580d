import { describe, expect, it } from 'vitest';
import { logSpaced } from './bn-race.ts';
import { histogram, stepsToTarget, summarise, tailMean } from './stats.ts';

describe('training statistics', () => {
  it('summarise gives mean, population std, share of zeros and an evenly spaced sample', () => {
    const s = summarise(Float32Array.of(0, 2, 0, 6), 2);
    expect([s.mean, s.std, s.zeros]).toEqual([2, Math.sqrt(6), 0.5]);
    expect(Array.from(s.sample)).toEqual([0, 0]);
  });
  it('histogram clamps outliers into the end bins and skips NaN', () => {
    expect(Array.from(histogram([-5, 0.1, 0.6, 0.99, 7, NaN], 2, 0, 1))).toEqual([2, 3]);
  });
  it('tailMean is NaN when the run diverged at the end', () => {
    expect(tailMean([5, 1, 3], 2)).toBe(2);
    expect(tailMean([1, NaN], 2)).toBeNaN();
  });
  it('stepsToTarget counts steps until the running mean first drops below the target', () => {
    expect(stepsToTarget([3, 3, 1, 0, 0], 1, 2)).toBe(4); // means: 3, 2, 0.5 at step 4
    expect(stepsToTarget([3, 3], 1, 2)).toBeNull();
  });
  it('logSpaced spans the range evenly in log', () => {
    expect(logSpaced(0.001, 1, 4)).toEqual([0.001, 0.01, 0.1, 1]);
  });
});
