import type { Tensor } from '../../kernels/index.ts';
import { FEATURE_NAMES } from './feature-conv.ts';
import { buildPhotoPool, samplePhotoBatch, type PhotoPool, type RgbImage } from './photo-data.ts';
import { mixSeed, Rng } from '../../util/random.ts';
import { sampleSyntheticBatch, shiftSynthetic, type SyntheticSpec } from './synthetic.ts';

/** Where batches come from: photographs (the samples or the user's own) through the fixed conv, or synthetic maps. */
export type DataSpec =
  | { kind: 'photos'; images: readonly RgbImage[]; imagesId: number; seed: number }
  | { kind: 'synthetic'; spec: SyntheticSpec; seed: number };

export interface Batch {
  x: Tensor;
  /** The RGB input of the fixed conv (photographs only). */
  rgb: Tensor | null;
  /** Where each sample came from, for the caption. */
  origin: string[];
}

export function channelNames(spec: DataSpec): string[] {
  return spec.kind === 'photos' ? [...FEATURE_NAMES] : spec.spec.means.map((_, c) => `channel ${c}`);
}

/**
 * Draws batch `index` of `stream` for a data spec at a given distribution shift. Pools of feature maps are cached
 * per (images, shift) — a step then costs a crop, not a convolution — keeping the few most recent.
 */
export class BatchSource {
  private pools: { imagesId: number; shift: number; pool: PhotoPool }[] = [];

  pool(images: readonly RgbImage[], imagesId: number, shift: number): PhotoPool {
    const hit = this.pools.find((p) => p.imagesId === imagesId && p.shift === shift);
    if (hit) return hit.pool;
    const pool = buildPhotoPool(images, shift);
    this.pools = [{ imagesId, shift, pool }, ...this.pools].slice(0, 3);
    return pool;
  }

  draw(spec: DataSpec, shift: number, stream: number, index: number, n: number, size: number): Batch {
    const rng = new Rng(mixSeed(spec.seed, stream, index));
    if (spec.kind === 'synthetic') {
      return { x: sampleSyntheticBatch(shiftSynthetic(spec.spec, shift), n, size, rng), rgb: null, origin: [] };
    }
    const b = samplePhotoBatch(this.pool(spec.images, spec.imagesId, shift), n, size, rng);
    return { x: b.x, rgb: b.rgb, origin: b.picks.map((p) => `${p.image} at x ${p.left}, y ${p.top}`) };
  }

  /** Largest crop the current images allow (Infinity for synthetic data). */
  maxSize(spec: DataSpec): number {
    return spec.kind === 'photos' ? this.pool(spec.images, spec.imagesId, 0).maxSize : Infinity;
  }
}
