import { describe, expect, it } from 'vitest';
import { Rng } from '../util/random.ts';
import { dft, fft2, fftShift, magnitude } from './fft2.ts';

/** The DFT straight from its definition, in float64: the oracle. */
function naiveDft(re: ArrayLike<number>, im: ArrayLike<number>): [Float64Array, Float64Array] {
  const n = re.length;
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < n; j++) {
      const a = (-2 * Math.PI * ((j * k) % n)) / n;
      outRe[k] += re[j] * Math.cos(a) - im[j] * Math.sin(a);
      outIm[k] += re[j] * Math.sin(a) + im[j] * Math.cos(a);
    }
  }
  return [outRe, outIm];
}

describe('dft (fft.js, with Bluestein for other lengths)', () => {
  for (const n of [1, 2, 4, 8, 64, 3, 5, 6, 12, 15, 96, 100, 192]) {
    it(`matches the definition for length ${n}`, () => {
      const rng = new Rng(n);
      const re = Float64Array.from(rng.floats(n));
      const im = Float64Array.from(rng.floats(n));
      const [er, ei] = naiveDft(re, im);
      dft(re, im);
      for (let k = 0; k < n; k++) {
        expect(re[k]).toBeCloseTo(er[k], 9);
        expect(im[k]).toBeCloseTo(ei[k], 9);
      }
    });
  }
});

describe('fft2', () => {
  it('puts a period-2 checkerboard entirely at the Nyquist bin (N/2, N/2)', () => {
    const n = 16;
    const img = Array.from({ length: n * n }, (_, i) => ((Math.floor(i / n) + (i % n)) % 2 === 0 ? 1 : -1));
    const mag = magnitude(fft2(img, n, n));
    for (let i = 0; i < n * n; i++) {
      if (i === (n / 2) * n + n / 2) expect(mag[i]).toBeCloseTo(n * n, 9);
      else expect(mag[i]).toBeLessThan(1e-9);
    }
  });

  it('puts a period-3 row pattern on 192 columns exactly at bins v = 64 and 128', () => {
    const rows = 4;
    const cols = 192;
    const img = Array.from({ length: rows * cols }, (_, i) => [1, 0.2, 0.5][(i % cols) % 3]);
    const mag = magnitude(fft2(img, rows, cols));
    const energyAt = (v: number) => mag[v] ** 2;
    let rest = 0;
    for (let i = 0; i < rows * cols; i++) if (i !== 0 && i !== 64 && i !== 128) rest += mag[i] ** 2;
    expect(energyAt(64)).toBeGreaterThan(1);
    expect(energyAt(128)).toBeCloseTo(energyAt(64), 6);
    expect(rest).toBeLessThan(1e-12);
  });

  it('measured: zero-padding a period-3 signal of length 192 to 256 smears its peak (why Bluestein)', () => {
    // The reason fft2 does not pad to a power of two: the stride-periodic frequency 192/3 = 64 cycles lands at
    // bin 64·256/192 = 85.33 of a 256-point FFT, between bins, and leaks into many.
    const n = 192;
    const padded = new Float64Array(256);
    for (let j = 0; j < n; j++) padded[j] = [1, -0.5, -0.5][j % 3];
    const im = new Float64Array(256);
    dft(padded, im);
    const power = Array.from(padded, (r, k) => r * r + im[k] * im[k]);
    const total = power.reduce((a, b) => a + b, 0);
    const best = Math.max(power[85] + power[171], power[86] + power[170]);
    expect(best / total).toBeLessThan(0.8);
  });

  it('fftShift moves bin 0 to the centre', () => {
    const v = [1, 2, 3, 4, 5, 6];
    expect(Array.from(fftShift(v, 2, 3))).toEqual([6, 4, 5, 3, 1, 2]);
  });
});
