import type { Tensor } from '../tensor.ts';
import { at, zeros64, type Tensor64 } from './layout.ts';
import { pad } from './transforms.ts';

/** Fully explicit parameters: no defaults, no validation — the oracles trust their caller. */
export interface ExplicitConv {
  stride: [number, number];
  /** [top, left, bottom, right] */
  padding: [number, number, number, number];
  dilation: [number, number];
  groups: number;
}

export interface ExplicitConvTranspose extends ExplicitConv {
  outputPadding: [number, number];
}

/**
 * Transposed convolution as the literal "paint" sum: every input pixel x[n, ic, ih, iw] stamps
 * x·w[ic, oc', kh, kw] at output row ih·s − pad_top + kh·d, column iw·s − pad_left + kw·d; stamps that land
 * outside the (cropped) output are dropped one element at a time. Output size from the PyTorch docs:
 * (H − 1)·s − pad_top − pad_bottom + d·(k − 1) + output_padding + 1.
 */
export function naiveConvTranspose2d(x: Tensor, w: Tensor, bias: Float32Array | null, p: ExplicitConvTranspose): Tensor64 {
  const [N, Cin, H, W] = x.shape;
  const [, coutPerGroup, kH, kW] = w.shape;
  const [sH, sW] = p.stride;
  const [dH, dW] = p.dilation;
  const [top, left, bottom, right] = p.padding;
  const cinPerGroup = Cin / p.groups;
  const Cout = coutPerGroup * p.groups;
  const Ho = (H - 1) * sH - top - bottom + dH * (kH - 1) + p.outputPadding[0] + 1;
  const Wo = (W - 1) * sW - left - right + dW * (kW - 1) + p.outputPadding[1] + 1;
  const out = zeros64([N, Cout, Ho, Wo]);
  for (let n = 0; n < N; n++) {
    for (let oc = 0; oc < Cout; oc++) {
      for (let i = 0; i < Ho * Wo; i++) out.data[(n * Cout + oc) * Ho * Wo + i] = bias ? bias[oc] : 0;
    }
  }
  for (let n = 0; n < N; n++) {
    for (let ic = 0; ic < Cin; ic++) {
      const g = Math.floor(ic / cinPerGroup);
      for (let ih = 0; ih < H; ih++) {
        for (let iw = 0; iw < W; iw++) {
          const v = x.data[at(x.shape, n, ic, ih, iw)];
          for (let o = 0; o < coutPerGroup; o++) {
            for (let kh = 0; kh < kH; kh++) {
              for (let kw = 0; kw < kW; kw++) {
                const oh = ih * sH - top + kh * dH;
                const ow = iw * sW - left + kw * dW;
                if (oh < 0 || oh >= Ho || ow < 0 || ow >= Wo) continue;
                out.data[at(out.shape, n, g * coutPerGroup + o, oh, ow)] += v * w.data[at(w.shape, ic, o, kh, kw)];
              }
            }
          }
        }
      }
    }
  }
  return out;
}

/**
 * Convolution (cross-correlation, as in PyTorch) as the literal gather sum over the zero-padded input:
 * out[n, oc, oh, ow] = bias[oc] + Σ_{ic', kh, kw} xpad[n, g·Cin/G + ic', oh·s + kh·d, ow·s + kw·d] · w[oc, ic', kh, kw].
 */
export function naiveConv2d(x: Tensor, w: Tensor, bias: Float32Array | null, p: ExplicitConv): Tensor64 {
  const xp = pad(x, p.padding);
  const [N, , Hp, Wp] = xp.shape;
  const [Cout, cinPerGroup, kH, kW] = w.shape;
  const [sH, sW] = p.stride;
  const [dH, dW] = p.dilation;
  const coutPerGroup = Cout / p.groups;
  const Ho = Math.floor((Hp - dH * (kH - 1) - 1) / sH) + 1;
  const Wo = Math.floor((Wp - dW * (kW - 1) - 1) / sW) + 1;
  const out = zeros64([N, Cout, Ho, Wo]);
  for (let n = 0; n < N; n++) {
    for (let oc = 0; oc < Cout; oc++) {
      const g = Math.floor(oc / coutPerGroup);
      for (let oh = 0; oh < Ho; oh++) {
        for (let ow = 0; ow < Wo; ow++) {
          let sum = bias ? bias[oc] : 0;
          for (let i = 0; i < cinPerGroup; i++) {
            for (let kh = 0; kh < kH; kh++) {
              for (let kw = 0; kw < kW; kw++) {
                sum += xp.data[at(xp.shape, n, g * cinPerGroup + i, oh * sH + kh * dH, ow * sW + kw * dW)] *
                  w.data[at(w.shape, oc, i, kh, kw)];
              }
            }
          }
          out.data[at(out.shape, n, oc, oh, ow)] = sum;
        }
      }
    }
  }
  return out;
}
