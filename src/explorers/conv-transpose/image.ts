/**
 * Browser-side image decoding: the shipped photographs (public/images) and the user's own file. Decoded once,
 * downscaled so the longest side is at most 256 px, converted to [0, 1] RGB planes. Everything after this
 * (cropping, resizing to the layer's input size, luminance) is pure code in presets.ts.
 */
import type { Picture } from './presets.ts';

export const MAX_SIDE = 256;

export async function decodePicture(blob: Blob, maxSide = MAX_SIDE): Promise<Picture> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    throw new Error(`this file could not be read as an image (${blob.type || 'unknown type'}); try a PNG, JPEG, GIF or WebP`);
  }
  const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  const px = ctx.getImageData(0, 0, width, height).data;
  const r = new Float32Array(width * height);
  const g = new Float32Array(width * height);
  const b = new Float32Array(width * height);
  for (let i = 0; i < width * height; i++) {
    r[i] = px[i * 4] / 255;
    g[i] = px[i * 4 + 1] / 255;
    b[i] = px[i * 4 + 2] / 255;
  }
  return { width, height, r, g, b };
}

const photoCache = new Map<string, Promise<Picture>>();

/** One of the shipped photographs, fetched from our own origin (base './'). */
export function loadPhoto(name: string): Promise<Picture> {
  let p = photoCache.get(name);
  if (!p) {
    p = fetch(new URL(`images/${name}.png`, document.baseURI))
      .then((res) => {
        if (!res.ok) throw new Error(`the photograph ${name} could not be loaded (HTTP ${res.status})`);
        return res.blob();
      })
      .then((blob) => decodePicture(blob));
    p.catch(() => photoCache.delete(name));
    photoCache.set(name, p);
  }
  return p;
}
