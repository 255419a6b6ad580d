/**
 * Layers whose weights hold NaN or ±Inf take the exact loops of conv-direct.ts (on either backend): the fast
 * kernels would multiply their zero padding by Inf and put NaN where PyTorch's transposed convolution has none.
 */
import { describe, expect, it } from 'vitest';
import { conv2d } from './conv2d.ts';
import { convTranspose2d } from './conv-transpose.ts';
import { closeMessage } from './reference/compare.ts';
import { describeCase, randomConvCase, randomConvTransposeCase } from './reference/configs.ts';
import { naiveConv2d, naiveConvTranspose2d } from './reference/conv.ts';
import { Random } from './reference/random.ts';

describe('non-finite weights', () => {
  it('convTranspose2d with an Inf or NaN weight equals the naive paint sum on 200 random layers (no NaN from padding)', () => {
    const rng = new Random(4401);
    let bordersThatStayFinite = 0;
    for (let i = 0; i < 200; i++) {
      const c = randomConvTransposeCase(rng);
      c.w.data[rng.int(0, c.w.data.length - 1)] = rng.pick([Infinity, -Infinity, NaN]);
      const expected = naiveConvTranspose2d(c.x, c.w, c.bias, c.explicit);
      const actual = convTranspose2d(c.x, c.w, c.bias, c.opts);
      expect(closeMessage(actual.data, expected.data), `case ${i}: ${describeCase(c)}`).toBeNull();
      if (expected.data.some((v) => Math.abs(v) === Infinity)) bordersThatStayFinite++;
    }
    expect(bordersThatStayFinite).toBeGreaterThan(20);
  });

  it('conv2d with an Inf or NaN weight equals the naive zero-padded sum on 200 random layers (0·Inf = NaN at padded borders)', () => {
    const rng = new Random(4402);
    for (let i = 0; i < 200; i++) {
      const c = randomConvCase(rng);
      c.w.data[rng.int(0, c.w.data.length - 1)] = rng.pick([Infinity, -Infinity, NaN]);
      const expected = naiveConv2d(c.x, c.w, c.bias, c.explicit);
      const actual = conv2d(c.x, c.w, c.bias, c.opts);
      expect(closeMessage(actual.data, expected.data), `case ${i}: ${describeCase(c)}`).toBeNull();
    }
  });
});
