import { activeWasm, releaseWasmMemory } from './backend.ts';
import { allFinite, conv2dDirect } from './conv-direct.ts';
import { conv2dPlan } from './conv-plan.ts';
import { conv2dWeights, gatherConvJs } from './gather-js.ts';
import { conv2dInfo, type ConvInfo, type ConvOptions } from './params.ts';
import type { Tensor } from './tensor.ts';

/**
 * 2-D convolution (cross-correlation) with PyTorch's `F.conv2d` semantics.
 *
 * x: `[N, Cin, H, W]`, weight: `[Cout, Cin/groups, kH, kW]`, bias: `[Cout]` or null.
 * out[n, oc, oh, ow] = bias[oc] + Σ x[n, ic, oh·s − pad_top + kh·d, ow·s − pad_left + kw·d] · w[oc, ic', kh, kw]
 * with zero padding; `Ho = floor((H + pad_begin + pad_end − d·(kH − 1) − 1)/s) + 1` (PyTorch Conv2d docs).
 * Runs on the WebAssembly SIMD kernels when loaded (see backend.ts), else on `conv2dJs`; weights holding
 * NaN/±Inf, and geometry too sparse for the fast paths' padded layout (conv-plan.ts), take the exact loops of
 * conv-direct.ts.
 */
export function conv2d(
  input: Tensor,
  weight: Tensor,
  bias: Float32Array | null,
  opts: ConvOptions = {},
): Tensor {
  const info = conv2dInfo(input, weight, bias, opts);
  return { shape: [...info.outShape], data: conv2dWithInfo(info, input.data, weight.data, bias ?? null) };
}

/** The backend dispatch of `conv2d`, for parameters already validated by `conv2dInfo` (conv1d.ts shares it). */
export function conv2dWithInfo(info: ConvInfo, x: Float32Array, w: Float32Array, b: Float32Array | null): Float32Array {
  const wasm = activeWasm();
  const data = !allFinite(w) ? conv2dDirect(info, x, w, b)
    : (wasm ? wasm.conv2d(info, x, w, b) : null) ?? conv2dJs(info, x, w, b);
  if (wasm) releaseWasmMemory();
  return data;
}

/** The typed-array implementation, for parameters already validated by `conv2dInfo`. */
export function conv2dJs(info: ConvInfo, x: Float32Array, w: Float32Array, bias: Float32Array | null): Float32Array {
  const plan = conv2dPlan(info);
  return plan ? gatherConvJs(info, plan, x, conv2dWeights(info, w), bias) : conv2dDirect(info, x, w, bias);
}
