import type { Tensor } from '../tensor.ts';
import { at, zeros32 } from './layout.ts';

/**
 * The pieces of the textbook identity "the transpose of a convolution is a convolution of a zero-padded
 * input": insert zeros between pixels, pad (or crop), flip the kernel. Pure data movement — no arithmetic —
 * so the results are exact and can be fed to the fast kernels.
 */

/** Put `stride − 1` zeros between neighbouring pixels: `[N, C, H, W] → [N, C, (H−1)·sH + 1, (W−1)·sW + 1]`. */
export function zeroInsert(x: Tensor, stride: readonly [number, number]): Tensor {
  const [n, c, h, w] = x.shape;
  const [sH, sW] = stride;
  const out = zeros32([n, c, (h - 1) * sH + 1, (w - 1) * sW + 1]);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < c; b++) {
      for (let i = 0; i < h; i++) {
        for (let j = 0; j < w; j++) out.data[at(out.shape, a, b, i * sH, j * sW)] = x.data[at(x.shape, a, b, i, j)];
      }
    }
  }
  return out;
}

/**
 * Zero-pad by `[top, left, bottom, right]`; a negative amount crops that many rows/columns instead
 * (the transposed conv's padding can exceed d·(k − 1), which turns the equivalent conv's padding negative).
 */
export function pad(x: Tensor, padding: readonly [number, number, number, number]): Tensor {
  const [n, c, h, w] = x.shape;
  const [top, left, bottom, right] = padding;
  const out = zeros32([n, c, h + top + bottom, w + left + right]);
  const [, , oh, ow] = out.shape;
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < c; b++) {
      for (let i = 0; i < oh; i++) {
        for (let j = 0; j < ow; j++) {
          const si = i - top;
          const sj = j - left;
          if (si >= 0 && si < h && sj >= 0 && sj < w) out.data[at(out.shape, a, b, i, j)] = x.data[at(x.shape, a, b, si, sj)];
        }
      }
    }
  }
  return out;
}

/**
 * Turn a transposed-conv weight `[Cin, Cout/groups, kH, kW]` into the conv2d weight `[Cout, Cin/groups, kH, kW]`
 * that computes the same map on the zero-inserted, padded input: rotate each kernel by 180° and swap the
 * in/out channel roles within each group.
 */
export function flipKernelSwapInOut(weight: Tensor, groups: number): Tensor {
  const [cin, coutPerGroup, kH, kW] = weight.shape;
  const cinPerGroup = cin / groups;
  const out = zeros32([coutPerGroup * groups, cinPerGroup, kH, kW]);
  for (let g = 0; g < groups; g++) {
    for (let i = 0; i < cinPerGroup; i++) {
      for (let o = 0; o < coutPerGroup; o++) {
        for (let kh = 0; kh < kH; kh++) {
          for (let kw = 0; kw < kW; kw++) {
            out.data[at(out.shape, g * coutPerGroup + o, i, kH - 1 - kh, kW - 1 - kw)] =
              weight.data[at(weight.shape, g * cinPerGroup + i, o, kh, kw)];
          }
        }
      }
    }
  }
  return out;
}
