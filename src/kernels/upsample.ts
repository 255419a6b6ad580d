import { upsample2dInfo, type UpsampleOptions } from './params.ts';
import type { Tensor } from './tensor.ts';

/**
 * Resize with PyTorch's `F.interpolate(x, scale_factor=scale, mode, align_corners)` semantics
 * (and `recompute_scale_factor` unset): output `floor(H·scale) × floor(W·scale)`.
 *
 * nearest: src = min(floor(dst · (1/scale)), in − 1), computed in float32 as PyTorch does, except that PyTorch
 * copies when out = in and takes dst >> 1 when out = 2·in (so scale 2.1 on 5 pixels acts like scale 2).
 * bilinear, align_corners=false: src = max(0, (dst + 0.5)/scale − 0.5) (half-pixel centres);
 * bilinear, align_corners=true: src = dst·(in − 1)/(out − 1).
 */
export function upsample2d(input: Tensor, opts: UpsampleOptions): Tensor {
  const info = upsample2dInfo(input, opts);
  const { batch, channels, inH, inW, outH, outW, mode, alignCorners } = info;
  const out = new Float32Array(batch * channels * outH * outW);
  const x = input.data;
  if (mode === 'nearest') {
    const rowSrc = nearestIndices(inH, outH, info.scaleH);
    const colSrc = nearestIndices(inW, outW, info.scaleW);
    for (let p = 0; p < batch * channels; p++) {
      const xBase = p * inH * inW;
      const oBase = p * outH * outW;
      for (let oh = 0; oh < outH; oh++) {
        const xRow = xBase + rowSrc[oh] * inW;
        const oRow = oBase + oh * outW;
        for (let ow = 0; ow < outW; ow++) out[oRow + ow] = x[xRow + colSrc[ow]];
      }
    }
  } else {
    const rows = linearWeights(inH, outH, info.scaleH, alignCorners);
    const cols = linearWeights(inW, outW, info.scaleW, alignCorners);
    for (let p = 0; p < batch * channels; p++) {
      const xBase = p * inH * inW;
      const oBase = p * outH * outW;
      for (let oh = 0; oh < outH; oh++) {
        const r0 = xBase + rows.i0[oh] * inW;
        const r1 = xBase + rows.i1[oh] * inW;
        const ly = rows.l1[oh];
        const hy = 1 - ly;
        for (let ow = 0; ow < outW; ow++) {
          const c0 = cols.i0[ow];
          const c1 = cols.i1[ow];
          const lx = cols.l1[ow];
          const hx = 1 - lx;
          out[oBase + oh * outW + ow] = hy * (hx * x[r0 + c0] + lx * x[r0 + c1]) + ly * (hx * x[r1 + c0] + lx * x[r1 + c1]);
        }
      }
    }
  }
  return { shape: [...info.outShape], data: out };
}

/** PyTorch's `nearest_idx` (UpSample.h), including its legacy shortcuts for same and double size. Shared with the backward pass. */
export function nearestIndices(inSize: number, outSize: number, scale: number): Int32Array {
  const inv = Math.fround(1 / scale);
  const idx = new Int32Array(outSize);
  for (let o = 0; o < outSize; o++) {
    // e.g. scale 1.2 on 4 pixels gives 4 outputs: PyTorch copies, where floor(3/1.2) would pick pixel 2.
    if (outSize === inSize) idx[o] = o;
    else if (outSize === 2 * inSize) idx[o] = o >> 1;
    else idx[o] = Math.min(Math.floor(Math.fround(o * inv)), inSize - 1);
  }
  return idx;
}

/** Source indices and the weight of the upper neighbour for each output coordinate along one axis. Shared with the backward pass. */
export function linearWeights(inSize: number, outSize: number, scale: number, alignCorners: boolean) {
  const i0 = new Int32Array(outSize);
  const i1 = new Int32Array(outSize);
  const l1 = new Float32Array(outSize);
  const ratio = alignCorners ? (outSize > 1 ? (inSize - 1) / (outSize - 1) : 0) : 1 / scale;
  for (let o = 0; o < outSize; o++) {
    if (outSize === inSize) {
      // PyTorch's compute_source_index_and_lambda copies an axis whose size does not change, whatever the
      // scale factor (e.g. 3 rows × scale 1.25 stay the same 3 rows, not a blend).
      i0[o] = o;
      i1[o] = o;
      l1[o] = 0;
      continue;
    }
    const src = alignCorners ? ratio * o : Math.max(0, ratio * (o + 0.5) - 0.5);
    const lo = Math.min(Math.floor(src), inSize - 1);
    i0[o] = lo;
    i1[o] = lo < inSize - 1 ? lo + 1 : lo;
    l1[o] = src - lo;
  }
  return { i0, i1, l1 };
}
