import { activeWasm, releaseWasmMemory } from './backend.ts';
import { allFinite, convTranspose2dDirect } from './conv-direct.ts';
import { convTransposePlan } from './conv-plan.ts';
import { convTransposeS2Js } from './conv-transpose-s2-js.ts';
import { convTransposeWeights, gatherConvJs } from './gather-js.ts';
import { convTranspose2dInfo, type ConvInfo, type ConvTransposeOptions } from './params.ts';
import type { Tensor } from './tensor.ts';

/**
 * Transposed 2-D convolution with PyTorch's `F.conv_transpose2d` semantics.
 *
 * x: `[N, Cin, H, W]`, weight: `[Cin, Cout/groups, kH, kW]`, bias: `[Cout]` or null.
 * Output `[N, Cout, Ho, Wo]` with `Ho = (H − 1)·s − pad_begin − pad_end + d·(kH − 1) + output_padding + 1`
 * (PyTorch ConvTranspose2d docs; ONNX ConvTranspose with explicit pads).
 *
 * Each input pixel "paints" a kernel-sized stamp into the output: out[oh, ow] += x[ih, iw]·w[kh, kw] where
 * oh = ih·s − pad_top + kh·d. Computed the other way round, in gather form (conv-plan.ts): every output
 * collects the taps of its stride phase. Runs on the WebAssembly SIMD kernels when loaded (see backend.ts),
 * else on `convTranspose2dJs`; weights holding NaN/±Inf, and geometry too sparse for the fast paths' padded
 * layout (conv-plan.ts), take the exact loops of conv-direct.ts.
 */
export function convTranspose2d(
  input: Tensor,
  weight: Tensor,
  bias: Float32Array | null,
  opts: ConvTransposeOptions = {},
): Tensor {
  const info = convTranspose2dInfo(input, weight, bias, opts);
  return { shape: [...info.outShape], data: convTranspose2dWithInfo(info, input.data, weight.data, bias ?? null) };
}

/** The backend dispatch of `convTranspose2d`, for parameters already validated by `convTranspose2dInfo` (conv1d.ts shares it). */
export function convTranspose2dWithInfo(info: ConvInfo, x: Float32Array, w: Float32Array, b: Float32Array | null): Float32Array {
  const wasm = activeWasm();
  const data = !allFinite(w) ? convTranspose2dDirect(info, x, w, b)
    : (wasm ? wasm.convTranspose2d(info, x, w, b) : null) ?? convTranspose2dJs(info, x, w, b);
  if (wasm) releaseWasmMemory();
  return data;
}

/**
 * The typed-array implementation, for parameters already validated by `convTranspose2dInfo`: the fused-phase
 * stride-2 kernel for layers with 1–3 output channels per group, the gather tiles otherwise, the direct loops
 * when the geometry is too sparse for a padded layout.
 */
export function convTranspose2dJs(info: ConvInfo, x: Float32Array, w: Float32Array, bias: Float32Array | null): Float32Array {
  const fused = convTransposeS2Js(info, x, w, bias);
  if (fused) return fused;
  const plan = convTransposePlan(info);
  return plan ? gatherConvJs(info, plan, x, convTransposeWeights(info, w), bias) : convTranspose2dDirect(info, x, w, bias);
}
