import { describe, expect, it } from 'vitest';
import { conv2d } from '../kernels/conv2d.ts';
import { crossEntropyLoss, mseLoss } from '../kernels/backward/loss.ts';
import { upsample2d } from '../kernels/upsample.ts';
import { allCloseMessage, type Tensor } from '../kernels/tensor.ts';
import { convWeight, fanIn, icnr } from './init.ts';
import { Conv2dLayer, ResizeConv2dLayer, UpsampleLayer, type Sequential } from './layers.ts';
import { classifier, upsamplerBlock, upsamplerNet, UPSAMPLERS } from './models.ts';
import { normClassifier } from './batch-size.ts';
import { Rng } from '../util/random.ts';

/** Directional finite-difference check of a whole network's parameter and input gradients. */
function checkNetwork(net: Sequential, x: Tensor, loss: (y: Tensor) => { loss: number; grad: Tensor }, training: boolean): void {
  const l = loss(net.forward(x, training));
  const gx = net.backward(l.grad);
  const rnd = new Rng(77);
  // Small enough that few ReLU kinks are crossed, large enough that float32 rounding of the loss stays below 5e-4.
  const h = 1e-4;
  const objective = () => loss(net.forward(x, training)).loss;
  for (const p of net.params) {
    const d = rnd.floats(p.data.length);
    const saved = Float32Array.from(p.data);
    const analytic = p.grad.reduce((s, g, i) => s + g * d[i], 0);
    p.data.set(saved.map((v, i) => v + h * d[i]));
    const up = objective();
    p.data.set(saved.map((v, i) => v - h * d[i]));
    const down = objective();
    p.data.set(saved);
    const fd = (up - down) / (2 * h);
    expect(Math.abs(fd - analytic), `${p.name}: fd ${fd} vs ${analytic}`).toBeLessThan(2e-2 * Math.abs(analytic) + 5e-4);
  }
  const d = rnd.floats(x.data.length);
  const analytic = gx.data.reduce((s, g, i) => s + g * d[i], 0);
  const at = (sign: number) => loss(net.forward({ shape: x.shape, data: x.data.map((v, i) => v + sign * h * d[i]) }, training)).loss;
  const fd = (at(1) - at(-1)) / (2 * h);
  expect(Math.abs(fd - analytic), `input: fd ${fd} vs ${analytic}`).toBeLessThan(2e-2 * Math.abs(analytic) + 5e-4);
}

describe('layers composed into networks have correct gradients (finite differences)', () => {
  it('every upsampler network, through convT / upsample / pixel shuffle and ReLU', () => {
    const rnd = new Rng(5);
    const x = rnd.tensor([2, 1, 4, 4]);
    for (const kind of UPSAMPLERS) {
      const net = upsamplerNet({ upsampler: kind, stages: 2, channels: 3, seed: 3 });
      const target = rnd.tensor([2, 1, 16, 16]);
      checkNetwork(net, x, (y) => mseLoss(y, target), true);
    }
  });

  it('the classifier with and without batch norm (training mode, gradients through the batch statistics)', () => {
    const rnd = new Rng(6);
    const x = rnd.tensor([4, 1, 6, 6]);
    const labels = Int32Array.from([0, 1, 2, 3]);
    for (const batchNorm of [false, true]) {
      const { net } = classifier({ depth: 2, channels: 3, batchNorm, classes: 4, seed: 9 });
      checkNetwork(net, x, (y) => crossEntropyLoss(y, labels), true);
    }
  });
});

describe('the nearest upsampler is one fused ResizeConv2dLayer', () => {
  // Float32 rounding only: 28 terms of size ≤ 1 per output, so a few 1e-6 (the kernel tests bound it exactly).
  it('with the same outputs and gradients as UpsampleLayer → Conv2dLayer on the same parameters (float32 rounding)', () => {
    const [fused] = upsamplerBlock(new Rng(4), 'nearest', 'u', 3, 2);
    expect(fused).toBeInstanceOf(ResizeConv2dLayer);
    const f = fused as ResizeConv2dLayer;
    expect(f.params.map((p) => [p.name, p.shape])).toEqual([['u.weight', [2, 3, 3, 3]], ['u.bias', [2]]]);
    const up = new UpsampleLayer('up', 2, 'nearest');
    const conv = new Conv2dLayer('conv', { ...f.weight, grad: new Float32Array(f.weight.data.length) }, { ...f.bias!, grad: new Float32Array(2) }, { padding: 1 });
    const rnd = new Rng(11);
    const x = rnd.tensor([2, 3, 5, 4]);
    const y = f.forward(x);
    const ref = conv.forward(up.forward(x));
    expect(allCloseMessage(y.data, ref.data, 2e-5, 1e-5)).toBeNull();
    const g = rnd.tensor(y.shape);
    const gx = f.backward(g);
    const gxRef = up.backward(conv.backward(g));
    expect(allCloseMessage(gx.data, gxRef.data, 2e-5, 1e-5)).toBeNull();
    expect(allCloseMessage(f.weight.grad, conv.weight.grad, 1e-5, 1e-5)).toBeNull();
    expect(allCloseMessage(f.bias!.grad, conv.bias!.grad, 1e-5, 1e-5)).toBeNull();
  });
});

