/**
 * convTranspose2d against three independent references: hand-worked examples, the naive paint sum in
 * reference/conv.ts on 1200 seeded random configurations, and PyTorch fixtures from scripts/gen_fixtures.py
 * (src/kernels/cases/conv-transpose2d.json). The conv2d identities live in identities.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { type ConvFixture, FIXTURE_GENERATOR, loadFixtures, toNumbers, toTensor, toVector } from './cases/fixtures.ts';
import { convTranspose2d } from './conv-transpose.ts';
import { closeMessage } from './reference/compare.ts';
import { describeCase, randomConvTransposeCase } from './reference/configs.ts';
import { naiveConvTranspose2d } from './reference/conv.ts';
import { Random } from './reference/random.ts';
import { allCloseMessage, tensor } from './tensor.ts';

describe('convTranspose2d: shapes and painting', () => {
  it('convTranspose2d(x, w, {stride: 2}) doubles H and W with a 2×2 kernel', () => {
    const x = new Random(1).tensor([2, 3, 4, 5]);
    const y = convTranspose2d(x, new Random(2).tensor([3, 2, 2, 2]), null, { stride: 2 });
    expect(y.shape).toEqual([2, 2, 8, 10]);
  });

  it('convTranspose2d(x, w) with stride 1 grows H and W by k − 1 (a full convolution)', () => {
    const y = convTranspose2d(tensor([1, 1, 4, 3]), tensor([1, 1, 3, 2]), null);
    expect(y.shape).toEqual([1, 1, 6, 4]);
  });

  it('convTranspose2d paints every input pixel as a scaled copy of the kernel (checkerboard overlap at stride 2, k 3)', () => {
    // two pixels, values 1 and 2, kernel of ones, stride 2: their 3-wide stamps overlap in one column
    const y = convTranspose2d(tensor([1, 1, 1, 2], [1, 2]), tensor([1, 1, 1, 3], [1, 1, 1]), null, { stride: 2 });
    expect(Array.from(y.data)).toEqual([1, 1, 3, 2, 2]);
  });

  it('convTranspose2d(x, w, b) adds bias[oc] to every pixel of output channel oc', () => {
    const y = convTranspose2d(tensor([1, 1, 1, 1], [0]), tensor([1, 2, 1, 1], [1, 1]), Float32Array.of(3, -4));
    expect(Array.from(y.data)).toEqual([3, -4]);
  });

  it('convTranspose2d(x, w, null, {padding}) crops the full output: [top, left, bottom, right] per side', () => {
    const x = new Random(3).tensor([1, 1, 3, 3]);
    const w = new Random(4).tensor([1, 1, 3, 3]);
    const full = convTranspose2d(x, w, null, { stride: 2 }); // 7×7
    const cropped = convTranspose2d(x, w, null, { stride: 2, padding: [1, 2, 0, 1] });
    expect(cropped.shape).toEqual([1, 1, 6, 4]);
    for (let r = 0; r < 6; r++) {
      expect(Array.from(cropped.data.subarray(r * 4, r * 4 + 4))).toEqual(Array.from(full.data.subarray((r + 1) * 7 + 2, (r + 1) * 7 + 6)));
    }
  });

  it('convTranspose2d(x, w, b, {outputPadding: 1}) adds one row and column at the end, holding only the bias', () => {
    const x = new Random(5).tensor([1, 1, 2, 2]);
    const w = new Random(6).tensor([1, 1, 2, 2]);
    const y = convTranspose2d(x, w, Float32Array.of(0.25), { stride: 2, outputPadding: 1 });
    expect(y.shape).toEqual([1, 1, 5, 5]);
    expect(Array.from(y.data.subarray(20, 25))).toEqual([0.25, 0.25, 0.25, 0.25, 0.25]);
    for (let r = 0; r < 5; r++) expect(y.data[r * 5 + 4]).toBe(0.25);
  });

  it('convTranspose2d accepts outputPadding ≥ stride when it is below the dilation (stride 1, dilation 2, outputPadding 1)', () => {
    const y = convTranspose2d(tensor([1, 1, 2, 2]), tensor([1, 1, 2, 2]), null, { dilation: 2, outputPadding: 1 });
    expect(y.shape).toEqual([1, 1, 5, 5]);
  });

  it('convTranspose2d with groups 2 keeps the halves of the channels apart', () => {
    const x = tensor([1, 2, 1, 1], [1, 0]);
    const y = convTranspose2d(x, tensor([2, 1, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]), null, { groups: 2 });
    expect(y.shape).toEqual([1, 2, 2, 2]);
    expect(Array.from(y.data)).toEqual([1, 2, 3, 4, 0, 0, 0, 0]);
  });

  it('convTranspose2d never mutates its inputs and returns a fresh tensor', () => {
    const rng = new Random(7);
    const x = rng.tensor([2, 2, 3, 3]);
    const w = rng.tensor([2, 3, 3, 3]);
    const b = rng.floats(3);
    const opts = { stride: [2, 1] as [number, number], padding: [1, 0, 2, 1] as [number, number, number, number] };
    const before = [x.data.slice(), w.data.slice(), b.slice(), [...x.shape], [...w.shape], JSON.stringify(opts)];
    const y = convTranspose2d(x, w, b, opts);
    expect([x.data, w.data, b, x.shape, w.shape, JSON.stringify(opts)]).toEqual(before);
    expect(y.data).not.toBe(x.data);
    expect(y.shape).not.toBe(x.shape);
  });
});

describe('convTranspose2d matches the naive paint sum (reference/conv.ts)', () => {
  it('on 1200 seeded random configurations: groups, dilation, 4-sided pads, output padding, batch, bias', () => {
    const rng = new Random(20240601);
    const seen = { groups: 0, dilated: 0, asymmetric: 0, outputPadding: 0, batch: 0, bias: 0 };
    for (let i = 0; i < 1200; i++) {
      const c = randomConvTransposeCase(rng);
      const expected = naiveConvTranspose2d(c.x, c.w, c.bias, c.explicit);
      const actual = convTranspose2d(c.x, c.w, c.bias, c.opts);
      expect(actual.shape, `case ${i}: ${describeCase(c)}`).toEqual(expected.shape);
      const msg = closeMessage(actual.data, expected.data);
      expect(msg, `case ${i}: ${describeCase(c)}`).toBeNull();
      const e = c.explicit;
      seen.groups += e.groups > 1 ? 1 : 0;
      seen.dilated += e.dilation[0] > 1 || e.dilation[1] > 1 ? 1 : 0;
      seen.asymmetric += e.padding[0] !== e.padding[2] || e.padding[1] !== e.padding[3] ? 1 : 0;
      seen.outputPadding += e.outputPadding[0] > 0 || e.outputPadding[1] > 0 ? 1 : 0;
      seen.batch += c.x.shape[0] > 1 ? 1 : 0;
      seen.bias += c.bias ? 1 : 0;
    }
    // The generator must actually reach every feature, or the test proves less than its name says.
    for (const [feature, count] of Object.entries(seen)) expect(count, feature).toBeGreaterThan(100);
  });

  it('propagates NaN and ±Inf inputs like the naive sum (0·Inf = NaN, as PyTorch) on 200 seeded random configurations', () => {
    const rng = new Random(20240611);
    let nonFinite = 0;
    for (let i = 0; i < 200; i++) {
      const c = randomConvTransposeCase(rng);
      for (let k = 0; k < 2; k++) c.x.data[rng.int(0, c.x.data.length - 1)] = rng.pick([NaN, Infinity, -Infinity]);
      const expected = naiveConvTranspose2d(c.x, c.w, c.bias, c.explicit);
      const actual = convTranspose2d(c.x, c.w, c.bias, c.opts);
      expect(closeMessage(actual.data, expected.data), `case ${i}: ${describeCase(c)}`).toBeNull();
      nonFinite += expected.data.some((v) => !Number.isFinite(v)) ? 1 : 0;
    }
    expect(nonFinite).toBeGreaterThan(100);
  });
});

describe(`convTranspose2d matches PyTorch F.conv_transpose2d (fixtures from ${FIXTURE_GENERATOR})`, () => {
  const file = loadFixtures<ConvFixture>('conv-transpose2d');
  it('fixture file is present and was made by the generator', () => {
    expect(file.generator).toBe(FIXTURE_GENERATOR);
    expect(file.cases.length).toBeGreaterThanOrEqual(20);
  });
  it.each(file.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const y = convTranspose2d(toTensor(c.input), toTensor(c.weight), toVector(c.bias) ?? null, c.opts);
    expect(y.shape).toEqual(c.expected.shape);
    expect(allCloseMessage(y.data, toNumbers(c.expected.data))).toBeNull();
  });
});
