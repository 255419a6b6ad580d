/**
 * Plain typed-array version of the gather convolution described in conv-plan.ts: the path for engines
 * without WebAssembly SIMD, and the readable twin of wasm/gather.ts. Register tile: 4 output channels ×
 * 2 outputs (8 scalar accumulators, which TurboFan keeps in registers); remaining channels one at a time.
 * Each hot function touches only Float32Arrays (the integer tables are read into locals first).
 */
import type { GatherPlan } from './conv-plan.ts';
import type { ConvInfo } from './params.ts';

/** Copy `planes` input planes (H×W, from `src` at `srcOffset`) into the plan's zero-bordered layout. */
export function padInput(src: Float32Array, srcOffset: number, planes: number, inH: number, inW: number,
  plan: GatherPlan, dst: Float32Array): void {
  const { phases, rowLen, planeLen, padLeft } = plan;
  dst.fill(0, 0, planes * planeLen);
  for (let p = 0; p < planes; p++) {
    for (let r = 0; r < inH; r++) {
      const s = srcOffset + (p * inH + r) * inW;
      if (phases === 1) {
        dst.set(src.subarray(s, s + inW), p * planeLen + r * rowLen + padLeft);
        continue;
      }
      for (let c = 0; c < inW; c++) {
        const col = c + padLeft;
        const phase = col % phases;
        dst[p * planeLen + (phase * inH + r) * rowLen + (col - phase) / phases] = src[s + c];
      }
    }
  }
}

/**
 * Repack weights for output channels [oc0, oc0 + tile) into [kH][kW][Cin][tile], the order the kernels walk.
 * `at(ic, oc, kh, kw)` reads the original layout (conv2d and transposed conv differ).
 */
export function repackWeights(cin: number, kH: number, kW: number, oc0: number, tile: number,
  at: (ic: number, oc: number, kh: number, kw: number) => number, dst: Float32Array, dstOffset: number): void {
  let k = dstOffset;
  for (let kh = 0; kh < kH; kh++) {
    for (let kw = 0; kw < kW; kw++) {
      for (let ic = 0; ic < cin; ic++) {
        for (let o = 0; o < tile; o++) dst[k++] = at(ic, oc0 + o, kh, kw);
      }
    }
  }
}

/** Where one call's results go: `tile` planes of `outPlane` floats from `outOffset` (or the row buffer). */
export interface GatherTarget {
  out: Float32Array;
  outOffset: number;
  outPlane: number;
  outW: number;
  outH: number;
  rowBuf: Float32Array;
}

/**
 * Accumulate one tile of 4 output channels. `x`: padded input of this group, `w`: tile weights
 * [kH][kW][cin][4] from `wOffset`, `bias`: 4 values from `bOffset` (zeros when the layer has none).
 */
export function gatherTile4(plan: GatherPlan, cin: number, kW: number, x: Float32Array, w: Float32Array, wOffset: number,
  bias: Float32Array, bOffset: number, t: GatherTarget): void {
  const { rows, rowStride, segs, segStride, nSeg, planeLen, rowLen, perm } = plan;
  const direct = perm === null;
  const dst = direct ? t.out : t.rowBuf;
  const dstPlane = direct ? t.outPlane : plan.rowBufLen;
  const b0 = bias[bOffset], b1 = bias[bOffset + 1], b2 = bias[bOffset + 2], b3 = bias[bOffset + 3];
  const tapW = cin * 4;
  for (let oh = 0; oh < t.outH; oh++) {
    const rowTaps = rows[oh * rowStride];
    const rowDst = direct ? t.outOffset + oh * t.outW : 0;
    for (let s = 0; s < nSeg; s++) {
      const seg = s * segStride;
      const count = segs[seg];
      const colTaps = segs[seg + 1];
      const segDst = rowDst + segs[seg + 2];
      for (let j = 0; j < count; j += 2) {
        let a0 = b0, a1 = b1, a2 = b2, a3 = b3;
        let c0 = b0, c1 = b1, c2 = b2, c3 = b3;
        for (let r = 0; r < rowTaps; r++) {
          const rx = rows[oh * rowStride + 1 + 2 * r] * rowLen + j;
          const rw = wOffset + rows[oh * rowStride + 2 + 2 * r] * kW * tapW;
          for (let tap = 0; tap < colTaps; tap++) {
            let xp = rx + segs[seg + 3 + 2 * tap];
            let wp = rw + segs[seg + 4 + 2 * tap] * tapW;
            for (let i = 0; i < cin; i++) {
              const x0 = x[xp];
              const x1 = x[xp + 1];
              const w0 = w[wp], w1 = w[wp + 1], w2 = w[wp + 2], w3 = w[wp + 3];
              a0 += x0 * w0; c0 += x1 * w0;
              a1 += x0 * w1; c1 += x1 * w1;
              a2 += x0 * w2; c2 += x1 * w2;
              a3 += x0 * w3; c3 += x1 * w3;
              xp += planeLen;
              wp += 4;
            }
          }
        }
        const o = segDst + j;
        dst[o] = a0; dst[o + dstPlane] = a1; dst[o + 2 * dstPlane] = a2; dst[o + 3 * dstPlane] = a3;
        if (j + 1 < count) {
          dst[o + 1] = c0; dst[o + 1 + dstPlane] = c1; dst[o + 1 + 2 * dstPlane] = c2; dst[o + 1 + 3 * dstPlane] = c3;
        }
      }
    }
    if (!direct) interleaveRow(t.rowBuf, plan.rowBufLen, perm, t.out, t.outOffset + oh * t.outW, t.outPlane, 4);
  }
}

