/**
 * Generic gather convolution, used for every conv2d and for the transposed convolutions the specialised
 * kernel does not cover (any stride, dilation, padding, kernel size). Both are written as
 *   out[oc, oh, j] = bias[oc] + Σ_(row taps of oh) Σ_(column taps of j's segment) Σ_ic x[ic, row, col] · w[oc, ic, tap]
 * over a padded input, so no tap ever needs a bounds check. The caller describes the geometry in tables:
 *
 * rows (per output row, `rowStride` bytes apart): [taps, (x row byte offset, kh·kW) × taps]
 * segs (`nSeg` entries, `segStride` bytes apart): [count, taps, dst byte offset, (x byte offset, kw) × taps]
 * Tap (kh, kw)'s weights start (kh·kW + kw)·tapBytes into the tile's weights.
 *
 * A segment is a run of outputs that read consecutive input columns: a whole output row for conv2d (strided
 * input is pre-split into column phases) and for stride-1 transposed convolution, one stride phase of a row
 * otherwise. In that case the segments are written to a row buffer and interleaved into the output row, by
 * `perm` (one int per output column) or, for strides 2 and 3, by vector shuffles (see interleaveRow).
 *
 * Weights are repacked by the caller as [kH][kW][Cin][OC]. Register tile: OC channels × 8 outputs.
 */
import { madd, store8, storeZip, storeZip3 } from './simd';

/** How segments reach the output row (the `mode` argument). */
export const DIRECT = 0; // the single segment is the output row
export const PERMUTE = 1; // row buffer; output column j = float at byte offset perm[j]
export const ZIP2 = 2; // row buffer; stride 2: perm[0], perm[1] are the byte offsets of the segments of columns ≡ 0, 1 (mod 2)
export const ZIP3 = 3; // row buffer; stride 3: perm[0 … 2] likewise for columns ≡ 0, 1, 2 (mod 3)

/** Copy one output row per channel from the row buffer (PERMUTE: scalar; ZIP2 / ZIP3: shuffles). */
@inline function interleaveRow(oc: i32, mode: i32, perm: usize, src: usize, srcPlane: usize, dst: usize, dstPlane: usize, outW: i32): void {
  for (let o = 0; o < oc; o++) {
    const from = src + <usize>o * srcPlane;
    const to = dst + <usize>o * dstPlane;
    if (mode == ZIP2) {
      const even = from + <usize>load<i32>(perm);
      const odd = from + <usize>load<i32>(perm, 4);
      // 8 outputs take 4 floats (16 bytes) from each segment: byte offset j·2.
      for (let j = 0; j < outW; j += 8) storeZip(to + (<usize>j << 2), v128.load(even + (<usize>j << 1)), v128.load(odd + (<usize>j << 1)), outW - j);
    } else if (mode == ZIP3) {
      const s0 = from + <usize>load<i32>(perm);
      const s1 = from + <usize>load<i32>(perm, 4);
      const s2 = from + <usize>load<i32>(perm, 8);
      // 12 outputs take 4 floats from each segment, starting at float j / 3.
      for (let j = 0, m: usize = 0; j < outW; j += 12, m += 16) {
        storeZip3(to + (<usize>j << 2), v128.load(s0 + m), v128.load(s1 + m), v128.load(s2 + m), outW - j);
      }
    } else {
      for (let j = 0; j < outW; j++) {
        store<f32>(to + (<usize>j << 2), load<f32>(from + <usize>load<i32>(perm + (<usize>j << 2))));
      }
    }
  }
}

