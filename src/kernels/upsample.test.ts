/**
 * upsample2d (F.interpolate with scale_factor) against hand-worked examples, the index-formula oracle in
 * reference/resample.ts on 500 seeded random configurations, and PyTorch fixtures from scripts/gen_fixtures.py
 * (src/kernels/cases/interpolate.json).
 */
import { describe, expect, it } from 'vitest';
import { FIXTURE_GENERATOR, type InterpolateFixture, loadFixtures, toNumbers, toTensor } from './cases/fixtures.ts';
import type { UpsampleOptions } from './params.ts';
import { closeMessage } from './reference/compare.ts';
import { Random } from './reference/random.ts';
import { naiveUpsample2d } from './reference/resample.ts';
import { allCloseMessage, tensor } from './tensor.ts';
import { upsample2d } from './upsample.ts';

describe('upsample2d: sizes and formulas', () => {
  it("upsample2d(x, {scale: 2, mode: 'nearest'}) repeats each pixel in a 2×2 block", () => {
    const y = upsample2d(tensor([1, 1, 2, 2], [1, 2, 3, 4]), { scale: 2, mode: 'nearest' });
    expect(y.shape).toEqual([1, 1, 4, 4]);
    expect(Array.from(y.data)).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]);
  });

  it('upsample2d output size is floor(H·scale) × floor(W·scale), per axis with scale [h, w]', () => {
    expect(upsample2d(tensor([2, 3, 5, 7]), { scale: [1.5, 0.5], mode: 'bilinear' }).shape).toEqual([2, 3, 7, 3]);
    expect(upsample2d(tensor([1, 1, 3, 3]), { scale: 0.4, mode: 'nearest' }).shape).toEqual([1, 1, 1, 1]);
  });

  it("upsample2d nearest with scale 1.2 on 4 pixels copies them (PyTorch's same-size shortcut)", () => {
    const y = upsample2d(tensor([1, 1, 1, 4], [1, 2, 3, 4]), { scale: [1, 1.2], mode: 'nearest' });
    expect(Array.from(y.data)).toEqual([1, 2, 3, 4]);
  });

  it("upsample2d nearest with scale 2.1 on 5 pixels doubles each (PyTorch's output = 2·input shortcut)", () => {
    const y = upsample2d(tensor([1, 1, 1, 5], [0, 1, 2, 3, 4]), { scale: [1, 2.1], mode: 'nearest' });
    expect(Array.from(y.data)).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
  });

  it("upsample2d bilinear (half-pixel centres) turns [0, 4] into [0, 1, 3, 4]", () => {
    const y = upsample2d(tensor([1, 1, 1, 2], [0, 4]), { scale: [1, 2], mode: 'bilinear' });
    expect(Array.from(y.data)).toEqual([0, 1, 3, 4]);
  });

  it('upsample2d bilinear with alignCorners: true keeps both corner pixels and spaces the rest evenly', () => {
    const y = upsample2d(tensor([1, 1, 1, 2], [0, 3]), { scale: [1, 2], mode: 'bilinear', alignCorners: true });
    expect(Array.from(y.data)).toEqual([0, 1, 2, 3]);
  });

  it('upsample2d never mutates its input', () => {
    const x = new Random(9).tensor([1, 2, 3, 4]);
    const before = x.data.slice();
    upsample2d(x, { scale: 1.7, mode: 'bilinear' });
    upsample2d(x, { scale: 3, mode: 'nearest' });
    expect(x.data).toEqual(before);
    expect(x.shape).toEqual([1, 2, 3, 4]);
  });
});

describe("upsample2d matches PyTorch's index formulas (reference/resample.ts)", () => {
  it('on 500 seeded random configurations: both modes, alignCorners true/false/unset, integer and fractional scales', () => {
    const rng = new Random(20240605);
    const seen = { nearest: 0, bilinear: 0, alignCorners: 0, integer: 0, fractional: 0, downscale: 0 };
    for (let i = 0; i < 500; i++) {
      const shape = [rng.int(1, 2), rng.int(1, 3), rng.int(1, 7), rng.int(1, 7)];
      const oneScale = () => (rng.bool(0.3) ? rng.int(1, 4) : rng.int(2, 40) / 10);
      const pair: [number, number] = rng.bool() ? [oneScale(), oneScale()] : (() => { const s = oneScale(); return [s, s]; })();
      if (Math.floor(shape[2] * pair[0]) < 1 || Math.floor(shape[3] * pair[1]) < 1) { i--; continue; }
      const mode = rng.bool() ? 'nearest' : 'bilinear';
      const opts: UpsampleOptions = { scale: pair[0] === pair[1] && rng.bool() ? pair[0] : pair, mode };
      if (mode === 'bilinear' && rng.bool(0.7)) opts.alignCorners = rng.bool();
      const x = rng.tensor(shape);
      const expected = naiveUpsample2d(x, pair, mode, opts.alignCorners ?? false);
      const actual = upsample2d(x, opts);
      const label = `case ${i}: x [${shape.join(', ')}], ${JSON.stringify(opts)}`;
      expect(actual.shape, label).toEqual(expected.shape);
      // nearest only copies pixels, so it must match exactly.
      expect(closeMessage(actual.data, expected.data, mode === 'nearest' ? 0 : 1e-5), label).toBeNull();
      seen[mode]++;
      seen.alignCorners += opts.alignCorners ? 1 : 0;
      seen.integer += pair.every(Number.isInteger) ? 1 : 0;
      seen.fractional += pair.some((s) => !Number.isInteger(s)) ? 1 : 0;
      seen.downscale += pair.some((s) => s < 1) ? 1 : 0;
    }
    for (const [feature, count] of Object.entries(seen)) expect(count, feature).toBeGreaterThan(40);
  });
});

describe(`upsample2d matches PyTorch F.interpolate(scale_factor=…) (fixtures from ${FIXTURE_GENERATOR})`, () => {
  const file = loadFixtures<InterpolateFixture>('interpolate');
  it('fixture file is present and was made by the generator', () => {
    expect(file.generator).toBe(FIXTURE_GENERATOR);
    expect(file.cases.length).toBeGreaterThanOrEqual(20);
  });
  it.each(file.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const y = upsample2d(toTensor(c.input), c.opts);
    expect(y.shape).toEqual(c.expected.shape);
    expect(allCloseMessage(y.data, toNumbers(c.expected.data))).toBeNull();
  });
});

describe('upsample2d bilinear on an axis whose size does not change', () => {
  // Values printed by PyTorch 1.13: F.interpolate(torch.arange(12.).reshape(1,1,3,4), scale_factor=(1.25, 1.6),
  // mode='bilinear', align_corners=False). Rows (3 → 3) are copied; columns (4 → 6) are interpolated.
  it('copies that axis as PyTorch does, whatever the scale factor', () => {
    const x = { shape: [1, 1, 3, 4], data: Float32Array.from({ length: 12 }, (_, i) => i) };
    const y = upsample2d(x, { scale: [1.25, 1.6], mode: 'bilinear', alignCorners: false });
    const row = [0, 0.4375, 1.0625, 1.6875, 2.3125, 2.9375];
    const expected = [...row, ...row.map((v) => v + 4), ...row.map((v) => v + 8)];
    expect(y.shape).toEqual([1, 1, 3, 6]);
    expect(allCloseMessage(y.data, expected, 1e-6, 0)).toBeNull();
  });
});
