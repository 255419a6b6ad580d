import { activeWasm, releaseWasmMemory } from './backend.ts';
import { batchNorm2dInfo, type BatchNormOptions } from './params.ts';
import { channelMoments } from './moments.ts';
import type { Tensor } from './tensor.ts';

export interface BatchNormResult {
  output: Tensor;
  /** Updated running statistics (training mode with running stats given); fresh arrays. */
  runningMean?: Float32Array;
  runningVar?: Float32Array;
  /** Per-channel batch mean and biased variance used to normalise (training mode). */
  batchMean?: Float32Array;
  batchVar?: Float32Array;
  /** PyTorch's `num_batches_tracked` after this call (training mode with running stats given). */
  numBatchesTracked?: number;
}

/**
 * Batch normalization with PyTorch's `F.batch_norm` semantics on x: `[N, C, H, W]`.
 *
 * y = γ·(x − μ)/√(σ² + eps) + β per channel. Training: μ, σ² are the batch mean and the **biased** variance
 * over N·H·W, and the running stats become `(1 − momentum)·running + momentum·batch` using the **unbiased**
 * variance (PyTorch BatchNorm2d docs); `momentum: null` makes that a cumulative average over the
 * `numBatchesTracked + 1` batches seen. Eval: μ, σ² are the running stats.
 * As PyTorch's CPU kernel, a training batch whose channel is constant with eps 0 has inverse std 0 (output β), and
 * an infinite scale (eval with var = eps = 0, or an infinite γ) is applied as PyTorch does: x·scale + (β − μ·scale). Statistics accumulate in float64,
 * as PyTorch's CPU kernel does. Inputs are never modified. γ and the statistics are folded into one scale per
 * channel (in float64), applied by the WebAssembly SIMD kernel when loaded, else in JavaScript.
 */
export function batchNorm2d(input: Tensor, opts: BatchNormOptions): BatchNormResult {
  const info = batchNorm2dInfo(input, opts);
  const { batch, channels, spatial, training, momentum, eps } = info;
  const x = input.data;
  let mean: Float64Array;
  let variance: Float64Array;
  if (training) {
    ({ mean, variance } = channelMoments(x, batch, channels, spatial));
  } else {
    mean = Float64Array.from(opts.runningMean!);
    variance = Float64Array.from(opts.runningVar!);
  }
  const batchMean = mean.slice();
  // Fold γ and the variance into one scale per channel: y = (x − μ)·scale + β. Centring first (rather than
  // x·scale + (β − μ·scale)) keeps float32 accuracy when |μ| ≫ σ.
  const scale = new Float64Array(channels);
  const beta = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    // PyTorch (batch_norm_cpu_update_stats): invstd = 0 when the batch variance and eps are both 0.
    const invstd = training && variance[c] === 0 && eps === 0 ? 0 : 1 / Math.sqrt(variance[c] + eps);
    scale[c] = (opts.weight ? opts.weight[c] : 1) * invstd;
    beta[c] = opts.bias ? opts.bias[c] : 0;
    if (!Number.isFinite(scale[c])) {
      // PyTorch's kernels compute x·α + (β − μ·α); with α infinite, centring first would give other infinities.
      beta[c] -= mean[c] * scale[c];
      mean[c] = 0;
    }
  }
  const wasm = activeWasm();
  const out = (wasm ? wasm.normalize(x, batch, channels, spatial, mean, scale, beta) : null) ??
    normalizeJs(x, batch, channels, spatial, mean, scale, beta);
  if (wasm) releaseWasmMemory();
  const result: BatchNormResult = { output: { shape: [...input.shape], data: out } };
  if (training) {
    result.batchMean = Float32Array.from(batchMean);
    result.batchVar = Float32Array.from(variance);
    if (opts.runningMean && opts.runningVar) {
      const rm = new Float32Array(channels);
      const rv = new Float32Array(channels);
      const count = batch * spatial;
      const unbias = count / (count - 1);
      for (let c = 0; c < channels; c++) {
        rm[c] = (1 - momentum) * opts.runningMean[c] + momentum * batchMean[c];
        rv[c] = (1 - momentum) * opts.runningVar[c] + momentum * variance[c] * unbias;
      }
      result.runningMean = rm;
      result.runningVar = rv;
      result.numBatchesTracked = info.numBatchesTracked;
    }
  }
  return result;
}

/**
 * y = (x − mean[c])·scale[c] + beta[c] over [N, C, spatial]; the inner loop touches only Float32Arrays and is
 * unrolled by four, so V8 does fewer loop and bounds checks per element.
 */
export function normalizeJs(x: Float32Array, batch: number, channels: number, spatial: number,
  mean: Float64Array, scale: Float64Array, beta: Float64Array): Float32Array {
  const out = new Float32Array(x.length);
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      const m = mean[c];
      const sc = scale[c];
      const b = beta[c];
      const end = (n * channels + c + 1) * spatial;
      let i = end - spatial;
      for (; i + 4 <= end; i += 4) {
        const x0 = x[i], x1 = x[i + 1], x2 = x[i + 2], x3 = x[i + 3];
        out[i] = (x0 - m) * sc + b;
        out[i + 1] = (x1 - m) * sc + b;
        out[i + 2] = (x2 - m) * sc + b;
        out[i + 3] = (x3 - m) * sc + b;
      }
      for (; i < end; i++) out[i] = (x[i] - m) * sc + b;
    }
  }
  return out;
}
