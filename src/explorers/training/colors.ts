/** Okabe–Ito colours (distinguishable with the common colour-vision deficiencies), one per series. */
import type { UpsamplerKind } from '../../training/models.ts';

export const UPSAMPLER_COLORS: Record<UpsamplerKind, string> = {
  convT3: '#D55E00',
  convT4: '#E69F00',
  nearest: '#0072B2',
  bilinear: '#56B4E9',
  subpixel: '#CC79A7',
  'subpixel-icnr': '#009E73',
};

export const PLAIN_COLOR = '#D55E00';
export const BN_COLOR = '#0072B2';
