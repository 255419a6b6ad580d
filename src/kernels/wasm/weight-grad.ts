/**
 * The contraction at the heart of a convolution's weight gradient, once the JavaScript side
 * (wasm-weight-grad.ts) has laid both operands out as rows over the same summation index K = (n, i, j):
 *
 *   out[m·rRows + r] += Σ_k a[m·kLen + k] · b[r·kLen + k]
 *
 * a: one row per "small" channel, b: one row per (big channel, kh, kw) — a transposed im2col. kLen is a multiple
 * of 4 with zeros in the padding of `a`, so every row is whole vectors. Tiles of 4 a-rows × 2 b-rows keep 8
 * accumulators, 6 loads per 8 multiply-adds, and every vector register in use without spilling.
 */
import { madd } from './simd';

@inline function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

@inline function addTo(at: usize, v: v128): void {
  store<f32>(at, load<f32>(at) + hsum(v));
}

function tile4x2(a: usize, b: usize, out: usize, rRows: i32, rowBytes: usize, bytes: usize): void {
  const a1 = a + rowBytes;
  const a2 = a1 + rowBytes;
  const a3 = a2 + rowBytes;
  const b1 = b + rowBytes;
  let s00 = f32x4.splat(0), s01 = f32x4.splat(0), s10 = f32x4.splat(0), s11 = f32x4.splat(0);
  let s20 = f32x4.splat(0), s21 = f32x4.splat(0), s30 = f32x4.splat(0), s31 = f32x4.splat(0);
  for (let q: usize = 0; q < bytes; q += 16) {
    const x0 = v128.load(b + q);
    const x1 = v128.load(b1 + q);
    const y0 = v128.load(a + q);
    s00 = madd(y0, x0, s00);
    s01 = madd(y0, x1, s01);
    const y1 = v128.load(a1 + q);
    s10 = madd(y1, x0, s10);
    s11 = madd(y1, x1, s11);
    const y2 = v128.load(a2 + q);
    s20 = madd(y2, x0, s20);
    s21 = madd(y2, x1, s21);
    const y3 = v128.load(a3 + q);
    s30 = madd(y3, x0, s30);
    s31 = madd(y3, x1, s31);
  }
  const row = <usize>rRows << 2;
  addTo(out, s00);
  addTo(out + 4, s01);
  addTo(out + row, s10);
  addTo(out + row + 4, s11);
  addTo(out + 2 * row, s20);
  addTo(out + 2 * row + 4, s21);
  addTo(out + 3 * row, s30);
  addTo(out + 3 * row + 4, s31);
}

function tile1x2(a: usize, b: usize, out: usize, rowBytes: usize, bytes: usize): void {
  const b1 = b + rowBytes;
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0);
  for (let q: usize = 0; q < bytes; q += 16) {
    const y = v128.load(a + q);
    s0 = madd(y, v128.load(b + q), s0);
    s1 = madd(y, v128.load(b1 + q), s1);
  }
  addTo(out, s0);
  addTo(out + 4, s1);
}

function tile4x1(a: usize, b: usize, out: usize, rRows: i32, rowBytes: usize, bytes: usize): void {
  const a1 = a + rowBytes;
  const a2 = a1 + rowBytes;
  const a3 = a2 + rowBytes;
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
  for (let q: usize = 0; q < bytes; q += 16) {
    const x = v128.load(b + q);
    s0 = madd(v128.load(a + q), x, s0);
    s1 = madd(v128.load(a1 + q), x, s1);
    s2 = madd(v128.load(a2 + q), x, s2);
    s3 = madd(v128.load(a3 + q), x, s3);
  }
  const row = <usize>rRows << 2;
  addTo(out, s0);
  addTo(out + row, s1);
  addTo(out + 2 * row, s2);
  addTo(out + 3 * row, s3);
}

function tile1x1(a: usize, b: usize, out: usize, bytes: usize): void {
  let s = f32x4.splat(0);
  for (let q: usize = 0; q < bytes; q += 16) s = madd(v128.load(a + q), v128.load(b + q), s);
  addTo(out, s);
}