/** One output channel; same loops as gatherTile4 with a 1 × 2 register tile. */
export function gatherTile1(plan: GatherPlan, cin: number, kW: number, x: Float32Array, w: Float32Array, wOffset: number,
  bias: Float32Array, bOffset: number, t: GatherTarget): void {
  const { rows, rowStride, segs, segStride, nSeg, planeLen, rowLen, perm } = plan;
  const direct = perm === null;
  const dst = direct ? t.out : t.rowBuf;
  const b0 = bias[bOffset];
  for (let oh = 0; oh < t.outH; oh++) {
    const rowTaps = rows[oh * rowStride];
    const rowDst = direct ? t.outOffset + oh * t.outW : 0;
    for (let s = 0; s < nSeg; s++) {
      const seg = s * segStride;
      const count = segs[seg];
      const colTaps = segs[seg + 1];
      const segDst = rowDst + segs[seg + 2];
      for (let j = 0; j < count; j += 2) {
        let a = b0;
        let c = b0;
        for (let r = 0; r < rowTaps; r++) {
          const rx = rows[oh * rowStride + 1 + 2 * r] * rowLen + j;
          const rw = wOffset + rows[oh * rowStride + 2 + 2 * r] * kW * cin;
          for (let tap = 0; tap < colTaps; tap++) {
            let xp = rx + segs[seg + 3 + 2 * tap];
            let wp = rw + segs[seg + 4 + 2 * tap] * cin;
            for (let i = 0; i < cin; i++) {
              const wv = w[wp];
              a += x[xp] * wv;
              c += x[xp + 1] * wv;
              xp += planeLen;
              wp += 1;
            }
          }
        }
        dst[segDst + j] = a;
        if (j + 1 < count) dst[segDst + j + 1] = c;
      }
    }
    if (!direct) interleaveRow(t.rowBuf, plan.rowBufLen, perm, t.out, t.outOffset + oh * t.outW, t.outPlane, 1);
  }
}

/** Scatter the row buffer's phase segments into `tile` output rows: out[j] = rowBuf[perm[j]]. */
function interleaveRow(rowBuf: Float32Array, rowBufLen: number, perm: Int32Array, out: Float32Array, outRow: number,
  outPlane: number, tile: number): void {
  const outW = perm.length;
  for (let o = 0; o < tile; o++) {
    const src = o * rowBufLen;
    const dst = outRow + o * outPlane;
    for (let j = 0; j < outW; j++) out[dst + j] = rowBuf[src + perm[j]];
  }
}

/** Reads weight (ic, oc, kh, kw) of one group in the layer's own layout (both indices group-local). */
export type WeightAt = (group: number) => (ic: number, oc: number, kh: number, kw: number) => number;

/**
 * A whole conv2d / transposed convolution through the gather kernels: per group, repack the weights into
 * tiles; per image and group, pad the input once and run every tile over it.
 */
export function gatherConvJs(info: ConvInfo, plan: GatherPlan, x: Float32Array, weightAt: WeightAt,
  bias: Float32Array | null): Float32Array {
  const { batch, inChannels, inH, inW, outChannels, outH, outW, kH, kW, groups, inPerGroup: cin, outPerGroup } = info;
  const out = new Float32Array(batch * outChannels * outH * outW);
  const padded = new Float32Array(cin * plan.planeLen);
  // Tiles of 4 output channels, then single channels for the remainder.
  const full = outPerGroup - (outPerGroup & 3);
  const tileAt = (oc: number): number => (oc < full ? 4 : 1);
  const tileWeights = new Float32Array(outPerGroup * cin * kH * kW);
  const biasAll = bias ?? new Float32Array(outChannels);
  const target: GatherTarget = {
    out, outOffset: 0, outPlane: outH * outW, outW, outH, rowBuf: new Float32Array(plan.rowBufLen * 4),
  };
  const tapsPerChannel = cin * kH * kW;
  for (let g = 0; g < groups; g++) {
    const at = weightAt(g);
    for (let oc = 0; oc < outPerGroup; oc += tileAt(oc)) {
      repackWeights(cin, kH, kW, oc, tileAt(oc), at, tileWeights, oc * tapsPerChannel);
    }
    for (let n = 0; n < batch; n++) {
      padInput(x, (n * inChannels + g * cin) * inH * inW, cin, inH, inW, plan, padded);
      for (let oc = 0; oc < outPerGroup; oc += tileAt(oc)) {
        target.outOffset = (n * outChannels + g * outPerGroup + oc) * outH * outW;
        const kernel = tileAt(oc) === 4 ? gatherTile4 : gatherTile1;
        kernel(plan, cin, kW, padded, tileWeights, oc * tapsPerChannel, biasAll, g * outPerGroup + oc, target);
      }
    }
  }
  return out;
}
