import { activeWasm, releaseWasmMemory } from './backend.ts';
import { rmsNormInfo, type RmsNormOptions } from './norm-params.ts';
import type { Tensor } from './tensor.ts';
import { rmsNormWasm } from './wasm-norms.ts';

/**
 * RMS normalization with PyTorch's `F.rms_norm` semantics (PyTorch 2.4+): like LayerNorm without the mean —
 * y = γ_i·x_i/√(mean(x²) + eps) over the trailing dims `normalizedShape`; no bias. eps defaults to float32's machine
 * epsilon, as PyTorch's `eps=None`. The mean square is accumulated in float64. Runs the WebAssembly SIMD kernel
 * (wasm/norms.ts) when loaded, else the JavaScript loop below.
 */
export function rmsNorm(input: Tensor, opts: RmsNormOptions): Tensor {
  const { rows, rowSize, eps, weight } = rmsNormInfo(input, opts);
  const x = input.data;
  const wasm = activeWasm();
  if (wasm) {
    const fast = rmsNormWasm(wasm, x, rows, rowSize, weight, eps);
    releaseWasmMemory();
    if (fast) return { shape: [...input.shape], data: fast };
  }
  const out = new Float32Array(x.length);
  for (let r = 0; r < rows; r++) {
    const base = r * rowSize;
    let ss = 0;
    for (let i = 0; i < rowSize; i++) ss += x[base + i] * x[base + i];
    const inv = 1 / Math.sqrt(ss / rowSize + eps);
    for (let i = 0; i < rowSize; i++) out[base + i] = x[base + i] * inv * (weight ? weight[i] : 1);
  }
  return { shape: [...input.shape], data: out };
}
