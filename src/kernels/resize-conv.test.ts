/**
 * resizeConv2d (nearest ×2 then a stride-1 conv, computed as one stride-2 transposed conv) against the composition
 * upsample2d → conv2d on seeded random layers, the derived kernel worked by hand, PyTorch fixtures
 * (src/kernels/cases/resize-conv.json from scripts/gen_fixtures.py, and interpolate.json through a 1×1 identity
 * kernel), and its refusals.
 *
 * Tolerance: both sides compute the same exact sum Σ w·x in float32 with a different association — the fused form
 * first adds the (up to four) conv taps that read the same input pixel, then multiplies. Each side is within
 * γ_n·B of the exact value (Higham's dot-product bound, FMA or not), with n = Cin/groups·kH·kW + 1 terms and
 * B = Σ |w|·|x| + |b| the same sum over absolute values; rounding each derived tap once adds u·B. So
 * |fused − composed| ≤ (2n + 1)·u·B, u = 2⁻²⁴, checked per output. A wrong tap or an off-by-one border is off by
 * a whole |w|·|x| term and fails it.
 */
import { describe, expect, it } from 'vitest';
import { type ConvFixture, FIXTURE_GENERATOR, type InterpolateFixture, loadFixtures, toNumbers, toTensor, toVector } from './cases/fixtures.ts';
import { conv2d } from './conv2d.ts';
import { ParamError, type ResizeConvOptions } from './params.ts';
import { Random } from './reference/random.ts';
import { allFinite } from './conv-direct.ts';
import { resizeConv2d, resizeConv2dAsTransposed } from './resize-conv.ts';
import { allCloseMessage, tensor, type Tensor } from './tensor.ts';
import { upsample2d } from './upsample.ts';

const U = 2 ** -24;
const abs = (t: Tensor): Tensor => ({ shape: t.shape, data: t.data.map(Math.abs) });

function composed(x: Tensor, w: Tensor, b: Float32Array | null, opts: ResizeConvOptions): Tensor {
  return conv2d(upsample2d(x, { scale: 2, mode: 'nearest' }), w, b, { padding: opts.padding, dilation: opts.dilation, groups: opts.groups });
}

/** The first output outside (2n + 1)·u·B (see the file comment), or null. */
function roundingMismatch(x: Tensor, w: Tensor, b: Float32Array | null, opts: ResizeConvOptions): string | null {
  const fused = resizeConv2d(x, w, b, opts);
  const ref = composed(x, w, b, opts);
  if (fused.shape.join() !== ref.shape.join()) return `shape [${fused.shape}] vs [${ref.shape}]`;
  const bound = composed(abs(x), abs(w), b && b.map(Math.abs), opts).data;
  const n = w.shape[1] * w.shape[2] * w.shape[3] + 1;
  for (let i = 0; i < ref.data.length; i++) {
    const tol = (2 * n + 1) * U * bound[i] * (1 + 1e-6);
    if (!(Math.abs(fused.data[i] - ref.data[i]) <= tol)) return `at ${i}: fused ${fused.data[i]} vs composed ${ref.data[i]} (tolerance ${tol})`;
  }
  return null;
}

describe('resizeConv2d: the derived transposed convolution', () => {
  it('k3 p1 becomes ConvTranspose k4 s2 padding 1 with wt = [w2, w1 + w2, w0 + w1, w0] per axis', () => {
    // One axis: a 1×3 kernel with padding [0, 1]; both derived rows (the two row phases) are the 1-D kernel.
    const w1d = tensor([1, 1, 1, 3], [1, 10, 100]);
    const t1 = resizeConv2dAsTransposed(tensor([1, 1, 2, 2]), w1d, { padding: [0, 1] });
    expect(t1.weight.shape).toEqual([1, 1, 2, 4]);
    expect(Array.from(t1.weight.data)).toEqual([100, 110, 11, 1, 100, 110, 11, 1]);
    // Two axes: wt[a][b] sums w[kh][kw] over kh ∈ M[a], kw ∈ M[b], M = [{2}, {1, 2}, {0, 1}, {0}].
    const w = tensor([1, 1, 3, 3], [1, 2, 4, 8, 16, 32, 64, 128, 256]);
    const t = resizeConv2dAsTransposed(tensor([1, 1, 2, 2]), w, { padding: 1 });
    expect(t.weight.shape).toEqual([1, 1, 4, 4]);
    expect(t.options).toEqual({ stride: [2, 2], padding: [1, 1, 1, 1], outputPadding: [0, 0], groups: 1 });
    const M = [[2], [1, 2], [0, 1], [0]];
    const expected = M.flatMap((rows) => M.map((cols) => rows.reduce((s, kh) => s + cols.reduce((c, kw) => c + w.data[kh * 3 + kw], 0), 0)));
    expect(Array.from(t.weight.data)).toEqual(expected);
  });

  it('the derived weight has ConvTranspose2d’s layout [Cin, Cout/groups, ·, ·], per group', () => {
    // Conv2d weight [Cout 4, Cin/g 1, 1, 1] with groups 2: input channel ic feeds output channels 2·ic and 2·ic + 1.
    const w = tensor([4, 1, 1, 1], [1, 2, 3, 4]);
    const t = resizeConv2dAsTransposed(tensor([1, 2, 1, 1]), w, { groups: 2 });
    expect(t.weight.shape).toEqual([2, 2, 2, 2]);
    expect(Array.from(t.weight.data)).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4]);
  });

  it('end padding d·(k − 1) + 1 becomes output padding 1', () => {
    const t = resizeConv2dAsTransposed(tensor([1, 1, 3, 3]), tensor([1, 1, 3, 2]), { padding: [0, 1, 3, 2] });
    expect(t.options).toEqual({ stride: [2, 2], padding: [2, 0, 0, 0], outputPadding: [1, 1], groups: 1 });
  });
});

