import { activeWasm, releaseWasmMemory } from './backend.ts';
import { rowMoments } from './moments.ts';
import { instanceNorm2dInfo, type InstanceNormInfo, type InstanceNormOptions } from './norm-params.ts';
import type { Tensor } from './tensor.ts';
import type { WasmKernels } from './wasm-kernels.ts';
import { normRowsWasm, type RowMoments } from './wasm-norms.ts';

export interface InstanceNormResult {
  output: Tensor;
  /** Updated running statistics (instance statistics used and running stats given); fresh arrays, else null. */
  runningMean: Float32Array | null;
  runningVar: Float32Array | null;
}

/**
 * Instance normalization with PyTorch's `F.instance_norm` semantics on x: `[N, C, H, W]`.
 *
 * useInputStats (default, and training): each (sample, channel) plane is normalized by its own mean and **biased**
 * variance over H·W; given running stats, they move by `momentum` towards the mean over the batch of the planes'
 * means and **unbiased** variances (PyTorch runs instance norm as batch norm over [1, N·C, H, W] and averages the
 * N copies back). useInputStats false: every plane is normalized with the channel's running stats. weight/bias [C].
 * Runs the WebAssembly SIMD kernels when loaded (wasm/norms.ts; batch norm's with running stats), else JavaScript.
 */
export function instanceNorm2d(input: Tensor, opts: InstanceNormOptions = {}): InstanceNormResult {
  const info = instanceNorm2dInfo(input, opts);
  const { batch, channels, spatial, momentum, runningMean, runningVar } = info;
  const x = input.data;
  const wasm = activeWasm();
  const fast = wasm ? instanceNormWasm(wasm, x, info) : null;
  if (wasm) releaseWasmMemory();
  const { out, moments } = fast ?? instanceNormJs(x, info);
  let rm: Float32Array | null = null;
  let rv: Float32Array | null = null;
  if (moments && runningMean && runningVar) {
    const { mean, variance } = moments;
    rm = new Float32Array(channels);
    rv = new Float32Array(channels);
    const unbias = spatial / (spatial - 1);
    for (let c = 0; c < channels; c++) {
      let sm = 0;
      let sv = 0;
      for (let n = 0; n < batch; n++) {
        sm += mean[n * channels + c];
        sv += variance[n * channels + c] * unbias;
      }
      rm[c] = (1 - momentum) * runningMean[c] + momentum * (sm / batch);
      rv[c] = (1 - momentum) * runningVar[c] + momentum * (sv / batch);
    }
  }
  return { output: { shape: [...input.shape], data: out }, runningMean: rm, runningVar: rv };
}

interface Normalized {
  out: Float32Array;
  /** Each plane's instance mean and biased variance, where the running statistics are to be updated. */
  moments: RowMoments | null;
}

/**
 * Instance statistics through the rows kernel (a row is one plane); running statistics through batch norm's
 * per-channel `normalize`, since every sample's plane of a channel then shares one centre and scale.
 */
function instanceNormWasm(wasm: WasmKernels, x: Float32Array, info: InstanceNormInfo): Normalized | null {
  const { batch, channels, spatial, rows, eps, weight, bias, runningMean, runningVar } = info;
  if (info.useInputStats) {
    const r = normRowsWasm(wasm, x, { rows, rowSize: spatial, segLen: spatial, channels, weight, bias, eps }, runningMean !== null);
    return r && { out: r.out, moments: r.moments };
  }
  const mean = Float64Array.from(runningMean!);
  const scale = new Float64Array(channels);
  const shift = new Float64Array(channels);
  for (let c = 0; c < channels; c++) {
    scale[c] = (weight ? weight[c] : 1) / Math.sqrt(runningVar![c] + eps);
    shift[c] = bias ? bias[c] : 0;
  }
  const out = wasm.normalize(x, batch, channels, spatial, mean, scale, shift);
  return out && { out, moments: null };
}

function instanceNormJs(x: Float32Array, info: InstanceNormInfo): Normalized {
  const { channels, spatial, rows, eps, useInputStats, weight, bias, runningMean, runningVar } = info;
  let mean: Float64Array;
  let variance: Float64Array;
  if (useInputStats) {
    ({ mean, variance } = rowMoments(x, rows, spatial));
  } else {
    mean = new Float64Array(rows);
    variance = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      mean[r] = runningMean![r % channels];
      variance[r] = runningVar![r % channels];
    }
  }
  const out = new Float32Array(x.length);
  for (let r = 0; r < rows; r++) {
    const c = r % channels;
    const scale = (weight ? weight[c] : 1) / Math.sqrt(variance[r] + eps);
    const shift = bias ? bias[c] : 0;
    const m = mean[r];
    const base = r * spatial;
    for (let i = 0; i < spatial; i++) out[base + i] = (x[base + i] - m) * scale + shift;
  }
  return { out, moments: useInputStats ? { mean, variance } : null };
}
