/**
 * Kernel and input presets: pure, seeded, no DOM. Photographs arrive already decoded (see image.ts).
 */
import { mulberry32 } from '../../util/random.ts';
import type { InputPreset, KernelPreset } from './schema.ts';

/** A decoded picture: planes of [0, 1] values, row-major. */
export interface Picture {
  width: number;
  height: number;
  r: Float32Array;
  g: Float32Array;
  b: Float32Array;
}

/** Standard normal samples from a seeded uniform generator (Box–Muller). */
function gaussian(rand: () => number): () => number {
  return () => {
    const u = Math.max(rand(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
}

/** FCN's bilinear upsampling filter along one axis (`get_upsampling_weight`): a tent centred on the kernel. */
export function bilinearTaps(k: number): number[] {
  const factor = Math.floor((k + 1) / 2);
  const centre = k % 2 === 1 ? factor - 1 : factor - 0.5;
  return Array.from({ length: k }, (_, i) => 1 - Math.abs(i - centre) / factor);
}

function binomialRow(k: number): number[] {
  let row = [1];
  for (let i = 1; i < k; i++) row = row.map((v, j) => v + (row[j - 1] ?? 0)).concat(1);
  return row;
}

/**
 * Weights `[Cin, Cout/groups, kH, kW]` for a preset. Every (in, out) channel pair gets the same 2-D pattern,
 * except the random presets, which draw each pair separately.
 */
export function kernelPreset(preset: Exclude<KernelPreset, 'custom'>, shape: readonly [number, number, number, number], seed: number): Float32Array {
  const [cin, outPerGroup, kH, kW] = shape;
  const plane = kH * kW;
  const out = new Float32Array(cin * outPerGroup * plane);
  const rand = mulberry32(seed * 7919 + 17);
  const normal = gaussian(rand);
  const pattern = new Float32Array(plane);
  if (preset === 'box') pattern.fill(1);
  if (preset === 'bilinear') {
    const a = bilinearTaps(kH);
    const b = bilinearTaps(kW);
    for (let i = 0; i < kH; i++) for (let j = 0; j < kW; j++) pattern[i * kW + j] = a[i] * b[j];
  }
  if (preset === 'edge') {
    // Sobel generalised: smoothing (binomial) down the rows, a centred difference across the columns.
    const smooth = binomialRow(kH);
    for (let i = 0; i < kH; i++) for (let j = 0; j < kW; j++) pattern[i * kW + j] = smooth[i] * (j - (kW - 1) / 2);
  }
  for (let p = 0; p < cin * outPerGroup; p++) {
    for (let i = 0; i < plane; i++) {
      if (preset === 'gaussian') {
        // He/Kaiming-style scale so outputs stay O(1) whatever the kernel size.
        out[p * plane + i] = normal() * Math.sqrt(2 / plane);
      } else if (preset === 'learned') {
        // What trained upsampling kernels tend to look like: a positive, roughly centred blob with lopsided detail.
        const r = Math.floor(i / kW) - (kH - 1) / 2 + 0.3 * normal();
        const c = (i % kW) - (kW - 1) / 2 + 0.3 * normal();
        const sigma = Math.max(kH, kW) / 3;
        out[p * plane + i] = Math.exp(-(r * r + c * c) / (2 * sigma * sigma)) * (0.75 + 0.5 * rand()) + 0.08 * normal();
      } else {
        out[p * plane + i] = pattern[i];
      }
    }
  }
  return out;
}

/** Area-average (box-filter) resize of one plane: every source pixel contributes by the area it covers. */
export function resizeArea(src: Float32Array, sw: number, sh: number, dw: number, dh: number): Float32Array {
  const out = new Float32Array(dw * dh);
  const fx = sw / dw;
  const fy = sh / dh;
  for (let y = 0; y < dh; y++) {
    const y0 = y * fy;
    const y1 = y0 + fy;
    for (let x = 0; x < dw; x++) {
      const x0 = x * fx;
      const x1 = x0 + fx;
      let sum = 0;
      for (let sy = Math.floor(y0); sy < Math.min(sh, Math.ceil(y1)); sy++) {
        const wy = Math.min(y1, sy + 1) - Math.max(y0, sy);
        for (let sx = Math.floor(x0); sx < Math.min(sw, Math.ceil(x1)); sx++) {
          const wx = Math.min(x1, sx + 1) - Math.max(x0, sx);
          sum += src[sy * sw + sx] * wx * wy;
        }
      }
      out[y * dw + x] = sum / (fx * fy);
    }
  }
  return out;
}

const luminanceCache = new WeakMap<Picture, Float32Array>();

/** Luminance (Rec. 709) of a picture; computed once per picture (pictures are never modified). */
export function luminance(p: Picture): Float32Array {
  const cached = luminanceCache.get(p);
  if (cached) return cached;
  const out = new Float32Array(p.width * p.height);
  for (let i = 0; i < out.length; i++) out[i] = 0.2126 * p.r[i] + 0.7152 * p.g[i] + 0.0722 * p.b[i];
  luminanceCache.set(p, out);
  return out;
}

/** Recent fitPlane results per source plane (sources are never modified): a pass resizes a whole photograph
 * for an 8×8 input otherwise, the largest part of a repaint pass at the default sizes. */
const fitCache = new WeakMap<Float32Array, Map<string, Float32Array>>();
const FIT_CACHE_SIZES = 16;

/**
 * Centre-crop to the target aspect ratio, then area-resize: photos keep their proportions. Returns a new array
 * each time (the caller may write to it); the resize itself is done once per source and size.
 */
export function fitPlane(plane: Float32Array, w: number, h: number, dw: number, dh: number): Float32Array {
  let sizes = fitCache.get(plane);
  if (!sizes) fitCache.set(plane, (sizes = new Map()));
  const key = `${w}x${h}>${dw}x${dh}`;
  let fitted = sizes.get(key);
  if (!fitted) {
    fitted = cropAndResize(plane, w, h, dw, dh);
    if (sizes.size >= FIT_CACHE_SIZES) sizes.delete(sizes.keys().next().value!);
    sizes.set(key, fitted);
  }
  return fitted.slice();
}

function cropAndResize(plane: Float32Array, w: number, h: number, dw: number, dh: number): Float32Array {
  const target = dw / dh;
  let cw = w;
  let ch = h;
  if (w / h > target) cw = Math.max(1, Math.round(h * target));
  else ch = Math.max(1, Math.round(w / target));
  const ox = Math.floor((w - cw) / 2);
  const oy = Math.floor((h - ch) / 2);
  const crop = new Float32Array(cw * ch);
  for (let y = 0; y < ch; y++) crop.set(plane.subarray((y + oy) * w + ox, (y + oy) * w + ox + cw), y * cw);
  return resizeArea(crop, cw, ch, dw, dh);
}

/**
 * Input `[1, C, H, W]` data for a preset. With 3 channels a photo gives R, G, B; otherwise every channel gets
 * its luminance. `picture` is needed for 'photo' and 'own'.
 */
export function inputPreset(preset: InputPreset, channels: number, h: number, w: number, seed: number, picture?: Picture): Float32Array {
  const plane = h * w;
  const out = new Float32Array(channels * plane);
  const rand = mulberry32(seed * 104729 + 3);
  for (let c = 0; c < channels; c++) {
    const base = c * plane;
    if (preset === 'impulse') out[base + Math.floor(h / 2) * w + Math.floor(w / 2)] = 1;
    else if (preset === 'constant') out.fill(1, base, base + plane);
    else if (preset === 'checker') for (let i = 0; i < plane; i++) out[base + i] = (Math.floor(i / w) + (i % w)) % 2;
    else if (preset === 'noise') for (let i = 0; i < plane; i++) out[base + i] = rand();
    else if (picture) {
      // Every channel but R, G, B of a 3-channel input is the same luminance plane: resize it once.
      if (channels !== 3 && c > 0) out.copyWithin(base, 0, plane);
      else {
        const src = channels === 3 ? [picture.r, picture.g, picture.b][c] : luminance(picture);
        out.set(fitPlane(src, picture.width, picture.height, w, h), base);
      }
    }
  }
  return out;
}