describe('resizeConv2d equals upsample2d → conv2d (within the rounding bound of the file comment)', () => {
  it('on 400 random layers: odd sizes, batch, k = 1…5 per axis, every allowed padding, dilation, groups', () => {
    const rnd = new Random(5151);
    let run = 0;
    while (run < 400) {
      const groups = rnd.pick([1, 1, 1, 2, 3]);
      const kH = rnd.int(1, 5);
      const kW = rnd.int(1, 5);
      const dilation: [number, number] = rnd.bool(0.2) ? [rnd.int(1, 3), rnd.int(1, 3)] : [1, 1];
      const eH = dilation[0] * (kH - 1) + 1;
      const eW = dilation[1] * (kW - 1) + 1;
      const padding: [number, number, number, number] = rnd.bool(0.5)
        ? [rnd.int(0, eH - 1), rnd.int(0, eW - 1), rnd.int(0, eH), rnd.int(0, eW)]
        : ((p) => [p, p, p, p] as [number, number, number, number])(rnd.int(0, Math.min(eH, eW) - 1));
      const [n, h, w] = [rnd.int(1, 3), rnd.int(1, 9), rnd.int(1, 9)];
      if (2 * h + padding[0] + padding[2] < eH || 2 * w + padding[1] + padding[3] < eW) continue;
      const cin = groups * rnd.int(1, 3);
      const cout = groups * rnd.int(1, 3);
      const x = rnd.tensor([n, cin, h, w], 0.1);
      const wt = rnd.tensor([cout, cin / groups, kH, kW], 0.1);
      const b = rnd.bool() ? rnd.floats(cout) : null;
      const opts = { padding, dilation, groups };
      expect(roundingMismatch(x, wt, b, opts), JSON.stringify({ n, cin, h, w, cout, kH, kW, opts })).toBeNull();
      run++;
    }
  });

  it('on the training page’s layer (k3 p1, 16 → 16 channels) and the benchmark’s size', () => {
    const rnd = new Random(77);
    for (const [c, s] of [[16, 8], [16, 64], [3, 13]]) {
      const x = rnd.tensor([1, c, s, s]);
      const w = rnd.tensor([c, c, 3, 3]);
      expect(roundingMismatch(x, w, rnd.floats(c), { padding: 1 })).toBeNull();
    }
  });

  it('the check can fail: a conv with padding 1 on one side only is not resizeConv2d with padding 1', () => {
    const rnd = new Random(3);
    const x = rnd.tensor([1, 2, 5, 5]);
    const w = rnd.tensor([2, 2, 3, 3]);
    const wrong = conv2d(upsample2d(x, { scale: 2, mode: 'nearest' }), w, null, { padding: [1, 1, 1, 2] });
    const fused = resizeConv2d(x, w, null, { padding: [1, 1, 1, 1] });
    expect(allCloseMessage(fused.data, wrong.data.subarray(0, fused.data.length), 1e-3, 1e-3)).not.toBeNull();
  });

  it('NaN/±Inf inputs or weights give exactly what the composition gives (0·Inf = NaN where a tap is zero)', () => {
    const x = tensor([1, 1, 2, 3], [1, Infinity, -2, NaN, 0.5, -Infinity]);
    const w = tensor([1, 1, 3, 3], [0, 1, 2, -1, 0, 3, 1, 1, 0]);
    expect(Array.from(resizeConv2d(x, w, null, { padding: 1 }).data)).toEqual(Array.from(composed(x, w, null, { padding: 1 }).data));
    const wInf = tensor([1, 1, 2, 2], [Infinity, 0, 1, 2]);
    const xf = tensor([1, 1, 2, 2], [1, 2, 3, 4]);
    expect(Array.from(resizeConv2d(xf, wInf, null, { padding: 1 }).data)).toEqual(Array.from(composed(xf, wInf, null, { padding: 1 }).data));
  });
});

