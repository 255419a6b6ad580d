import { describe, expect, it } from 'vitest';
import { conv2d } from '../../kernels/index.ts';
import { featureConv, FEATURE_NAMES } from './feature-conv.ts';
import { buildPhotoPool, photoShift, samplePhotoBatch, type RgbImage } from './photo-data.ts';
import { Rng } from '../../util/random.ts';
import { channelStats } from '../../analysis/moments.ts';
import { channelCovariance } from './stats.ts';

/** A stand-in photograph: smooth gradients plus texture, values in [0, 1]. */
function fakeImage(name: string, h: number, w: number, seed: number): RgbImage {
  const rng = new Rng(seed);
  const data = new Float32Array(3 * h * w);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        data[(c * h + y) * w + x] = Math.min(1, Math.max(0, 0.5 + 0.3 * Math.sin((x + 3 * c) / 5) * Math.cos(y / 7) + 0.1 * rng.normal()));
      }
    }
  }
  return { name, height: h, width: w, data };
}

const images = [fakeImage('a', 40, 50, 1), fakeImage('b', 36, 36, 2)];

describe('photo batches', () => {
  it('a feature-map crop equals conv2d of the RGB crop with its margin, bit for bit', () => {
    const pool = buildPhotoPool(images, 0);
    const batch = samplePhotoBatch(pool, 5, 12, new Rng(9));
    const { weight, bias } = featureConv();
    const direct = conv2d(batch.rgb, weight, bias);
    expect(batch.x.shape).toEqual([5, 4, 12, 12]);
    expect(batch.rgb.shape).toEqual([5, 3, 14, 14]);
    expect(direct.shape).toEqual(batch.x.shape);
    expect([...direct.data]).toEqual([...batch.x.data]);
  });

  it('the same seed draws the same batch; another seed another one', () => {
    const pool = buildPhotoPool(images, 0);
    const a = samplePhotoBatch(pool, 4, 8, new Rng(5));
    const b = samplePhotoBatch(pool, 4, 8, new Rng(5));
    const c = samplePhotoBatch(pool, 4, 8, new Rng(6));
    expect(a.picks).toEqual(b.picks);
    expect([...a.x.data]).toEqual([...b.x.data]);
    expect(a.picks).not.toEqual(c.picks);
  });

  it('the pool knows its largest crop and refuses a larger one with a clear message', () => {
    const pool = buildPhotoPool(images, 0);
    expect(pool.maxSize).toBe(34);
    expect(() => samplePhotoBatch(pool, 1, 35, new Rng(1))).toThrow('crop size 35 is larger than the smallest image allows (34)');
  });

  it('the distribution shift is an affine change of the RGB values, so conv features change affinely too', () => {
    const { gain, offset } = photoShift(1);
    expect(gain).toBe(1.5);
    expect(offset).toBeCloseTo(0.1, 12);
    const plain = samplePhotoBatch(buildPhotoPool(images, 0), 3, 10, new Rng(2)).x;
    const shifted = samplePhotoBatch(buildPhotoPool(images, 1), 3, 10, new Rng(2)).x;
    const a = channelStats(plain);
    const b = channelStats(shifted);
    // Edge filters sum to zero, so only their spread grows (×1.5); brightness also moves up by 0.1.
    expect(b.std[2] / a.std[2]).toBeCloseTo(1.5, 4);
    expect(b.mean[0]).toBeCloseTo(1.5 * a.mean[0] + 0.1, 4);
  });

  it('the fixed conv gives channels with different means and spreads, and correlated edge channels', () => {
    const pool = buildPhotoPool(images, 0);
    const x = samplePhotoBatch(pool, 8, 24, new Rng(4)).x;
    const s = channelStats(x);
    expect(FEATURE_NAMES).toHaveLength(4);
    expect(s.mean[0]).toBeGreaterThan(0.3); // brightness is positive
    expect(s.mean[3]).toBeLessThan(-0.3); // diagonal edges carry a −0.5 bias
    expect(channelCovariance(x).corr[2 * 4 + 3]).toBeGreaterThan(0.3);
  });
});
