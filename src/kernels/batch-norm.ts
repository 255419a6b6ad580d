import { batchNorm2dInfo, type BatchNormOptions } from './params.ts';
import type { Tensor } from './tensor.ts';

export interface BatchNormResult {
  output: Tensor;
  /** Updated running statistics (training mode with running stats given); fresh arrays. */
  runningMean?: Float32Array;
  runningVar?: Float32Array;
  /** Per-channel batch mean and biased variance used to normalise (training mode). */
  batchMean?: Float32Array;
  batchVar?: Float32Array;
}

/**
 * Batch normalization with PyTorch's `F.batch_norm` semantics on x: `[N, C, H, W]`.
 *
 * y = γ·(x − μ)/√(σ² + eps) + β per channel. Training: μ, σ² are the batch mean and the **biased** variance
 * over N·H·W, and the running stats become `(1 − momentum)·running + momentum·batch` using the **unbiased**
 * variance (PyTorch BatchNorm2d docs). Eval: μ, σ² are the running stats. Statistics accumulate in float64,
 * as PyTorch's CPU kernel does. Inputs are never modified.
 */
export function batchNorm2d(input: Tensor, opts: BatchNormOptions): BatchNormResult {
  const info = batchNorm2dInfo(input, opts);
  const { batch, channels, spatial, training, momentum, eps } = info;
  const x = input.data;
  const out = new Float32Array(x.length);
  const mean = new Float64Array(channels);
  const variance = new Float64Array(channels);
  const count = batch * spatial;
  if (training) {
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
  } else {
    mean.set(opts.runningMean!);
    variance.set(opts.runningVar!);
  }
  // Fold to one scale and shift per channel: y = x·scale + shift.
  for (let c = 0; c < channels; c++) {
    const gamma = opts.weight ? opts.weight[c] : 1;
    const beta = opts.bias ? opts.bias[c] : 0;
    const invStd = 1 / Math.sqrt(variance[c] + eps);
    const scale = gamma * invStd;
    const shift = beta - mean[c] * scale;
    for (let n = 0; n < batch; n++) {
      const base = (n * channels + c) * spatial;
      for (let i = 0; i < spatial; i++) out[base + i] = x[base + i] * scale + shift;
    }
  }
  const result: BatchNormResult = { output: { shape: [...input.shape], data: out } };
  if (training) {
    result.batchMean = Float32Array.from(mean);
    result.batchVar = Float32Array.from(variance);
    if (opts.runningMean && opts.runningVar) {
      const rm = new Float32Array(channels);
      const rv = new Float32Array(channels);
      const unbias = count / (count - 1);
      for (let c = 0; c < channels; c++) {
        rm[c] = (1 - momentum) * opts.runningMean[c] + momentum * mean[c];
        rv[c] = (1 - momentum) * opts.runningVar[c] + momentum * variance[c] * unbias;
      }
      result.runningMean = rm;
      result.runningVar = rv;
    }
  }
  return result;
}
