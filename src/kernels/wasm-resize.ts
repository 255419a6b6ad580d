/**
 * JavaScript side of the resize and pixel-shuffle kernels (wasm/resize.ts). These ops do almost no arithmetic:
 * their cost is moving the tensor into linear memory, allocating the result and copying it out. So the input
 * streams through a cache-sized window, a few planes at a time, and the kernels write the whole output to
 * linear memory, handed over in one copy (`WasmMemory.copyOut`). Each function returns null, having written
 * nothing, when the layout does not fit.
 */
import type { UpsampleInfo } from './params.ts';
import type { WasmKernels } from './wasm-kernels.ts';

/** Floats per input window: 256 KiB, half of a typical L2 cache. */
const WINDOW = 65536;

/** Column layouts of wasm/resize.ts. */
const COLS_TABLE = 0;
const COLS_SAME = 1;
const COLS_DOUBLE = 2;

/** Sampling grid along one axis for bilinear: lower and upper source index, weight of the upper one. */
export interface LinearAxis {
  i0: Int32Array;
  i1: Int32Array;
  l1: Float32Array;
}

/**
 * Run `kernel(xAt, outAt, planes, scratchAt)` over `planes` planes of `inPlane` floats in, `outPlane` out, with
 * `scratch` floats of tables and buffers (filled once by `setup`) next to the input window.
 */
export function streamPlanes(
  wk: WasmKernels, x: Float32Array, planes: number, inPlane: number, outPlane: number, scratch: number,
  setup: (f32: Float32Array, i32: Int32Array, at: number) => void,
  kernel: (xAt: number, outAt: number, planes: number, scratchAt: number) => void,
): Float32Array | null {
  const perChunk = Math.min(planes, Math.max(1, Math.floor(WINDOW / inPlane)));
  const m = wk.mem;
  m.reset();
  const xAt = m.alloc(perChunk * inPlane);
  const outAt = m.alloc(planes * outPlane);
  const scratchAt = m.alloc(scratch);
  if (!m.commit()) return null;
  const f32 = m.f32;
  setup(f32, m.i32, scratchAt >> 2);
  for (let p0 = 0; p0 < planes; p0 += perChunk) {
    const n = Math.min(perChunk, planes - p0);
    f32.set(x.subarray(p0 * inPlane, (p0 + n) * inPlane), xAt >> 2);
    kernel(xAt, outAt + 4 * p0 * outPlane, n, scratchAt);
  }
  return m.copyOut(outAt, planes * outPlane);
}

/** Nearest neighbour; rowSrc / colSrc: source row and column of each output row and column (upsample.ts). */
export function upsampleNearestWasm(wk: WasmKernels, info: UpsampleInfo, x: Float32Array, rowSrc: Int32Array, colSrc: Int32Array): Float32Array | null {
  const { batch, channels, inH, inW, outH, outW } = info;
  const cols = outW === inW ? COLS_SAME : outW === 2 * inW ? COLS_DOUBLE : COLS_TABLE;
  return streamPlanes(wk, x, batch * channels, inH * inW, outH * outW, outH + outW, (_f32, i32, at) => {
    for (let oh = 0; oh < outH; oh++) i32[at + oh] = rowSrc[oh] * inW * 4;
    if (cols === COLS_TABLE) for (let ow = 0; ow < outW; ow++) i32[at + outH + ow] = colSrc[ow] * 4;
  }, (xAt, outAt, planes, tabAt) => {
    wk.k.resizeNearest(xAt, outAt, planes, inH * inW, outH, outW, tabAt, tabAt + outH * 4, cols);
  });
}

/** The ×2 column pattern with half-pixel centres, which the kernels (forward and backward) handle with whole vectors. */
export function isDouble(cols: LinearAxis, inW: number): boolean {
  const n = cols.i0.length;
  if (n !== 2 * inW || inW < 2) return false;
  for (let o = 1; o < n - 1; o++) {
    const k = (o - 1) >> 1;
    if (cols.i0[o] !== k || cols.i1[o] !== k + 1 || cols.l1[o] !== (o % 2 === 1 ? 0.25 : 0.75)) return false;
  }
  return true;
}

/**
 * Bilinear, in float32 as PyTorch's CPU kernel computes it (the JavaScript twin blends in float64): weights
 * hx = 1 − lx rounded to float32, each row blended along the width first, then pairs of rows.
 */
export function upsampleBilinearWasm(wk: WasmKernels, info: UpsampleInfo, x: Float32Array, rows: LinearAxis, cols: LinearAxis): Float32Array | null {
  const { batch, channels, inH, inW, outH, outW } = info;
  const layout = isDouble(cols, inW) ? COLS_DOUBLE : COLS_TABLE;
  const rowTab = 0;
  const colTab = 4 * outH;
  const bufs = colTab + 4 * outW;
  return streamPlanes(wk, x, batch * channels, inH * inW, outH * outW, bufs + 2 * outW, (f32, i32, at) => {
    for (let oh = 0; oh < outH; oh++) {
      const t = at + rowTab + 4 * oh;
      i32[t] = rows.i0[oh] * inW * 4;
      i32[t + 1] = rows.i1[oh] * inW * 4;
      f32[t + 2] = 1 - rows.l1[oh];
      f32[t + 3] = rows.l1[oh];
    }
    for (let ow = 0; ow < outW; ow++) {
      const t = at + colTab + ow;
      i32[t] = cols.i0[ow] * 4;
      i32[t + outW] = cols.i1[ow] * 4;
      f32[t + 2 * outW] = 1 - cols.l1[ow];
      f32[t + 3 * outW] = cols.l1[ow];
    }
  }, (xAt, outAt, planes, tabAt) => {
    wk.k.resizeBilinear(xAt, outAt, planes, inH * inW, inW, outH, outW, tabAt + rowTab * 4, layout,
      tabAt + colTab * 4, tabAt + bufs * 4);
  });
}

/** `pixel_shuffle` of x: [n, c·r², h, w] into [n, c, h·r, w·r]. */
export function pixelShuffleWasm(wk: WasmKernels, x: Float32Array, n: number, c: number, h: number, w: number, r: number): Float32Array | null {
  return streamPlanes(wk, x, n * c, r * r * h * w, r * r * h * w, 0, () => {}, (xAt, outAt, planes) => {
    wk.k.pixelShuffle(xAt, outAt, planes, r, h, w);
  });
}
