import { conv2d, type Tensor } from '../../kernels/index.ts';
import { FEATURE_CHANNELS, FEATURE_KERNEL, featureConv } from './feature-conv.ts';
import type { Rng } from '../../util/random.ts';

/** One decoded photograph: `data` is `[3, height, width]`, values in [0, 1]. */
export interface RgbImage {
  name: string;
  height: number;
  width: number;
  data: Float32Array;
}

/** Photographs and their feature maps (the fixed conv applied once, "valid" — no padding). */
export interface PhotoPool {
  images: { name: string; rgb: Tensor; features: Tensor }[];
  /** The distribution shift applied to the RGB values before the conv. */
  shift: number;
  /** Largest crop size every image allows. */
  maxSize: number;
}

const MARGIN = FEATURE_KERNEL - 1;

/**
 * The distribution shift for photographs: an exposure and contrast change, rgb' = gain·rgb + offset
 * (no clipping, so it stays an exact affine change of the data).
 */
export function photoShift(shift: number): { gain: number; offset: number } {
  return { gain: 1 + 0.5 * shift, offset: 0.1 * shift };
}

/** Apply the shift, then the fixed conv to each whole image; crops of these maps are the batches. */
export function buildPhotoPool(images: readonly RgbImage[], shift: number): PhotoPool {
  if (images.length === 0) throw new Error('no images to sample from');
  const { weight, bias } = featureConv();
  const { gain, offset } = photoShift(shift);
  let maxSize = Infinity;
  const out = images.map((im) => {
    const data = new Float32Array(im.data.length);
    for (let i = 0; i < data.length; i++) data[i] = gain * im.data[i] + offset;
    const rgb: Tensor = { shape: [1, 3, im.height, im.width], data };
    const features = conv2d(rgb, weight, bias);
    maxSize = Math.min(maxSize, im.height - MARGIN, im.width - MARGIN);
    return { name: im.name, rgb, features };
  });
  return { images: out, shift, maxSize };
}

export interface PhotoBatch {
  /** Feature maps `[N, 4, S, S]`: the batch normalisation input. */
  x: Tensor;
  /** The RGB crops they came from, `[N, 3, S + 2, S + 2]`: conv2d(rgb) = x (the folding panel uses it). */
  rgb: Tensor;
  picks: { image: string; top: number; left: number }[];
}

/**
 * N random crops of size S×S (feature coordinates). Cropping the precomputed maps equals convolving the RGB crop
 * with its 1-pixel margin — the same 27-term sums (bit for bit with the JS kernel; a SIMD kernel may round in a
 * different order) — so a training step costs a copy, not a convolution.
 */
export function samplePhotoBatch(pool: PhotoPool, n: number, size: number, rng: Rng): PhotoBatch {
  if (size > pool.maxSize) {
    throw new Error(`crop size ${size} is larger than the smallest image allows (${pool.maxSize})`);
  }
  const C = FEATURE_CHANNELS;
  const rs = size + MARGIN;
  const x = new Float32Array(n * C * size * size);
  const rgb = new Float32Array(n * 3 * rs * rs);
  const picks: PhotoBatch['picks'] = [];
  for (let i = 0; i < n; i++) {
    const im = pool.images[rng.int(0, pool.images.length - 1)];
    const [, , fh, fw] = im.features.shape;
    const top = rng.int(0, fh - size);
    const left = rng.int(0, fw - size);
    picks.push({ image: im.name, top, left });
    for (let c = 0; c < C; c++) {
      for (let r = 0; r < size; r++) {
        const src = (c * fh + top + r) * fw + left;
        x.set(im.features.data.subarray(src, src + size), ((i * C + c) * size + r) * size);
      }
    }
    const [, , ih, iw] = im.rgb.shape;
    for (let c = 0; c < 3; c++) {
      for (let r = 0; r < rs; r++) {
        const src = (c * ih + top + r) * iw + left;
        rgb.set(im.rgb.data.subarray(src, src + rs), ((i * 3 + c) * rs + r) * rs);
      }
    }
  }
  return { x: { shape: [n, C, size, size], data: x }, rgb: { shape: [n, 3, rs, rs], data: rgb }, picks };
}
