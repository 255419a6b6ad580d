/**
 * Backward passes of resize (nearest, bilinear) and pixel shuffle over NCHW planes; the JavaScript side is
 * src/kernels/wasm-resize-backward.ts. A resize is separable, y = R·x·Cᵀ with R: [outH, inH] and C: [outW, inW],
 * so ∂L/∂x = Rᵀ·g·C, computed per input row in gather form: first the sum of the output-gradient rows that read
 * it (whole rows, vectorised), then along the width, each input column summing the output columns that read it.
 * No scatter and no read-modify-write of the result. Sums run in float32, as in PyTorch's CPU backward.
 *
 * Both axes arrive as transposed tables ("taps"): `idx[i] … idx[i + 1]` index the 8-byte entries (byte offset of
 * the output row or column, float32 weight) that read input row or column i, in increasing output order.
 * Entries of weight 0 are kept, so an infinite gradient spreads NaN exactly as the four-way scatter does.
 */
import { copyRow } from './resize';
import { madd } from './simd';

/** Column layouts: every column through the taps, nearest ×2 (pairs of columns), bilinear ×2 with half-pixel centres. */
const COLS_TABLE = 0;
const COLS_NEAREST2 = 1;
const COLS_LINEAR2 = 2;

/** dst[i] = Σ w·src[o] over the taps of input columns from … to − 1, starting from 0 as an accumulated gradient does. */
@inline function gatherCols(src: usize, dst: usize, idx: usize, ent: usize, from: i32, to: i32): void {
  for (let i = from; i < to; i++) {
    const e = load<i32>(idx + (<usize>i << 2), 4);
    let acc: f32 = 0;
    for (let s = load<i32>(idx + (<usize>i << 2)); s < e; s++) {
      const t = ent + (<usize>s << 3);
      acc += load<f32>(t, 4) * load<f32>(src + <usize>load<i32>(t));
    }
    store<f32>(dst + (<usize>i << 2), acc);
  }
}

/**
 * ∂L/∂x of a resize over `planes` planes: g [planes, outH, outW] → dx [planes, inH, inW]. Row taps address
 * rows of g by byte offset within the plane; `buf` holds one row of outW floats. cols = COLS_LINEAR2 also needs
 * the two ×2 weights: `near` (¾, for the output columns either side of an input column's centre) and `far` (¼).
 */
