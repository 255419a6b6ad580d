/** Small summaries of activations and loss curves that the demos display and the tests assert on. */

export interface Summary {
  mean: number;
  std: number;
  /** Fraction of exact zeros (dead ReLU outputs). */
  zeros: number;
  /** Up to `maxSamples` values taken at evenly spaced positions (for histograms drawn later, with any bins). */
  sample: Float32Array;
}

export function summarise(values: Float32Array, maxSamples = 400): Summary {
  const n = values.length;
  let s = 0;
  let zeros = 0;
  for (let i = 0; i < n; i++) {
    s += values[i];
    if (values[i] === 0) zeros++;
  }
  const mean = n ? s / n : NaN;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  const k = Math.min(n, maxSamples);
  const sample = new Float32Array(k);
  for (let i = 0; i < k; i++) sample[i] = values[Math.floor((i * n) / k)];
  return { mean, std: n ? Math.sqrt(ss / n) : NaN, zeros: n ? zeros / n : NaN, sample };
}

/** Counts of `values` in `bins` equal bins over [lo, hi]; values outside go to the end bins. NaN is skipped. */
export function histogram(values: ArrayLike<number>, bins: number, lo: number, hi: number): Float64Array {
  const counts = new Float64Array(bins);
  const width = (hi - lo) / bins;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    const b = Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / width)));
    counts[b]++;
  }
  return counts;
}

/** Mean of the last `window` finite entries (NaN if the run diverged to a non-finite loss at the end). */
export function tailMean(values: readonly number[], window: number): number {
  if (values.length === 0) return NaN;
  const tail = values.slice(-window);
  if (tail.some((v) => !Number.isFinite(v))) return NaN;
  return tail.reduce((a, b) => a + b, 0) / tail.length;
}

/** First step at which the running mean of `window` losses falls below `target`, or null if it never does. */
export function stepsToTarget(losses: readonly number[], target: number, window: number): number | null {
  let s = 0;
  for (let i = 0; i < losses.length; i++) {
    s += losses[i];
    if (i >= window) s -= losses[i - window];
    if (i >= window - 1 && s / window < target) return i + 1;
  }
  return null;
}
