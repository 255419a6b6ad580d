import { conv2dInfo, type ConvOptions } from './params.ts';
import type { Tensor } from './tensor.ts';

/**
 * 2-D convolution (cross-correlation) with PyTorch's `F.conv2d` semantics.
 *
 * x: `[N, Cin, H, W]`, weight: `[Cout, Cin/groups, kH, kW]`, bias: `[Cout]` or null.
 * out[n, oc, oh, ow] = bias[oc] + Σ x[n, ic, oh·s − pad_top + kh·d, ow·s − pad_left + kw·d] · w[oc, ic', kh, kw]
 * with zero padding; `Ho = floor((H + pad_begin + pad_end − d·(kH − 1) − 1)/s) + 1` (PyTorch Conv2d docs).
 */
export function conv2d(
  input: Tensor,
  weight: Tensor,
  bias: Float32Array | null,
  opts: ConvOptions = {},
): Tensor {
  const info = conv2dInfo(input, weight, bias, opts);
  const { batch, inChannels, inH, inW, outChannels, outH, outW, kH, kW, strideH, strideW, dilationH, dilationW,
    padTop, padLeft, inPerGroup, outPerGroup } = info;
  const x = input.data;
  const w = weight.data;
  const out = new Float32Array(batch * outChannels * outH * outW);
  const outPlane = outH * outW;
  const inPlane = inH * inW;
  for (let n = 0; n < batch; n++) {
    for (let oc = 0; oc < outChannels; oc++) {
      const g = Math.floor(oc / outPerGroup);
      const oBase = (n * outChannels + oc) * outPlane;
      if (bias) out.fill(bias[oc], oBase, oBase + outPlane);
      for (let icg = 0; icg < inPerGroup; icg++) {
        const ic = g * inPerGroup + icg;
        const xBase = (n * inChannels + ic) * inPlane;
        const wBase = (oc * inPerGroup + icg) * kH * kW;
        for (let kh = 0; kh < kH; kh++) {
          const offH = kh * dilationH - padTop;
          const ohStart = Math.max(0, Math.ceil(-offH / strideH));
          const ohEnd = Math.min(outH, Math.floor((inH - 1 - offH) / strideH) + 1);
          for (let kw = 0; kw < kW; kw++) {
            const wv = w[wBase + kh * kW + kw];
            // No skip for wv === 0: PyTorch propagates NaN/Inf inputs through zero weights (0·Inf = NaN).
            const offW = kw * dilationW - padLeft;
            const owStart = Math.max(0, Math.ceil(-offW / strideW));
            const owEnd = Math.min(outW, Math.floor((inW - 1 - offW) / strideW) + 1);
            for (let oh = ohStart; oh < ohEnd; oh++) {
              const xRow = xBase + (oh * strideH + offH) * inW + offW;
              const oRow = oBase + oh * outW;
              for (let ow = owStart; ow < owEnd; ow++) {
                out[oRow + ow] += x[xRow + ow * strideW] * wv;
              }
            }
          }
        }
      }
    }
  }
  return { shape: [...info.outShape], data: out };
}
