import { describe, expect, it } from 'vitest';
import { conv2d, maxAbsDiff, tensor, upsample2d } from '../../kernels/index.ts';
import { Rng } from '../../util/random.ts';
import { artifactScore } from '../../analysis/artifact.ts';
import {
  equalSizeTransposePadding, subPixelWeights, upsampleResizeConv, upsampleSubPixel, upsampleTransposed, type Kernel2D,
} from './upsamplers.ts';

const box3: Kernel2D = { data: new Float32Array(9).fill(1), kH: 3, kW: 3 };
const smoothImage = (n: number) =>
  tensor([1, 1, n, n], Float32Array.from({ length: n * n }, (_, i) => 0.5 + 0.3 * Math.sin(Math.floor(i / n) / 5) * Math.cos((i % n) / 7)));

describe('upsamplers', () => {
  it('all four produce exactly s·H × s·W for several k, s, d', () => {
    const rng = new Rng(2);
    for (const [k, s, d] of [[1, 2, 1], [2, 2, 1], [3, 2, 1], [4, 2, 1], [3, 3, 1], [5, 3, 2], [2, 4, 1], [3, 2, 2]]) {
      const x = rng.tensor([1, 1, 6, 5]);
      const w: Kernel2D = { data: rng.floats(k * k), kH: k, kW: k };
      const want = [1, 1, 6 * s, 5 * s];
      expect(upsampleTransposed(x, w, [s, s], [d, d]).shape).toEqual(want);
      expect(upsampleResizeConv(x, w, [s, s], [d, d], 'nearest').shape).toEqual(want);
      expect(upsampleResizeConv(x, w, [s, s], [d, d], 'bilinear').shape).toEqual(want);
      expect(upsampleSubPixel(x, w, s, [d, d], false).shape).toEqual(want);
      expect(upsampleSubPixel(x, w, s, [d, d], true).shape).toEqual(want);
    }
  });

  it('nearest ×2 runs fused (resizeConv2d): the composition’s numbers and artifact score, up to float32 rounding', () => {
    const rng = new Rng(3);
    const x = smoothImage(24);
    for (const [kH, kW, d] of [[3, 3, 1], [4, 4, 1], [1, 1, 1], [2, 5, 1], [5, 5, 2], [3, 2, 3]]) {
      const w: Kernel2D = { data: rng.floats(kH * kW), kH, kW };
      const fused = upsampleResizeConv(x, w, [2, 2], [d, d], 'nearest');
      const total = (k: number) => d * (k - 1);
      const padding: [number, number, number, number] = [
        Math.floor(total(kH) / 2), Math.floor(total(kW) / 2), total(kH) - Math.floor(total(kH) / 2), total(kW) - Math.floor(total(kW) / 2),
      ];
      const composed = conv2d(upsample2d(x, { scale: 2, mode: 'nearest' }), { shape: [1, 1, kH, kW], data: w.data }, null, { dilation: [d, d], padding });
      // Σ|w|·|x| ≤ 25 here (|w| < 1, 0.2 ≤ x ≤ 0.8): (2·26 + 1)·2⁻²⁴·25 < 1e-4 bounds the rounding difference.
      expect(maxAbsDiff(fused.data, composed.data), `k ${kH}×${kW} d ${d}`).toBeLessThan(1e-4);
      const score = (y: { data: Float32Array }) => artifactScore(y.data, 48, 48, 2, 2).score;
      expect(Math.abs(score(fused) - score(composed))).toBeLessThan(1e-5 * (1 + score(composed)));
    }
  });

  it('equal-size padding: P − output_padding = d·(k − 1) + 1 − s', () => {
    expect(equalSizeTransposePadding(3, 2, 1)).toEqual({ begin: 0, end: 1, outputPadding: 0 });
    expect(equalSizeTransposePadding(4, 2, 1)).toEqual({ begin: 1, end: 1, outputPadding: 0 });
    expect(equalSizeTransposePadding(1, 3, 1)).toEqual({ begin: 0, end: 0, outputPadding: 2 });
  });

  it('sub-pixel conv with the phase sub-kernels is the transposed conv (Shi et al. 2016)', () => {
    const rng = new Rng(4);
    for (const [k, s, d] of [[3, 2, 1], [4, 2, 1], [5, 3, 1], [3, 3, 2], [2, 2, 1], [1, 2, 1]]) {
      const x = rng.tensor([1, 1, 5, 6]);
      const w: Kernel2D = { data: rng.floats(k * k), kH: k, kW: k };
      const a = upsampleTransposed(x, w, [s, s], [d, d]);
      const b = upsampleSubPixel(x, w, s, [d, d], false);
      expect(maxAbsDiff(a.data, b.data)).toBeLessThan(1e-5);
    }
  });

  it('ICNR sub-kernels make the sub-pixel conv a conv followed by nearest upsampling', () => {
    const x = new Rng(5).tensor([1, 1, 6, 6]);
    const sp = subPixelWeights(box3, 2, [1, 1], true);
    const lowRes = conv2d(x, { shape: [1, 1, sp.weight.shape[2], sp.weight.shape[3]], data: sp.weight.data.slice(0, sp.weight.shape[2] * sp.weight.shape[3]) }, null, { padding: sp.padding });
    const expected = upsample2d(lowRes, { scale: 2, mode: 'nearest' });
    expect(maxAbsDiff(upsampleSubPixel(x, box3, 2, [1, 1], true).data, expected.data)).toBeLessThan(1e-5);
  });

  it('box kernel k = 3, s = 2 on a smooth image: the transposed conv scores far above resize-conv and ICNR', () => {
    const x = smoothImage(32);
    const score = (y: { data: Float32Array }) => artifactScore(y.data, 64, 64, 2, 2).score;
    const a = score(upsampleTransposed(x, box3, [2, 2], [1, 1]));
    const b = score(upsampleResizeConv(x, box3, [2, 2], [1, 1], 'nearest'));
    const c = score(upsampleResizeConv(x, box3, [2, 2], [1, 1], 'bilinear'));
    const d = score(upsampleSubPixel(x, box3, 2, [1, 1], true));
    expect(a).toBeGreaterThan(0.1);
    expect(a).toBeGreaterThan(100 * b);
    expect(a).toBeGreaterThan(100 * c);
    expect(a).toBeGreaterThan(100 * d);
  });
});