export function resizeBackward(g: usize, dx: usize, planes: i32, outH: i32, outW: i32, inH: i32, inW: i32,
  rowIdx: usize, rowEnt: usize, cols: i32, colIdx: usize, colEnt: usize, near: f32, far: f32, buf: usize): void {
  const outPlane = (<usize>outH * <usize>outW) << 2;
  const inRow = <usize>inW << 2;
  let dst = dx;
  for (let p = 0; p < planes; p++) {
    const plane = g + <usize>p * outPlane;
    for (let ih = 0; ih < inH; ih++) {
      const s0 = load<i32>(rowIdx + (<usize>ih << 2));
      const s1 = load<i32>(rowIdx + (<usize>ih << 2), 4);
      if (s0 == s1) {
        // No output row reads this input row (downscaling): its gradient is zero, whatever the width does.
        memory.fill(dst, 0, inRow);
        dst += inRow;
        continue;
      }
      let ow = 0;
      for (; ow + 8 <= outW; ow += 8) {
        let a = f32x4.splat(0);
        let b = f32x4.splat(0);
        for (let s = s0; s < s1; s++) {
          const t = rowEnt + (<usize>s << 3);
          const src = plane + <usize>load<i32>(t) + (<usize>ow << 2);
          const w = v128.load32_splat(t, 4);
          a = madd(v128.load(src), w, a);
          b = madd(v128.load(src, 16), w, b);
        }
        v128.store(buf + (<usize>ow << 2), a);
        v128.store(buf + (<usize>ow << 2), b, 16);
      }
      for (; ow < outW; ow++) {
        let acc: f32 = 0;
        for (let s = s0; s < s1; s++) {
          const t = rowEnt + (<usize>s << 3);
          acc += load<f32>(t, 4) * load<f32>(plane + <usize>load<i32>(t) + (<usize>ow << 2));
        }
        store<f32>(buf + (<usize>ow << 2), acc);
      }
      let iw = 0;
      if (cols == COLS_NEAREST2) {
        for (; iw + 4 <= inW; iw += 4) {
          const q = buf + (<usize>iw << 3);
          const u = v128.load(q);
          const v = v128.load(q, 16);
          v128.store(dst + (<usize>iw << 2), f32x4.add(v128.shuffle<f32>(u, v, 0, 2, 4, 6), v128.shuffle<f32>(u, v, 1, 3, 5, 7)));
        }
      } else if (cols == COLS_LINEAR2) {
        // Input column k (0 < k < inW − 1) is read by output columns 2k − 1 … 2k + 2 with weights ¼ ¾ ¾ ¼: one
        // window of 10 floats from column 2k − 1 feeds four input columns, split into its even and odd lanes.
        // Column 1 also has a tap of weight 0 (output 0 reads it with λ = 0) and goes through the table, so that
        // an infinite gradient there still turns into NaN.
        gatherCols(buf, dst, colIdx, colEnt, 0, 2);
        const wn = f32x4.splat(near);
        const wf = f32x4.splat(far);
        iw = 2;
        for (; iw + 5 <= inW; iw += 4) {
          const q = buf + (<usize>(2 * iw - 1) << 2);
          const v0 = v128.load(q);
          const v1 = v128.load(q, 16);
          const v2 = v128.load(q, 8);
          const v3 = v128.load(q, 24);
          let acc = f32x4.mul(v128.shuffle<f32>(v0, v1, 0, 2, 4, 6), wf);
          acc = madd(v128.shuffle<f32>(v0, v1, 1, 3, 5, 7), wn, acc);
          acc = madd(v128.shuffle<f32>(v2, v3, 0, 2, 4, 6), wn, acc);
          acc = madd(v128.shuffle<f32>(v2, v3, 1, 3, 5, 7), wf, acc);
          v128.store(dst + (<usize>iw << 2), acc);
        }
      }
      gatherCols(buf, dst, colIdx, colEnt, iw, inW);
      dst += inRow;
    }
  }
}

/**
 * ∂L/∂x of `pixel_shuffle` (PyTorch `pixel_unshuffle`) over `planes` planes of g [h·r, w·r]: row h·r + i of g
 * is dealt out, column w·r + j to row h of plane i·r + j of its group of r² dx planes. r = 2 splits even and odd
 * lanes with vector shuffles.
 */
export function pixelUnshuffle(g: usize, dx: usize, planes: i32, r: i32, h: i32, w: i32): void {
  const dxPlaneBytes = (<usize>h * <usize>w) << 2;
  const outH = h * r;
  let src = g;
  for (let p = 0; p < planes; p++) {
    const group = dx + <usize>p * <usize>(r * r) * dxPlaneBytes;
    for (let oy = 0; oy < outH; oy++) {
      const i = oy % r;
      const dst = group + <usize>(i * r) * dxPlaneBytes + ((<usize>(oy / r) * <usize>w) << 2);
      if (r == 1) {
        copyRow(dst, src, w);
      } else if (r == 2) {
        const b = dst + dxPlaneBytes;
        let k = 0;
        for (; k + 4 <= w; k += 4) {
          const q = <usize>k << 2;
          const u = v128.load(src + (q << 1));
          const v = v128.load(src + (q << 1), 16);
          v128.store(dst + q, v128.shuffle<f32>(u, v, 0, 2, 4, 6));
          v128.store(b + q, v128.shuffle<f32>(u, v, 1, 3, 5, 7));
        }
        for (; k < w; k++) {
          const q = <usize>k << 2;
          store<f32>(dst + q, load<f32>(src + (q << 1)));
          store<f32>(b + q, load<f32>(src + (q << 1), 4));
        }
      } else {
        for (let j = 0; j < r; j++) {
          const d = dst + <usize>j * dxPlaneBytes;
          let s = src + (<usize>j << 2);
          const step = <usize>r << 2;
          for (let k = 0; k < w; k++) {
            store<f32>(d + (<usize>k << 2), load<f32>(s));
            s += step;
          }
        }
      }
      src += (<usize>w * <usize>r) << 2;
    }
  }
}
