import type { Tensor } from '../../kernels/index.ts';
import { channelStats } from '../../analysis/moments.ts';

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
  const outside = binInto(counts, values, 0, values.length, lo, hi);
  return { lo, hi, counts, outside };
}

/**
 * The histogram of channel `c` of an NCHW tensor (all N·H·W of its values), binned where they lie: the same counts
 * as `histogram(channelValues(t, c), …)` without copying the channel first (a new batch bins twelve of them).
 */
export function channelHistogram(t: Tensor, c: number, lo: number, hi: number, bins: number): Histogram {
  const [N, C, H, W] = t.shape;
  const plane = H * W;
  const counts = new Uint32Array(bins);
  let outside = 0;
  for (let n = 0; n < N; n++) outside += binInto(counts, t.data, (n * C + c) * plane, (n * C + c + 1) * plane, lo, hi);
  return { lo, hi, counts, outside };
}

/** Count values[start..end) into `counts` over [lo, hi]; returns how many fell outside. */
function binInto(counts: Uint32Array, values: ArrayLike<number>, start: number, end: number, lo: number, hi: number): number {
  const bins = counts.length;
  const width = (hi - lo) / bins;
  let outside = 0;
  for (let i = start; i < end; i++) {
    const v = values[i];
    if (!(v >= lo && v <= hi)) {
      outside++;
      continue;
    }
    const b = v === hi ? bins - 1 : Math.min(bins - 1, Math.floor((v - lo) / width));
    counts[b]++;
  }
  return outside;
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

/**
 * ZCA whitening of two paired channels — what "unit covariance" would really take, shown for contrast (BatchNorm
 * does not do this): subtract the means, multiply by Σ^(−1/2) so the 2×2 covariance becomes the identity.
 * Returns null when the pair is degenerate (a constant channel, or perfectly correlated channels).
 */
export function whitenPair(a: Float32Array, b: Float32Array): { x: Float32Array; y: Float32Array } | null {
  const n = Math.min(a.length, b.length);
  if (n < 2) return null;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] / n;
    mb += b[i] / n;
  }
  let saa = 0, sbb = 0, sab = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    saa += (da * da) / n;
    sbb += (db * db) / n;
    sab += (da * db) / n;
  }
  const tr = saa + sbb;
  const det = saa * sbb - sab * sab;
  const disc = Math.sqrt(Math.max(0, (tr * tr) / 4 - det));
  const l1 = tr / 2 + disc;
  const l2 = tr / 2 - disc;
  if (!(l2 > 1e-12 * Math.max(1, l1))) return null;
  // Unit eigenvectors of [[saa, sab], [sab, sbb]].
  let v1: [number, number] = Math.abs(sab) > 0 ? [sab, l1 - saa] : saa >= sbb ? [1, 0] : [0, 1];
  const len = Math.hypot(v1[0], v1[1]);
  v1 = [v1[0] / len, v1[1] / len];
  const v2: [number, number] = [-v1[1], v1[0]];
  const k1 = 1 / Math.sqrt(l1);
  const k2 = 1 / Math.sqrt(l2);
  // W = k1·v1v1ᵀ + k2·v2v2ᵀ (symmetric: ZCA keeps the data as close to the original axes as possible).
  const w00 = k1 * v1[0] * v1[0] + k2 * v2[0] * v2[0];
  const w01 = k1 * v1[0] * v1[1] + k2 * v2[0] * v2[1];
  const w11 = k1 * v1[1] * v1[1] + k2 * v2[1] * v2[1];
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    x[i] = w00 * da + w01 * db;
    y[i] = w01 * da + w11 * db;
  }
  return { x, y };
}

/**
 * Half-width for a symmetric colour scale: the largest |value|, but no more than max over channels of |μ| + 3.5σ,
 * so a few extreme edge pixels do not wash every other value out to white. Values beyond saturate.
 */
export function robustMaxAbs(values: ArrayLike<number>): number {
  let n = 0, s = 0, m = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    n++;
    s += v;
    m = Math.max(m, Math.abs(v));
  }
  if (n === 0) return 0;
  const mean = s / n;
  let ss = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) ss += (v - mean) * (v - mean);
  }
  return Math.min(m, Math.abs(mean) + 3.5 * Math.sqrt(ss / n));
}
