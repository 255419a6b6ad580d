import { describe, expect, it } from 'vitest';
import { conv2d, convTranspose2d, convTranspose2dInfo, maxAbsDiff, tensor } from '../kernels/index.ts';
import { naiveConvTranspose2d } from '../kernels/reference/conv.ts';
import { randomConvTransposeCase } from '../kernels/reference/configs.ts';
import { Rng } from '../util/random.ts';
import { convMatrix, gramRows, multiply, multiplyTransposed, toDense, toDenseTransposed } from './conv-matrix.ts';

describe('convMatrix', () => {
  it('Cᵀ·vec(x) + bias equals the naive transposed convolution (random layers, groups, dilation, output_padding)', () => {
    const rng = new Rng(3);
    for (let t = 0; t < 150; t++) {
      const c = randomConvTransposeCase(rng);
      const x1 = { shape: [1, ...c.x.shape.slice(1)], data: c.x.data.slice(0, c.x.data.length / c.x.shape[0]) };
      const info = convTranspose2dInfo(x1, c.w, c.bias, c.opts);
      const m = convMatrix(c.w.data, info);
      const y = multiplyTransposed(m, x1.data);
      const plane = info.outH * info.outW;
      if (c.bias) for (let i = 0; i < y.length; i++) y[i] += c.bias[Math.floor(i / plane)];
      const ref = naiveConvTranspose2d(x1, c.w, c.bias, c.explicit);
      expect(maxAbsDiff(Float32Array.from(y), Float32Array.from(ref.data))).toBeLessThan(1e-5);
    }
  });

  it('C·u is the ordinary convolution with the same weights, stride, padding and dilation', () => {
    const x = tensor([1, 2, 3, 4]);
    const w = new Rng(5).tensor([2, 3, 3, 2]);
    const opts = { stride: [2, 1] as [number, number], padding: [1, 0, 1, 1] as [number, number, number, number], dilation: 1 };
    const info = convTranspose2dInfo(x, w, null, opts);
    const u = new Rng(6).tensor([1, info.outChannels, info.outH, info.outW]);
    const viaConv = conv2d(u, w, null, { stride: opts.stride, padding: opts.padding });
    expect(viaConv.shape).toEqual([1, 2, 3, 4]);
    expect(maxAbsDiff(Float32Array.from(multiply(convMatrix(w.data, info), u.data)), viaConv.data)).toBeLessThan(1e-5);
  });

  it('dense C and Cᵀ are transposes; the Gram matrix is C·Cᵀ', () => {
    const x = tensor([1, 1, 2, 3]);
    const w = new Rng(9).tensor([1, 1, 3, 3]);
    const info = convTranspose2dInfo(x, w, null, { stride: 2 });
    const m = convMatrix(w.data, info);
    const c = toDense(m);
    const ct = toDenseTransposed(m);
    for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) expect(ct[j * m.rows + i]).toBe(c[i * m.cols + j]);
    const gram = gramRows(m);
    for (let i = 0; i < m.rows; i++) {
      for (let j = 0; j < m.rows; j++) {
        let s = 0;
        for (let k = 0; k < m.cols; k++) s += c[i * m.cols + k] * c[j * m.cols + k];
        expect(gram[i * m.rows + j]).toBeCloseTo(s, 5);
      }
    }
    // Every input pixel paints a full 3×3 square (no padding): each row of C has 9 entries.
    expect(m.value.length).toBe(6 * 9);
  });

  it('agrees with the fast kernel on a non-trivial layer', () => {
    const x = new Rng(1).tensor([1, 4, 5, 5]);
    const w = new Rng(2).tensor([4, 1, 4, 3]);
    const opts = { stride: [3, 2] as [number, number], padding: 1, dilation: [1, 2] as [number, number], groups: 2, outputPadding: [2, 1] as [number, number] };
    const info = convTranspose2dInfo(x, w, null, opts);
    const y = multiplyTransposed(convMatrix(w.data, info), x.data);
    expect(maxAbsDiff(Float32Array.from(y), convTranspose2d(x, w, null, opts).data)).toBeLessThan(1e-5);
  });
});
