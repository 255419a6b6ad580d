/**
 * resizeConv2dBackward against (1) the composition of the existing backward passes — conv2dBackward on the ×2
 * image, then upsample2dBackward — on seeded random layers, and (2) finite differences of resizeConv2d itself.
 *
 * (1) Both sides compute the same exact sums with different association, so, as in ../resize-conv.test.ts, they
 * differ by at most (2n + 1)·u·B per value, B the same sum over absolute values and n its number of terms.
 * (2) The layer is linear in x and in w, so a central difference with a step of 1 has no truncation error:
 * only float32 rounding of the forward outputs, bounded by 1e-5 of Σ |r|·|y| here.
 */
import { describe, expect, it } from 'vitest';
import { ParamError, type ResizeConvOptions } from '../params.ts';
import { Random } from '../reference/random.ts';
import { resizeConv2d } from '../resize-conv.ts';
import type { Tensor } from '../tensor.ts';
import { upsample2d } from '../upsample.ts';
import { conv2dBackward } from './conv2d.ts';
import { resizeConv2dBackward } from './resize-conv.ts';
import { upsample2dBackward } from './upsample.ts';

const U = 2 ** -24;
const NEAREST2 = { scale: 2, mode: 'nearest' } as const;
const abs = (t: Tensor): Tensor => ({ shape: t.shape, data: t.data.map(Math.abs) });

function composedBackward(x: Tensor, w: Tensor, g: Tensor, opts: ResizeConvOptions) {
  const r = conv2dBackward(upsample2d(x, NEAREST2), w, g, { padding: opts.padding, dilation: opts.dilation, groups: opts.groups });
  return { gradInput: upsample2dBackward(x, r.gradInput, NEAREST2).data, gradWeight: r.gradWeight.data, gradBias: r.gradBias };
}

function withinBound(actual: Float32Array, expected: Float32Array, bound: Float32Array, n: number, what: string): string | null {
  if (actual.length !== expected.length) return `${what}: ${actual.length} values vs ${expected.length}`;
  for (let i = 0; i < expected.length; i++) {
    const tol = (2 * n + 1) * U * bound[i] * (1 + 1e-6);
    if (!(Math.abs(actual[i] - expected[i]) <= tol)) return `${what} at ${i}: ${actual[i]} vs ${expected[i]} (tolerance ${tol})`;
  }
  return null;
}

interface Layer { x: Tensor; w: Tensor; opts: ResizeConvOptions }

function randomLayer(rnd: Random): Layer {
  for (;;) {
    const groups = rnd.pick([1, 1, 2]);
    const kH = rnd.int(1, 5);
    const kW = rnd.int(1, 5);
    const dilation: [number, number] = rnd.bool(0.2) ? [rnd.int(1, 2), rnd.int(1, 2)] : [1, 1];
    const eH = dilation[0] * (kH - 1) + 1;
    const eW = dilation[1] * (kW - 1) + 1;
    const padding: [number, number, number, number] = [rnd.int(0, eH - 1), rnd.int(0, eW - 1), rnd.int(0, eH), rnd.int(0, eW)];
    const [n, h, w] = [rnd.int(1, 3), rnd.int(1, 7), rnd.int(1, 7)];
    if (2 * h + padding[0] + padding[2] < eH || 2 * w + padding[1] + padding[3] < eW) continue;
    const cin = groups * rnd.int(1, 3);
    const cout = groups * rnd.int(1, 3);
    return { x: rnd.tensor([n, cin, h, w], 0.1), w: rnd.tensor([cout, cin / groups, kH, kW], 0.1), opts: { padding, dilation, groups } };
  }
}

