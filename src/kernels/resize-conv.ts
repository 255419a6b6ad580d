import { allFinite } from './conv-direct.ts';
import { conv2d } from './conv2d.ts';
import { convTranspose2d } from './conv-transpose.ts';
import { resizeConv2dInfo, type ConvTransposeOptions, type ResizeConvInfo, type ResizeConvOptions } from './params.ts';
import { checkElementCap, type Tensor } from './tensor.ts';
import { upsample2d } from './upsample.ts';

/**
 * Resize-convolution: nearest ×2 upsampling, then a stride-1 convolution — exactly PyTorch's
 * `F.conv2d(F.interpolate(x, scale_factor=2, mode='nearest'), w, b, padding, dilation=d, groups=g)` — computed as
 * one stride-2 transposed convolution of x, never forming the ×2 image.
 *
 * x: `[N, Cin, H, W]`, weight: `[Cout, Cin/groups, kH, kW]` (Conv2d's layout), bias: `[Cout]` or null.
 * Options (validated by `resizeConv2dInfo`): padding (number, pair or `[top, left, bottom, right]`, at most
 * d·(k − 1) at the top/left and d·(k − 1) + 1 at the bottom/right), dilation, groups; `scale` only 2, `mode` only
 * "nearest", `stride` only 1.
 *
 * Why it is exact: along one axis the ×2 image is U[r] = x[⌊r/2⌋], and zero padding of U is exactly the rows
 * outside x. Conv tap kh of output o reads U[o − pb + kh·d] = x[i] with i = ⌊(o − pb + kh·d)/2⌋; a transposed
 * convolution with stride 2 and begin padding P reads x[i] through tap t = o + P − 2i. With P = E − 1 − pb
 * (E = d·(k − 1) + 1) that is t = E − 1 − kh·d + ((o − pb + kh·d) mod 2): every conv tap lands on two neighbouring
 * transposed-conv taps, one per output parity, and taps of the two parities never collide (t ≡ o + P mod 2). So
 * wt[E − 1 − kh·d + a] += w[kh] for a ∈ {0, 1}, in both axes: for k3 p1, wt = [w2, w1 + w2, w0 + w1, w0], a
 * k4 s2 P1 transposed convolution whose outputs read 2 taps per axis instead of 3 — 4 instead of 9.
 *
 * The derived taps are summed (in float64, rounded once) before they multiply x, so the result differs from the
 * composition by float32 rounding only. Weights or inputs holding NaN/±Inf take the composition itself, which
 * multiplies every tap (and the zero border) as PyTorch does; so do dilations above 2 (see `resizeConvFuses`).
 */
export function resizeConv2d(
  input: Tensor,
  weight: Tensor,
  bias: Float32Array | null,
  opts: ResizeConvOptions = {},
): Tensor {
  const info = resizeConv2dInfo(input, weight, bias, opts);
  if (!resizeConvFuses(info) || !allFinite(weight.data) || !allFinite(input.data)) {
    return conv2d(upsample2d(input, { scale: 2, mode: 'nearest' }), weight, bias, resizeConvConvOptions(info));
  }
  const t = transposedEquivalent(info, weight.data);
  return convTranspose2d(input, t.weight, bias ?? null, t.options);
}

/**
 * The transposed convolution that `resizeConv2d(input, weight, …, opts)` computes: its weight
 * `[Cin, Cout/groups, d·(kH − 1) + 2, d·(kW − 1) + 2]` and options (stride 2, padding, outputPadding, groups).
 */
export function resizeConv2dAsTransposed(
  input: Tensor,
  weight: Tensor,
  opts: ResizeConvOptions = {},
): { weight: Tensor; options: ConvTransposeOptions } {
  const info = resizeConv2dInfo(input, weight, null, opts);
  checkElementCap(info.conv.inChannels * info.conv.outPerGroup * info.kH * info.kW, 'the derived transposed-conv weight');
  return transposedEquivalent(info, weight.data);
}

/**
 * Whether the fused form is the cheaper one: its (d·(k − 1) + 2)² taps, a quarter of which reach each output,
 * against the conv's k² per output. True for every dilation-1 kernel and for dilation 2; a larger dilation spreads
 * the taps over a mostly empty derived kernel (sized by the dilation, not the work), so the composition runs.
 */
