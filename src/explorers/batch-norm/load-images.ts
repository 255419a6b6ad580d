import type { RgbImage } from './photo-data.ts';
import { bnSchema } from './schema.ts';

/** The sample photographs in public/images (CC0 / public domain, see LICENSES.md). */
export const SAMPLE_PHOTOS = ['camera', 'cat', 'coffee', 'astronaut', 'rocket', 'brick'] as const;

/** Working resolution: the longest side. Crops of up to 48×48 feature pixels then show a good part of a photo. */
const LONGEST = 128;
/** Every image must allow the largest crop (48, the schema's limit) plus the conv's 2-pixel margin. */
const SHORTEST = bnSchema.size.max + 2;
/** Panoramas are cropped to this aspect ratio first, so a thin strip cannot become a huge array. */
const MAX_ASPECT = 3;

function toRgb(name: string, source: CanvasImageSource, w: number, h: number): RgbImage {
  // Centre-crop extreme aspect ratios, then scale: longest side 128, shortest at least 66.
  let sw = w;
  let sh = h;
  if (sw / sh > MAX_ASPECT) sw = Math.round(sh * MAX_ASPECT);
  if (sh / sw > MAX_ASPECT) sh = Math.round(sw * MAX_ASPECT);
  const sx = Math.floor((w - sw) / 2);
  const sy = Math.floor((h - sh) / 2);
  let scale = LONGEST / Math.max(sw, sh);
  if (Math.min(sw, sh) * scale < SHORTEST) scale = SHORTEST / Math.min(sw, sh);
  const width = Math.max(SHORTEST, Math.round(sw * scale));
  const height = Math.max(SHORTEST, Math.round(sh * scale));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(source, sx, sy, sw, sh, 0, 0, width, height);
  const px = ctx.getImageData(0, 0, width, height).data;
  const plane = width * height;
  const data = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    data[i] = px[i * 4] / 255;
    data[plane + i] = px[i * 4 + 1] / 255;
    data[2 * plane + i] = px[i * 4 + 2] / 255;
  }
  return { name, width, height, data };
}

async function decode(blob: Blob, name: string): Promise<RgbImage> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    throw new Error(`${name} could not be read as an image`);
  }
  try {
    if (bitmap.width < 1 || bitmap.height < 1) throw new Error(`${name} has no pixels`);
    return toRgb(name, bitmap, bitmap.width, bitmap.height);
  } finally {
    bitmap.close();
  }
}

export async function loadSamplePhotos(): Promise<RgbImage[]> {
  return Promise.all(SAMPLE_PHOTOS.map(async (name) => {
    const res = await fetch(new URL(`images/${name}.png`, document.baseURI));
    if (!res.ok) throw new Error(`images/${name}.png: HTTP ${res.status}`);
    return decode(await res.blob(), `${name}.png`);
  }));
}

/** The user's own images (they stay in this tab: nothing is uploaded, and they cannot be put in a link). */
export async function decodeFiles(files: readonly File[]): Promise<RgbImage[]> {
  if (files.length === 0) throw new Error('no files chosen');
  if (files.length > 12) throw new Error(`${files.length} files chosen; at most 12 at a time`);
  return Promise.all(files.map((f) => {
    if (f.size > 30 * 1024 * 1024) throw new Error(`${f.name} is larger than 30 MB`);
    return decode(f, f.name);
  }));
}
