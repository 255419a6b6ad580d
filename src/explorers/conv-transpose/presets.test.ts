import { describe, expect, it } from 'vitest';
import { bilinearTaps, fitPlane, inputPreset, kernelPreset, resizeArea } from './presets.ts';

describe('kernel presets', () => {
  it('bilinear taps follow FCN’s get_upsampling_weight', () => {
    expect(bilinearTaps(3)).toEqual([0.5, 1, 0.5]);
    expect(bilinearTaps(4)).toEqual([0.25, 0.75, 0.75, 0.25]);
  });
  it('edge kernel 3×3 is the Sobel x-derivative', () => {
    expect(Array.from(kernelPreset('edge', [1, 1, 3, 3], 1))).toEqual([-1, 0, 1, -2, 0, 2, -1, 0, 1]);
  });
  it('random presets are seeded: same seed, same weights; other seed, other weights', () => {
    const a = kernelPreset('gaussian', [2, 1, 3, 3], 5);
    expect(Array.from(kernelPreset('gaussian', [2, 1, 3, 3], 5))).toEqual(Array.from(a));
    expect(Array.from(kernelPreset('gaussian', [2, 1, 3, 3], 6))).not.toEqual(Array.from(a));
    expect(kernelPreset('learned', [1, 2, 4, 4], 1).length).toBe(32);
  });
});

describe('resizeArea', () => {
  it('averages 2×2 blocks when halving and keeps a constant constant', () => {
    const src = Float32Array.from([1, 3, 5, 7, 1, 3, 5, 7]);
    expect(Array.from(resizeArea(src, 4, 2, 2, 1))).toEqual([2, 6]);
    const flat = resizeArea(new Float32Array(35).fill(0.25), 7, 5, 3, 2);
    for (const v of flat) expect(v).toBeCloseTo(0.25, 6);
  });
  it('fitPlane resizes a source once per size and hands out a fresh copy each time', () => {
    const src = Float32Array.from({ length: 64 * 48 }, (_, i) => (i * 7919) % 101);
    const a = fitPlane(src, 64, 48, 8, 8);
    a[0] = -1; // a caller writing into its copy
    const b = fitPlane(src, 64, 48, 8, 8);
    expect(b).not.toBe(a);
    expect(b[0]).not.toBe(-1);
    expect(Array.from(b)).toEqual(Array.from(resizeArea(Float32Array.from({ length: 48 * 48 }, (_, i) => src[Math.floor(i / 48) * 64 + 8 + (i % 48)]), 48, 48, 8, 8)));
    expect(fitPlane(src, 64, 48, 4, 4)).toHaveLength(16);
  });

  it('fitPlane centre-crops to the target aspect ratio', () => {
    // 4×2 picture, left half 0 and right half 1; a 1×1 target sees the central 2×2 square: mean 0.5.
    const src = Float32Array.from([0, 0, 1, 1, 0, 0, 1, 1]);
    expect(Array.from(fitPlane(src, 4, 2, 1, 1))).toEqual([0.5]);
  });
});

describe('input presets', () => {
  it('impulse has a single 1 at the centre; checker alternates', () => {
    const imp = inputPreset('impulse', 1, 5, 4, 0);
    expect(imp.reduce((a, b) => a + b, 0)).toBe(1);
    expect(imp[2 * 4 + 2]).toBe(1);
    expect(Array.from(inputPreset('checker', 1, 2, 3, 0))).toEqual([0, 1, 0, 1, 0, 1]);
  });
});