export function resizeConvFuses(info: ResizeConvInfo): boolean {
  return info.kH * info.kW <= 4 * info.conv.kH * info.conv.kW;
}

/** The conv2d options of the composition (what runs on the ×2 image). */
export function resizeConvConvOptions(info: ResizeConvInfo): { padding: [number, number, number, number]; dilation: [number, number]; groups: number } {
  const c = info.conv;
  return { padding: [c.padTop, c.padLeft, c.padBottom, c.padRight], dilation: [c.dilationH, c.dilationW], groups: c.groups };
}

function transposedEquivalent(info: ResizeConvInfo, w: Float32Array): { weight: Tensor; options: ConvTransposeOptions } {
  const { conv, kH, kW, transposed } = info;
  const data = new Float32Array(conv.inChannels * conv.outPerGroup * kH * kW);
  const acc = new Float64Array(kH * kW);
  const k = conv.kH * conv.kW;
  for (let oc = 0; oc < conv.outChannels; oc++) {
    const g = Math.floor(oc / conv.outPerGroup);
    const j = oc - g * conv.outPerGroup;
    for (let i = 0; i < conv.inPerGroup; i++) {
      spreadTaps(info, w, (oc * conv.inPerGroup + i) * k, acc);
      data.set(acc, ((g * conv.inPerGroup + i) * conv.outPerGroup + j) * kH * kW);
    }
  }
  return {
    weight: { shape: [conv.inChannels, conv.outPerGroup, kH, kW], data },
    options: { stride: transposed.stride, padding: transposed.padding, outputPadding: transposed.outputPadding, groups: transposed.groups },
  };
}

/** One k×k kernel (at `src` in w) spread into the derived (E + 1)² kernel: each tap onto a 2×2 block. */
function spreadTaps(info: ResizeConvInfo, w: Float32Array, src: number, acc: Float64Array): void {
  const { conv, kH, kW } = info;
  acc.fill(0);
  for (let kh = 0; kh < conv.kH; kh++) {
    const th = kH - 2 - kh * conv.dilationH;
    for (let kw = 0; kw < conv.kW; kw++) {
      const tw = kW - 2 - kw * conv.dilationW;
      const v = w[src + kh * conv.kW + kw];
      const at = th * kW + tw;
      acc[at] += v;
      acc[at + 1] += v;
      acc[at + kW] += v;
      acc[at + kW + 1] += v;
    }
  }
}

/**
 * The adjoint of the tap spreading: ∂L/∂w[kh, kw] is the sum of ∂L/∂wt over the 2×2 block that w[kh, kw] was
 * spread onto. `gradTransposed` has the derived kernel's layout `[Cin, Cout/groups, kH', kW']`; the result is
 * Conv2d's `[Cout, Cin/groups, kH, kW]`. Sums in float64.
 */
export function foldTransposedGradient(info: ResizeConvInfo, gradTransposed: Float32Array): Float32Array {
  const { conv, kH, kW } = info;
  const k = conv.kH * conv.kW;
  const out = new Float32Array(conv.outChannels * conv.inPerGroup * k);
  for (let oc = 0; oc < conv.outChannels; oc++) {
    const g = Math.floor(oc / conv.outPerGroup);
    const j = oc - g * conv.outPerGroup;
    for (let i = 0; i < conv.inPerGroup; i++) {
      const src = ((g * conv.inPerGroup + i) * conv.outPerGroup + j) * kH * kW;
      const dst = (oc * conv.inPerGroup + i) * k;
      for (let kh = 0; kh < conv.kH; kh++) {
        const th = kH - 2 - kh * conv.dilationH;
        for (let kw = 0; kw < conv.kW; kw++) {
          const at = src + th * kW + kW - 2 - kw * conv.dilationW;
          out[dst + kh * conv.kW + kw] = gradTransposed[at] + gradTransposed[at + 1] + (gradTransposed[at + kW] + gradTransposed[at + kW + 1]);
        }
      }
    }
  }
  return out;
}
