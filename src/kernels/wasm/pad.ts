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
 * [stride][hp][wq]. Scalar: the input is small next to the convolution's work.
 */
export function padSplit(src: usize, dst: usize, planes: i32, h: i32, w: i32, hp: i32, wq: i32, top: i32, left: i32, stride: i32): void {
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
