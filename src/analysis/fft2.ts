/**
 * 2-D discrete Fourier transform magnitudes for the checkerboard shoot-out, on top of fft.js (a maintained
 * radix-4 FFT). fft.js only does power-of-two lengths, but our outputs are s·H long (192 for s = 3 on a
 * 64-pixel image). Zero-padding to the next power of two would move the stride-periodic frequencies k·N/s off
 * the FFT bins and smear each checkerboard peak over several bins (fft2.test.ts measures this). So other lengths
 * go through Bluestein's chirp-z identity, which computes the exact N-point DFT with three power-of-two fft.js
 * transforms of length ≥ 2N − 1.
 */
import FFT from 'fft.js';

interface Plan {
  n: number;
  transform: (re: Float64Array, im: Float64Array) => void;
}

const plans = new Map<number, Plan>();

function nextPow2(n: number): number {
  let p = 2;
  while (p < n) p *= 2;
  return p;
}

function radix2Plan(n: number): Plan {
  const fft = new FFT(n);
  const inBuf = new Float64Array(2 * n);
  const outBuf = new Float64Array(2 * n);
  return {
    n,
    transform(re, im) {
      for (let i = 0; i < n; i++) {
        inBuf[2 * i] = re[i];
        inBuf[2 * i + 1] = im[i];
      }
      fft.transform(outBuf, inBuf);
      for (let i = 0; i < n; i++) {
        re[i] = outBuf[2 * i];
        im[i] = outBuf[2 * i + 1];
      }
    },
  };
}

/** X_k = conj(w_k) · Σ_j (x_j conj(w_j)) · w_{k−j}, with w_j = exp(iπ j²/N): a convolution done with FFTs. */
function bluesteinPlan(n: number): Plan {
  const m = nextPow2(2 * n - 1);
  const fft = new FFT(m);
  const cosW = new Float64Array(n);
  const sinW = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    // j² mod 2N keeps the angle small and exact for large j.
    const angle = (Math.PI * ((j * j) % (2 * n))) / n;
    cosW[j] = Math.cos(angle);
    sinW[j] = Math.sin(angle);
  }
  // FFT of the chirp b_j = w_j for j in (−N, N), wrapped into length M.
  const b = new Float64Array(2 * m);
  for (let j = 0; j < n; j++) {
    b[2 * j] = cosW[j];
    b[2 * j + 1] = sinW[j];
    if (j > 0) {
      b[2 * (m - j)] = cosW[j];
      b[2 * (m - j) + 1] = sinW[j];
    }
  }
  const bHat = new Float64Array(2 * m);
  fft.transform(bHat, b);
  const a = new Float64Array(2 * m);
  const aHat = new Float64Array(2 * m);
  const conv = new Float64Array(2 * m);
  return {
    n,
    transform(re, im) {
      a.fill(0);
      for (let j = 0; j < n; j++) {
        // a_j = x_j · conj(w_j)
        a[2 * j] = re[j] * cosW[j] + im[j] * sinW[j];
        a[2 * j + 1] = im[j] * cosW[j] - re[j] * sinW[j];
      }
      fft.transform(aHat, a);
      for (let k = 0; k < m; k++) {
        const ar = aHat[2 * k];
        const ai = aHat[2 * k + 1];
        const br = bHat[2 * k];
        const bi = bHat[2 * k + 1];
        aHat[2 * k] = ar * br - ai * bi;
        aHat[2 * k + 1] = ar * bi + ai * br;
      }
      fft.inverseTransform(conv, aHat);
      for (let k = 0; k < n; k++) {
        const cr = conv[2 * k];
        const ci = conv[2 * k + 1];
        re[k] = cr * cosW[k] + ci * sinW[k];
        im[k] = ci * cosW[k] - cr * sinW[k];
      }
    },
  };
}

function planFor(n: number): Plan {
  let p = plans.get(n);
  if (!p) {
    if (n === 1) p = { n, transform: () => {} };
    else p = (n & (n - 1)) === 0 ? radix2Plan(n) : bluesteinPlan(n);
    plans.set(n, p);
  }
  return p;
}

/** In-place forward DFT of one complex sequence (any length ≥ 1): X_k = Σ_j x_j e^{−2πi jk/N}. */
export function dft(re: Float64Array, im: Float64Array): void {
  if (re.length !== im.length) throw new Error('dft: real and imaginary parts differ in length');
  planFor(re.length).transform(re, im);
}

export interface Spectrum2D {
  rows: number;
  cols: number;
  re: Float64Array;
  im: Float64Array;
}

/** Forward 2-D DFT of a real row-major grid (rows, then columns). Bin (u, v) is at index u·cols + v. */
export function fft2(values: ArrayLike<number>, rows: number, cols: number): Spectrum2D {
  const re = new Float64Array(rows * cols);
  const im = new Float64Array(rows * cols);
  for (let i = 0; i < rows * cols; i++) re[i] = values[i];
  const rr = new Float64Array(cols);
  const ri = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    rr.set(re.subarray(r * cols, (r + 1) * cols));
    ri.set(im.subarray(r * cols, (r + 1) * cols));
    dft(rr, ri);
    re.set(rr, r * cols);
    im.set(ri, r * cols);
  }
  const cr = new Float64Array(rows);
  const ci = new Float64Array(rows);
  for (let c = 0; c < cols; c++) {
    for (let r = 0; r < rows; r++) {
      cr[r] = re[r * cols + c];
      ci[r] = im[r * cols + c];
    }
    dft(cr, ci);
    for (let r = 0; r < rows; r++) {
      re[r * cols + c] = cr[r];
      im[r * cols + c] = ci[r];
    }
  }
  return { rows, cols, re, im };
}

/** |X| per bin. */
export function magnitude(s: Spectrum2D): Float64Array {
  const out = new Float64Array(s.rows * s.cols);
  for (let i = 0; i < out.length; i++) out[i] = Math.hypot(s.re[i], s.im[i]);
  return out;
}

/** Move the zero frequency to the centre (bin u goes to (u + floor(rows/2)) mod rows), for display. */
export function fftShift(values: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  const hr = Math.floor(rows / 2);
  const hc = Math.floor(cols / 2);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[((r + hr) % rows) * cols + ((c + hc) % cols)] = values[r * cols + c];
  }
  return out;
}
