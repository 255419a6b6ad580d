import { activeWasm, releaseWasmMemory } from './backend.ts';
import { rowMoments } from './moments.ts';
import { groupNorm2dInfo, type GroupNormOptions } from './norm-params.ts';
import type { Tensor } from './tensor.ts';
import { normRowsWasm } from './wasm-norms.ts';

/**
 * Group normalization with PyTorch's `F.group_norm` semantics on x: `[N, C, H, W]`, weight and bias `[C]`.
 *
 * The C channels of each sample form G groups of C/G channels; every group's (C/G)·H·W values share one mean and
 * one **biased** variance (float64, two passes), independent of the other samples: y = γ_c·(x − μ)/√(σ² + eps) + β_c.
 * G = 1 is LayerNorm over [C, H, W] (with per-channel affine), G = C is InstanceNorm (PyTorch GroupNorm docs).
 * Runs the WebAssembly SIMD kernel (wasm/norms.ts) when loaded, else the JavaScript loops below.
 */
export function groupNorm2d(input: Tensor, opts: GroupNormOptions): Tensor {
  const info = groupNorm2dInfo(input, opts);
  const { channels, spatial, groups, weight, bias, rows, rowSize, eps } = info;
  const x = input.data;
  const wasm = activeWasm();
  if (wasm) {
    const r = normRowsWasm(wasm, x, { rows, rowSize, segLen: spatial, channels, weight, bias, eps });
    releaseWasmMemory();
    if (r) return { shape: [...input.shape], data: r.out };
  }
  const { mean, variance } = rowMoments(x, rows, rowSize);
  const out = new Float32Array(x.length);
  const perGroup = channels / groups;
  for (let r = 0; r < rows; r++) {
    const m = mean[r];
    const inv = 1 / Math.sqrt(variance[r] + eps);
    const c0 = (r % groups) * perGroup;
    for (let k = 0; k < perGroup; k++) {
      const c = c0 + k;
      const scale = (weight ? weight[c] : 1) * inv;
      const shift = bias ? bias[c] : 0;
      const base = r * rowSize + k * spatial;
      for (let i = 0; i < spatial; i++) out[base + i] = (x[base + i] - m) * scale + shift;
    }
  }
  return { shape: [...input.shape], data: out };
}
