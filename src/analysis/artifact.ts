/**
 * The checkerboard artifact score. A ×s transposed convolution with uneven overlap multiplies the image by a
 * pattern that repeats every s pixels; a pattern of period s has all of its energy at the frequencies
 * (a·N/s, b·N/s). The score is the share of the image's (mean-removed) spectral energy that sits exactly on
 * those bins, (a, b) ≠ (0, 0). A smooth image puts almost nothing there (natural images have little energy at
 * high frequencies, and nearest/bilinear resizing is exactly zero at those bins), so a clear checkerboard
 * stands out by orders of magnitude.
 */
import { fft2, magnitude, type Spectrum2D } from './fft2.ts';

export interface Bin {
  u: number;
  v: number;
}

/** The stride-periodic frequency bins (a·rows/sH, b·cols/sW) except DC, rounded when s does not divide the size. */
export function stridePeakBins(rows: number, cols: number, strideH: number, strideW: number): Bin[] {
  const bins: Bin[] = [];
  const seen = new Set<string>();
  for (let a = 0; a < strideH; a++) {
    for (let b = 0; b < strideW; b++) {
      if (a === 0 && b === 0) continue;
      const u = Math.round((a * rows) / strideH) % rows;
      const v = Math.round((b * cols) / strideW) % cols;
      const key = `${u},${v}`;
      if ((u === 0 && v === 0) || seen.has(key)) continue;
      seen.add(key);
      bins.push({ u, v });
    }
  }
  return bins;
}

export interface ArtifactScore {
  /** Share of mean-removed spectral energy at the stride-periodic bins, in [0, 1]. */
  score: number;
  peakEnergy: number;
  totalEnergy: number;
  bins: Bin[];
  /** |X| of the mean-removed image, unshifted (bin (u, v) at u·cols + v). */
  magnitude: Float64Array;
}

/** Artifact score of a rows×cols image upsampled by (strideH, strideW). A constant image scores 0. */
export function artifactScore(values: ArrayLike<number>, rows: number, cols: number, strideH: number, strideW: number): ArtifactScore {
  let mean = 0;
  let energy = 0;
  for (let i = 0; i < rows * cols; i++) {
    mean += values[i];
    energy += values[i] * values[i];
  }
  mean /= rows * cols;
  const centred = new Float64Array(rows * cols);
  for (let i = 0; i < rows * cols; i++) centred[i] = values[i] - mean;
  const spec: Spectrum2D = fft2(centred, rows, cols);
  const mag = magnitude(spec);
  let total = 0;
  for (let i = 0; i < mag.length; i++) total += mag[i] * mag[i];
  const bins = stridePeakBins(rows, cols, strideH, strideW);
  let peak = 0;
  for (const { u, v } of bins) peak += mag[u * cols + v] ** 2;
  // Parseval: total = N·Σ(x − mean)². Variation below 1e-12 of the signal's energy is rounding, not a pattern.
  const score = total > 1e-12 * rows * cols * energy ? peak / total : 0;
  return { score, peakEnergy: peak, totalEnergy: total, bins, magnitude: mag };
}