/**
 * out[m][r] += a[m] · b[r] over rows of kLen floats (kLen a multiple of 4); out is [mRows][rRows]. The b rows
 * are the outer loop: each is read from memory once while all of `a` (one row per small channel) stays in cache.
 */
export function dotRows(a: usize, b: usize, out: usize, mRows: i32, rRows: i32, kLen: i32): void {
  const rowBytes = <usize>kLen << 2;
  const mFull = mRows & ~3;
  const rFull = rRows & ~1;
  for (let r = 0; r < rRows; r += r < rFull ? 2 : 1) {
    const br = b + <usize>r * rowBytes;
    const pair = r < rFull;
    for (let m = 0; m < mRows; m += m < mFull ? 4 : 1) {
      const am = a + <usize>m * rowBytes;
      const o = out + ((<usize>m * <usize>rRows + <usize>r) << 2);
      if (m < mFull) {
        if (pair) tile4x2(am, br, o, rRows, rowBytes, rowBytes);
        else tile4x1(am, br, o, rRows, rowBytes, rowBytes);
      } else if (pair) tile1x2(am, br, o, rowBytes, rowBytes);
      else tile1x1(am, br, o, rowBytes);
    }
  }
}

/**
 * Transposed im2col rows of one chunk of K: for each of `channels` big channels (from `firstChannel`) and each tap
 * (kh, kw), the rows (n, i) = t0 … t0 + rows − 1 of the big tensor as sampled by small positions j = 0 … rowLen − 1,
 * read contiguously from `padded`: planes [n][channel][column phase][hp][wq] with the padding already applied
 * (padPlanes / padSplit), so padded row i·sH + kh·dH, phase (kw·dW) mod sW, column j + (kw·dW) div sW.
 * `rowLen` is a multiple of 4; columns past the small tensor's width are copied too (they meet zeros in `a`).
 */
export function im2colRows(padded: usize, dst: usize, firstChannel: i32, channels: i32, bigChannels: i32,
  kH: i32, kW: i32, dH: i32, dW: i32, sH: i32, sW: i32, hp: i32, wq: i32, t0: i32, rows: i32, smallH: i32, rowLen: i32): void {
  const wqBytes = <usize>wq << 2;
  const phasePlane = <usize>hp * wqBytes;
  const plane = <usize>sW * phasePlane;
  const rowBytes = <usize>rowLen << 2;
  let d = dst;
  for (let c = 0; c < channels; c++) {
    for (let kh = 0; kh < kH; kh++) {
      for (let kw = 0; kw < kW; kw++) {
        const col = kw * dW;
        const tap = <usize>(col % sW) * phasePlane + <usize>(kh * dH) * wqBytes + (<usize>(col / sW) << 2);
        let n = t0 / smallH;
        let i = t0 - n * smallH;
        for (let t = 0; t < rows; t++) {
          const s = padded + <usize>(n * bigChannels + firstChannel + c) * plane + <usize>(i * sH) * wqBytes + tap;
          for (let q: usize = 0; q < rowBytes; q += 16) v128.store(d + q, v128.load(s + q));
          d += rowBytes;
          if (++i === smallH) {
            i = 0;
            n++;
          }
        }
      }
    }
  }
}

/**
 * The same product without the im2col copy: b row r of K-row t is read in place at
 * padded + rowOffs[t] + offs[r] (byte offsets from the JavaScript side: the sample's plane and row i·sH, then the
 * tap's channel plane, column phase, row kh·dH and column shift), rowLen floats each; a row m of K-row t likewise
 * at a + aOffs[t] + m·aStride (a zero-padded copy of the small tensor, rows of rowLen). Worth it when each b
 * element is used by few a rows, i.e. few small channels: the im2col copy would be written and read once.
 *   out[m][r] += Σ_t Σ_j a[aOffs[t] + m·aStride + 4j] · padded[rowOffs[t] + offs[r] + 4j]
 */
