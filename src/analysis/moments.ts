import { channelMoments, type Tensor } from '../kernels/index.ts';

/**
 * Per-channel statistics of an `[N, C, H, W]` tensor over N·H·W values: the kernels' float64 two-pass moments (the
 * *biased* variance BatchNorm2d normalises with) plus each channel's range. Histogram markers and numbers come
 * from here.
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
  const { count, mean, variance } = channelMoments(t.data, N, C, plane);
  const min = new Float64Array(C).fill(Infinity);
  const max = new Float64Array(C).fill(-Infinity);
  const x = t.data;
  for (let c = 0; c < C; c++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let n = 0; n < N; n++) {
      const base = (n * C + c) * plane;
      for (let i = 0; i < plane; i++) {
        const v = x[base + i];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    min[c] = lo;
    max[c] = hi;
  }
  return { count, mean, variance, std: variance.map(Math.sqrt), min, max };
}
