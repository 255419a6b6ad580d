import { describe, expect, it } from 'vitest';
import { fitScale, MIN_SCALE } from './embed-fit.ts';

describe('fitScale(frameW, frameH, heightAt)', () => {
  it('is 1 when the content already fits', () => {
    expect(fitScale(960, 720, () => 600)).toBe(1);
  });

  it('figures of a fixed pixel size (height independent of width) scale by frame / height', () => {
    expect(fitScale(480, 320, () => 640)).toBeCloseTo(0.5, 2);
  });

  it('never goes below MIN_SCALE: a very tall page scrolls instead of becoming unreadable', () => {
    expect(fitScale(480, 320, () => 10_000)).toBe(MIN_SCALE);
  });

  it('text that wraps less in a wider layout needs less shrinking than its first height suggests', () => {
    const heightAt = (w: number) => 200 + 300_000 / w; // 825 px at 480 wide, shorter when wider
    const k = fitScale(480, 320, heightAt);
    expect(k).toBeGreaterThan(320 / 825);
    expect(heightAt(480 / k) * k).toBeLessThanOrEqual(320 * 1.05);
  });
});
