/**
 * Per-channel mean and biased variance of an `[N, C, spatial]` layout, in float64 and two passes — the statistics
 * PyTorch's CPU batch norm normalises with. One loop for the forward kernel, its backward and every panel that
 * shows the numbers, so they cannot drift apart.
 */
export interface ChannelMoments {
  /** Values per channel (N·spatial). */
  count: number;
  mean: Float64Array;
  /** Biased (÷ count) variance. */
  variance: Float64Array;
}

export function channelMoments(x: ArrayLike<number>, batch: number, channels: number, spatial: number): ChannelMoments {
  const count = batch * spatial;
  const mean = new Float64Array(channels);
  const variance = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    let s = 0;
    for (let n = 0; n < batch; n++) s += sum(x, (n * channels + c) * spatial, spatial);
    const m = s / count;
    let ss = 0;
    for (let n = 0; n < batch; n++) ss += squaredDeviations(x, (n * channels + c) * spatial, spatial, m);
    mean[c] = m;
    variance[c] = ss / count;
  }
  return { count, mean, variance };
}

// Four partial sums: one float64 accumulator is a chain of dependent adds, bound by the add's latency; four
// independent chains keep the adder busy. (The order of float64 additions changes, far below float32 rounding.)

/** Σ x[from … from + length − 1] in float64. */
export function sum(x: ArrayLike<number>, from: number, length: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  const end = from + length;
  let i = from;
  for (; i + 4 <= end; i += 4) {
    s0 += x[i];
    s1 += x[i + 1];
    s2 += x[i + 2];
    s3 += x[i + 3];
  }
  for (; i < end; i++) s0 += x[i];
  return (s0 + s1) + (s2 + s3);
}

/** Σ (x[i] − m)² over x[from … from + length − 1] in float64. */
function squaredDeviations(x: ArrayLike<number>, from: number, length: number, m: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  const end = from + length;
  let i = from;
  for (; i + 4 <= end; i += 4) {
    const d0 = x[i] - m, d1 = x[i + 1] - m, d2 = x[i + 2] - m, d3 = x[i + 3] - m;
    s0 += d0 * d0;
    s1 += d1 * d1;
    s2 += d2 * d2;
    s3 += d3 * d3;
  }
  for (; i < end; i++) {
    const d = x[i] - m;
    s0 += d * d;
  }
  return (s0 + s1) + (s2 + s3);
}

/**
 * Mean and biased variance of each of `rows` contiguous rows of `rowSize` values (float64, two passes): the
 * statistics of GroupNorm (a row = one sample's group), LayerNorm (a row = one sample's normalized dims) and
 * InstanceNorm (a row = one sample's channel).
 */
export function rowMoments(x: ArrayLike<number>, rows: number, rowSize: number): ChannelMoments {
  const mean = new Float64Array(rows);
  const variance = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const base = r * rowSize;
    let s = 0;
    for (let i = 0; i < rowSize; i++) s += x[base + i];
    const m = s / rowSize;
    let ss = 0;
    for (let i = 0; i < rowSize; i++) {
      const d = x[base + i] - m;
      ss += d * d;
    }
    mean[r] = m;
    variance[r] = ss / rowSize;
  }
  return { count: rowSize, mean, variance };
}
