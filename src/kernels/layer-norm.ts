import { activeWasm, releaseWasmMemory } from './backend.ts';
import { rowMoments } from './moments.ts';
import { layerNormInfo, type LayerNormOptions } from './norm-params.ts';
import type { Tensor } from './tensor.ts';
import { layerNormWasm, normRowsWasm } from './wasm-norms.ts';

/**
 * Layer normalization with PyTorch's `F.layer_norm` semantics: the trailing dims `normalizedShape` of each sample
 * share one mean and **biased** variance (float64, two passes); weight and bias are elementwise over those dims:
 * y = γ_i·(x_i − μ)/√(σ² + eps) + β_i (PyTorch LayerNorm docs). Any leading dims; nothing depends on the batch.
 * Runs the WebAssembly SIMD kernel (wasm/norms.ts) when loaded, else the JavaScript loops below.
 */
export function layerNorm(input: Tensor, opts: LayerNormOptions): Tensor {
  const { rows, rowSize, eps, weight, bias } = layerNormInfo(input, opts);
  const x = input.data;
  const wasm = activeWasm();
  if (wasm) {
    const out = weight === null && bias === null
      ? normRowsWasm(wasm, x, { rows, rowSize, segLen: rowSize, channels: 1, weight, bias, eps })?.out ?? null
      : layerNormWasm(wasm, x, rows, rowSize, weight, bias, eps);
    releaseWasmMemory();
    if (out) return { shape: [...input.shape], data: out };
  }
  const { mean, variance } = rowMoments(x, rows, rowSize);
  const out = new Float32Array(x.length);
  for (let r = 0; r < rows; r++) {
    const m = mean[r];
    const inv = 1 / Math.sqrt(variance[r] + eps);
    const base = r * rowSize;
    if (weight === null && bias === null) {
      for (let i = 0; i < rowSize; i++) out[base + i] = (x[base + i] - m) * inv;
    } else {
      for (let i = 0; i < rowSize; i++) {
        out[base + i] = (x[base + i] - m) * inv * (weight ? weight[i] : 1) + (bias ? bias[i] : 0);
      }
    }
  }
  return { shape: [...input.shape], data: out };
}
