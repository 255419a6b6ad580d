/**
 * Transposed convolution, specialised for column stride 2, column dilation 1 and kernel widths 2, 3, 4
 * (the common upsampling layers). Gather form with stride-phase decomposition: output column
 * t = ow + pad_left = 2q + phase reads only the taps kw ≡ phase (mod 2), at input column q − (kw − phase)/2.
 *
 * One call computes all rows of a tile of 4 (or 1) output channels. A chunk of 8 consecutive outputs is
 * two 4-lane accumulators per channel: `a` for even output columns, `c` for odd ones, which have different
 * phases; both read the same input vectors (columns q−1, q, q+1), and are interleaved with two shuffles on
 * store. Which phase the even columns have depends on the parity of pad_left, hence the *_EVEN/*_ODD pairs.
 *
 * Rows are generic: `rows` holds, per output row, the number of kernel rows that hit it and for each the
 * byte offset of the input row and the kernel row kh (any row stride, dilation or padding).
 * Weights are repacked by the caller as [kH][Cin][OC][4]: one vector per (ic, oc, kh) holding kw = 0..3,
 * so kernel row kh starts `kh · khBytes` bytes into the tile's weights.
 */
import { madd, lane0, lane1, lane2, lane3, storeZip } from './simd';

export const K2_EVEN = 0;
export const K2_ODD = 1;
export const K3_EVEN = 2;
export const K3_ODD = 3;
export const K4_EVEN = 4;
export const K4_ODD = 5;

// Per pattern: update of the even-column accumulator (A) and the odd-column one (C) from one weight row `v`
// and the input vectors at column offsets −1 (xm), 0 (x0) and +1 (x1).
@inline function k2eA(a: v128, v: v128, xm: v128, x0: v128, x1: v128): v128 { return madd(x0, lane0(v), a); }
@inline function k2eC(c: v128, v: v128, xm: v128, x0: v128, x1: v128): v128 { return madd(x0, lane1(v), c); }
@inline function k2oA(a: v128, v: v128, xm: v128, x0: v128, x1: v128): v128 { return madd(x0, lane1(v), a); }
@inline function k2oC(c: v128, v: v128, xm: v128, x0: v128, x1: v128): v128 { return madd(x1, lane0(v), c); }
@inline function k3eA(a: v128, v: v128, xm: v128, x0: v128, x1: v128): v128 { return madd(xm, lane2(v), madd(x0, lane0(v), a)); }
@inline function k3eC(c: v128, v: v128, xm: v128, x0: v128, x1: v128): v128 { return madd(x0, lane1(v), c); }
@inline function k3oA(a: v128, v: v128, xm: v128, x0: v128, x1: v128): v128 { return madd(x0, lane1(v), a); }
@inline function k3oC(c: v128, v: v128, xm: v128, x0: v128, x1: v128): v128 { return madd(x0, lane2(v), madd(x1, lane0(v), c)); }
@inline function k4eA(a: v128, v: v128, xm: v128, x0: v128, x1: v128): v128 { return madd(xm, lane2(v), madd(x0, lane0(v), a)); }
@inline function k4eC(c: v128, v: v128, xm: v128, x0: v128, x1: v128): v128 { return madd(xm, lane3(v), madd(x0, lane1(v), c)); }
@inline function k4oA(a: v128, v: v128, xm: v128, x0: v128, x1: v128): v128 { return madd(xm, lane3(v), madd(x0, lane1(v), a)); }
@inline function k4oC(c: v128, v: v128, xm: v128, x0: v128, x1: v128): v128 { return madd(x0, lane2(v), madd(x1, lane0(v), c)); }

/**
 * Four output channels. `x`: address of the padded input at row 0 and the column of q for output column 0;
 * `xPlane`: floats between input channels; `out`: first output plane of the tile.
 */
