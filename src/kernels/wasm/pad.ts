/**
 * Zero-padded copies of input planes. Convolution kernels read these instead of the raw input so that their
 * inner loops need no bounds checks: every tap that falls outside the image reads a zero from the border.
 */

/**
 * Copy `planes` planes of H×W floats from `src` into Hp×Wp planes at `dst`, the data starting at (top, left);
 * everything else is zeroed (the buffer is reused between calls, so stale values must be overwritten).
 * Rows are written with whole vectors, front to back: each vector that runs past its segment lands in a
 * region written later, so the result is exact. Needs 16 bytes of slack after both buffers.
 */
export function padPlanes(src: usize, dst: usize, planes: i32, h: i32, w: i32, hp: i32, wp: i32, top: i32, left: i32): void {
  const zero = f32x4.splat(0);
  const rowBytes = <usize>wp << 2;
  let d = dst;
  let s = src;
  for (let p = 0; p < planes; p++) {
    for (let r = 0; r < hp; r++) {
      const y = r - top;
      if (y < 0 || y >= h) {
        for (let i = 0; i < wp; i += 4) v128.store(d + (<usize>i << 2), zero);
      } else {
        for (let i = 0; i < left; i += 4) v128.store(d + (<usize>i << 2), zero);
        const dd = d + (<usize>left << 2);
        for (let i = 0; i < w; i += 4) v128.store(dd + (<usize>i << 2), v128.load(s + (<usize>i << 2)));
        for (let i = left + w; i < wp; i += 4) v128.store(d + (<usize>i << 2), zero);
        s += <usize>w << 2;
      }
      d += rowBytes;
    }
  }
}

/**
 * Padded copy split into `stride` column phases ("polyphase"): padded column c goes to phase c mod stride,
 * index c div stride, so a strided convolution reads contiguous vectors. dst layout per plane:
 * [stride][hp][wq]. Stride 2 (the common case) deinterleaves whole vectors; other strides copy scalar.
 */
export function padSplit(src: usize, dst: usize, planes: i32, h: i32, w: i32, hp: i32, wq: i32, top: i32, left: i32, stride: i32): void {
  if (stride == 2) {
    padSplit2(src, dst, planes, h, w, hp, wq, top, left);
    return;
  }
  let d = dst;
  for (let p = 0; p < planes; p++) {
    const plane = src + ((<usize>p * <usize>h * <usize>w) << 2);
    for (let ph = 0; ph < stride; ph++) {
      for (let r = 0; r < hp; r++) {
        const y = r - top;
        const valid = y >= 0 && y < h;
        const row = plane + ((<usize>y * <usize>w) << 2);
        for (let i = 0; i < wq; i++) {
          const x = i * stride + ph - left;
          store<f32>(d, valid && x >= 0 && x < w ? load<f32>(row + (<usize>x << 2)) : 0);
          d += 4;
        }
      }
    }
  }
}

/**
 * Stride 2: 8 padded columns 2i … 2i + 7 become 4 floats of each phase with two shuffles. Chunks that touch
 * the border, and the last columns of a row (a whole-vector store there would run into the next row, which may
 * already be written), are copied one float at a time with zeros outside the image.
 */
function padSplit2(src: usize, dst: usize, planes: i32, h: i32, w: i32, hp: i32, wq: i32, top: i32, left: i32): void {
  const phaseBytes = (<usize>hp * <usize>wq) << 2;
  for (let p = 0; p < planes; p++) {
    const plane = src + ((<usize>p * <usize>h * <usize>w) << 2);
    const even = dst + <usize>p * (phaseBytes << 1);
    for (let r = 0; r < hp; r++) {
      const y = r - top;
      const d0 = even + ((<usize>r * <usize>wq) << 2);
      const d1 = d0 + phaseBytes;
      if (y < 0 || y >= h) {
        memory.fill(d0, 0, <usize>wq << 2);
        memory.fill(d1, 0, <usize>wq << 2);
        continue;
      }
      const row = plane + ((<usize>y * <usize>w) << 2);
      let i = 0;
      for (; i + 4 <= wq; i += 4) {
        const x = 2 * i - left; // image column of padded column 2i
        if (x >= 0 && x + 8 <= w) {
          const a = v128.load(row + (<usize>x << 2));
          const b = v128.load(row + (<usize>x << 2), 16);
          v128.store(d0 + (<usize>i << 2), v128.shuffle<f32>(a, b, 0, 2, 4, 6));
          v128.store(d1 + (<usize>i << 2), v128.shuffle<f32>(a, b, 1, 3, 5, 7));
        } else {
          for (let k = i; k < i + 4; k++) splitPair(row, w, 2 * k - left, d0 + (<usize>k << 2), d1 + (<usize>k << 2));
        }
      }
      for (; i < wq; i++) splitPair(row, w, 2 * i - left, d0 + (<usize>i << 2), d1 + (<usize>i << 2));
    }
  }
}

/** Image columns x and x + 1 of `row` (zero outside 0 … w − 1) to the even and odd phase. */
@inline function splitPair(row: usize, w: i32, x: i32, even: usize, odd: usize): void {
  store<f32>(even, x >= 0 && x < w ? load<f32>(row + (<usize>x << 2)) : 0);
  store<f32>(odd, x + 1 >= 0 && x + 1 < w ? load<f32>(row + (<usize>(x + 1) << 2)) : 0);
}
