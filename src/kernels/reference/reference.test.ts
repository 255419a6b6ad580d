/**
 * The oracles are only worth something if they are right, so each is checked here on examples small enough
 * to work out by hand (the numbers in the comments).
 */
import { describe, expect, it } from 'vitest';
import { tensor } from '../tensor.ts';
import { naiveBatchNorm2d } from './batch-norm.ts';
import { naiveConv2d, naiveConvTranspose2d } from './conv.ts';
import { mulberry32 } from './random.ts';
import { linearSource, naivePixelShuffle, naiveUpsample2d, naiveUpsample2dBackward, nearestIndex } from './resample.ts';
import { flipKernelSwapInOut, pad, zeroInsert } from './transforms.ts';

const plain = {
  stride: [1, 1] as [number, number], padding: [0, 0, 0, 0] as [number, number, number, number],
  dilation: [1, 1] as [number, number], groups: 1,
};

describe('reference naiveConvTranspose2d', () => {
  it('paints each pixel as a scaled kernel; with stride 2 and a 2×2 kernel of ones it repeats pixels', () => {
    const x = tensor([1, 1, 2, 2], [1, 2, 3, 4]);
    const w = tensor([1, 1, 2, 2], [1, 1, 1, 1]);
    const y = naiveConvTranspose2d(x, w, null, { ...plain, stride: [2, 2], outputPadding: [0, 0] });
    expect(y.shape).toEqual([1, 1, 4, 4]);
    expect(Array.from(y.data)).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
  });

  it('overlapping stamps add up, padding crops, output padding appends rows that only hold the bias', () => {
    const x = tensor([1, 1, 1, 2], [1, 2]);
    const w = tensor([1, 1, 2, 2], [1, 10, 100, 1000]);
    // stamps 1·w at columns 0–1 and 2·w at columns 1–2: [[1, 10+2, 20], [100, 1000+200, 2000]]
    const full = naiveConvTranspose2d(x, w, null, { ...plain, outputPadding: [0, 0] });
    expect(Array.from(full.data)).toEqual([1, 12, 20, 100, 1200, 2000]);
    const cropped = naiveConvTranspose2d(x, w, null, { ...plain, padding: [0, 1, 0, 1], outputPadding: [0, 0] });
    expect(Array.from(cropped.data)).toEqual([12, 1200]);
    const extra = naiveConvTranspose2d(x, w, Float32Array.of(0.5), {
      ...plain, stride: [2, 1], padding: [1, 0, 0, 0], outputPadding: [1, 0],
    });
    expect(extra.shape).toEqual([1, 1, 2, 3]);
    expect(Array.from(extra.data)).toEqual([100.5, 1200.5, 2000.5, 0.5, 0.5, 0.5]);
  });

  it('keeps groups apart: input channel group g only paints output channel group g', () => {
    const x = tensor([1, 2, 1, 1], [1, 2]);
    const w = tensor([2, 1, 1, 1], [3, 5]);
    const y = naiveConvTranspose2d(x, w, null, { ...plain, groups: 2, outputPadding: [0, 0] });
    expect(Array.from(y.data)).toEqual([3, 10]);
  });
});

