/**
 * Straightforward loops for the rare layers whose weights hold NaN or ±Inf. The fast kernels multiply the
 * zero padding around the input too (that is what removes their bounds checks), and 0·Inf = NaN would then
 * leak into border outputs that PyTorch's transposed convolution never touches. Here every product is
 * exactly one PyTorch forms: the transposed convolution paints real input pixels only, the convolution
 * multiplies its zero padding as im2col does (so Inf weights give NaN at padded borders, as in PyTorch and ORT).
 */
import type { ConvInfo } from './params.ts';

/**
 * True when no value is NaN or ±Inf: v·0 is 0 for every finite v and NaN otherwise. Four independent sums beat a
 * `Number.isFinite` test per value, which matters where the check reads a whole activation tensor before a fast
 * kernel (resize-conv, the weight gradient's result).
 */
export function allFinite(v: Float32Array): boolean {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const n4 = v.length & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    s0 += v[i] * 0;
    s1 += v[i + 1] * 0;
    s2 += v[i + 2] * 0;
    s3 += v[i + 3] * 0;
  }
  for (; i < v.length; i++) s0 += v[i] * 0;
  return s0 + s1 + s2 + s3 === 0;
}

/** out[oh = ih·s − pad + kh·d, ow = …] += x[ih, iw] · w[ic, oc, kh, kw] for every in-range target. */
export function convTranspose2dDirect(info: ConvInfo, x: Float32Array, w: Float32Array, bias: Float32Array | null): Float32Array {
  const { batch, inChannels, inH, inW, outChannels, outH, outW, kH, kW, strideH, strideW, dilationH, dilationW,
    padTop, padLeft, groups, inPerGroup, outPerGroup } = info;
  const out = new Float32Array(batch * outChannels * outH * outW);
  for (let n = 0; n < batch; n++) {
    for (let g = 0; g < groups; g++) {
      for (let ocg = 0; ocg < outPerGroup; ocg++) {
        const oc = g * outPerGroup + ocg;
        const oBase = (n * outChannels + oc) * outH * outW;
        if (bias) out.fill(bias[oc], oBase, oBase + outH * outW);
        for (let icg = 0; icg < inPerGroup; icg++) {
          const ic = g * inPerGroup + icg;
          const xBase = (n * inChannels + ic) * inH * inW;
          const wBase = (ic * outPerGroup + ocg) * kH * kW;
          for (let ih = 0; ih < inH; ih++) {
            for (let kh = 0; kh < kH; kh++) {
              const oh = ih * strideH - padTop + kh * dilationH;
              if (oh < 0 || oh >= outH) continue;
              for (let iw = 0; iw < inW; iw++) {
                const v = x[xBase + ih * inW + iw];
                for (let kw = 0; kw < kW; kw++) {
                  const ow = iw * strideW - padLeft + kw * dilationW;
                  if (ow >= 0 && ow < outW) out[oBase + oh * outW + ow] += v * w[wBase + kh * kW + kw];
                }
              }
            }
          }
        }
      }
    }
  }
  return out;
}

/** out[oh, ow] = bias + Σ xPadded[oh·s + kh·d, ow·s + kw·d] · w[oc, ic, kh, kw], padding read as 0. */
export function conv2dDirect(info: ConvInfo, x: Float32Array, w: Float32Array, bias: Float32Array | null): Float32Array {
  const { batch, inChannels, inH, inW, outChannels, outH, outW, kH, kW, strideH, strideW, dilationH, dilationW,
    padTop, padLeft, inPerGroup, outPerGroup } = info;
  const out = new Float32Array(batch * outChannels * outH * outW);
  for (let n = 0; n < batch; n++) {
    for (let oc = 0; oc < outChannels; oc++) {
      const g = Math.floor(oc / outPerGroup);
      for (let oh = 0; oh < outH; oh++) {
        for (let ow = 0; ow < outW; ow++) {
          let acc = bias ? bias[oc] : 0;
          for (let icg = 0; icg < inPerGroup; icg++) {
            const xBase = (n * inChannels + g * inPerGroup + icg) * inH * inW;
            const wBase = (oc * inPerGroup + icg) * kH * kW;
            for (let kh = 0; kh < kH; kh++) {
              const ih = oh * strideH - padTop + kh * dilationH;
              for (let kw = 0; kw < kW; kw++) {
                const iw = ow * strideW - padLeft + kw * dilationW;
                const v = ih >= 0 && ih < inH && iw >= 0 && iw < inW ? x[xBase + ih * inW + iw] : 0;
                acc += v * w[wBase + kh * kW + kw];
              }
            }
          }
          out[((n * outChannels + oc) * outH + oh) * outW + ow] = acc;
        }
      }
    }
  }
  return out;
}
