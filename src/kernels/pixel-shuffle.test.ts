/**
 * pixelShuffle against a hand-worked example, the index-formula oracle in reference/resample.ts
 * (300 seeded random configurations, exact equality: it only moves values) and PyTorch fixtures from
 * scripts/gen_fixtures.py (src/kernels/cases/pixel-shuffle.json).
 */
import { describe, expect, it } from 'vitest';
import { FIXTURE_GENERATOR, loadFixtures, type PixelShuffleFixture, toNumbers, toTensor } from './cases/fixtures.ts';
import { pixelShuffle } from './pixel-shuffle.ts';
import { Random } from './reference/random.ts';
import { naivePixelShuffle } from './reference/resample.ts';
import { allCloseMessage, tensor } from './tensor.ts';

describe('pixelShuffle', () => {
  it('pixelShuffle(x, 2) turns [N, 4C, H, W] into [N, C, 2H, 2W], channel i·2 + j going to offset (i, j)', () => {
    // one 1×2 image per channel: a=[1,2], b=[3,4], c=[5,6], d=[7,8] → rows [1,3,2,4] and [5,7,6,8]
    const y = pixelShuffle(tensor([1, 4, 1, 2], [1, 2, 3, 4, 5, 6, 7, 8]), 2);
    expect(y.shape).toEqual([1, 1, 2, 4]);
    expect(Array.from(y.data)).toEqual([1, 3, 2, 4, 5, 7, 6, 8]);
  });

  it('pixelShuffle(x, 1) is the identity', () => {
    const x = new Random(10).tensor([2, 3, 2, 3]);
    expect(pixelShuffle(x, 1)).toEqual(x);
  });

  it('pixelShuffle never mutates its input', () => {
    const x = new Random(11).tensor([1, 9, 2, 2]);
    const before = x.data.slice();
    pixelShuffle(x, 3);
    expect(x.data).toEqual(before);
  });

  it('matches the index formula exactly on 300 seeded random configurations', () => {
    const rng = new Random(20240606);
    for (let i = 0; i < 300; i++) {
      const r = rng.int(1, 4);
      const shape = [rng.int(1, 2), rng.int(1, 3) * r * r, rng.int(1, 4), rng.int(1, 4)];
      const x = rng.tensor(shape);
      const expected = naivePixelShuffle(x, r);
      const actual = pixelShuffle(x, r);
      expect(actual.shape, `case ${i}: [${shape.join(', ')}], r ${r}`).toEqual(expected.shape);
      expect(Array.from(actual.data), `case ${i}: [${shape.join(', ')}], r ${r}`).toEqual(Array.from(expected.data));
    }
  });
});

describe(`pixelShuffle matches PyTorch F.pixel_shuffle (fixtures from ${FIXTURE_GENERATOR})`, () => {
  const file = loadFixtures<PixelShuffleFixture>('pixel-shuffle');
  it('fixture file is present and was made by the generator', () => {
    expect(file.generator).toBe(FIXTURE_GENERATOR);
    expect(file.cases.length).toBeGreaterThanOrEqual(5);
  });
  it.each(file.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const y = pixelShuffle(toTensor(c.input), c.upscaleFactor);
    expect(y.shape).toEqual(c.expected.shape);
    expect(allCloseMessage(y.data, toNumbers(c.expected.data))).toBeNull();
  });
});