describe('resizeConv2dBackward equals the composed backward passes (conv2dBackward, then upsample2dBackward)', () => {
  it('on 200 random layers: odd sizes, batch, k = 1…5, asymmetric padding up to the limits, dilation, groups', () => {
    const rnd = new Random(6262);
    for (let run = 0; run < 200; run++) {
      const { x, w, opts } = randomLayer(rnd);
      const y = resizeConv2d(x, w, null, opts);
      const g = rnd.tensor(y.shape);
      const fused = resizeConv2dBackward(x, w, g, opts);
      const ref = composedBackward(x, w, g, opts);
      const bound = composedBackward(abs(x), abs(w), abs(g), opts);
      const [cout, inPerGroup, kH, kW] = w.shape;
      const groups = opts.groups ?? 1;
      const ctx = JSON.stringify({ x: x.shape, w: w.shape, opts });
      expect(fused.gradInput.shape).toEqual(x.shape);
      expect(fused.gradWeight.shape).toEqual(w.shape);
      expect(withinBound(fused.gradInput.data, ref.gradInput, bound.gradInput, 4 * (cout / groups) * kH * kW + 4, 'gradInput'), ctx).toBeNull();
      expect(withinBound(fused.gradWeight.data, ref.gradWeight, bound.gradWeight, y.shape[0] * y.shape[2] * y.shape[3], 'gradWeight'), ctx).toBeNull();
      expect(withinBound(fused.gradBias, ref.gradBias, bound.gradBias, y.shape[0] * y.shape[2] * y.shape[3], 'gradBias'), ctx).toBeNull();
      expect(inPerGroup * groups).toBe(x.shape[1]);
    }
  });

  it('NaN/±Inf take the composition itself, value for value', () => {
    const rnd = new Random(8);
    const x = rnd.tensor([1, 2, 3, 3]);
    x.data[4] = Infinity;
    const w = rnd.tensor([2, 2, 3, 3], 0.3);
    const g = rnd.tensor([1, 2, 6, 6]);
    const fused = resizeConv2dBackward(x, w, g, { padding: 1 });
    const ref = composedBackward(x, w, g, { padding: 1 });
    expect(Array.from(fused.gradInput.data)).toEqual(Array.from(ref.gradInput));
    expect(Array.from(fused.gradWeight.data)).toEqual(Array.from(ref.gradWeight));
  });

  it('refuses a gradient of the wrong shape, naming gradOutput', () => {
    const rnd = new Random(9);
    const x = rnd.tensor([1, 1, 3, 3]);
    const w = rnd.tensor([1, 1, 3, 3]);
    expect(() => resizeConv2dBackward(x, w, rnd.tensor([1, 1, 5, 6]), { padding: 1 })).toThrow(ParamError);
    expect(() => resizeConv2dBackward(x, w, rnd.tensor([1, 1, 5, 6]), { padding: 1 })).toThrow(/gradOutput has shape \[1, 1, 5, 6\] but resizeConv2d produced \[1, 1, 6, 6\]/);
  });
});

describe('resizeConv2dBackward agrees with finite differences of resizeConv2d', () => {
  const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  };
  const shifted = (t: Tensor, d: Float32Array, h: number): Tensor => ({ shape: t.shape, data: t.data.map((v, i) => v + h * d[i]) });

  it('for ∂x, ∂w and ∂b on 40 random layers (random directions and single coordinates)', () => {
    const rnd = new Random(7373);
    for (let run = 0; run < 40; run++) {
      const { x, w, opts } = randomLayer(rnd);
      const cout = w.shape[0];
      const b = rnd.floats(cout);
      const y = resizeConv2d(x, w, b, opts);
      const r = rnd.floats(y.data.length);
      const grads = resizeConv2dBackward(x, w, { shape: y.shape, data: r }, opts);
      const L = (xx: Tensor, ww: Tensor, bb: Float32Array) => dot(r, resizeConv2d(xx, ww, bb, opts).data);
      const scale = (xx: Tensor, ww: Tensor) => dot(r.map(Math.abs), resizeConv2d(abs(xx), abs(ww), b.map(Math.abs), opts).data);
      const check = (fd: number, analytic: number, s: number, what: string) =>
        expect(Math.abs(fd - analytic), `${what}: finite difference ${fd} vs ${analytic}`).toBeLessThanOrEqual(1e-5 * s + 1e-9);
      for (const kind of ['x', 'w', 'b'] as const) {
        const size = kind === 'x' ? x.data.length : kind === 'w' ? w.data.length : cout;
        const dirs = [rnd.floats(size)];
        const e = new Float32Array(size);
        e[rnd.int(0, size - 1)] = 1;
        dirs.push(e);
        for (const d of dirs) {
          const at = (h: number) => kind === 'x' ? L(shifted(x, d, h), w, b) : kind === 'w' ? L(x, shifted(w, d, h), b) : L(x, w, b.map((v, i) => v + h * d[i]));
          const fd = (at(1) - at(-1)) / 2;
          const analytic = dot(kind === 'x' ? grads.gradInput.data : kind === 'w' ? grads.gradWeight.data : grads.gradBias, d);
          const s = kind === 'x' ? scale(shifted(abs(x), d.map(Math.abs), 1), w) : kind === 'w' ? scale(x, shifted(abs(w), d.map(Math.abs), 1)) : scale(x, w) + dot(r.map(Math.abs), new Float32Array(r.length).fill(1));
          check(fd, analytic, s, `∂${kind} ${JSON.stringify(opts)}`);
        }
      }
    }
  });
});
