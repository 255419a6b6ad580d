/**
 * Four ways to upsample one image ×s with one k×k kernel, all to exactly s·H × s·W, all with our kernels:
 * (a) transposed convolution; (b) nearest-neighbour resize, then a stride-1 "same" convolution; (c) bilinear
 * resize, then the same convolution; (d) sub-pixel convolution: a stride-1 convolution to s² channels, then
 * PixelShuffle. For (d) the s² sub-kernels are either the s² phases of the transposed conv's kernel — then (d)
 * *is* (a) (Shi et al. 2016, "Is the deconvolution layer the same as a convolutional layer?") — or all equal
 * (ICNR, Aitken et al. 2017), here their mean, which makes (d) a convolution followed by nearest upsampling.
 */
import { conv2d, convTranspose2d, pixelShuffle, resizeConv2d, upsample2d, type Tensor } from '../../kernels/index.ts';

export type UpsamplerId = 'transposed' | 'nearest' | 'bilinear' | 'subpixel';

export interface Kernel2D {
  data: Float32Array;
  kH: number;
  kW: number;
}

/** Begin/end padding so that the transposed conv's output is exactly s·n long; extra length goes to output_padding. */
export function equalSizeTransposePadding(k: number, s: number, d: number): { begin: number; end: number; outputPadding: number } {
  // (n − 1)·s − P + d·(k − 1) + op + 1 = s·n  ⇔  P − op = d·(k − 1) + 1 − s
  const total = d * (k - 1) + 1 - s;
  if (total >= 0) return { begin: Math.floor(total / 2), end: total - Math.floor(total / 2), outputPadding: 0 };
  return { begin: 0, end: 0, outputPadding: -total };
}

function samePadding(k: number, d: number): [number, number] {
  const total = d * (k - 1);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

export function upsampleTransposed(x: Tensor, w: Kernel2D, s: [number, number], d: [number, number]): Tensor {
  const ph = equalSizeTransposePadding(w.kH, s[0], d[0]);
  const pw = equalSizeTransposePadding(w.kW, s[1], d[1]);
  return convTranspose2d(x, { shape: [1, 1, w.kH, w.kW], data: w.data }, null, {
    stride: s, dilation: d, padding: [ph.begin, pw.begin, ph.end, pw.end], outputPadding: [ph.outputPadding, pw.outputPadding],
  });
}

/**
 * (b)/(c). Nearest ×2 runs as `resizeConv2d`: the same layer computed as one stride-2 transposed conv whose kernel
 * sums the taps that read the same input pixel (equal to the composition up to float32 rounding; the "same" padding
 * is always within what that identity allows). Other factors and bilinear resize, then convolve.
 */
export function upsampleResizeConv(x: Tensor, w: Kernel2D, s: [number, number], d: [number, number], mode: 'nearest' | 'bilinear'): Tensor {
  const [t, b] = samePadding(w.kH, d[0]);
  const [l, r] = samePadding(w.kW, d[1]);
  const weight = { shape: [1, 1, w.kH, w.kW], data: w.data };
  if (mode === 'nearest' && s[0] === 2 && s[1] === 2) return resizeConv2d(x, weight, null, { dilation: d, padding: [t, l, b, r] });
  return conv2d(upsample2d(x, { scale: s, mode }), weight, null, { dilation: d, padding: [t, l, b, r] });
}

/** Input offsets δ (output q of phase φ reads input q + δ) and weights, along one axis, for each phase. */
function phaseTaps(k: number, s: number, d: number, padBegin: number): { delta: number; tap: number }[][] {
  const phases: { delta: number; tap: number }[][] = Array.from({ length: s }, () => []);
  for (let phase = 0; phase < s; phase++) {
    for (let t = 0; t < k; t++) {
      // o = i·s − pad + t·d = q·s + phase  ⇔  i = q + (phase + pad − t·d)/s
      const num = phase + padBegin - t * d;
      if (((num % s) + s) % s === 0) phases[phase].push({ delta: num / s, tap: t });
    }
  }
  return phases;
}

export interface SubPixelWeights {
  /** conv2d weight `[s², 1, Lh, Lw]`, channel φh·s + φw is phase (φh, φw)'s sub-kernel. */
  weight: Tensor;
  /** conv2d padding [top, left, bottom, right] that keeps the low-resolution size. */
  padding: [number, number, number, number];
}

/**
 * The s² sub-kernels that make conv2d + PixelShuffle(s) equal the transposed conv of `upsampleTransposed`
 * (same s, d, equal-size padding). With `icnr`, every sub-kernel is replaced by their mean.
 */
export function subPixelWeights(w: Kernel2D, s: number, d: [number, number], icnr: boolean): SubPixelWeights {
  const ph = equalSizeTransposePadding(w.kH, s, d[0]);
  const pw = equalSizeTransposePadding(w.kW, s, d[1]);
  const rows = phaseTaps(w.kH, s, d[0], ph.begin);
  const cols = phaseTaps(w.kW, s, d[1], pw.begin);
  // Offsets span [lo, hi], always including 0 so both paddings are ≥ 0.
  const span = (ph: { delta: number }[][]) => {
    let lo = 0;
    let hi = 0;
    for (const list of ph) for (const { delta } of list) { lo = Math.min(lo, delta); hi = Math.max(hi, delta); }
    return [lo, hi];
  };
  const [rLo, rHi] = span(rows);
  const [cLo, cHi] = span(cols);
  const lh = rHi - rLo + 1;
  const lw = cHi - cLo + 1;
  const data = new Float32Array(s * s * lh * lw);
  for (let a = 0; a < s; a++) {
    for (let b = 0; b < s; b++) {
      const base = (a * s + b) * lh * lw;
      for (const rt of rows[a]) {
        for (const ct of cols[b]) data[base + (rt.delta - rLo) * lw + (ct.delta - cLo)] += w.data[rt.tap * w.kW + ct.tap];
      }
    }
  }
  if (icnr) {
    const mean = new Float32Array(lh * lw);
    for (let p = 0; p < s * s; p++) for (let i = 0; i < lh * lw; i++) mean[i] += data[p * lh * lw + i] / (s * s);
    for (let p = 0; p < s * s; p++) data.set(mean, p * lh * lw);
  }
  return { weight: { shape: [s * s, 1, lh, lw], data }, padding: [-rLo, -cLo, rHi, cHi] };
}

export function upsampleSubPixel(x: Tensor, w: Kernel2D, s: number, d: [number, number], icnr: boolean): Tensor {
  const sp = subPixelWeights(w, s, d, icnr);
  const lowRes = conv2d(x, sp.weight, null, { padding: sp.padding });
  return pixelShuffle(lowRes, s);
}

/**
 * Average gain of each method on a constant image of ones (away from the border): the transposed conv and the
 * sub-pixel conv spread Σw over s² output pixels, resize-conv applies Σw to every pixel.
 */
export function dcGain(id: UpsamplerId, w: Kernel2D, s: [number, number]): number {
  let sum = 0;
  for (const v of w.data) sum += v;
  return id === 'transposed' || id === 'subpixel' ? sum / (s[0] * s[1]) : sum;
}
