/**
 * Finite-difference gradient checks of every backward kernel on random configurations: for a random
 * ∂L/∂y = r, L(x) = Σ r·f(x) (float64 sum), and the directional derivative (L(x + h·d) − L(x − h·d)) / 2h
 * along a random direction d must equal ⟨∂L/∂x, d⟩; a few single coordinates are checked the same way.
 * Conv-like ops are linear in each argument, so their differences are exact up to float32 rounding and the
 * tolerance is tight; batch norm is not, so it gets a truncation-sized tolerance (its precision is pinned by
 * the PyTorch fixtures in fixtures.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { Random } from '../reference/random.ts';
import { batchNorm2d } from '../batch-norm.ts';
import { conv2d } from '../conv2d.ts';
import { convTranspose2d } from '../conv-transpose.ts';
import { pixelShuffle } from '../pixel-shuffle.ts';
import { upsample2d } from '../upsample.ts';
import { conv2dInfo, convTranspose2dInfo, type ConvOptions, type ConvTransposeOptions, type UpsampleOptions } from '../params.ts';
import type { Tensor } from '../tensor.ts';
import {
  batchNorm2dBackward, conv2dBackward, convTranspose2dBackward, crossEntropyLoss, globalAvgPool,
  globalAvgPoolBackward, mseLoss, pixelShuffleBackward, relu, reluBackward, upsample2dBackward,
} from './index.ts';

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
function absDot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] * b[i]);
  return s;
}
function shifted(t: Tensor, d: Float32Array, h: number): Tensor {
  return { shape: t.shape, data: t.data.map((v, i) => v + h * d[i]) };
}

/**
 * Check ⟨grad, d⟩ against central differences of `objective` around `x`, along a random direction and along
 * `coords` single coordinates. `scale` bounds the float32 rounding of the objective; `relTol` the truncation.
 */
function checkGradient(
  rnd: Random, x: Tensor, grad: Float32Array, objective: (x: Tensor) => number,
  { h, relTol, scale, coords = 3, richardson = false }:
    { h: number; relTol: number; scale: number; coords?: number; richardson?: boolean },
): void {
  const directions: Float32Array[] = [rnd.floats(x.data.length)];
  for (let k = 0; k < coords; k++) {
    const e = new Float32Array(x.data.length);
    e[rnd.int(0, x.data.length - 1)] = 1;
    directions.push(e);
  }
  for (const d of directions) {
    const central = (step: number) => (objective(shifted(x, d, step)) - objective(shifted(x, d, -step))) / (2 * step);
    // Richardson extrapolation cancels the h² term of a nonlinear op's central difference.
    const fd = richardson ? (4 * central(h / 2) - central(h)) / 3 : central(h);
    const analytic = dot(grad, d);
    const tol = relTol * (Math.abs(analytic) + absDot(grad, d)) + 1e-6 * scale / h + 1e-6;
    expect(Math.abs(fd - analytic), `finite difference ${fd} vs analytic ${analytic}`).toBeLessThanOrEqual(tol);
  }
}

const weighted = (r: Float32Array) => (y: Tensor) => dot(r, y.data);
const scaleOf = (r: Float32Array, y: Tensor) => absDot(r, y.data);

function randomConvOptions(rnd: Random): { opts: ConvTransposeOptions; groups: number; k: [number, number] } {
  const groups = rnd.pick([1, 1, 2]);
  const stride: [number, number] = [rnd.int(1, 3), rnd.int(1, 3)];
  const dilation: [number, number] = [rnd.int(1, 2), rnd.int(1, 2)];
  const padding: [number, number, number, number] = rnd.bool(0.3)
    ? [rnd.int(0, 2), rnd.int(0, 2), rnd.int(0, 2), rnd.int(0, 2)]
    : ((p) => [p, p, p, p] as [number, number, number, number])(rnd.int(0, 2));
  const outputPadding: [number, number] = [
    rnd.int(0, Math.max(stride[0], dilation[0]) - 1), rnd.int(0, Math.max(stride[1], dilation[1]) - 1),
  ];
  return { opts: { stride, dilation, padding, groups, outputPadding }, groups, k: [rnd.int(1, 4), rnd.int(1, 4)] };
}

