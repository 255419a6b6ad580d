/**
 * conv2d against hand-worked examples, the naive gather sum over the zero-padded input in reference/conv.ts
 * (1200 seeded random configurations), and PyTorch fixtures from scripts/gen_fixtures.py
 * (src/kernels/cases/conv2d.json).
 */
import { describe, expect, it } from 'vitest';
import { type ConvFixture, FIXTURE_GENERATOR, loadFixtures, toNumbers, toTensor, toVector } from './cases/fixtures.ts';
import { conv2d } from './conv2d.ts';
import { closeMessage } from './reference/compare.ts';
import { describeCase, randomConvCase } from './reference/configs.ts';
import { naiveConv2d } from './reference/conv.ts';
import { Random } from './reference/random.ts';
import { allCloseMessage, tensor } from './tensor.ts';

describe('conv2d: shapes and sums', () => {
  it('conv2d(x, w) with a k×k kernel shrinks H and W by k − 1', () => {
    expect(conv2d(tensor([2, 3, 6, 5]), tensor([4, 3, 3, 2]), null).shape).toEqual([2, 4, 4, 4]);
  });

  it('conv2d(x, w, null, {stride: 2, padding: 1}) with a 3×3 kernel halves even H and W', () => {
    expect(conv2d(tensor([1, 1, 8, 6]), tensor([1, 1, 3, 3]), null, { stride: 2, padding: 1 }).shape).toEqual([1, 1, 4, 3]);
  });

  it('conv2d is a cross-correlation: the kernel is not flipped', () => {
    const x = tensor([1, 1, 1, 3], [1, 2, 3]);
    const y = conv2d(x, tensor([1, 1, 1, 2], [1, 10]), null);
    expect(Array.from(y.data)).toEqual([1 + 20, 2 + 30]);
  });

  it('conv2d(x, w, null, {padding: [top, left, bottom, right]}) pads each side on its own', () => {
    const x = tensor([1, 1, 1, 1], [5]);
    const y = conv2d(x, tensor([1, 1, 1, 1], [2]), Float32Array.of(1), { padding: [0, 2, 1, 0] });
    expect(y.shape).toEqual([1, 1, 2, 3]);
    expect(Array.from(y.data)).toEqual([1, 1, 11, 1, 1, 1]);
  });

  it('conv2d with stride 3 ignores trailing rows that a whole kernel step does not reach', () => {
    // H 5, k 2, s 3: windows start at rows 0 and 3; row 5 would need H 6
    expect(conv2d(tensor([1, 1, 5, 5]), tensor([1, 1, 2, 2]), null, { stride: 3 }).shape).toEqual([1, 1, 2, 2]);
  });

  it('conv2d with dilation 2 spreads the kernel taps two pixels apart', () => {
    const y = conv2d(tensor([1, 1, 1, 5], [1, 2, 3, 4, 5]), tensor([1, 1, 1, 3], [1, 1, 1]), null, { dilation: 2 });
    expect(Array.from(y.data)).toEqual([1 + 3 + 5]);
  });

  it('conv2d with groups equal to channels is depthwise', () => {
    const y = conv2d(tensor([1, 2, 1, 1], [3, 4]), tensor([2, 1, 1, 1], [10, 100]), null, { groups: 2 });
    expect(Array.from(y.data)).toEqual([30, 400]);
  });

  it('conv2d never mutates its inputs', () => {
    const rng = new Random(8);
    const x = rng.tensor([2, 4, 5, 5]);
    const w = rng.tensor([2, 2, 3, 3]);
    const b = rng.floats(2);
    const before = [x.data.slice(), w.data.slice(), b.slice(), [...x.shape], [...w.shape]];
    conv2d(x, w, b, { groups: 2, padding: [1, 0, 2, 1], stride: 2, dilation: [1, 2] });
    expect([x.data, w.data, b, x.shape, w.shape]).toEqual(before);
  });
});

describe('conv2d matches the naive gather sum (reference/conv.ts)', () => {
  it('on 1200 seeded random configurations: groups, dilation, 4-sided pads, strides, batch, bias', () => {
    const rng = new Random(20240602);
    const seen = { groups: 0, dilated: 0, asymmetric: 0, strided: 0, batch: 0, bias: 0 };
    for (let i = 0; i < 1200; i++) {
      const c = randomConvCase(rng);
      const expected = naiveConv2d(c.x, c.w, c.bias, c.explicit);
      const actual = conv2d(c.x, c.w, c.bias, c.opts);
      expect(actual.shape, `case ${i}: ${describeCase(c)}`).toEqual(expected.shape);
      expect(closeMessage(actual.data, expected.data), `case ${i}: ${describeCase(c)}`).toBeNull();
      const e = c.explicit;
      seen.groups += e.groups > 1 ? 1 : 0;
      seen.dilated += e.dilation[0] > 1 || e.dilation[1] > 1 ? 1 : 0;
      seen.asymmetric += e.padding[0] !== e.padding[2] || e.padding[1] !== e.padding[3] ? 1 : 0;
      seen.strided += e.stride[0] > 1 || e.stride[1] > 1 ? 1 : 0;
      seen.batch += c.x.shape[0] > 1 ? 1 : 0;
      seen.bias += c.bias ? 1 : 0;
    }
    for (const [feature, count] of Object.entries(seen)) expect(count, feature).toBeGreaterThan(100);
  });

  it('propagates NaN and ±Inf inputs like the naive sum (0·Inf = NaN, as PyTorch) on 200 seeded random configurations', () => {
    const rng = new Random(20240612);
    let nonFinite = 0;
    for (let i = 0; i < 200; i++) {
      const c = randomConvCase(rng);
      for (let k = 0; k < 2; k++) c.x.data[rng.int(0, c.x.data.length - 1)] = rng.pick([NaN, Infinity, -Infinity]);
      const expected = naiveConv2d(c.x, c.w, c.bias, c.explicit);
      const actual = conv2d(c.x, c.w, c.bias, c.opts);
      expect(closeMessage(actual.data, expected.data), `case ${i}: ${describeCase(c)}`).toBeNull();
      nonFinite += expected.data.some((v) => !Number.isFinite(v)) ? 1 : 0;
    }
    expect(nonFinite).toBeGreaterThan(100);
  });
});

describe(`conv2d matches PyTorch F.conv2d (fixtures from ${FIXTURE_GENERATOR})`, () => {
  const file = loadFixtures<ConvFixture>('conv2d');
  it('fixture file is present and was made by the generator', () => {
    expect(file.generator).toBe(FIXTURE_GENERATOR);
    expect(file.cases.length).toBeGreaterThanOrEqual(10);
  });
  it.each(file.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const y = conv2d(toTensor(c.input), toTensor(c.weight), toVector(c.bias) ?? null, c.opts);
    expect(y.shape).toEqual(c.expected.shape);
    expect(allCloseMessage(y.data, toNumbers(c.expected.data))).toBeNull();
  });
});
