/**
 * Naive normalization-family references, written from the definitions in the PyTorch docs and short enough to read
 * in one sitting: for every output value, find the set of input values it shares statistics with, take their mean
 * and biased variance (float64), normalize, then apply the affine parameter of its position. Slow on purpose —
 * nothing here shares a loop or a helper with the kernels under test.
 */
import type { Tensor } from '../tensor.ts';

const idx4 = (s: readonly number[], n: number, c: number, h: number, w: number) => ((n * s[1] + c) * s[2] + h) * s[3] + w;

function stats(values: number[]): { mean: number; variance: number } {
  const mean = values.reduce((a, v) => a + v, 0) / values.length;
  return { mean, variance: values.reduce((a, v) => a + (v - mean) * (v - mean), 0) / values.length };
}

/** y[n,c,h,w] from the values of sample n whose channel lies in c's group. */
export function naiveGroupNorm(x: Tensor, G: number, weight: Float32Array | null, bias: Float32Array | null, eps: number): Tensor {
  const [N, C, H, W] = x.shape;
  const out = new Float32Array(x.data.length);
  const size = C / G;
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const g = Math.floor(c / size);
      const members: number[] = [];
      for (let cc = g * size; cc < (g + 1) * size; cc++) {
        for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) members.push(x.data[idx4(x.shape, n, cc, h, w)]);
      }
      const { mean, variance } = stats(members);
      for (let h = 0; h < H; h++) {
        for (let w = 0; w < W; w++) {
          const i = idx4(x.shape, n, c, h, w);
          out[i] = ((x.data[i] - mean) / Math.sqrt(variance + eps)) * (weight ? weight[c] : 1) + (bias ? bias[c] : 0);
        }
      }
    }
  }
  return { shape: [...x.shape], data: out };
}

/** y over the last `dims` dimensions: every leading index is one set. */
export function naiveLayerNorm(x: Tensor, dims: number, weight: Float32Array | null, bias: Float32Array | null, eps: number): Tensor {
  const D = x.shape.slice(x.shape.length - dims).reduce((a, b) => a * b, 1);
  const out = new Float32Array(x.data.length);
  for (let start = 0; start < x.data.length; start += D) {
    const { mean, variance } = stats(Array.from(x.data.subarray(start, start + D)));
    for (let i = 0; i < D; i++) {
      out[start + i] = ((x.data[start + i] - mean) / Math.sqrt(variance + eps)) * (weight ? weight[i] : 1) + (bias ? bias[i] : 0);
    }
  }
  return { shape: [...x.shape], data: out };
}

/** x / √(mean(x²) + eps) · γ over the last `dims` dimensions. */
export function naiveRmsNorm(x: Tensor, dims: number, weight: Float32Array | null, eps: number): Tensor {
  const D = x.shape.slice(x.shape.length - dims).reduce((a, b) => a * b, 1);
  const out = new Float32Array(x.data.length);
  for (let start = 0; start < x.data.length; start += D) {
    const ms = Array.from(x.data.subarray(start, start + D)).reduce((a, v) => a + v * v, 0) / D;
    for (let i = 0; i < D; i++) out[start + i] = (x.data[start + i] / Math.sqrt(ms + eps)) * (weight ? weight[i] : 1);
  }
  return { shape: [...x.shape], data: out };
}

/** Each (n, c) plane by its own statistics; running stats move towards the batch mean of the planes' (unbiased) ones. */
export function naiveInstanceNorm(
  x: Tensor, weight: Float32Array | null, bias: Float32Array | null, eps: number,
  running: { mean: Float32Array; var: Float32Array; momentum: number; use: boolean } | null,
): { output: Tensor; runningMean: number[] | null; runningVar: number[] | null } {
  const [N, C, H, W] = x.shape;
  const out = new Float32Array(x.data.length);
  const means: number[][] = [];
  const vars: number[][] = [];
  for (let n = 0; n < N; n++) {
    means.push([]);
    vars.push([]);
    for (let c = 0; c < C; c++) {
      const plane: number[] = [];
      for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) plane.push(x.data[idx4(x.shape, n, c, h, w)]);
      const s = stats(plane);
      means[n].push(s.mean);
      vars[n].push(s.variance);
      const mean = running && !running.use ? running.mean[c] : s.mean;
      const variance = running && !running.use ? running.var[c] : s.variance;
      for (let h = 0; h < H; h++) {
        for (let w = 0; w < W; w++) {
          const i = idx4(x.shape, n, c, h, w);
          out[i] = ((x.data[i] - mean) / Math.sqrt(variance + eps)) * (weight ? weight[c] : 1) + (bias ? bias[c] : 0);
        }
      }
    }
  }
  if (!running || !running.use) return { output: { shape: [...x.shape], data: out }, runningMean: null, runningVar: null };
  const m = running.momentum;
  const M = H * W;
  const rm: number[] = [];
  const rv: number[] = [];
  for (let c = 0; c < C; c++) {
    let sm = 0;
    let sv = 0;
    for (let n = 0; n < N; n++) {
      sm += means[n][c];
      sv += (vars[n][c] * M) / (M - 1);
    }
    rm.push((1 - m) * running.mean[c] + (m * sm) / N);
    rv.push((1 - m) * running.var[c] + (m * sv) / N);
  }
  return { output: { shape: [...x.shape], data: out }, runningMean: rm, runningVar: rv };
}
