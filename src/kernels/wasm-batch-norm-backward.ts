/**
 * WebAssembly path of batch norm's backward pass (kernels in wasm/batch-norm-backward.ts, formulas and the
 * JavaScript loops in backward/batch-norm.ts): x and ∂L/∂y are copied in once; each channel's statistics
 * (training mode), its two sums and its input gradient are computed in float64 there, and ∂L/∂x is handed over
 * by `copyOut`. Null, with nothing written, when the tensors do not fit wasm memory.
 */
import type { WasmKernels } from './wasm-kernels.ts';

export interface BatchNormBackwardParams {
  /** Training mode: the batch's own statistics (computed here), whose gradients add the two batch terms. */
  training: boolean;
  /** Eval mode: the running statistics the forward pass used. */
  runningMean: ArrayLike<number> | null;
  runningVar: ArrayLike<number> | null;
  eps: number;
  /** γ, or null without affine (γ = 1). */
  gamma: ArrayLike<number> | null;
}

export function batchNormBackwardWasm(wasm: WasmKernels, x: Float32Array, dy: Float32Array, batch: number, channels: number,
  spatial: number, p: BatchNormBackwardParams, gradWeight: Float32Array, gradBias: Float32Array): Float32Array | null {
  const m = wasm.mem;
  m.reset();
  const xAt = m.alloc(x.length);
  const dyAt = m.alloc(dy.length);
  const dxAt = m.alloc(x.length);
  const pairAt = m.alloc(4); // two float64
  if (!m.commit()) return null;
  const f32 = m.f32;
  f32.set(x, xAt >> 2);
  f32.set(dy, dyAt >> 2);
  const pair = new Float64Array(f32.buffer, pairAt, 2);
  const count = batch * spatial;
  for (let c = 0; c < channels; c++) {
    let mean: number;
    let variance: number;
    if (p.training) {
      wasm.k.bnMoments(xAt, batch, channels, spatial, c, pairAt);
      mean = pair[0];
      variance = pair[1];
    } else {
      mean = p.runningMean![c];
      variance = p.runningVar![c];
    }
    const invStd = 1 / Math.sqrt(variance + p.eps);
    wasm.k.bnGradSums(xAt, dyAt, batch, channels, spatial, c, mean, pairAt);
    const sumDy = pair[0];
    const sumDyXhat = pair[1] * invStd;
    gradBias[c] = sumDy;
    gradWeight[c] = sumDyXhat;
    const scale = (p.gamma ? p.gamma[c] : 1) * invStd;
    wasm.k.bnGradInput(xAt, dyAt, dxAt, batch, channels, spatial, c, mean, invStd, scale,
      p.training ? sumDy / count : 0, p.training ? sumDyXhat / count : 0);
  }
  return m.copyOut(dxAt, x.length);
}
