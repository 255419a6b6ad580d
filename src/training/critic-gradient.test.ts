import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { criticGradient } from './critic-gradient.ts';
import { areaDownsample } from './data.ts';
import { decodePng, toGrey } from './png.ts';

describe('criticGradient: strided convs put checkerboards into the gradients they send back', () => {
  it('a stride-2 critic’s gradient on a real photo is far more stride-periodic than a stride-1 critic’s, on 4 seeds and k = 3, 4', async () => {
    const png = await decodePng(new Uint8Array(readFileSync(new URL('../../public/images/camera.png', import.meta.url))));
    const img = areaDownsample({ name: 'camera', width: png.width, height: png.height, data: toGrey(png) }, 4);
    const image = { shape: [1, 1, 64, 64], data: new Float32Array(64 * 64) };
    for (let y = 0; y < 64; y++) for (let x = 0; x < 64; x++) image.data[y * 64 + x] = 2 * img.data[y * img.width + x] - 1;
    for (const kernel of [3, 4]) {
      for (const seed of [1, 2, 3, 4]) {
        const r = criticGradient({ kernel, stride: 2, channels: 8, seed }, image);
        expect(r.gradient.shape).toEqual([1, 1, 64, 64]);
        expect(r.score, `k${kernel} seed ${seed}`).toBeGreaterThan(5 * r.stride1Score);
      }
    }
  });
});
