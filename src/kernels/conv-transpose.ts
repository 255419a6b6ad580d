import { convTranspose2dInfo, type ConvTransposeOptions } from './params.ts';
import type { Tensor } from './tensor.ts';

/**
 * Transposed 2-D convolution with PyTorch's `F.conv_transpose2d` semantics.
 *
 * x: `[N, Cin, H, W]`, weight: `[Cin, Cout/groups, kH, kW]`, bias: `[Cout]` or null.
 * Output `[N, Cout, Ho, Wo]` with `Ho = (H − 1)·s − pad_begin − pad_end + d·(kH − 1) + output_padding + 1`
 * (PyTorch ConvTranspose2d docs; ONNX ConvTranspose with explicit pads).
 *
 * Each input pixel "paints" a kernel-sized stamp into the output: out[oh, ow] += x[ih, iw]·w[kh, kw] where
 * oh = ih·s − pad_top + kh·d. Rows are walked with precomputed valid ranges so the inner loop has no branches.
 */
export function convTranspose2d(
  input: Tensor,
  weight: Tensor,
  bias: Float32Array | null,
  opts: ConvTransposeOptions = {},
): Tensor {
  const info = convTranspose2dInfo(input, weight, bias, opts);
  const { batch, inChannels, inH, inW, outChannels, outH, outW, kH, kW, strideH, strideW, dilationH, dilationW,
    padTop, padLeft, groups, inPerGroup, outPerGroup } = info;
  const x = input.data;
  const w = weight.data;
  const out = new Float32Array(batch * outChannels * outH * outW);
  const outPlane = outH * outW;
  const inPlane = inH * inW;
  for (let n = 0; n < batch; n++) {
    for (let g = 0; g < groups; g++) {
      for (let ocg = 0; ocg < outPerGroup; ocg++) {
        const oc = g * outPerGroup + ocg;
        const oBase = (n * outChannels + oc) * outPlane;
        if (bias) out.fill(bias[oc], oBase, oBase + outPlane);
        for (let icg = 0; icg < inPerGroup; icg++) {
          const ic = g * inPerGroup + icg;
          const xBase = (n * inChannels + ic) * inPlane;
          const wBase = (ic * outPerGroup + ocg) * kH * kW;
          for (let kh = 0; kh < kH; kh++) {
            const offH = kh * dilationH - padTop;
            // valid ih: 0 ≤ ih·s + offH < outH
            const ihStart = Math.max(0, Math.ceil(-offH / strideH));
            const ihEnd = Math.min(inH, Math.floor((outH - 1 - offH) / strideH) + 1);
            for (let kw = 0; kw < kW; kw++) {
              const wv = w[wBase + kh * kW + kw];
              // No skip for wv === 0: PyTorch propagates NaN/Inf inputs through zero weights (0·Inf = NaN).
              const offW = kw * dilationW - padLeft;
              const iwStart = Math.max(0, Math.ceil(-offW / strideW));
              const iwEnd = Math.min(inW, Math.floor((outW - 1 - offW) / strideW) + 1);
              for (let ih = ihStart; ih < ihEnd; ih++) {
                const oRow = oBase + (ih * strideH + offH) * outW + offW;
                const xRow = xBase + ih * inW;
                for (let iw = iwStart; iw < iwEnd; iw++) {
                  out[oRow + iw * strideW] += x[xRow + iw] * wv;
                }
              }
            }
          }
        }
      }
    }
  }
  return { shape: [...info.outShape], data: out };
}
