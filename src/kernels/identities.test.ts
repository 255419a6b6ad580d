/**
 * The textbook claims about transposed convolution, as executable identities between our two fast kernels
 * (each already checked against its own naive oracle and PyTorch):
 *
 * (a) "the transpose of a convolution is equivalent to convolving a zero-padded input", with "zeroes inserted
 *     between inputs" — convT(x, w) = conv2d(pad(zeroInsert(x, s), d·(k−1) − pad, + output_padding at the end),
 *     flip(w) with in/out swapped), stride 1, same dilation and groups.
 * (b) it is the *transpose* (adjoint) of conv2d: ⟨conv2d(x, w), y⟩ = ⟨x, convT(y, w)⟩ for matching parameters.
 */
import { describe, expect, it } from 'vitest';
import { conv2d } from './conv2d.ts';
import { convTranspose2d } from './conv-transpose.ts';
import { closeMessage, dot } from './reference/compare.ts';
import { describeCase, randomConvCase, randomConvTransposeCase } from './reference/configs.ts';
import { Random } from './reference/random.ts';
import { flipKernelSwapInOut, pad, zeroInsert } from './reference/transforms.ts';
import { tensor } from './tensor.ts';

describe('convTranspose2d equals conv2d over a zero-inserted, zero-padded input with the flipped kernel', () => {
  it('worked example: stride 2, 1×2 input [1, 2], kernel [1, 10] → [1, 10, 2, 20]', () => {
    const x = tensor([1, 1, 1, 2], [1, 2]);
    const w = tensor([1, 1, 1, 2], [1, 10]);
    const inserted = zeroInsert(x, [1, 2]); // [1, 0, 2]
    const padded = pad(inserted, [0, 1, 0, 1]); // [0, 1, 0, 2, 0]
    const viaConv = conv2d(padded, flipKernelSwapInOut(w, 1), null); // kernel [10, 1]
    expect(Array.from(viaConv.data)).toEqual([1, 10, 2, 20]);
    expect(Array.from(convTranspose2d(x, w, null, { stride: [1, 2] }).data)).toEqual([1, 10, 2, 20]);
  });

  it('on 600 seeded random configurations (groups, dilation, 4-sided pads, output padding; pads past d·(k−1) crop)', () => {
    const rng = new Random(20240603);
    let cropped = 0;
    for (let i = 0; i < 600; i++) {
      const c = randomConvTransposeCase(rng);
      const { stride, dilation, padding: [top, left, bottom, right], outputPadding, groups } = c.explicit;
      const [, , kH, kW] = c.w.shape;
      // Inserted zeros follow the stride; the kernel keeps its dilation. A negative pad means crop.
      const conv2dPadding: [number, number, number, number] = [
        dilation[0] * (kH - 1) - top,
        dilation[1] * (kW - 1) - left,
        dilation[0] * (kH - 1) - bottom + outputPadding[0],
        dilation[1] * (kW - 1) - right + outputPadding[1],
      ];
      if (conv2dPadding.some((p) => p < 0)) cropped++;
      const input = pad(zeroInsert(c.x, stride), conv2dPadding);
      const viaConv = conv2d(input, flipKernelSwapInOut(c.w, groups), c.bias, { dilation, groups });
      const direct = convTranspose2d(c.x, c.w, c.bias, c.opts);
      expect(viaConv.shape, `case ${i}: ${describeCase(c)}`).toEqual(direct.shape);
      expect(closeMessage(direct.data, viaConv.data), `case ${i}: ${describeCase(c)}`).toBeNull();
    }
    expect(cropped).toBeGreaterThan(20);
  });
});

describe('convTranspose2d is the adjoint of conv2d: ⟨conv2d(x, w), y⟩ = ⟨x, convTranspose2d(y, w)⟩', () => {
  it('on 600 seeded random configurations, inner products in float64', () => {
    const rng = new Random(20240604);
    let withOutputPadding = 0;
    for (let i = 0; i < 600; i++) {
      const c = randomConvCase(rng);
      const { stride, dilation, padding: [top, left, bottom, right] } = c.explicit;
      const [, , H, W] = c.x.shape;
      const [, , kH, kW] = c.w.shape;
      const fx = conv2d(c.x, c.w, null, c.opts);
      const y = rng.tensor(fx.shape);
      // conv2d drops rows a whole stride step cannot reach; output_padding gives them back so shapes match.
      const outputPadding: [number, number] = [
        (H + top + bottom - dilation[0] * (kH - 1) - 1) % stride[0],
        (W + left + right - dilation[1] * (kW - 1) - 1) % stride[1],
      ];
      if (outputPadding[0] + outputPadding[1] > 0) withOutputPadding++;
      const gy = convTranspose2d(y, c.w, null, { ...c.opts, outputPadding });
      expect(gy.shape, `case ${i}: ${describeCase(c)}`).toEqual(c.x.shape);
      const lhs = dot(fx.data, y.data);
      const rhs = dot(c.x.data, gy.data);
      // Both sides are float32 sums of the same products: compare relative to the size of those products.
      const scale = Math.max(1, dot(fx.data.map(Math.abs), y.data.map(Math.abs)));
      expect(Math.abs(lhs - rhs) / scale, `case ${i}: ${describeCase(c)}: ${lhs} vs ${rhs}`).toBeLessThan(1e-5);
    }
    expect(withOutputPadding).toBeGreaterThan(100);
  });
});
