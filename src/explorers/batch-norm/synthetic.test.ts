import { describe, expect, it } from 'vitest';
import { mixSeed, Rng } from '../../util/random.ts';
import { STREAM } from './random.ts';
import { sampleSyntheticBatch, shiftSynthetic } from './synthetic.ts';
import { channelStats } from '../../analysis/moments.ts';
import { channelCovariance } from './stats.ts';

describe('synthetic batches', () => {
  const spec = { means: [2, -1, 0], stds: [0.5, 3, 0.01], corr: 0.6 };

  it('have the requested per-channel means, spreads and correlation (large sample)', () => {
    const x = sampleSyntheticBatch(spec, 32, 32, new Rng(1));
    const s = channelStats(x);
    const { corr } = channelCovariance(x);
    for (let c = 0; c < 3; c++) {
      expect(Math.abs(s.mean[c] - spec.means[c])).toBeLessThan(0.1 * spec.stds[c]);
      expect(s.std[c] / spec.stds[c]).toBeGreaterThan(0.93);
      expect(s.std[c] / spec.stds[c]).toBeLessThan(1.07);
    }
    expect(corr[1]).toBeGreaterThan(0.5);
    expect(corr[1]).toBeLessThan(0.7);
  });

  it('keep unit variance at the borders too, down to 1×1 maps', () => {
    for (const size of [1, 2, 3]) {
      const x = sampleSyntheticBatch({ means: [0], stds: [1], corr: 0 }, 4000, size, new Rng(size));
      expect(channelStats(x).std[0]).toBeGreaterThan(0.95);
      expect(channelStats(x).std[0]).toBeLessThan(1.05);
    }
  });

  it('are reproducible from (seed, stream, index) and differ between streams', () => {
    const a = sampleSyntheticBatch(spec, 2, 4, new Rng(mixSeed(7, STREAM.view, 0)));
    const b = sampleSyntheticBatch(spec, 2, 4, new Rng(mixSeed(7, STREAM.view, 0)));
    const c = sampleSyntheticBatch(spec, 2, 4, new Rng(mixSeed(7, STREAM.train, 0)));
    expect([...a.data]).toEqual([...b.data]);
    expect([...a.data]).not.toEqual([...c.data]);
  });

  it('shift moves each mean by `shift` spreads and widens each spread by 1 + shift/2', () => {
    const s = shiftSynthetic(spec, 2);
    expect(s.means).toEqual([3, 5, 0.02]);
    expect(s.stds).toEqual([1, 6, 0.02]);
  });
});

describe('Rng', () => {
  it('normal() has mean ≈ 0 and variance ≈ 1', () => {
    const r = new Rng(123);
    let s = 0, ss = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const v = r.normal();
      s += v;
      ss += v * v;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.03);
    expect(ss / n).toBeGreaterThan(0.96);
    expect(ss / n).toBeLessThan(1.04);
  });

  it('mixSeed separates nearby inputs', () => {
    expect(mixSeed(1, 2, 3)).not.toBe(mixSeed(1, 2, 4));
    expect(mixSeed(1, 2, 3)).toBe(mixSeed(1, 2, 3));
  });
});
