import type { Tensor } from '../../kernels/index.ts';

/**
 * Per-channel statistics of an `[N, C, H, W]` tensor over N·H·W values, in float64 and two passes (the same
 * definition BatchNorm2d normalises with: the *biased* variance). The histograms' markers and numbers come from here.
 */
export interface ChannelStats {
  count: number;
  mean: Float64Array;
  /** Biased (÷ count) variance. */
  variance: Float64Array;
  std: Float64Array;
  min: Float64Array;
  max: Float64Array;
}

export function channelStats(t: Tensor): ChannelStats {
  const [N, C, H, W] = t.shape;
  const plane = H * W;
  const count = N * plane;
  const mean = new Float64Array(C);
  const variance = new Float64Array(C);
  const min = new Float64Array(C).fill(Infinity);
  const max = new Float64Array(C).fill(-Infinity);
  const x = t.data;
  for (let c = 0; c < C; c++) {
    let s = 0;
    for (let n = 0; n < N; n++) {
      const base = (n * C + c) * plane;
      for (let i = 0; i < plane; i++) {
        const v = x[base + i];
        s += v;
        if (v < min[c]) min[c] = v;
        if (v > max[c]) max[c] = v;
      }
    }
    const m = s / count;
    let ss = 0;
    for (let n = 0; n < N; n++) {
      const base = (n * C + c) * plane;
      for (let i = 0; i < plane; i++) {
        const d = x[base + i] - m;
        ss += d * d;
      }
    }
    mean[c] = m;
    variance[c] = ss / count;
  }
  return { count, mean, variance, std: variance.map(Math.sqrt), min, max };
}

/** All N·H·W values of channel c, in (n, h, w) order. */
export function channelValues(t: Tensor, c: number): Float32Array {
  const [N, C, H, W] = t.shape;
  const plane = H * W;
  const out = new Float32Array(N * plane);
  for (let n = 0; n < N; n++) out.set(t.data.subarray((n * C + c) * plane, (n * C + c + 1) * plane), n * plane);
  return out;
}

export interface Histogram {
  lo: number;
  hi: number;
  /** counts[i] holds values in [lo + i·w, lo + (i+1)·w); the last bin also holds `hi`. Values outside are dropped. */
  counts: Uint32Array;
  /** How many values fell outside [lo, hi] (shown, so a clipped histogram never hides data silently). */
  outside: number;
}

export function histogram(values: Float32Array, lo: number, hi: number, bins: number): Histogram {
  const counts = new Uint32Array(bins);
  let outside = 0;
  const width = (hi - lo) / bins;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= lo && v <= hi)) {
      outside++;
      continue;
    }
    const b = v === hi ? bins - 1 : Math.min(bins - 1, Math.floor((v - lo) / width));
    counts[b]++;
  }
  return { lo, hi, counts, outside };
}

/**
 * Covariance and correlation between channels (C×C, row-major), each value paired with the other channels' values
 * at the same (n, h, w) — the quantity "unit covariance" would be about. Biased (÷ count) like BatchNorm's variance.
 */
export function channelCovariance(t: Tensor): { cov: Float64Array; corr: Float64Array; channels: number } {
  const [N, C, H, W] = t.shape;
  const plane = H * W;
  const count = N * plane;
  const { mean } = channelStats(t);
  const cov = new Float64Array(C * C);
  for (let a = 0; a < C; a++) {
    for (let b = a; b < C; b++) {
      let s = 0;
      for (let n = 0; n < N; n++) {
        const ba = (n * C + a) * plane;
        const bb = (n * C + b) * plane;
        for (let i = 0; i < plane; i++) s += (t.data[ba + i] - mean[a]) * (t.data[bb + i] - mean[b]);
      }
      cov[a * C + b] = cov[b * C + a] = s / count;
    }
  }
  const corr = new Float64Array(C * C);
  for (let a = 0; a < C; a++) {
    for (let b = 0; b < C; b++) {
      const d = Math.sqrt(cov[a * C + a] * cov[b * C + b]);
      corr[a * C + b] = d > 0 ? cov[a * C + b] / d : NaN; // undefined for a constant channel
    }
  }
  return { cov, corr, channels: C };
}

/** Standard deviation (÷ count) of a list of numbers; NaN for an empty list. */
export function spread(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const m = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - m) * (v - m), 0) / values.length);
}
