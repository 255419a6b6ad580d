import type { Tensor } from '../tensor.ts';
import { at, zeros64, type Tensor64 } from './layout.ts';

/**
 * `F.interpolate(x, scale_factor, mode)` written from PyTorch's index formulas (aten/src/ATen/native/UpSample.h),
 * output size floor(in · scale). Bilinear is evaluated in float64; nearest keeps PyTorch's float32 arithmetic
 * because it picks a pixel — rounding there changes *which* pixel, not a digit in the 7th place.
 */
export function naiveUpsample2d(
  x: Tensor,
  scale: readonly [number, number],
  mode: 'nearest' | 'bilinear',
  alignCorners: boolean,
): Tensor64 {
  const [N, C, H, W] = x.shape;
  const Ho = Math.floor(H * scale[0]);
  const Wo = Math.floor(W * scale[1]);
  const out = zeros64([N, C, Ho, Wo]);
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      for (let oh = 0; oh < Ho; oh++) {
        for (let ow = 0; ow < Wo; ow++) {
          const get = (h: number, w: number) => x.data[at(x.shape, n, c, h, w)];
          let v: number;
          if (mode === 'nearest') {
            v = get(nearestIndex(oh, H, Ho, scale[0]), nearestIndex(ow, W, Wo, scale[1]));
          } else {
            const [h0, h1, ly] = linearSource(oh, H, Ho, scale[0], alignCorners);
            const [w0, w1, lx] = linearSource(ow, W, Wo, scale[1], alignCorners);
            const top = (1 - lx) * get(h0, w0) + lx * get(h0, w1);
            const bottom = (1 - lx) * get(h1, w0) + lx * get(h1, w1);
            v = (1 - ly) * top + ly * bottom;
          }
          out.data[at(out.shape, n, c, oh, ow)] = v;
        }
      }
    }
  }
  return out;
}

/**
 * The backward pass of `naiveUpsample2d`, as its transpose: each output gradient is added to the input pixels that
 * output read, with the weights it read them with (float64). `inShape`: x's shape; g: ∂L/∂y in the output's shape.
 */
export function naiveUpsample2dBackward(
  inShape: readonly number[],
  g: { shape: readonly number[]; data: ArrayLike<number> },
  scale: readonly [number, number],
  mode: 'nearest' | 'bilinear',
  alignCorners: boolean,
): Tensor64 {
  const [N, C, H, W] = inShape;
  const [, , Ho, Wo] = g.shape;
  const dx = zeros64(inShape);
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      for (let oh = 0; oh < Ho; oh++) {
        for (let ow = 0; ow < Wo; ow++) {
          const v = g.data[at(g.shape, n, c, oh, ow)];
          const add = (h: number, w: number, weight: number) => {
            dx.data[at(inShape, n, c, h, w)] += weight * v;
          };
          if (mode === 'nearest') {
            add(nearestIndex(oh, H, Ho, scale[0]), nearestIndex(ow, W, Wo, scale[1]), 1);
          } else {
            const [h0, h1, ly] = linearSource(oh, H, Ho, scale[0], alignCorners);
            const [w0, w1, lx] = linearSource(ow, W, Wo, scale[1], alignCorners);
            add(h0, w0, (1 - ly) * (1 - lx));
            add(h0, w1, (1 - ly) * lx);
            add(h1, w0, ly * (1 - lx));
            add(h1, w1, ly * lx);
          }
        }
      }
    }
  }
  return dx;
}

/** PyTorch's `nearest_idx`, including its two legacy shortcuts (same size → copy, double size → index >> 1). */
export function nearestIndex(o: number, inSize: number, outSize: number, scale: number): number {
  if (outSize === inSize) return o;
  if (outSize === 2 * inSize) return o >> 1;
  const inv = Math.fround(1 / scale); // compute_scales_value<float>: (float)(1.0 / scale)
  return Math.min(Math.floor(Math.fround(o * inv)), inSize - 1); // floorf(dst_index * scale)
}

/**
 * `area_pixel_compute_source_index`: align_corners maps corner to corner, src = o·(in − 1)/(out − 1) (0 when out = 1);
 * otherwise pixel centres line up, src = (o + ½)/scale − ½, clamped at 0. Returns [lower, upper, weight of upper].
 * An axis whose size does not change is copied whatever the scale (PyTorch 1.13, checked against F.interpolate).
 */
export function linearSource(o: number, inSize: number, outSize: number, scale: number, alignCorners: boolean): [number, number, number] {
  // `compute_source_index_and_lambda` (UpSampleKernel.cpp): an axis whose size does not change is copied.
  if (outSize === inSize) return [o, o, 0];
  const src = alignCorners
    ? (outSize > 1 ? (o * (inSize - 1)) / (outSize - 1) : 0)
    : Math.max(0, (o + 0.5) / scale - 0.5);
  const lower = Math.min(Math.floor(src), inSize - 1);
  const upper = Math.min(lower + 1, inSize - 1);
  return [lower, upper, Math.min(src - lower, 1)];
}

/** `F.pixel_shuffle`: input channel c·r² + i·r + j moves to output pixel (h·r + i, w·r + j) of channel c. */
export function naivePixelShuffle(x: Tensor, r: number): Tensor64 {
  const [N, Cin, H, W] = x.shape;
  const out = zeros64([N, Cin / (r * r), H * r, W * r]);
  for (let n = 0; n < N; n++) {
    for (let ci = 0; ci < Cin; ci++) {
      const c = Math.floor(ci / (r * r));
      const i = Math.floor((ci % (r * r)) / r);
      const j = ci % r;
      for (let h = 0; h < H; h++) {
        for (let w = 0; w < W; w++) out.data[at(out.shape, n, c, h * r + i, w * r + j)] = x.data[at(x.shape, n, ci, h, w)];
      }
    }
  }
  return out;
}
