/**
 * JavaScript side of the resize and pixel-shuffle backward kernels (wasm/resize-backward.ts). The sampling grid
 * comes from the forward pass's own helpers (upsample.ts) and is transposed here into "taps": for each input row
 * and column, the output rows and columns that read it and with which weight. ∂L/∂y streams through the same
 * window of linear memory as the forward kernels' input (`streamPlanes`). Each function returns null, having
 * written nothing, when the layout does not fit.
 */
import type { UpsampleInfo } from './params.ts';
import type { WasmKernels } from './wasm-kernels.ts';
import { isDouble, type LinearAxis, streamPlanes } from './wasm-resize.ts';

/** Column layouts of wasm/resize-backward.ts. */
const COLS_TABLE = 0;
const COLS_NEAREST2 = 1;
const COLS_LINEAR2 = 2;

/** One axis, transposed: input index i is read by outputs at[k] with weights w[k], for k = idx[i] … idx[i + 1] − 1. */
export interface Taps {
  idx: Int32Array;
  at: Int32Array;
  w: Float32Array;
}

/**
 * Transpose an axis given per output index as one or more (source index, weight) arrays, one per tap of the
 * forward pass. Each input's entries come out in increasing output order; zero weights are kept (0·∞ = NaN,
 * as in the scatter form). Sized by the output: outSize × taps entries whatever the scale.
 */
export function transposeAxis(inSize: number, taps: readonly (readonly [Int32Array, ArrayLike<number>])[]): Taps {
  const outSize = taps[0][0].length;
  const idx = new Int32Array(inSize + 1);
  for (const [src] of taps) for (let o = 0; o < outSize; o++) idx[src[o] + 1]++;
  for (let i = 0; i < inSize; i++) idx[i + 1] += idx[i];
  const next = idx.slice(0, inSize);
  const at = new Int32Array(outSize * taps.length);
  const w = new Float32Array(outSize * taps.length);
  for (let o = 0; o < outSize; o++) {
    for (const [src, weight] of taps) {
      const k = next[src[o]]++;
      at[k] = o;
      w[k] = weight[o];
    }
  }
  return { idx, at, w };
}

/** The bilinear taps of one axis: the lower source index with weight 1 − λ, the upper with λ (float32, as PyTorch). */
function linearTaps(inSize: number, axis: LinearAxis): Taps {
  return transposeAxis(inSize, [[axis.i0, axis.l1.map((l) => 1 - l)], [axis.i1, axis.l1]]);
}

function nearestTaps(inSize: number, src: Int32Array): Taps {
  return transposeAxis(inSize, [[src, new Float32Array(src.length).fill(1)]]);
}

/**
 * Lay out the taps (row entries address whole rows of ∂L/∂y by byte offset, column entries single floats) and run
 * the kernel; near and far are the ×2 bilinear weights for COLS_LINEAR2.
 */
function resizeBackward(wk: WasmKernels, info: UpsampleInfo, g: Float32Array, rows: Taps, cols: Taps, layout: number,
  near: number, far: number): Float32Array | null {
  const { batch, channels, inH, inW, outH, outW } = info;
  const rowIdx = 0;
  const rowEnt = rowIdx + inH + 1;
  const colIdx = rowEnt + 2 * rows.at.length;
  const colEnt = colIdx + inW + 1;
  const buf = (colEnt + 2 * cols.at.length + 3) & ~3;
  return streamPlanes(wk, g, batch * channels, outH * outW, inH * inW, buf + outW, (f32, i32, at) => {
    i32.set(rows.idx, at + rowIdx);
    for (let k = 0; k < rows.at.length; k++) {
      i32[at + rowEnt + 2 * k] = rows.at[k] * outW * 4;
      f32[at + rowEnt + 2 * k + 1] = rows.w[k];
    }
    i32.set(cols.idx, at + colIdx);
    for (let k = 0; k < cols.at.length; k++) {
      i32[at + colEnt + 2 * k] = cols.at[k] * 4;
      f32[at + colEnt + 2 * k + 1] = cols.w[k];
    }
  }, (gAt, dxAt, planes, tabAt) => {
    wk.k.resizeBackward(gAt, dxAt, planes, outH, outW, inH, inW, tabAt + rowIdx * 4, tabAt + rowEnt * 4, layout,
      tabAt + colIdx * 4, tabAt + colEnt * 4, near, far, tabAt + buf * 4);
  });
}

/** ∂L/∂x of nearest resizing; rowSrc / colSrc: source row and column of each output row and column (upsample.ts). */
export function upsampleNearestBackwardWasm(wk: WasmKernels, info: UpsampleInfo, g: Float32Array, rowSrc: Int32Array,
  colSrc: Int32Array): Float32Array | null {
  const layout = info.outW === 2 * info.inW ? COLS_NEAREST2 : COLS_TABLE;
  return resizeBackward(wk, info, g, nearestTaps(info.inH, rowSrc), nearestTaps(info.inW, colSrc), layout, 0, 0);
}

/** ∂L/∂x of bilinear resizing, summed in float32 (PyTorch's CPU backward does too; the JavaScript twin uses float64). */
export function upsampleBilinearBackwardWasm(wk: WasmKernels, info: UpsampleInfo, g: Float32Array, rows: LinearAxis,
  cols: LinearAxis): Float32Array | null {
  const double = isDouble(cols, info.inW);
  // isDouble has checked λ = ¼ at output column 1: the column either side of an input's centre weighs 1 − ¼.
  const far = double ? cols.l1[1] : 0;
  return resizeBackward(wk, info, g, linearTaps(info.inH, rows), linearTaps(info.inW, cols), double ? COLS_LINEAR2 : COLS_TABLE,
    1 - far, far);
}

/** ∂L/∂x of `pixel_shuffle` (a permutation: PyTorch's `pixel_unshuffle`); g: [n, c, h·r, w·r] → [n, c·r², h, w]. */
export function pixelUnshuffleWasm(wk: WasmKernels, g: Float32Array, n: number, c: number, h: number, w: number, r: number): Float32Array | null {
  return streamPlanes(wk, g, n * c, r * r * h * w, r * r * h * w, 0, () => {}, (gAt, dxAt, planes) => {
    wk.k.pixelUnshuffle(gAt, dxAt, planes, r, h, w);
  });
}