describe('reference naiveConv2d', () => {
  it('gathers over the zero-padded input (cross-correlation, no kernel flip)', () => {
    const x = tensor([1, 1, 3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const w = tensor([1, 1, 2, 2], [1, 0, 0, -1]);
    expect(Array.from(naiveConv2d(x, w, null, plain).data)).toEqual([-4, -4, -4, -4]);
    const padded = naiveConv2d(x, w, Float32Array.of(10), { ...plain, padding: [1, 1, 1, 1] });
    expect(padded.shape).toEqual([1, 1, 4, 4]);
    // top-left: 0·1 − x[0,0] = −1; bottom-right: x[2,2]·1 − 0 = 9; plus bias 10
    expect(padded.data[0]).toBe(9);
    expect(padded.data[15]).toBe(19);
  });

  it('strides and dilates: a dilation-2 1×2 kernel reads columns 0 and 2', () => {
    const x = tensor([1, 1, 1, 5], [1, 2, 3, 4, 5]);
    const w = tensor([1, 1, 1, 2], [1, 1]);
    const y = naiveConv2d(x, w, null, { ...plain, stride: [1, 2], dilation: [1, 2] });
    expect(Array.from(y.data)).toEqual([1 + 3, 3 + 5]);
  });
});

describe('reference transforms', () => {
  it('zeroInsert puts stride − 1 zeros between pixels', () => {
    const y = zeroInsert(tensor([1, 1, 2, 2], [1, 2, 3, 4]), [2, 3]);
    expect(y.shape).toEqual([1, 1, 3, 4]);
    expect(Array.from(y.data)).toEqual([1, 0, 0, 2, 0, 0, 0, 0, 3, 0, 0, 4]);
  });

  it('pad adds zeros, and a negative amount crops', () => {
    const x = tensor([1, 1, 2, 2], [1, 2, 3, 4]);
    expect(Array.from(pad(x, [1, 0, 0, 1]).data)).toEqual([0, 0, 0, 1, 2, 0, 3, 4, 0]);
    expect(Array.from(pad(x, [-1, 0, 0, -1]).data)).toEqual([3]);
  });

  it('flipKernelSwapInOut rotates each kernel by 180° and swaps in/out channels within groups', () => {
    // groups 2, Cin 2, Cout/groups 2 → conv weight [4, 1, 1, 2]
    const w = tensor([2, 2, 1, 2], [1, 2, 3, 4, 5, 6, 7, 8]);
    const f = flipKernelSwapInOut(w, 2);
    expect(f.shape).toEqual([4, 1, 1, 2]);
    expect(Array.from(f.data)).toEqual([2, 1, 4, 3, 6, 5, 8, 7]);
    const g = flipKernelSwapInOut(tensor([2, 1, 1, 1], [1, 2]), 1);
    expect(g.shape).toEqual([1, 2, 1, 1]);
  });
});

describe('reference resampling', () => {
  it('nearestIndex follows PyTorch: floor(o · float32(1/scale)), copy when sizes match, o >> 1 when doubled', () => {
    expect([0, 1, 2].map((o) => nearestIndex(o, 5, 3, 0.7))).toEqual([0, 1, 2]);
    expect(nearestIndex(3, 4, 4, 1.2)).toBe(3); // floor(3/1.2) would be 2
    expect(nearestIndex(8, 5, 10, 2.1)).toBe(4); // floor(8/2.1) would be 3
    expect(nearestIndex(6, 4, 6, 1.5)).toBe(3); // clamped to in − 1
  });

  it('linearSource uses half-pixel centres, or corner alignment', () => {
    expect(linearSource(0, 4, 8, 2, false)).toEqual([0, 1, 0]); // (0.5)/2 − 0.5 < 0 → clamped to 0
    expect(linearSource(3, 4, 8, 2, false)).toEqual([1, 2, 0.25]); // 3.5/2 − 0.5 = 1.25
    expect(linearSource(7, 4, 8, 2, false)).toEqual([3, 3, 0.25]); // 3.25: past the last pixel
    expect(linearSource(7, 4, 8, 2, true)).toEqual([3, 3, 0]); // 7·3/7 = 3
    expect(linearSource(0, 4, 1, 0.25, true)).toEqual([0, 1, 0]);
  });

  it('bilinear with alignCorners doubles a ramp into a finer ramp', () => {
    const y = naiveUpsample2d(tensor([1, 1, 1, 2], [0, 3]), [1, 2], 'bilinear', true);
    expect(Array.from(y.data)).toEqual([0, 1, 2, 3]);
  });

  it('the upsample backward pass sends each gradient back along its weights: pairs for nearest ×2, thirds for align_corners', () => {
    const g = tensor([1, 1, 1, 4], [1, 2, 3, 4]);
    expect(Array.from(naiveUpsample2dBackward([1, 1, 1, 2], g, [1, 2], 'nearest', false).data)).toEqual([3, 7]);
    // Outputs 1 and 2 sit at 1/3 and 2/3 between the two inputs: dx0 = 1 + 2·⅔ + 3·⅓, dx1 = 2·⅓ + 3·⅔ + 4.
    const [d0, d1] = naiveUpsample2dBackward([1, 1, 1, 2], g, [1, 2], 'bilinear', true).data;
    expect(d0).toBeCloseTo(10 / 3, 12);
    expect(d1).toBeCloseTo(20 / 3, 12);
  });

  it('pixel shuffle moves channel c·r² + i·r + j to offset (i, j)', () => {
    const y = naivePixelShuffle(tensor([1, 4, 1, 1], [1, 2, 3, 4]), 2);
    expect(y.shape).toEqual([1, 1, 2, 2]);
    expect(Array.from(y.data)).toEqual([1, 2, 3, 4]);
  });
});

describe('reference naiveBatchNorm2d', () => {
  it('normalises a channel [1, 2, 3, 4] with mean 2.5 and biased variance 1.25; running var uses 5/3', () => {
    const x = tensor([2, 1, 1, 2], [1, 2, 3, 4]);
    const r = naiveBatchNorm2d(x, {
      training: true, momentum: 0.5, eps: 0, runningMean: Float32Array.of(0), runningVar: Float32Array.of(1),
    });
    expect(r.mean[0]).toBe(2.5);
    expect(r.variance[0]).toBe(1.25);
    expect(r.output.data[0]).toBeCloseTo(-1.5 / Math.sqrt(1.25), 12);
    expect(r.runningMean![0]).toBe(1.25);
    expect(r.runningVar![0]).toBeCloseTo(0.5 + 0.5 * (5 / 3), 12);
  });
});

describe('mulberry32', () => {
  it('is deterministic per seed and spreads values over [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((s, v) => s + v, 0) / xs.length).toBeCloseTo(0.5, 1);
  });
});
