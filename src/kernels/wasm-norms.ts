/**
 * JavaScript side of the normalization family's WebAssembly kernels (wasm/norms.ts). The tensor streams through a
 * cache-sized window of whole rows (copy in, normalise in place, copy out), as batch norm's `normalize` does, so each
 * value crosses main memory once each way and the row's second pass reads it from cache. Each function returns null,
 * having written nothing, when its layout does not fit the wasm memory limit; the caller then runs JavaScript.
 * Parameters arrive validated by norm-params.ts.
 */
import type { WasmKernels } from './wasm-kernels.ts';
import { resultArray } from './workspace.ts';

/** Floats per window: 256 KiB, half of a typical L2 cache (a single longer row gets a window of its own size). */
const WINDOW_FLOATS = 65536;

export interface RowMoments {
  mean: Float64Array;
  /** Biased (÷ rowSize) variance. */
  variance: Float64Array;
}

export interface SegmentedRows {
  rows: number;
  rowSize: number;
  /** Values per affine segment: a channel plane (GroupNorm, InstanceNorm), or the whole row (LayerNorm, no affine). */
  segLen: number;
  /** Channels the segments cycle through: segment k of the tensor has channel k mod channels. */
  channels: number;
  weight: Float32Array | null;
  bias: Float32Array | null;
  eps: number;
}

/** Lay out a window and `extra` parameter regions; null if they do not fit. */
function layout(w: WasmKernels, rows: number, rowSize: number, extra: number[]): { rowsPerWindow: number; windowAt: number; at: number[] } | null {
  const rowsPerWindow = Math.min(rows, Math.max(1, Math.floor(WINDOW_FLOATS / rowSize)));
  const m = w.mem;
  m.reset();
  const windowAt = m.alloc(rowsPerWindow * rowSize);
  const at = extra.map((floats) => m.alloc(floats));
  return m.commit() ? { rowsPerWindow, windowAt, at } : null;
}

/** Copy x through the window, calling run(firstRow, rowCount) on each window's rows in place. */
function stream(w: WasmKernels, x: Float32Array, rows: number, rowSize: number, rowsPerWindow: number, windowAt: number,
  run: (firstRow: number, count: number) => void): Float32Array {
  const out = resultArray(x.length);
  const window = w.mem.f32.subarray(windowAt >> 2, (windowAt >> 2) + rowsPerWindow * rowSize);
  for (let r0 = 0; r0 < rows; r0 += rowsPerWindow) {
    const n = Math.min(rowsPerWindow, rows - r0);
    const from = r0 * rowSize;
    window.set(x.subarray(from, from + n * rowSize));
    run(r0, n);
    out.set(n === rowsPerWindow ? window : window.subarray(0, n * rowSize), from);
  }
  return out;
}

/**
 * GroupNorm, InstanceNorm and LayerNorm without elementwise affine: rows share one mean and biased variance, each
 * segment of segLen values is scaled by its channel's γ and shifted by its β. With `withMoments`, also returns each
 * row's statistics (InstanceNorm's running-stat update needs them).
 */
export function normRowsWasm(w: WasmKernels, x: Float32Array, p: SegmentedRows, withMoments = false): { out: Float32Array; moments: RowMoments | null } | null {
  const { rows, rowSize, segLen, channels } = p;
  const l = layout(w, rows, rowSize, [channels, channels, withMoments ? 4 * rows : 0]);
  if (!l) return null;
  const [gammaAt, betaAt, statsAt] = l.at;
  const f32 = w.mem.f32;
  if (p.weight) f32.set(p.weight, gammaAt >> 2);
  else f32.fill(1, gammaAt >> 2, (gammaAt >> 2) + channels);
  if (p.bias) f32.set(p.bias, betaAt >> 2);
  else f32.fill(0, betaAt >> 2, (betaAt >> 2) + channels);
  const segsPerRow = rowSize / segLen;
  const out = stream(w, x, rows, rowSize, l.rowsPerWindow, l.windowAt, (r0, n) => {
    w.k.normRows(l.windowAt, l.windowAt, n, rowSize, segLen, channels, (r0 * segsPerRow) % channels, gammaAt, betaAt, p.eps,
      withMoments ? statsAt : 0, r0);
  });
  if (!withMoments) return { out, moments: null };
  const stats = new Float64Array(w.mem.f32.buffer, statsAt, 2 * rows);
  const mean = new Float64Array(rows);
  const variance = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    mean[r] = stats[2 * r];
    variance[r] = stats[2 * r + 1];
  }
  return { out, moments: { mean, variance } };
}

/** LayerNorm with elementwise γ and/or β over rows of rowSize (an absent one is ones / zeros). */
export function layerNormWasm(w: WasmKernels, x: Float32Array, rows: number, rowSize: number,
  weight: Float32Array | null, bias: Float32Array | null, eps: number): Float32Array | null {
  const l = layout(w, rows, rowSize, [rowSize, rowSize]);
  if (!l) return null;
  const [gammaAt, betaAt] = l.at;
  const f32 = w.mem.f32;
  if (weight) f32.set(weight, gammaAt >> 2);
  else f32.fill(1, gammaAt >> 2, (gammaAt >> 2) + rowSize);
  if (bias) f32.set(bias, betaAt >> 2);
  else f32.fill(0, betaAt >> 2, (betaAt >> 2) + rowSize);
  return stream(w, x, rows, rowSize, l.rowsPerWindow, l.windowAt, (_r0, n) => {
    w.k.layerNormRows(l.windowAt, l.windowAt, n, rowSize, gammaAt, betaAt, eps);
  });
}

/** RMSNorm over rows of rowSize, with an optional elementwise γ. */
export function rmsNormWasm(w: WasmKernels, x: Float32Array, rows: number, rowSize: number,
  weight: Float32Array | null, eps: number): Float32Array | null {
  const l = layout(w, rows, rowSize, [weight ? rowSize : 0]);
  if (!l) return null;
  const gammaAt = weight ? l.at[0] : 0;
  if (weight) w.mem.f32.set(weight, gammaAt >> 2);
  return stream(w, x, rows, rowSize, l.rowsPerWindow, l.windowAt, (_r0, n) => {
    w.k.rmsNormRows(l.windowAt, l.windowAt, n, rowSize, gammaAt, eps);
  });
}