describe('convTranspose2dBackward agrees with finite differences of convTranspose2d', () => {
  it('on 40 random configurations (stride, kernel, dilation, asymmetric padding, outputPadding, groups)', () => {
    const rnd = new Random(901);
    let checked = 0;
    while (checked < 40) {
      const { opts, groups, k } = randomConvOptions(rnd);
      const x = rnd.tensor([rnd.int(1, 2), groups * rnd.int(1, 2), rnd.int(1, 5), rnd.int(1, 5)]);
      const w = rnd.tensor([x.shape[1], rnd.int(1, 2), k[0], k[1]]);
      try { convTranspose2dInfo(x, w, null, opts); } catch { continue; }
      const y = convTranspose2d(x, w, null, opts);
      const r = rnd.floats(y.data.length);
      const gy = { shape: y.shape, data: r };
      const g = convTranspose2dBackward(x, w, gy, opts);
      const tol = { h: 1, relTol: 1e-5, scale: scaleOf(r, y) };
      checkGradient(rnd, x, g.gradInput.data, (xx) => weighted(r)(convTranspose2d(xx, w, null, opts)), tol);
      checkGradient(rnd, w, g.gradWeight.data, (ww) => weighted(r)(convTranspose2d(x, ww, null, opts)), tol);
      const b = rnd.floats(y.shape[1]);
      checkGradient(rnd, { shape: [b.length], data: b }, g.gradBias,
        (bb) => weighted(r)(convTranspose2d(x, w, bb.data, opts)), { ...tol, coords: 1 });
      checked++;
    }
  });
});

describe('conv2dBackward agrees with finite differences of conv2d', () => {
  it('on 40 random configurations (stride, kernel, dilation, asymmetric padding, groups)', () => {
    const rnd = new Random(902);
    let checked = 0;
    while (checked < 40) {
      const { opts, groups, k } = randomConvOptions(rnd);
      const convOpts: ConvOptions = { stride: opts.stride, padding: opts.padding, dilation: opts.dilation, groups };
      const x = rnd.tensor([rnd.int(1, 2), groups * rnd.int(1, 2), rnd.int(2, 8), rnd.int(2, 8)]);
      const w = rnd.tensor([groups * rnd.int(1, 2), x.shape[1] / groups, k[0], k[1]]);
      try { conv2dInfo(x, w, null, convOpts); } catch { continue; }
      const y = conv2d(x, w, null, convOpts);
      const r = rnd.floats(y.data.length);
      const g = conv2dBackward(x, w, { shape: y.shape, data: r }, convOpts);
      expect(g.gradInput.shape).toEqual(x.shape);
      const tol = { h: 1, relTol: 1e-5, scale: scaleOf(r, y) };
      checkGradient(rnd, x, g.gradInput.data, (xx) => weighted(r)(conv2d(xx, w, null, convOpts)), tol);
      checkGradient(rnd, w, g.gradWeight.data, (ww) => weighted(r)(conv2d(x, ww, null, convOpts)), tol);
      const b = rnd.floats(y.shape[1]);
      checkGradient(rnd, { shape: [b.length], data: b }, g.gradBias,
        (bb) => weighted(r)(conv2d(x, w, bb.data, convOpts)), { ...tol, coords: 1 });
      checked++;
    }
  });
});

