import type { Tensor } from '../../kernels/index.ts';
import type { Rng } from '../../util/random.ts';

/** Synthetic feature maps: per-channel mean and spread chosen by the user, plus a correlation shared by all pairs. */
export interface SyntheticSpec {
  means: readonly number[];
  stds: readonly number[];
  /** Correlation between any two channels at the same position (0 … 0.95). */
  corr: number;
}

/** The distribution shift for synthetic data: each mean moves by `shift` spreads, each spread grows by 1 + shift/2. */
export function shiftSynthetic(spec: SyntheticSpec, shift: number): SyntheticSpec {
  return {
    means: spec.means.map((m, c) => m + shift * spec.stds[c]),
    stds: spec.stds.map((s) => s * (1 + 0.5 * shift)),
    corr: spec.corr,
  };
}

/**
 * Smooth a row-major h×w field with [1, 2, 1]/4 along both axes (edges clamped), rescaled per position so every
 * value keeps unit variance: the maps look like feature maps (blobs, not static) and the spread is still `std`.
 */
function smoothUnitVariance(f: Float64Array, h: number, w: number): Float64Array {
  const pass = (src: Float64Array, len: number, stride: number, count: number, step: number): Float64Array => {
    const out = new Float64Array(src.length);
    for (let i = 0; i < len; i++) {
      // Taps i−1, i, i+1 with weights ¼, ½, ¼; clamping at an edge merges two taps onto one source value.
      const lo = Math.max(0, i - 1);
      const hi = Math.min(len - 1, i + 1);
      const wLo = lo === i ? 0 : 0.25;
      const wHi = hi === i ? 0 : 0.25;
      const wMid = 1 - wLo - wHi;
      const norm = Math.sqrt(wLo * wLo + wMid * wMid + wHi * wHi);
      for (let j = 0; j < count; j++) {
        const base = j * step;
        out[base + i * stride] =
          (wLo * src[base + lo * stride] + wMid * src[base + i * stride] + wHi * src[base + hi * stride]) / norm;
      }
    }
    return out;
  };
  const alongRows = pass(f, w, 1, h, w);
  return pass(alongRows, h, w, w, 1);
}

function unitField(rng: Rng, h: number, w: number): Float64Array {
  const f = new Float64Array(h * w);
  for (let i = 0; i < f.length; i++) f[i] = rng.normal();
  return smoothUnitVariance(f, h, w);
}

/** A batch `[N, C, S, S]` with channel c ~ mean[c] + std[c]·(√ρ·shared + √(1 − ρ)·own). */
export function sampleSyntheticBatch(spec: SyntheticSpec, n: number, size: number, rng: Rng): Tensor {
  const C = spec.means.length;
  const plane = size * size;
  const out = new Float32Array(n * C * plane);
  const a = Math.sqrt(spec.corr);
  const b = Math.sqrt(1 - spec.corr);
  for (let i = 0; i < n; i++) {
    const shared = unitField(rng, size, size);
    for (let c = 0; c < C; c++) {
      const own = unitField(rng, size, size);
      const base = (i * C + c) * plane;
      for (let p = 0; p < plane; p++) out[base + p] = spec.means[c] + spec.stds[c] * (a * shared[p] + b * own[p]);
    }
  }
  return { shape: [n, C, size, size], data: out };
}
