import { convTranspose1dInfo, conv1dInfo, type Conv1dOptions, type ConvTranspose1dOptions } from './conv1d-params.ts';
import { convTranspose2dWithInfo } from './conv-transpose.ts';
import { conv2dWithInfo } from './conv2d.ts';
import type { Tensor } from './tensor.ts';

/**
 * 1-D convolution (cross-correlation) with PyTorch's `F.conv1d` semantics.
 *
 * x: `[N, Cin, L]`, weight: `[Cout, Cin/groups, k]`, bias: `[Cout]` or null.
 * out[n, oc, o] = bias[oc] + Σ x[n, ic, o·s − pad_begin + t·d] · w[oc, ic', t] with zero padding;
 * `Lo = floor((L + pad_begin + pad_end − d·(k − 1) − 1)/s) + 1` (PyTorch Conv1d docs).
 * Runs as the 2-D layer with H = 1 (same data, viewed as `[N, Cin, 1, L]` and `[Cout, Cin/groups, 1, k]`), so it
 * takes every path `conv2d` has: WebAssembly SIMD when loaded, the JS gather tiles, the exact direct loops.
 */
export function conv1d(input: Tensor, weight: Tensor, bias: Float32Array | null, opts: Conv1dOptions = {}): Tensor {
  const info = conv1dInfo(input, weight, bias, opts);
  return { shape: [...info.outShape], data: conv2dWithInfo(info.conv, input.data, weight.data, bias ?? null) };
}

/**
 * Transposed 1-D convolution with PyTorch's `F.conv_transpose1d` semantics.
 *
 * x: `[N, Cin, L]`, weight: `[Cin, Cout/groups, k]`, bias: `[Cout]` or null.
 * `Lo = (L − 1)·s − pad_begin − pad_end + d·(k − 1) + output_padding + 1` (PyTorch ConvTranspose1d docs; ONNX
 * ConvTranspose with explicit pads). Runs as `convTranspose2d` with H = 1, on every path that one has.
 */
export function convTranspose1d(
  input: Tensor, weight: Tensor, bias: Float32Array | null, opts: ConvTranspose1dOptions = {},
): Tensor {
  const info = convTranspose1dInfo(input, weight, bias, opts);
  return { shape: [...info.outShape], data: convTranspose2dWithInfo(info.conv, input.data, weight.data, bias ?? null) };
}