describe('resizeConv2d: work follows the output, not the dilation', () => {
  it('a dilation of 2^29 (derived kernel 2^30 wide) runs the composition at once, with its numbers', () => {
    const x = tensor([1, 1, 1, 2], [0.5, -2]);
    const w = tensor([1, 1, 3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const opts: ResizeConvOptions = { dilation: [2 ** 29, 1], padding: [2 ** 30, 1, 0, 1] };
    const y = resizeConv2d(x, w, null, opts);
    expect(y.shape).toEqual([1, 1, 2, 4]);
    expect(Array.from(y.data)).toEqual(Array.from(composed(x, w, null, opts).data));
    expect(() => resizeConv2dAsTransposed(x, w, opts)).toThrow(ParamError);
  });
});

describe('allFinite (the fallback test, read over the whole input)', () => {
  it('finds NaN, +Inf and −Inf in the four-wide body and in the tail, and accepts large finite values', () => {
    for (const n of [0, 1, 3, 4, 7, 8, 13]) {
      const v = new Float32Array(n).fill(3e38);
      expect(allFinite(v)).toBe(true);
      for (let i = 0; i < n; i++) {
        for (const bad of [NaN, Infinity, -Infinity]) {
          const w = v.slice();
          w[i] = bad;
          expect(allFinite(w), `${bad} at ${i} of ${n}`).toBe(false);
        }
      }
    }
  });
});

describe(`resizeConv2d matches PyTorch F.conv2d(F.interpolate(x, 2, 'nearest')) (fixtures from ${FIXTURE_GENERATOR})`, () => {
  const file = loadFixtures<ConvFixture>('resize-conv');
  it('fixture file is present and was made by the generator', () => {
    expect(file.generator).toBe(FIXTURE_GENERATOR);
    expect(file.cases.length).toBeGreaterThanOrEqual(7);
  });
  it.each(file.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const y = resizeConv2d(toTensor(c.input), toTensor(c.weight), toVector(c.bias) ?? null, c.opts as ResizeConvOptions);
    expect(y.shape).toEqual(c.expected.shape);
    expect(allCloseMessage(y.data, toNumbers(c.expected.data))).toBeNull();
  });

  const nearest2 = loadFixtures<InterpolateFixture>('interpolate').cases.filter((c) => c.opts.mode === 'nearest' && c.opts.scale === 2);
  it.each(nearest2.map((c) => [c.name, c] as const))('interpolate fixture “%s” through a 1×1 identity kernel', (_name, c) => {
    const x = toTensor(c.input);
    const ch = x.shape[1];
    const eye = new Float32Array(ch * ch);
    for (let i = 0; i < ch; i++) eye[i * ch + i] = 1;
    const y = resizeConv2d(x, tensor([ch, ch, 1, 1], eye), null);
    expect(y.shape).toEqual(c.expected.shape);
    expect(Array.from(y.data)).toEqual(Array.from(Float32Array.from(toNumbers(c.expected.data))));
  });
  it('the interpolate fixtures hold a nearest ×2 case', () => expect(nearest2.length).toBeGreaterThan(0));
});

describe('resizeConv2d refusals name the parameter', () => {
  const x = tensor([1, 1, 3, 3]);
  const w = tensor([1, 1, 3, 3]);
  const refusal = (opts: ResizeConvOptions) => {
    try {
      resizeConv2d(x, w, null, opts);
    } catch (e) {
      return e instanceof ParamError ? [e.param, e.message] : ['not a ParamError', String(e)];
    }
    return null;
  };
  it('scale other than 2, mode other than nearest, stride other than 1, padding past the identity', () => {
    expect(refusal({ scale: 3 })).toEqual(['scale', 'invalid scale: 3 (resizeConv2d supports only scale 2)']);
    expect(refusal({ mode: 'bilinear' as 'nearest' })).toEqual(['mode', 'invalid mode: "bilinear" (resizeConv2d supports only "nearest")']);
    expect(refusal({ stride: 2 })?.[0]).toBe('stride');
    expect(refusal({ padding: [3, 0, 0, 0] })).toEqual([
      'padding', 'padding (top 3) is too large for resizeConv2d: at most d·(k − 1) = 2 at the top and left and one more at the bottom and right',
    ]);
    expect(refusal({ padding: [0, 0, 0, 4] })?.[0]).toBe('padding');
    expect(refusal({ padding: [2, 2, 3, 3], scale: [2, 2], mode: 'nearest', stride: 1 })).toBeNull();
  });
  it('conv2d’s own checks apply to the ×2 image (groups, weight channels, kernel larger than the padded image)', () => {
    expect(refusal({ groups: 2 })?.[0]).toBe('groups');
    expect(() => resizeConv2d(tensor([1, 1, 1, 1]), tensor([1, 1, 3, 3]), null)).toThrow(/larger than the padded input/);
  });
});
