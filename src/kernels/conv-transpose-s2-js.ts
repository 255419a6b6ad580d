/**
 * JavaScript twin of wasm/conv-transpose-s2.ts: transposed convolution with column stride 2, dilation 1 and
 * kernel width 2–4, for layers with fewer than 4 output channels per group (e.g. one image channel), where
 * the generic tiles have nothing to share. Per input column q it computes both output columns of the pair
 * (the two stride phases) in registers and stores them straight into the output, with no row buffer.
 *
 * Weights are zero-padded to 4 taps per kernel row, so one formula per pad parity covers kW = 2, 3, 4
 * (a padded tap multiplies a real input by 0, which is only wrong for NaN/±Inf inputs: those go elsewhere):
 *   even pad: out[2q] += x[q]·w0 + x[q−1]·w2,  out[2q+1] += x[q]·w1 + x[q−1]·w3   (column t = ow + pad)
 *   odd pad:  out[2q] += x[q]·w1 + x[q−1]·w3,  out[2q+1] += x[q+1]·w0 + x[q]·w2
 */
import { allFinite } from './conv-direct.ts';
import { convTransposeRows, convTransposeS2Columns, type GatherPlan } from './conv-plan.ts';
import { convTransposeWeights, padInput } from './gather-js.ts';
import type { ConvInfo } from './params.ts';

/** Null unless this layer is one the fused-phase kernel handles. */
export function convTransposeS2Js(info: ConvInfo, x: Float32Array, w: Float32Array, bias: Float32Array | null): Float32Array | null {
  const cols = convTransposeS2Columns(info);
  if (cols === null || info.outPerGroup >= 4 || !allFinite(x)) return null;
  const { batch, inChannels, inH, inW, outChannels, outH, outW, kH, kW, groups, inPerGroup: cin, outPerGroup } = info;
  const { rows, rowStride } = convTransposeRows(info);
  const geometry = { phases: 1, rowLen: cols.rowLen, planeLen: inH * cols.rowLen, padLeft: cols.padLeft } as GatherPlan;
  const padded = new Float64Array(cin * geometry.planeLen);
  const weights = new Float64Array(kH * cin * 4);
  const out = new Float32Array(batch * outChannels * outH * outW);
  const row = (cols.pattern & 1) === 0 ? rowEven : rowOdd;
  for (let g = 0; g < groups; g++) {
    const at = convTransposeWeights(info, w)(g);
    for (let n = 0; n < batch; n++) {
      padInput(x, (n * inChannels + g * cin) * inH * inW, cin, inH, inW, geometry, padded);
      for (let oc = 0; oc < outPerGroup; oc++) {
        for (let kh = 0, k = 0; kh < kH; kh++) {
          for (let ic = 0; ic < cin; ic++) for (let kw = 0; kw < 4; kw++) weights[k++] = kw < kW ? at(ic, oc, kh, kw) : 0;
        }
        const c = g * outPerGroup + oc;
        const b = bias ? bias[c] : 0;
        for (let oh = 0; oh < outH; oh++) {
          row(rows, oh * rowStride, cin, cols.rowLen, geometry.planeLen, cols.firstCol, padded, weights, b, out, ((n * outChannels + c) * outH + oh) * outW, outW);
        }
      }
    }
  }
  return out;
}

/** One output row, even pad_left. `rows[r0]` = taps, then (input row, kh) pairs; x column of q is q + firstCol. */
function rowEven(rows: Int32Array, r0: number, cin: number, rowLen: number, planeLen: number, firstCol: number,
  x: Float64Array, w: Float64Array, bias: number, out: Float32Array, o: number, outW: number): void {
  const taps = rows[r0];
  for (let ow = 0; ow < outW; ow += 2) {
    let a = bias;
    let c = bias;
    for (let t = 0; t < taps; t++) {
      let xp = rows[r0 + 1 + 2 * t] * rowLen + firstCol + (ow >> 1);
      let wp = rows[r0 + 2 + 2 * t] * cin * 4;
      for (let i = 0; i < cin; i++) {
        const x0 = x[xp];
        const xm = x[xp - 1];
        a += x0 * w[wp] + xm * w[wp + 2];
        c += x0 * w[wp + 1] + xm * w[wp + 3];
        xp += planeLen;
        wp += 4;
      }
    }
    out[o + ow] = a;
    if (ow + 1 < outW) out[o + ow + 1] = c;
  }
}

/** One output row, odd pad_left (see the formulas at the top). */
function rowOdd(rows: Int32Array, r0: number, cin: number, rowLen: number, planeLen: number, firstCol: number,
  x: Float64Array, w: Float64Array, bias: number, out: Float32Array, o: number, outW: number): void {
  const taps = rows[r0];
  for (let ow = 0; ow < outW; ow += 2) {
    let a = bias;
    let c = bias;
    for (let t = 0; t < taps; t++) {
      let xp = rows[r0 + 1 + 2 * t] * rowLen + firstCol + (ow >> 1);
      let wp = rows[r0 + 2 + 2 * t] * cin * 4;
      for (let i = 0; i < cin; i++) {
        const x0 = x[xp];
        a += x0 * w[wp + 1] + x[xp - 1] * w[wp + 3];
        c += x[xp + 1] * w[wp] + x0 * w[wp + 2];
        xp += planeLen;
        wp += 4;
      }
    }
    out[o + ow] = a;
    if (ow + 1 < outW) out[o + ow + 1] = c;
  }
}