describe('GroupNorm2dLayer and LayerNormLayer (finite differences)', () => {
  it('the classifier with GroupNorm (G = 2, and G = C) and LayerNorm over [C, H, W], affine parameters included', () => {
    const rnd = new Rng(12);
    const x = rnd.tensor([3, 1, 6, 6]);
    const labels = Int32Array.from([0, 1, 3]);
    for (const [norm, groups] of [['gn', 2], ['gn', 4], ['ln', 1]] as const) {
      const net = normClassifier({ norm, depth: 1, channels: 4, groups, size: 6, classes: 4, seed: 9 });
      // γ = 1, β = 0 at initialisation: move them so that their gradients are checked away from the identity.
      for (const p of net.params) if (/^(gn|ln)\d/.test(p.name)) p.data.set(p.data.map((v) => v + 0.3 * rnd.normal()));
      const names = net.params.map((p) => p.name);
      expect(names).toContain(`${norm}0.weight`);
      expect(net.params.find((p) => p.name === `${norm}1.weight`)!.data.length).toBe(norm === 'ln' ? 4 * 6 * 6 : 4);
      checkNetwork(net, x, (y) => crossEntropyLoss(y, labels), true);
    }
  });
});

describe('initialisation', () => {
  it('PyTorch’s default bound 1/√fan_in, with ConvTranspose2d’s fan_in taken from dim 1 (Cout/groups·k²)', () => {
    expect(fanIn([8, 4, 3, 3])).toBe(36);
    const w = convWeight(new Rng(1), [16, 4, 3, 3], 'pytorch');
    const bound = 1 / 6;
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...w.map(Math.abs))).toBeGreaterThan(0.95 * bound);
  });

  it('He init has variance 2/fan_in', () => {
    const w = convWeight(new Rng(2), [64, 16, 3, 3], 'he');
    const v = w.reduce((s, a) => s + a * a, 0) / w.length;
    expect(v).toBeGreaterThan(0.9 * (2 / 144));
    expect(v).toBeLessThan(1.1 * (2 / 144));
  });

  it('ICNR makes a sub-pixel block exactly "conv, then nearest ×2" at initialisation (no checkerboard)', () => {
    const rnd = new Rng(7);
    const x = rnd.tensor([1, 3, 5, 5]);
    const [convLayer, shuffle] = upsamplerBlock(new Rng(4), 'subpixel-icnr', 'u', 3, 2);
    const y = shuffle.forward(convLayer.forward(x, true), true);
    // The equivalent: conv with the first sub-kernel of each group, then nearest ×2.
    const c = convLayer.params[0];
    const w = new Float32Array(2 * 3 * 9);
    const b = new Float32Array(2);
    for (let o = 0; o < 2; o++) {
      w.set(c.data.subarray(o * 4 * 27, o * 4 * 27 + 27), o * 27);
      b[o] = convLayer.params[1].data[o * 4];
    }
    const expected = upsample2d(conv2d(x, { shape: [2, 3, 3, 3], data: w }, b, { padding: 1 }), { scale: 2, mode: 'nearest' });
    expect(allCloseMessage(y.data, expected.data, 1e-6, 1e-6)).toBeNull();
    expect(icnr(Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8), [8, 1, 1, 1], 2)).toEqual(Float32Array.of(1, 1, 1, 1, 5, 5, 5, 5));
  });

  it('every upsampler network maps 8×8 to 32×32 in two stages', () => {
    const x = new Rng(8).tensor([1, 1, 8, 8]);
    for (const kind of UPSAMPLERS) expect(upsamplerNet({ upsampler: kind, stages: 2, channels: 4, seed: 1 }).forward(x, false).shape).toEqual([1, 1, 32, 32]);
  });
});