export function convTransposeS2x4(
  pattern: i32, cin: i32, x: usize, xPlane: i32, w: usize, bias: usize,
  out: usize, outH: i32, outW: i32, rows: usize, rowStride: i32, khBytes: i32,
): void {
  const bias0 = v128.load32_splat(bias);
  const bias1 = v128.load32_splat(bias, 4);
  const bias2 = v128.load32_splat(bias, 8);
  const bias3 = v128.load32_splat(bias, 12);
  const plane = (<usize>outH * <usize>outW) << 2;
  const xStep = <usize>xPlane << 2;
  for (let oh = 0; oh < outH; oh++) {
    const row = rows + <usize>(oh * rowStride);
    const taps = load<i32>(row);
    const o = out + ((<usize>oh * <usize>outW) << 2);
    for (let ow = 0; ow < outW; ow += 8) {
      let a0 = bias0, a1 = bias1, a2 = bias2, a3 = bias3;
      let c0 = bias0, c1 = bias1, c2 = bias2, c3 = bias3;
      // 8 outputs advance 4 input columns = ow/2 floats = 2·ow bytes.
      const xc = x + (<usize>ow << 1);
      for (let t = 0; t < taps; t++) {
        let xp = xc + <usize>load<i32>(row + (<usize>t << 3), 4);
        let wp = w + <usize>(load<i32>(row + (<usize>t << 3), 8) * khBytes);
        switch (pattern) {
          case K2_EVEN: for (let i = 0; i < cin; i++) {
            const xm = f32x4.splat(0), x0 = v128.load(xp), x1 = xm;
            let v = v128.load(wp); a0 = k2eA(a0, v, xm, x0, x1); c0 = k2eC(c0, v, xm, x0, x1);
            v = v128.load(wp, 16); a1 = k2eA(a1, v, xm, x0, x1); c1 = k2eC(c1, v, xm, x0, x1);
            v = v128.load(wp, 32); a2 = k2eA(a2, v, xm, x0, x1); c2 = k2eC(c2, v, xm, x0, x1);
            v = v128.load(wp, 48); a3 = k2eA(a3, v, xm, x0, x1); c3 = k2eC(c3, v, xm, x0, x1);
            xp += xStep; wp += 64;
          } break;
          case K2_ODD: for (let i = 0; i < cin; i++) {
            const xm = f32x4.splat(0), x0 = v128.load(xp), x1 = v128.load(xp, 4);
            let v = v128.load(wp); a0 = k2oA(a0, v, xm, x0, x1); c0 = k2oC(c0, v, xm, x0, x1);
            v = v128.load(wp, 16); a1 = k2oA(a1, v, xm, x0, x1); c1 = k2oC(c1, v, xm, x0, x1);
            v = v128.load(wp, 32); a2 = k2oA(a2, v, xm, x0, x1); c2 = k2oC(c2, v, xm, x0, x1);
            v = v128.load(wp, 48); a3 = k2oA(a3, v, xm, x0, x1); c3 = k2oC(c3, v, xm, x0, x1);
            xp += xStep; wp += 64;
          } break;
          case K3_EVEN: for (let i = 0; i < cin; i++) {
            const xm = v128.load(xp - 4), x0 = v128.load(xp), x1 = x0;
            let v = v128.load(wp); a0 = k3eA(a0, v, xm, x0, x1); c0 = k3eC(c0, v, xm, x0, x1);
            v = v128.load(wp, 16); a1 = k3eA(a1, v, xm, x0, x1); c1 = k3eC(c1, v, xm, x0, x1);
            v = v128.load(wp, 32); a2 = k3eA(a2, v, xm, x0, x1); c2 = k3eC(c2, v, xm, x0, x1);
            v = v128.load(wp, 48); a3 = k3eA(a3, v, xm, x0, x1); c3 = k3eC(c3, v, xm, x0, x1);
            xp += xStep; wp += 64;
          } break;
          case K3_ODD: for (let i = 0; i < cin; i++) {
            const x0 = v128.load(xp), x1 = v128.load(xp, 4), xm = x0;
            let v = v128.load(wp); a0 = k3oA(a0, v, xm, x0, x1); c0 = k3oC(c0, v, xm, x0, x1);
            v = v128.load(wp, 16); a1 = k3oA(a1, v, xm, x0, x1); c1 = k3oC(c1, v, xm, x0, x1);
            v = v128.load(wp, 32); a2 = k3oA(a2, v, xm, x0, x1); c2 = k3oC(c2, v, xm, x0, x1);
            v = v128.load(wp, 48); a3 = k3oA(a3, v, xm, x0, x1); c3 = k3oC(c3, v, xm, x0, x1);
            xp += xStep; wp += 64;
          } break;
          case K4_EVEN: for (let i = 0; i < cin; i++) {
            const xm = v128.load(xp - 4), x0 = v128.load(xp), x1 = x0;
            let v = v128.load(wp); a0 = k4eA(a0, v, xm, x0, x1); c0 = k4eC(c0, v, xm, x0, x1);
            v = v128.load(wp, 16); a1 = k4eA(a1, v, xm, x0, x1); c1 = k4eC(c1, v, xm, x0, x1);
            v = v128.load(wp, 32); a2 = k4eA(a2, v, xm, x0, x1); c2 = k4eC(c2, v, xm, x0, x1);
            v = v128.load(wp, 48); a3 = k4eA(a3, v, xm, x0, x1); c3 = k4eC(c3, v, xm, x0, x1);
            xp += xStep; wp += 64;
          } break;
          default: for (let i = 0; i < cin; i++) { // K4_ODD
            const xm = v128.load(xp - 4), x0 = v128.load(xp), x1 = v128.load(xp, 4);
            let v = v128.load(wp); a0 = k4oA(a0, v, xm, x0, x1); c0 = k4oC(c0, v, xm, x0, x1);
            v = v128.load(wp, 16); a1 = k4oA(a1, v, xm, x0, x1); c1 = k4oC(c1, v, xm, x0, x1);
            v = v128.load(wp, 32); a2 = k4oA(a2, v, xm, x0, x1); c2 = k4oC(c2, v, xm, x0, x1);
            v = v128.load(wp, 48); a3 = k4oA(a3, v, xm, x0, x1); c3 = k4oC(c3, v, xm, x0, x1);
            xp += xStep; wp += 64;
          }
        }
      }
      const n = outW - ow;
      const d = o + (<usize>ow << 2);
      storeZip(d, a0, c0, n);
      storeZip(d + plane, a1, c1, n);
      storeZip(d + 2 * plane, a2, c2, n);
      storeZip(d + 3 * plane, a3, c3, n);
    }
  }
}

