import type { Tensor } from '../../kernels/index.ts';

/**
 * The fixed 3×3 convolution that turns photographs into "real feature maps" (RGB in [0, 1] → 4 channels).
 * Hand-picked so that the channels differ the way a trained layer's channels do — in mean, in spread, and in how
 * strongly they correlate — which is exactly what batch normalisation reacts to. On the six sample photographs
 * (longest side 128 px) the channels have means ≈ 0.43, 0.11, 0.00, −0.50, spreads ≈ 0.21, 0.21, 0.42, 0.10, and
 * the two edge channels correlate at ≈ 0.76.
 */
export const FEATURE_CHANNELS = 4;
export const FEATURE_KERNEL = 3;

export const FEATURE_NAMES = ['brightness', 'red − blue', 'vertical edges', 'diagonal edges'] as const;

export const FEATURE_DESCRIPTIONS = [
  '3×3 average of luminance (0.299 R + 0.587 G + 0.114 B)',
  'red minus blue at the centre pixel',
  'Sobel filter across x on luminance: responds to vertical edges',
  'diagonal Sobel ÷ 4 on luminance, bias −0.5',
] as const;

const LUMA = [0.299, 0.587, 0.114];
const BOX = [1, 1, 1, 1, 1, 1, 1, 1, 1].map((v) => v / 9);
const SOBEL_X = [-1, 0, 1, -2, 0, 2, -1, 0, 1];
const DIAGONAL = [-2, -1, 0, -1, 0, 1, 0, 1, 2].map((v) => v / 4);

/** Weight `[Cout=4, Cin=3, 3, 3]` (PyTorch Conv2d layout) and bias `[4]`. Fresh arrays on every call. */
export function featureConv(): { weight: Tensor; bias: Float32Array } {
  const w = new Float32Array(FEATURE_CHANNELS * 3 * 9);
  const put = (oc: number, ic: number, taps: readonly number[], scale: number) => {
    for (let t = 0; t < 9; t++) w[(oc * 3 + ic) * 9 + t] = taps[t] * scale;
  };
  for (let ic = 0; ic < 3; ic++) {
    put(0, ic, BOX, LUMA[ic]);
    put(2, ic, SOBEL_X, LUMA[ic]);
    put(3, ic, DIAGONAL, LUMA[ic]);
  }
  w[(1 * 3 + 0) * 9 + 4] = 1; // red, centre tap
  w[(1 * 3 + 2) * 9 + 4] = -1; // minus blue, centre tap
  return {
    weight: { shape: [FEATURE_CHANNELS, 3, FEATURE_KERNEL, FEATURE_KERNEL], data: w },
    bias: Float32Array.from([0, 0, 0, -0.5]),
  };
}
