import type { Tensor } from '../tensor.ts';
import { at, zeros64, type Tensor64 } from './layout.ts';

export interface NaiveBatchNormResult {
  output: Tensor64;
  mean: Float64Array;
  /** Biased (÷ m) variance, the one used to normalise. */
  variance: Float64Array;
  runningMean?: Float64Array;
  runningVar?: Float64Array;
}

/**
 * Textbook batch normalisation (Ioffe & Szegedy 2015, PyTorch BatchNorm2d docs), float64, two passes.
 * Per channel over m = N·H·W values: μ = Σx/m, σ² = Σ(x − μ)²/m, y = γ·(x − μ)/√(σ² + ε) + β.
 * Training updates running stats with the unbiased variance σ²·m/(m − 1); eval normalises with them instead.
 */
export function naiveBatchNorm2d(
  x: Tensor,
  p: {
    weight?: Float32Array; bias?: Float32Array; runningMean?: Float32Array; runningVar?: Float32Array;
    training: boolean; momentum: number; eps: number;
  },
): NaiveBatchNormResult {
  const [N, C, H, W] = x.shape;
  const m = N * H * W;
  const values = (c: number): number[] => {
    const v: number[] = [];
    for (let n = 0; n < N; n++) for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) v.push(x.data[at(x.shape, n, c, h, w)]);
    return v;
  };
  const mean = new Float64Array(C);
  const variance = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    const v = values(c);
    mean[c] = v.reduce((s, a) => s + a, 0) / m;
    variance[c] = v.reduce((s, a) => s + (a - mean[c]) ** 2, 0) / m;
  }
  const useMean = p.training ? mean : Float64Array.from(p.runningMean!);
  const useVar = p.training ? variance : Float64Array.from(p.runningVar!);
  const out = zeros64(x.shape);
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      const gamma = p.weight ? p.weight[c] : 1;
      const beta = p.bias ? p.bias[c] : 0;
      for (let h = 0; h < H; h++) {
        for (let w = 0; w < W; w++) {
          const i = at(x.shape, n, c, h, w);
          out.data[i] = (gamma * (x.data[i] - useMean[c])) / Math.sqrt(useVar[c] + p.eps) + beta;
        }
      }
    }
  }
  const result: NaiveBatchNormResult = { output: out, mean, variance };
  if (p.training && p.runningMean && p.runningVar) {
    const rm = p.runningMean;
    const rv = p.runningVar;
    result.runningMean = mean.map((mu, c) => (1 - p.momentum) * rm[c] + p.momentum * mu);
    result.runningVar = variance.map((v, c) => (1 - p.momentum) * rv[c] + p.momentum * v * (m / (m - 1)));
  }
  return result;
}