/** One output channel (channel counts that are not a multiple of 4, and single-channel images). */
export function convTransposeS2x1(
  pattern: i32, cin: i32, x: usize, xPlane: i32, w: usize, bias: usize,
  out: usize, outH: i32, outW: i32, rows: usize, rowStride: i32, khBytes: i32,
): void {
  const bias0 = v128.load32_splat(bias);
  const xStep = <usize>xPlane << 2;
  for (let oh = 0; oh < outH; oh++) {
    const row = rows + <usize>(oh * rowStride);
    const taps = load<i32>(row);
    const o = out + ((<usize>oh * <usize>outW) << 2);
    for (let ow = 0; ow < outW; ow += 8) {
      let a = bias0, c = bias0;
      const xc = x + (<usize>ow << 1);
      for (let t = 0; t < taps; t++) {
        let xp = xc + <usize>load<i32>(row + (<usize>t << 3), 4);
        let wp = w + <usize>(load<i32>(row + (<usize>t << 3), 8) * khBytes);
        for (let i = 0; i < cin; i++) {
          const xm = v128.load(xp - 4), x0 = v128.load(xp), x1 = v128.load(xp, 4);
          const v = v128.load(wp);
          switch (pattern) {
            case K2_EVEN: a = k2eA(a, v, xm, x0, x1); c = k2eC(c, v, xm, x0, x1); break;
            case K2_ODD: a = k2oA(a, v, xm, x0, x1); c = k2oC(c, v, xm, x0, x1); break;
            case K3_EVEN: a = k3eA(a, v, xm, x0, x1); c = k3eC(c, v, xm, x0, x1); break;
            case K3_ODD: a = k3oA(a, v, xm, x0, x1); c = k3oC(c, v, xm, x0, x1); break;
            case K4_EVEN: a = k4eA(a, v, xm, x0, x1); c = k4eC(c, v, xm, x0, x1); break;
            default: a = k4oA(a, v, xm, x0, x1); c = k4oC(c, v, xm, x0, x1);
          }
          xp += xStep; wp += 16;
        }
      }
      storeZip(o + (<usize>ow << 2), a, c, outW - ow);
    }
  }
}
