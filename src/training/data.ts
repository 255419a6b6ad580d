/**
 * Seeded, deterministic training data for the two demos. Same seed → same batches, in the browser and in Node.
 *
 * Demo 1 (checkerboards): crops of real photographs (public/images, decoded by png.ts), target values in
 * [−1, 1], and as input the same crop shrunk by area averaging — the network must paint the detail back.
 * Demo 2 (batch norm): oriented gratings in noise, four classes (0°, 45°, 90°, 135°), with random contrast and
 * brightness so the raw inputs are neither centred nor scaled — the setting where normalisation matters.
 */
import type { Tensor } from '../kernels/tensor.ts';
import type { Rng } from '../util/random.ts';

export interface GreyImage {
  name: string;
  width: number;
  height: number;
  /** Row-major values in [0, 1]. */
  data: Float32Array;
}

/** Shrink by an integer factor, averaging each factor×factor block (cropping any remainder). */
export function areaDownsample(img: GreyImage, factor: number): GreyImage {
  const width = Math.floor(img.width / factor);
  const height = Math.floor(img.height / factor);
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let s = 0;
      for (let dy = 0; dy < factor; dy++) {
        for (let dx = 0; dx < factor; dx++) s += img.data[(y * factor + dy) * img.width + x * factor + dx];
      }
      data[y * width + x] = s / (factor * factor);
    }
  }
  return { name: img.name, width, height, data };
}

export interface SuperResolutionBatch {
  /** `[B, 1, size/factor, size/factor]`: the crops shrunk by `factor`. */
  input: Tensor;
  /** `[B, 1, size, size]`: the crops, values 2·grey − 1. */
  target: Tensor;
}

/** `batch` random size×size crops (image chosen at random too), and their area-shrunk versions. */
export function superResolutionBatch(rng: Rng, images: readonly GreyImage[], size: number, factor: number, batch: number): SuperResolutionBatch {
  if (images.length === 0) throw new Error('no images to crop from');
  if (size % factor !== 0) throw new Error(`crop size ${size} must be a multiple of the upsampling factor ${factor}`);
  const small = size / factor;
  const target = new Float32Array(batch * size * size);
  const input = new Float32Array(batch * small * small);
  for (let b = 0; b < batch; b++) {
    const img = images[rng.below(images.length)];
    if (img.width < size || img.height < size) throw new Error(`image ${img.name} (${img.width}×${img.height}) is smaller than the ${size}×${size} crop`);
    const x0 = rng.below(img.width - size + 1);
    const y0 = rng.below(img.height - size + 1);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) target[(b * size + y) * size + x] = 2 * img.data[(y0 + y) * img.width + x0 + x] - 1;
    }
    for (let y = 0; y < small; y++) {
      for (let x = 0; x < small; x++) {
        let s = 0;
        for (let dy = 0; dy < factor; dy++) {
          for (let dx = 0; dx < factor; dx++) s += target[(b * size + y * factor + dy) * size + x * factor + dx];
        }
        input[(b * small + y) * small + x] = s / (factor * factor);
      }
    }
  }
  return { input: { shape: [batch, 1, small, small], data: input }, target: { shape: [batch, 1, size, size], data: target } };
}

export const GRATING_CLASSES = ['0°', '45°', '90°', '135°'] as const;

export interface ClassificationBatch {
  /** `[B, 1, size, size]` */
  input: Tensor;
  /** One class index per image. */
  labels: Int32Array;
}

/**
 * Oriented gratings: class k has stripes at k·45° (± 8°), frequency 0.12–0.28 cycles/pixel, random phase,
 * contrast 0.5–2, brightness offset −1…3, plus white noise of std 0.5.
 */
export function gratingBatch(rng: Rng, size: number, batch: number): ClassificationBatch {
  const input = new Float32Array(batch * size * size);
  const labels = new Int32Array(batch);
  for (let b = 0; b < batch; b++) {
    const k = rng.below(GRATING_CLASSES.length);
    labels[b] = k;
    const theta = (k * Math.PI) / 4 + (rng.uniform() - 0.5) * (Math.PI / 11);
    const freq = 0.12 + 0.16 * rng.uniform();
    const phase = 2 * Math.PI * rng.uniform();
    const contrast = 0.5 + 1.5 * rng.uniform();
    const offset = -1 + 4 * rng.uniform();
    const cx = Math.cos(theta);
    const sy = Math.sin(theta);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const v = offset + contrast * Math.sin(2 * Math.PI * freq * (x * cx + y * sy) + phase) + 0.5 * rng.normal();
        input[(b * size + y) * size + x] = v;
      }
    }
  }
  return { input: { shape: [batch, 1, size, size], data: input }, labels };
}
