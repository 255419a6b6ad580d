import { activeWasm, releaseWasmMemory } from './backend.ts';
import { upsample2dInfo, type UpsampleInfo, type UpsampleOptions } from './params.ts';
import type { Tensor } from './tensor.ts';
import { type LinearAxis, upsampleBilinearWasm, upsampleNearestWasm } from './wasm-resize.ts';

/**
 * Resize with PyTorch's `F.interpolate(x, scale_factor=scale, mode, align_corners)` semantics
 * (and `recompute_scale_factor` unset): output `floor(H·scale) × floor(W·scale)`.
 *
 * nearest: src = min(floor(dst · (1/scale)), in − 1), computed in float32 as PyTorch does, except that PyTorch
 * copies when out = in and takes dst >> 1 when out = 2·in (so scale 2.1 on 5 pixels acts like scale 2).
 * bilinear, align_corners=false: src = max(0, (dst + 0.5)/scale − 0.5) (half-pixel centres);
 * bilinear, align_corners=true: src = dst·(in − 1)/(out − 1).
 * The wasm kernels (wasm/resize.ts) copy nearest exactly and blend bilinear in float32 as PyTorch's CPU kernel
 * does; the JavaScript twin blends in float64 and rounds once.
 */
export function upsample2d(input: Tensor, opts: UpsampleOptions): Tensor {
  const info = upsample2dInfo(input, opts);
  const { inH, inW, outH, outW, alignCorners } = info;
  const wasm = activeWasm();
  let data: Float32Array | null = null;
  if (info.mode === 'nearest') {
    const rowSrc = nearestIndices(inH, outH, info.scaleH);
    const colSrc = nearestIndices(inW, outW, info.scaleW);
    if (wasm) data = upsampleNearestWasm(wasm, info, input.data, rowSrc, colSrc);
    data ??= nearestJs(info, input.data, rowSrc, colSrc);
  } else {
    const rows = linearWeights(inH, outH, info.scaleH, alignCorners);
    const cols = linearWeights(inW, outW, info.scaleW, alignCorners);
    if (wasm) data = upsampleBilinearWasm(wasm, info, input.data, rows, cols);
    data ??= bilinearJs(info, input.data, rows, cols);
  }
  if (wasm) releaseWasmMemory();
  return { shape: [...info.outShape], data };
}

/** Nearest neighbour in typed-array JavaScript: the readable twin of wasm/resize.ts, and its fallback. */
function nearestJs(info: UpsampleInfo, x: Float32Array, rowSrc: Int32Array, colSrc: Int32Array): Float32Array {
  const { batch, channels, inH, inW, outH, outW } = info;
  const out = new Float32Array(batch * channels * outH * outW);
  for (let p = 0; p < batch * channels; p++) {
    const xBase = p * inH * inW;
    const oBase = p * outH * outW;
    for (let oh = 0; oh < outH; oh++) {
      const oRow = oBase + oh * outW;
      // Upscaling repeats source rows: copy the previous output row (native memcpy) instead of re-gathering it.
      if (oh > 0 && rowSrc[oh] === rowSrc[oh - 1]) {
        out.copyWithin(oRow, oRow - outW, oRow);
        continue;
      }
      const xRow = xBase + rowSrc[oh] * inW;
      for (let ow = 0; ow < outW; ow++) out[oRow + ow] = x[xRow + colSrc[ow]];
    }
  }
  return out;
}

/** Bilinear in typed-array JavaScript, blending in float64 and rounding once (wasm/resize.ts works in float32). */
function bilinearJs(info: UpsampleInfo, x: Float32Array, rows: LinearAxis, cols: LinearAxis): Float32Array {
  const { batch, channels, inH, outH, outW, inW } = info;
  const out = new Float32Array(batch * channels * outH * outW);
  // Separable: blend each needed source row horizontally once (float64, as the one-step formula), then
  // blend pairs of those rows vertically. Same arithmetic, in the same order, as
  // hy·(hx·x00 + lx·x01) + ly·(hx·x10 + lx·x11), with half the work when rows are shared between outputs.
  const hx = Float64Array.from(cols.l1, (l) => 1 - l);
  const lx = Float64Array.from(cols.l1);
  const cache = [new Float64Array(outW), new Float64Array(outW)];
  const cached = [-1, -1];
  const blended = (p: number, r: number): Float64Array => {
    const key = p * inH + r;
    const slot = cached[0] === key ? 0 : cached[1] === key ? 1 : -1;
    if (slot >= 0) return cache[slot];
    // Rows are visited in increasing order, so the older slot (not holding r − 1's pair) can go.
    const victim = cached[0] === key - 1 ? 1 : 0;
    blendRow(x, (p * inH + r) * inW, cols.i0, cols.i1, hx, lx, cache[victim]);
    cached[victim] = key;
    return cache[victim];
  };
  for (let p = 0; p < batch * channels; p++) {
    const oBase = p * outH * outW;
    for (let oh = 0; oh < outH; oh++) {
      const top = blended(p, rows.i0[oh]);
      const bottom = blended(p, rows.i1[oh]);
      const ly = rows.l1[oh];
      blendRows(top, bottom, 1 - ly, ly, out, oBase + oh * outW);
    }
  }
  return out;
}

/** buf[ow] = hx[ow]·x[row + i0[ow]] + lx[ow]·x[row + i1[ow]]: one source row blended along the width. */
function blendRow(x: Float32Array, row: number, i0: Int32Array, i1: Int32Array, hx: Float64Array, lx: Float64Array, buf: Float64Array): void {
  for (let ow = 0; ow < buf.length; ow++) buf[ow] = hx[ow] * x[row + i0[ow]] + lx[ow] * x[row + i1[ow]];
}

/** out[o + ow] = hy·top[ow] + ly·bottom[ow]. */
function blendRows(top: Float64Array, bottom: Float64Array, hy: number, ly: number, out: Float32Array, o: number): void {
  for (let ow = 0; ow < top.length; ow++) out[o + ow] = hy * top[ow] + ly * bottom[ow];
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
export function linearWeights(inSize: number, outSize: number, scale: number, alignCorners: boolean): LinearAxis {
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
