import { describe, expect, it } from 'vitest';
import { convTranspose2dInfo, maxAbsDiff, tensor } from '../../kernels/index.ts';
import { naiveConvTranspose2d } from '../../kernels/reference/conv.ts';
import { randomConvTransposeCase } from '../../kernels/reference/configs.ts';
import { Rng } from '../../util/random.ts';
import { convTransposeByZeroInsertion, zeroInsertAndBorder } from './zero-insertion.ts';

describe('convTransposeByZeroInsertion', () => {
  it('equals the naive transposed convolution for random layers (incl. crops when padding > d·(k − 1))', () => {
    const rng = new Rng(21);
    for (let t = 0; t < 200; t++) {
      const c = randomConvTransposeCase(rng);
      const info = convTranspose2dInfo(c.x, c.w, c.bias, c.opts);
      const z = convTransposeByZeroInsertion(c.x, c.w, c.bias, info);
      const ref = naiveConvTranspose2d(c.x, c.w, c.bias, c.explicit);
      expect(z.output.shape).toEqual(ref.shape);
      expect(maxAbsDiff(z.output.data, Float32Array.from(ref.data))).toBeLessThan(1e-5);
    }
  });

  it('k = 3, s = 2, no padding: one zero between pixels and a border of 2', () => {
    const x = tensor([1, 1, 2, 2], [1, 2, 3, 4]);
    const w = tensor([1, 1, 3, 3]);
    const { padded, border } = zeroInsertAndBorder(x, convTranspose2dInfo(x, w, null, { stride: 2 }));
    expect(border).toEqual([2, 2, 2, 2]);
    expect(padded.shape).toEqual([1, 1, 7, 7]);
    const row2 = Array.from(padded.data.slice(2 * 7, 3 * 7));
    expect(row2).toEqual([0, 0, 1, 0, 2, 0, 0]);
  });
});