export function dotGather(a: usize, aOffs: usize, aStride: usize, padded: usize, rowOffs: usize, rows: i32, offs: usize,
  out: usize, mRows: i32, rRows: i32, rowLen: i32): void {
  const rowBytes = <usize>rowLen << 2;
  const mFull = mRows & ~3;
  const rFull = rRows & ~1;
  for (let r = 0; r < rRows; r += r < rFull ? 2 : 1) {
    const pair = r < rFull;
    const b0 = padded + <usize>load<i32>(offs + (<usize>r << 2));
    const b1 = pair ? padded + <usize>load<i32>(offs + (<usize>r << 2), 4) : b0;
    for (let m = 0; m < mRows; m += m < mFull ? 4 : 1) {
      const am = a + <usize>m * aStride;
      const o = out + ((<usize>m * <usize>rRows + <usize>r) << 2);
      if (m < mFull) gather4x2(am, aOffs, aStride, b0, b1, rowOffs, rows, rowBytes, o, rRows, pair);
      else gather1x2(am, aOffs, b0, b1, rowOffs, rows, rowBytes, o, pair);
    }
  }
}

function gather4x2(a: usize, aOffs: usize, aStride: usize, b0: usize, b1: usize, rowOffs: usize, rows: i32, rowBytes: usize,
  out: usize, rRows: i32, pair: bool): void {
  let s00 = f32x4.splat(0), s01 = f32x4.splat(0), s10 = f32x4.splat(0), s11 = f32x4.splat(0);
  let s20 = f32x4.splat(0), s21 = f32x4.splat(0), s30 = f32x4.splat(0), s31 = f32x4.splat(0);
  for (let t = 0; t < rows; t++) {
    const off = <usize>load<i32>(rowOffs + (<usize>t << 2));
    const pa = a + <usize>load<i32>(aOffs + (<usize>t << 2));
    const p0 = b0 + off;
    const p1 = b1 + off;
    for (let q: usize = 0; q < rowBytes; q += 16) {
      const x0 = v128.load(p0 + q);
      const x1 = v128.load(p1 + q);
      const y0 = v128.load(pa + q);
      s00 = madd(y0, x0, s00);
      s01 = madd(y0, x1, s01);
      const y1 = v128.load(pa + aStride + q);
      s10 = madd(y1, x0, s10);
      s11 = madd(y1, x1, s11);
      const y2 = v128.load(pa + 2 * aStride + q);
      s20 = madd(y2, x0, s20);
      s21 = madd(y2, x1, s21);
      const y3 = v128.load(pa + 3 * aStride + q);
      s30 = madd(y3, x0, s30);
      s31 = madd(y3, x1, s31);
    }
  }
  const row = <usize>rRows << 2;
  addTo(out, s00);
  addTo(out + row, s10);
  addTo(out + 2 * row, s20);
  addTo(out + 3 * row, s30);
  if (pair) {
    addTo(out + 4, s01);
    addTo(out + row + 4, s11);
    addTo(out + 2 * row + 4, s21);
    addTo(out + 3 * row + 4, s31);
  }
}

function gather1x2(a: usize, aOffs: usize, b0: usize, b1: usize, rowOffs: usize, rows: i32, rowBytes: usize, out: usize, pair: bool): void {
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0);
  for (let t = 0; t < rows; t++) {
    const off = <usize>load<i32>(rowOffs + (<usize>t << 2));
    const pa = a + <usize>load<i32>(aOffs + (<usize>t << 2));
    const p0 = b0 + off;
    const p1 = b1 + off;
    for (let q: usize = 0; q < rowBytes; q += 16) {
      const y = v128.load(pa + q);
      s0 = madd(y, v128.load(p0 + q), s0);
      s1 = madd(y, v128.load(p1 + q), s1);
    }
  }
  addTo(out, s0);
  if (pair) addTo(out + 4, s1);
}
