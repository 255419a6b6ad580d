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
    for (let n = 0; n < batch; n++) {
      const base = (n * channels + c) * spatial;
      for (let i = 0; i < spatial; i++) s += x[base + i];
    }
    const m = s / count;
    let ss = 0;
    for (let n = 0; n < batch; n++) {
      const base = (n * channels + c) * spatial;
      for (let i = 0; i < spatial; i++) {
        const d = x[base + i] - m;
        ss += d * d;
      }
    }
    mean[c] = m;
    variance[c] = ss / count;
  }
  return { count, mean, variance };
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