export function gatherX4(
  cin: i32, x: usize, xPlane: i32, w: usize, bias: usize, outH: i32,
  rows: usize, rowStride: i32, segs: usize, nSeg: i32, segStride: i32,
  dst: usize, dstRow: i32, dstPlane: i32, mode: i32, perm: usize, out: usize, outW: i32, outPlane: i32, tapBytes: i32,
): void {
  const bias0 = v128.load32_splat(bias);
  const bias1 = v128.load32_splat(bias, 4);
  const bias2 = v128.load32_splat(bias, 8);
  const bias3 = v128.load32_splat(bias, 12);
  const xStep = <usize>xPlane << 2;
  const plane = <usize>dstPlane;
  for (let oh = 0; oh < outH; oh++) {
    const row = rows + <usize>(oh * rowStride);
    const rowTaps = load<i32>(row);
    const rowDst = dst + <usize>oh * <usize>dstRow;
    for (let s = 0; s < nSeg; s++) {
      const seg = segs + <usize>(s * segStride);
      const count = load<i32>(seg);
      const colTaps = load<i32>(seg, 4);
      const segDst = rowDst + <usize>load<i32>(seg, 8);
      for (let j = 0; j < count; j += 8) {
        let a0 = bias0, a1 = bias1, a2 = bias2, a3 = bias3;
        let c0 = bias0, c1 = bias1, c2 = bias2, c3 = bias3;
        for (let r = 0; r < rowTaps; r++) {
          const rx = x + <usize>load<i32>(row + (<usize>r << 3), 4) + (<usize>j << 2);
          const rw = load<i32>(row + (<usize>r << 3), 8);
          for (let t = 0; t < colTaps; t++) {
            let xp = rx + <usize>load<i32>(seg + (<usize>t << 3), 12);
            let wp = w + <usize>((rw + load<i32>(seg + (<usize>t << 3), 16)) * tapBytes);
            for (let i = 0; i < cin; i++) {
              const x0 = v128.load(xp);
              const x1 = v128.load(xp, 16);
              let v = v128.load32_splat(wp); a0 = madd(x0, v, a0); c0 = madd(x1, v, c0);
              v = v128.load32_splat(wp, 4); a1 = madd(x0, v, a1); c1 = madd(x1, v, c1);
              v = v128.load32_splat(wp, 8); a2 = madd(x0, v, a2); c2 = madd(x1, v, c2);
              v = v128.load32_splat(wp, 12); a3 = madd(x0, v, a3); c3 = madd(x1, v, c3);
              xp += xStep;
              wp += 16;
            }
          }
        }
        const n = count - j;
        const o = segDst + (<usize>j << 2);
        store8(o, a0, c0, n);
        store8(o + plane, a1, c1, n);
        store8(o + 2 * plane, a2, c2, n);
        store8(o + 3 * plane, a3, c3, n);
      }
    }
    if (mode != DIRECT) interleaveRow(4, mode, perm, dst, <usize>dstPlane, out + ((<usize>oh * <usize>outW) << 2), <usize>outPlane << 2, outW);
  }
}

export function gatherX1(
  cin: i32, x: usize, xPlane: i32, w: usize, bias: usize, outH: i32,
  rows: usize, rowStride: i32, segs: usize, nSeg: i32, segStride: i32,
  dst: usize, dstRow: i32, dstPlane: i32, mode: i32, perm: usize, out: usize, outW: i32, outPlane: i32, tapBytes: i32,
): void {
  const bias0 = v128.load32_splat(bias);
  const xStep = <usize>xPlane << 2;
  for (let oh = 0; oh < outH; oh++) {
    const row = rows + <usize>(oh * rowStride);
    const rowTaps = load<i32>(row);
    const rowDst = dst + <usize>oh * <usize>dstRow;
    for (let s = 0; s < nSeg; s++) {
      const seg = segs + <usize>(s * segStride);
      const count = load<i32>(seg);
      const colTaps = load<i32>(seg, 4);
      const segDst = rowDst + <usize>load<i32>(seg, 8);
      for (let j = 0; j < count; j += 8) {
        let a = bias0, c = bias0;
        for (let r = 0; r < rowTaps; r++) {
          const rx = x + <usize>load<i32>(row + (<usize>r << 3), 4) + (<usize>j << 2);
          const rw = load<i32>(row + (<usize>r << 3), 8);
          for (let t = 0; t < colTaps; t++) {
            let xp = rx + <usize>load<i32>(seg + (<usize>t << 3), 12);
            let wp = w + <usize>((rw + load<i32>(seg + (<usize>t << 3), 16)) * tapBytes);
            for (let i = 0; i < cin; i++) {
              const v = v128.load32_splat(wp);
              a = madd(v128.load(xp), v, a);
              c = madd(v128.load(xp, 16), v, c);
              xp += xStep;
              wp += 4;
            }
          }
        }
        store8(segDst + (<usize>j << 2), a, c, count - j);
      }
    }
    if (mode != DIRECT) interleaveRow(1, mode, perm, dst, <usize>dstPlane, out + ((<usize>oh * <usize>outW) << 2), <usize>outPlane << 2, outW);
  }
}
