/**
 * Transposed convolution of layers with very few output channels (e.g. a single-channel image), specialised
 * for column stride 2, column dilation 1 and kernel widths 2, 3, 4. Gather form with stride-phase
 * decomposition: output column t = ow + pad_left = 2q + phase reads only the taps kw ≡ phase (mod 2), at
 * input column q − (kw − phase)/2.
 *
 * One call computes all rows of one output channel. A chunk of 8 consecutive outputs is two 4-lane
 * accumulators: `a` for even output columns, `c` for odd ones, which have different phases; both read the
 * same input vectors (columns q−1, q, q+1), and are interleaved with two shuffles on store, so there is no
 * row buffer. Which phase the even columns have depends on the parity of pad_left, hence the *_EVEN/*_ODD
 * pairs. (With ≥ 4 output channels the generic gather kernel is faster: its 4-channel tile shares each input
 * vector across more accumulators than this kernel's fused phases can.)
 *
 * Rows are generic: `rows` holds, per output row, the number of kernel rows that hit it and for each the
 * byte offset of the input row and the kernel row kh (any row stride, dilation or padding).
 * Weights are repacked by the caller as [kH][Cin][4]: one vector per (ic, kh) holding kw = 0..3 (zero
 * beyond kW), so kernel row kh starts `kh · khBytes` bytes into the channel's weights.
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

/** `x`: padded input at row 0 and the column of q for output column 0; `xPlane`: floats between input channels. */
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