describe('batchNorm2dBackward agrees with finite differences of batchNorm2d', () => {
  it('in training mode, through the batch statistics, on 20 random shapes and scales', () => {
    const rnd = new Random(903);
    for (let trial = 0; trial < 20; trial++) {
      const shape = [rnd.int(1, 3), rnd.int(1, 3), rnd.int(1, 3), rnd.int(2, 3)];
      const spread = rnd.pick([0.5, 1, 4]);
      const x = rnd.tensor(shape);
      x.data.forEach((val, i) => { x.data[i] = val * spread + 2; });
      const weight = rnd.floats(shape[1]).map((g) => g + 1.5);
      const bias = rnd.floats(shape[1]);
      const r = rnd.floats(x.data.length);
      const bn = (xx: Tensor, w: Float32Array = weight, b: Float32Array = bias) => batchNorm2d(xx, { training: true, weight: w, bias: b }).output;
      const g = batchNorm2dBackward(x, { shape, data: r }, { training: true, weight, bias });
      const tol = { h: 2e-2 * spread, relTol: 2e-3, scale: scaleOf(r, bn(x)), richardson: true };
      checkGradient(rnd, x, g.gradInput.data, (xx) => weighted(r)(bn(xx)), tol);
      checkGradient(rnd, { shape: [weight.length], data: weight }, g.gradWeight,
        (ww) => weighted(r)(bn(x, ww.data)), { h: 1e-2, relTol: 1e-4, scale: scaleOf(r, bn(x)) });
      checkGradient(rnd, { shape: [bias.length], data: bias }, g.gradBias,
        (bb) => weighted(r)(bn(x, weight, bb.data)), { h: 1e-2, relTol: 1e-4, scale: scaleOf(r, bn(x)) });
    }
  });

  it('sums of ∂L/∂x per channel vanish in training mode (BN output does not move when a channel shifts)', () => {
    const rnd = new Random(904);
    const x = rnd.tensor([3, 2, 4, 4]);
    const g = batchNorm2dBackward(x, rnd.tensor([3, 2, 4, 4]), { training: true });
    for (let c = 0; c < 2; c++) {
      let s = 0;
      for (let n = 0; n < 3; n++) for (let i = 0; i < 16; i++) s += g.gradInput.data[(n * 2 + c) * 16 + i];
      expect(Math.abs(s)).toBeLessThan(1e-5);
    }
  });

  it('in eval mode, with the running statistics as constants', () => {
    const rnd = new Random(905);
    const x = rnd.tensor([2, 3, 3, 3]);
    const opts = { training: false, runningMean: rnd.floats(3), runningVar: rnd.floats(3).map((a) => a + 1.5), weight: rnd.floats(3) };
    const r = rnd.floats(x.data.length);
    const g = batchNorm2dBackward(x, { shape: x.shape, data: r }, opts);
    checkGradient(rnd, x, g.gradInput.data, (xx) => weighted(r)(batchNorm2d(xx, opts).output),
      { h: 1, relTol: 1e-5, scale: scaleOf(r, batchNorm2d(x, opts).output) });
  });
});

describe('resampling backward passes agree with finite differences', () => {
  it('upsample2d, nearest and bilinear, 30 random scales and sizes', () => {
    const rnd = new Random(906);
    for (let trial = 0; trial < 30; trial++) {
      const mode = rnd.pick(['nearest', 'bilinear'] as const);
      const opts: UpsampleOptions = {
        mode, scale: [rnd.pick([0.5, 1, 1.5, 2, 2.1, 3]), rnd.pick([0.7, 1, 2, 2.5])],
        ...(mode === 'bilinear' ? { alignCorners: rnd.bool() } : {}),
      };
      const x = rnd.tensor([rnd.int(1, 2), rnd.int(1, 2), rnd.int(2, 6), rnd.int(2, 6)]);
      const y = upsample2d(x, opts);
      const r = rnd.floats(y.data.length);
      const gx = upsample2dBackward(x, { shape: y.shape, data: r }, opts);
      checkGradient(rnd, x, gx.data, (xx) => weighted(r)(upsample2d(xx, opts)), { h: 1, relTol: 1e-5, scale: scaleOf(r, y) });
    }
  });

  it('pixelShuffle for r = 1…3', () => {
    const rnd = new Random(907);
    for (const rFactor of [1, 2, 3]) {
      const x = rnd.tensor([2, 2 * rFactor * rFactor, 3, 2]);
      const y = pixelShuffle(x, rFactor);
      const r = rnd.floats(y.data.length);
      const gx = pixelShuffleBackward(x, { shape: y.shape, data: r }, rFactor);
      checkGradient(rnd, x, gx.data, (xx) => weighted(r)(pixelShuffle(xx, rFactor)), { h: 1, relTol: 1e-6, scale: scaleOf(r, y) });
    }
  });

  it('relu away from its kink, and global average pooling', () => {
    const rnd = new Random(908);
    const x = rnd.tensor([2, 3, 4, 4]);
    x.data.forEach((v, i) => { if (Math.abs(v) < 0.05) x.data[i] = 0.5; }); // keep ±h away from the kink
    const r = rnd.floats(x.data.length);
    checkGradient(rnd, x, reluBackward(x, { shape: x.shape, data: r }).data, (xx) => weighted(r)(relu(xx)),
      { h: 1e-2, relTol: 1e-5, scale: scaleOf(r, x) });
    const rp = rnd.floats(6);
    checkGradient(rnd, x, globalAvgPoolBackward(x, { shape: [2, 3, 1, 1], data: rp }).data,
      (xx) => weighted(rp)(globalAvgPool(xx)), { h: 1, relTol: 1e-5, scale: 10 });
  });
});

