/**
 * The model page's URL state: which shipped reference model is listed (a link to it reloads it) and the node last
 * opened (highlighted on return). The user's own file is never in the URL.
 */
import type { Schema } from '../../state/schema.ts';

/** The models scripts/gen_models.py exports into public/models/ (schema.test.ts checks the folder). */
export const REFERENCE_NAMES = [
  'dcgan-generator', 'espcn', 'unet-block', 'dcgan-block', 'resize-conv-block', 'subpixel-block', 'odd-conv-transpose',
] as const;
export type ReferenceName = (typeof REFERENCE_NAMES)[number];

/** What each reference model is, for its button's title. */
export const REFERENCE_MODELS: Record<ReferenceName, string> = {
  'dcgan-generator': 'DCGAN generator (Radford et al. 2015): latent 16×1×1 → 3×32×32 image, four ConvTranspose 4×4 with BatchNorm',
  espcn: 'ESPCN super-resolution (Shi et al. 2016): three Conv on the luminance, PixelShuffle ×3',
  'unet-block': 'One U-Net level (Ronneberger et al. 2015): Conv, max-pool, Conv, ConvTranspose 2×2 up, concatenation with the skip, Conv',
  'dcgan-block': 'DCGAN block: ConvTranspose 4×4 stride 2 → BatchNorm → ReLU',
  'resize-conv-block': 'resize-convolution: nearest ×2 → Conv 3×3',
  'subpixel-block': 'sub-pixel: Conv 3×3 → PixelShuffle ×2',
  'odd-conv-transpose': 'ConvTranspose with every attribute non-default',
};

export const modelSchema = {
  ref: { kind: 'enum', default: 'none', values: ['none', ...REFERENCE_NAMES], label: 'reference model' },
  node: { kind: 'int', default: -1, min: -1, max: 1_000_000, label: 'node last opened' },
} as const satisfies Schema;
