/**
 * The sample input the model page runs the user's whole model on: one of our photographs (or an image the user
 * drops) resized to the model's input, or — for inputs that are not images (a GAN's latent vector, feature maps with
 * other channel counts) — a seeded standard-normal tensor. Pure apart from `imagePixels` (canvas).
 */
import type { Tensor } from '../../kernels/index.ts';
import type { Dim, ModelProto } from '../../onnx/index.ts';
import { mulberry32 } from '../../util/random.ts';

/** The photographs in public/images/ (licences in images/LICENSES.md). */
export const PHOTOS = ['cat', 'camera', 'astronaut', 'coffee', 'rocket', 'brick'] as const;
/** Size taken for a spatial dimension the file leaves open. */
export const OPEN_SIDE = 64;
/** ImageNet statistics, which torchvision's models are trained with: a 3-channel photograph is normalised so. */
const MEAN = [0.485, 0.456, 0.406];
const STD = [0.229, 0.224, 0.225];

export interface SamplePlan {
  /** The graph input fed. */
  name: string;
  shape: number[];
  /** A photograph (1 or 3 channels, spatial), or seeded noise. */
  kind: 'image' | 'noise';
}

/**
 * What to feed: the model's one data input (graph inputs that are not initializers) at a size with open
 * dimensions filled in (batch 1, spatial OPEN_SIDE), or why the model is not run as a whole.
 */
export function samplePlan(model: ModelProto): SamplePlan | { reason: string } {
  const stored = new Set(model.graph.initializers.map((t) => t.name));
  const data = model.graph.inputs.filter((i) => !stored.has(i.name));
  if (data.length !== 1) return { reason: `the model has ${data.length} inputs; Layer Lab runs whole models with one` };
  const { name, elemType, shape: dims } = data[0];
  if (elemType !== 1) return { reason: `its input "${name}" is not a float32 tensor` };
  if (!dims || dims.length < 2 || dims.length > 4) return { reason: `its input "${name}" has ${dims ? `rank ${dims.length}` : 'no declared shape'}; a sample is made for [N, C], [N, C, L] or [N, C, H, W]` };
  if (typeof dims[1] !== 'number') return { reason: `its input "${name}" leaves the channel count open` };
  const shape = dims.map((d: Dim, i) => (typeof d === 'number' && d > 0 ? d : i === 0 ? 1 : OPEN_SIDE));
  const spatial = shape.slice(2).reduce((a, b) => a * b, 1);
  const kind = shape.length === 4 && (shape[1] === 1 || shape[1] === 3) && spatial >= 16 ? 'image' : 'noise';
  return { name, shape, kind };
}

/** A seeded N(0, 1) tensor (Box–Muller): a GAN generator's latent vector is drawn so. */
export function noiseTensor(shape: readonly number[], seed: number): Tensor {
  const rand = mulberry32(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  return { shape: [...shape], data };
}

/**
 * RGBA pixels (w × h, row-major) as a [N, C, h, w] input: C = 3 normalised with ImageNet's mean and std; C = 1 the
 * luminance (BT.601) in [0, 1], as super-resolution nets take the Y channel. Every item of the batch is the image.
 */
export function imageTensor(rgba: ArrayLike<number>, w: number, h: number, batch: number, channels: 1 | 3): Tensor {
  const plane = w * h;
  const one = new Float32Array(channels * plane);
  for (let p = 0; p < plane; p++) {
    const [r, g, b] = [rgba[4 * p] / 255, rgba[4 * p + 1] / 255, rgba[4 * p + 2] / 255];
    if (channels === 1) one[p] = 0.299 * r + 0.587 * g + 0.114 * b;
    else [r, g, b].forEach((v, c) => { one[c * plane + p] = (v - MEAN[c]) / STD[c]; });
  }
  const data = new Float32Array(batch * one.length);
  for (let n = 0; n < batch; n++) data.set(one, n * one.length);
  return { shape: [batch, channels, h, w], data };
}

/** An image (URL or the user's file) centre-cropped to the aspect of w × h and resized to it, as RGBA pixels. */
export async function imagePixels(source: string | Blob, w: number, h: number): Promise<Uint8ClampedArray> {
  const blob = typeof source === 'string' ? await fetch(source).then((r) => {
    if (!r.ok) throw new Error(`the server answered ${r.status}`);
    return r.blob();
  }) : source;
  const bitmap = await createImageBitmap(blob);
  const scale = Math.max(w / bitmap.width, h / bitmap.height);
  const [sw, sh] = [w / scale, h / scale];
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const g = canvas.getContext('2d', { willReadFrequently: true })!;
  g.drawImage(bitmap, (bitmap.width - sw) / 2, (bitmap.height - sh) / 2, sw, sh, 0, 0, w, h);
  bitmap.close();
  return g.getImageData(0, 0, w, h).data;
}
