import { activeWasm, releaseWasmMemory } from '../backend.ts';
import { upsample2dInfo, type UpsampleInfo, type UpsampleOptions } from '../params.ts';
import type { Tensor } from '../tensor.ts';
import { linearWeights, nearestIndices } from '../upsample.ts';
import { upsampleBilinearBackwardWasm, upsampleNearestBackwardWasm } from '../wasm-resize-backward.ts';
import type { LinearAxis } from '../wasm-resize.ts';
import { checkGradOutput } from './check.ts';

/**
 * Backward pass of `upsample2d` (PyTorch `F.interpolate`, nearest or bilinear): the transpose of the
 * resampling matrix. Every output pixel read one (nearest) or four (bilinear) input pixels with some weights;
 * its gradient is scattered back to the same pixels with the same weights. The sampling grid comes from the
 * forward kernel's own helpers, so the two passes cannot disagree about PyTorch's index rules.
 *
 * With nearest ×2 every input pixel receives exactly four gradients — even coverage, no checkerboard; that
 * evenness is why resize-convolution avoids the artifact that a stride-2 transposed convolution has.
 * x: `[N, C, H, W]`, ∂L/∂y: `[N, C, Ho, Wo]`. The wasm kernels (wasm/resize-backward.ts) gather the same sums
 * separably, rows then columns, in float32 as PyTorch's CPU backward does; the JavaScript twin below scatters
 * and accumulates in float64.
 */
export function upsample2dBackward(input: Tensor, gradOutput: Tensor, opts: UpsampleOptions): Tensor {
  const info = upsample2dInfo(input, opts);
  checkGradOutput(gradOutput, info.outShape, 'upsample2d');
  const { inH, inW, outH, outW, alignCorners } = info;
  const g = gradOutput.data;
  const wasm = activeWasm();
  let dx: Float32Array | null = null;
  if (info.mode === 'nearest') {
    const rowSrc = nearestIndices(inH, outH, info.scaleH);
    const colSrc = nearestIndices(inW, outW, info.scaleW);
    if (wasm) dx = upsampleNearestBackwardWasm(wasm, info, g, rowSrc, colSrc);
    dx ??= nearestBackwardJs(info, g, rowSrc, colSrc);
  } else {
    const rows = linearWeights(inH, outH, info.scaleH, alignCorners);
    const cols = linearWeights(inW, outW, info.scaleW, alignCorners);
    if (wasm) dx = upsampleBilinearBackwardWasm(wasm, info, g, rows, cols);
    dx ??= bilinearBackwardJs(info, g, rows, cols);
  }
  if (wasm) releaseWasmMemory();
  return { shape: [...input.shape], data: dx };
}

/** Nearest: each output gradient goes to its one source pixel. The readable twin of the wasm kernel, and its fallback. */
function nearestBackwardJs(info: UpsampleInfo, g: Float32Array, rowSrc: Int32Array, colSrc: Int32Array): Float32Array {
  const { batch, channels, inH, inW, outH, outW } = info;
  const dx = new Float32Array(batch * channels * inH * inW);
  const acc = new Float64Array(inH * inW);
  for (let p = 0; p < batch * channels; p++) {
    acc.fill(0);
    const gBase = p * outH * outW;
    for (let oh = 0; oh < outH; oh++) {
      const aRow = rowSrc[oh] * inW;
      const gRow = gBase + oh * outW;
      for (let ow = 0; ow < outW; ow++) acc[aRow + colSrc[ow]] += g[gRow + ow];
    }
    dx.set(acc, p * inH * inW);
  }
  return dx;
}

/** Bilinear: each output gradient goes to its four source pixels, weighted as the forward pass blended them. */
function bilinearBackwardJs(info: UpsampleInfo, g: Float32Array, rows: LinearAxis, cols: LinearAxis): Float32Array {
  const { batch, channels, inH, inW, outH, outW } = info;
  const dx = new Float32Array(batch * channels * inH * inW);
  const acc = new Float64Array(inH * inW);
  for (let p = 0; p < batch * channels; p++) {
    acc.fill(0);
    const gBase = p * outH * outW;
    for (let oh = 0; oh < outH; oh++) {
      const r0 = rows.i0[oh] * inW;
      const r1 = rows.i1[oh] * inW;
      const ly = rows.l1[oh];
      const hy = 1 - ly;
      for (let ow = 0; ow < outW; ow++) {
        const v = g[gBase + oh * outW + ow];
        const c0 = cols.i0[ow];
        const c1 = cols.i1[ow];
        const lx = cols.l1[ow];
        const hx = 1 - lx;
        acc[r0 + c0] += hy * hx * v;
        acc[r0 + c1] += hy * lx * v;
        acc[r1 + c0] += ly * hx * v;
        acc[r1 + c1] += ly * lx * v;
      }
    }
    dx.set(acc, p * inH * inW);
  }
  return dx;
}