describe('loss gradients agree with finite differences', () => {
  it('mseLoss and crossEntropyLoss on random inputs', () => {
    const rnd = new Random(909);
    for (let trial = 0; trial < 10; trial++) {
      const p = rnd.tensor([rnd.int(1, 3), rnd.int(1, 3), rnd.int(1, 3), rnd.int(1, 3)]);
      const target = rnd.tensor(p.shape);
      checkGradient(rnd, p, mseLoss(p, target).grad.data, (pp) => mseLoss(pp, target).loss, { h: 1e-2, relTol: 1e-4, scale: 1 });
      const logits = rnd.tensor([rnd.int(1, 4), rnd.int(2, 5), rnd.int(1, 2), rnd.int(1, 2)]);
      logits.data.forEach((v, i) => { logits.data[i] = v * 5; });
      const [n, c, h, w] = logits.shape;
      const targets = Int32Array.from({ length: n * h * w }, () => rnd.int(0, c - 1));
      checkGradient(rnd, logits, crossEntropyLoss(logits, targets).grad.data, (z) => crossEntropyLoss(z, targets).loss,
        { h: 1e-2, relTol: 1e-3, scale: 1 });
    }
  });
});

describe('backward kernels validate like the forward ones', () => {
  const x = { shape: [1, 1, 3, 3], data: new Float32Array(9) };
  const w = { shape: [1, 1, 3, 3], data: new Float32Array(9) };
  it('refuse a gradient whose shape is not the forward output', () => {
    expect(() => convTranspose2dBackward(x, w, { shape: [1, 1, 6, 6], data: new Float32Array(36) }, { stride: 2 }))
      .toThrow('gradOutput has shape [1, 1, 6, 6] but convTranspose2d produced [1, 1, 7, 7]');
    expect(() => reluBackward(x, { shape: [1, 1, 3, 2], data: new Float32Array(6) })).toThrow('relu produced [1, 1, 3, 3]');
  });
  it('reuse params.ts messages for bad parameters', () => {
    expect(() => conv2dBackward(x, w, x, { stride: 0 })).toThrow('invalid stride: 0 (must be a positive integer)');
    expect(() => batchNorm2dBackward({ shape: [1, 1, 1, 1], data: new Float32Array(1) }, { shape: [1, 1, 1, 1], data: new Float32Array(1) }, { training: true }))
      .toThrow('expected more than 1 value per channel when training');
  });
  it('refuse class targets out of range', () => {
    expect(() => crossEntropyLoss({ shape: [1, 3, 1, 1], data: new Float32Array(3) }, Int32Array.of(3)))
      .toThrow('target 3 at position 0 is out of bounds (classes 0…2)');
  });
});
