import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodePng, toGrey } from './png.ts';

const read = (name: string) => new Uint8Array(readFileSync(new URL(`../../public/images/${name}`, import.meta.url)));

describe('decodePng', () => {
  it('reads the greyscale and RGB sample photographs at their header sizes', async () => {
    const cam = await decodePng(read('camera.png'));
    expect([cam.width, cam.height, cam.channels]).toEqual([256, 256, 1]);
    const cat = await decodePng(read('cat.png'));
    expect([cat.width, cat.height, cat.channels]).toEqual([256, 170, 3]);
    // Pixel values checked with PIL: Image.open('public/images/camera.png').getpixel((x, y)).
    expect([cam.data[0], cam.data[10 * 256 + 20], cam.data[200 * 256 + 100]]).toEqual(EXPECTED_CAMERA);
    expect(Array.from(cat.data.subarray((50 * 256 + 60) * 3, (50 * 256 + 60) * 3 + 3))).toEqual(EXPECTED_CAT);
    const grey = toGrey(cam);
    expect(grey[0]).toBeCloseTo(EXPECTED_CAMERA[0] / 255, 6);
  });

  it('refuses files that are not PNG', async () => {
    await expect(decodePng(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]))).rejects.toThrow('not a PNG file');
  });
});

const EXPECTED_CAMERA = [199, 201, 160];
const EXPECTED_CAT = [99, 56, 30];
