import { activeWasm, releaseWasmMemory } from '../backend.ts';
import { channelMoments } from '../moments.ts';
import { batchNormBackwardWasm } from '../wasm-batch-norm-backward.ts';
import { batchNorm2dInfo, type BatchNormOptions } from '../params.ts';
import type { Tensor } from '../tensor.ts';
import { checkGradOutput } from './check.ts';

export interface BatchNormGradients {
  /** ∂L/∂x, same shape as the input. */
  gradInput: Tensor;
  /** ∂L/∂γ per channel. */
  gradWeight: Float32Array;
  /** ∂L/∂β per channel. */
  gradBias: Float32Array;
}

/**
 * Backward pass of `batchNorm2d` on x `[N, C, H, W]` with the same options as the forward call.
 *
 * Training mode differentiates *through the batch statistics* (PyTorch `native_batch_norm_backward`): with
 * M = N·H·W, x̂ = (x − μ)/√(σ² + eps) and μ, σ² (biased) of the batch,
 *   ∂L/∂β = Σ ∂L/∂y,   ∂L/∂γ = Σ ∂L/∂y · x̂,
 *   ∂L/∂x = γ/√(σ² + eps) · (∂L/∂y − ∂L/∂β / M − x̂ · ∂L/∂γ / M).
 * The two subtracted terms are what the mean and the variance pass back: every element's gradient depends on
 * the whole batch, which is why BN's gradient has no component along a shift or a rescale of a channel.
 * Eval mode uses the running statistics as constants: ∂L/∂x = γ/√(running_var + eps) · ∂L/∂y.
 * Statistics and sums accumulate in float64.
 */
export function batchNorm2dBackward(input: Tensor, gradOutput: Tensor, opts: BatchNormOptions): BatchNormGradients {
  const info = batchNorm2dInfo(input, opts);
  checkGradOutput(gradOutput, input.shape, 'batchNorm2d');
  const { batch, channels, spatial, training, eps } = info;
  const x = input.data;
  const dy = gradOutput.data;
  const gradWeight = new Float32Array(channels);
  const gradBias = new Float32Array(channels);
  const count = batch * spatial;
  const wasm = activeWasm();
  if (wasm) {
    const fast = batchNormBackwardWasm(wasm, x, dy, batch, channels, spatial, {
      training, runningMean: opts.runningMean ?? null, runningVar: opts.runningVar ?? null, eps, gamma: opts.weight ?? null,
    }, gradWeight, gradBias);
    releaseWasmMemory();
    if (fast) return { gradInput: { shape: [...input.shape], data: fast }, gradWeight, gradBias };
  }
  const dx = new Float32Array(x.length);
  const moments = training ? channelMoments(x, batch, channels, spatial) : null;
  for (let c = 0; c < channels; c++) {
    const mean = moments ? moments.mean[c] : opts.runningMean![c];
    const variance = moments ? moments.variance[c] : opts.runningVar![c];
    const invStd = 1 / Math.sqrt(variance + eps);
    let sumDy = 0;
    let sumDyXhat = 0;
    for (let n = 0; n < batch; n++) {
      const base = (n * channels + c) * spatial;
      for (let i = 0; i < spatial; i++) {
        const g = dy[base + i];
        sumDy += g;
        sumDyXhat += g * (x[base + i] - mean) * invStd;
      }
    }
    gradBias[c] = sumDy;
    gradWeight[c] = sumDyXhat;
    const scale = (opts.weight ? opts.weight[c] : 1) * invStd;
    // In eval mode the statistics are constants, so the two batch terms vanish.
    const meanTerm = training ? sumDy / count : 0;
    const varTerm = training ? sumDyXhat / count : 0;
    for (let n = 0; n < batch; n++) {
      const base = (n * channels + c) * spatial;
      for (let i = 0; i < spatial; i++) {
        const xhat = (x[base + i] - mean) * invStd;
        dx[base + i] = scale * (dy[base + i] - meanTerm - xhat * varTerm);
      }
    }
  }
  return { gradInput: { shape: [...input.shape], data: dx }, gradWeight, gradBias };
}
