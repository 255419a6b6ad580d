/**
 * JavaScript side of the WebAssembly kernels (sources in ./wasm/): copies tensors into linear memory,
 * writes the geometry tables of conv-plan.ts, calls the exported kernels and copies the result out.
 * Callers pass parameters that `params.ts` has already validated; nothing here re-checks them. Each method
 * returns null, having written nothing, when its layout does not fit WASM_MEMORY_LIMIT or the geometry is too
 * sparse for the padded layout (conv-plan.ts): the caller then runs the JavaScript or direct loops.
 */
import {
  conv2dPlan, convTransposePlan, convTransposeRows, convTransposeS2Columns, type GatherPlan,
} from './conv-plan.ts';
import { conv2dWeightStrides, convTransposeWeightStrides, type WeightStrides } from './gather-js.ts';
import type { ConvInfo } from './params.ts';
import { WasmMemory } from './wasm-memory.ts';
import { resultArray } from './workspace.ts';

/** The module's exports (src/kernels/wasm/index.ts). Addresses are byte offsets into `memory`. */
export interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  relaxed(): number;
  padPlanes(src: number, dst: number, planes: number, h: number, w: number, hp: number, wp: number, top: number, left: number): void;
  padSplit(src: number, dst: number, planes: number, h: number, w: number, hp: number, wq: number, top: number, left: number, stride: number): void;
  repackWeights(src: number, dst: number, groups: number, outPerGroup: number, cin: number, kH: number, kW: number,
    sGroup: number, sIc: number, sOc: number): void;
  convTransposeS2x1: ConvTransposeS2Kernel;
  gatherX4: GatherKernel;
  gatherX1: GatherKernel;
  normalize(x: number, out: number, planes: number, firstChannel: number, channels: number, spatial: number, params: number): void;
  bnGradSums(x: number, dy: number, batch: number, channels: number, spatial: number, c: number, mean: number, out: number): void;
  bnGradInput(x: number, dy: number, dx: number, batch: number, channels: number, spatial: number, c: number,
    mean: number, invStd: number, scale: number, meanTerm: number, varTerm: number): void;
  bnMoments(x: number, batch: number, channels: number, spatial: number, c: number, out: number): void;
  normRows(x: number, out: number, rows: number, rowSize: number, segLen: number, channels: number, firstChannel: number,
    gamma: number, beta: number, eps: number, stats: number, firstRow: number): void;
  layerNormRows(x: number, out: number, rows: number, rowSize: number, gamma: number, beta: number, eps: number): void;
  rmsNormRows(x: number, out: number, rows: number, rowSize: number, gamma: number, eps: number): void;
  resizeNearest(x: number, out: number, planes: number, inPlane: number, outH: number, outW: number,
    rowSrc: number, colSrc: number, cols: number): void;
  resizeBilinear(x: number, out: number, planes: number, inPlane: number, inW: number, outH: number, outW: number,
    rowTab: number, cols: number, colTab: number, bufs: number): void;
  pixelShuffle(x: number, out: number, planes: number, r: number, h: number, w: number): void;
  resizeBackward(g: number, dx: number, planes: number, outH: number, outW: number, inH: number, inW: number,
    rowIdx: number, rowEnt: number, cols: number, colIdx: number, colEnt: number, near: number, far: number, buf: number): void;
  pixelUnshuffle(g: number, dx: number, planes: number, r: number, h: number, w: number): void;
  dotRows(a: number, b: number, out: number, mRows: number, rRows: number, kLen: number): void;
  im2colRows(padded: number, dst: number, firstChannel: number, channels: number, bigChannels: number, kH: number, kW: number,
    dH: number, dW: number, sH: number, sW: number, hp: number, wq: number, t0: number, rows: number, smallH: number, rowLen: number): void;
  dotGather(a: number, aOffs: number, aStride: number, padded: number, rowOffs: number, rows: number, offs: number, out: number,
    mRows: number, rRows: number, rowLen: number): void;
  reluForward(x: number, out: number, n: number): void;
  reluBackward(x: number, g: number, out: number, n: number): void;
}
type ConvTransposeS2Kernel = (pattern: number, cin: number, x: number, xPlane: number, w: number, bias: number,
  out: number, outH: number, outW: number, rows: number, rowStride: number, khBytes: number) => void;
type GatherKernel = (cin: number, x: number, xPlane: number, w: number, bias: number, outH: number,
  rows: number, rowStride: number, segs: number, nSeg: number, segStride: number,
  dst: number, dstRow: number, dstPlane: number, mode: number, perm: number,
  out: number, outW: number, outPlane: number, tapBytes: number) => void;

/** Bytes of padded input rows one block of output rows reads in the convolutions (see forEachSlice). */
const BLOCK_BYTES = 96 * 1024;

/** Floats per batch-norm window: 256 KiB, half of a typical L2 cache. */
const NORMALIZE_CHUNK = 65536;

/** Output modes of the gather kernels (wasm/gather.ts). */
const DIRECT = 0;
const PERMUTE = 1;
const ZIP2 = 2;
const ZIP3 = 3;

export type WasmVariant = 'relaxed-simd' | 'simd';

interface KernelTables { rows: Int32Array; segs: Int32Array; mode: number; perm: Int32Array | null }

/** A plan's tables as the wasm kernels read them (byte offsets), made once per plan (plans are cached). */
const tablesOfPlan = new WeakMap<GatherPlan, KernelTables>();

function kernelTables(plan: GatherPlan, kW: number): KernelTables {
  const known = tablesOfPlan.get(plan);
  if (known) return known;
  const { rowStride, segStride } = plan;
  // Entries after a row's tap count alternate (input row → byte offset, kh → first tap index kh·kW).
  const rows = plan.rows.map((v, k) => (k % rowStride === 0 ? v : (k % rowStride) % 2 === 1 ? v * plan.rowLen * 4 : v * kW));
  // [count, taps, dst offset (floats → bytes), (x offset (floats → bytes), kw) × taps]
  const segs = plan.segs.map((v, k) => {
    const field = k % segStride;
    return field === 2 || (field >= 3 && field % 2 === 1) ? v * 4 : v;
  });
  // Strides 2 and 3 with one segment per output phase interleave with vector shuffles; `perm` then holds the
  // segments' byte offsets in phase order. Any other stride permutes column by column.
  const s = plan.segStep;
  const zip = plan.perm !== null && plan.nSeg === s && (s === 2 || s === 3);
  const segOffset = (first: number): number => plan.segs[plan.segFirst.indexOf(first) * segStride + 2] * 4;
  const tables = {
    rows, segs, mode: plan.perm === null ? DIRECT : zip ? (s === 2 ? ZIP2 : ZIP3) : PERMUTE,
    perm: zip ? Int32Array.from({ length: s }, (_, first) => segOffset(first)) : plan.perm ? plan.perm.map((v) => v * 4) : null,
  };
  tablesOfPlan.set(plan, tables);
  return tables;
}

/** Output channels per kernel call: tiles of 4, then single channels for the remainder. */
function tiles(outPerGroup: number): [number, number][] {
  const full = outPerGroup - (outPerGroup & 3);
  const list: [number, number][] = [];
  for (let oc = 0; oc < full; oc += 4) list.push([oc, 4]);
  for (let oc = full; oc < outPerGroup; oc++) list.push([oc, 1]);
  return list;
}

export class WasmKernels {
  readonly variant: WasmVariant;
  /**
   * The module's linear memory. Ops outside this file (one file per op, e.g. wasm-<op>.ts) lay out their
   * buffers here with `reset` / `alloc` / `commit`, exactly as the methods below do.
   */
  readonly mem: WasmMemory;

  constructor(readonly k: KernelExports) {
    this.variant = k.relaxed() === 1 ? 'relaxed-simd' : 'simd';
    this.mem = new WasmMemory(k.memory, k.heapBase());
  }

  /** Bytes of linear memory in use by the module (it grows to the largest call and is then reused). */
  get memoryBytes(): number {
    return this.mem.byteLength;
  }

  /** Transposed convolution; x: [N, Cin, H, W], w: [Cin, Cout/groups, kH, kW] (PyTorch layouts). */
  convTranspose2d(info: ConvInfo, x: Float32Array, w: Float32Array, bias: Float32Array | null): Float32Array | null {
    const { inPerGroup: cin, outPerGroup, kH, kW } = info;
    const strides = convTransposeWeightStrides(info, w);
    const s2 = convTransposeS2Columns(info);
    // The fused-phase stride-2 kernel wins only for tiles of one channel; 4-channel tiles use the gather kernel.
    if (s2 === null || outPerGroup >= 4) return this.gather(info, convTransposePlan(info), x, strides, bias);

    // Weights as [kH][Cin][4 taps] per channel, rows from the shared row table.
    const m = this.mem;
    m.reset();
    const io = this.allocIo(info, x.length);
    const { rows, rowStride } = convTransposeRows(info);
    const padded = m.alloc(cin * info.inH * s2.rowLen);
    const rowsAt = m.alloc(rows.length);
    const wAt = m.alloc(info.groups * outPerGroup * cin * kH * 4);
    if (!m.commit()) return null;
    this.copyIn(io, x, bias, info.outChannels);
    const i32 = m.i32;
    i32.set(rows, rowsAt >> 2);
    for (let oh = 0; oh < info.outH; oh++) {
      for (let t = 0; t < rows[oh * rowStride]; t++) i32[(rowsAt >> 2) + oh * rowStride + 1 + 2 * t] *= s2.rowLen * 4;
    }
    const f32 = m.f32;
    let wk = wAt >> 2;
    for (let g = 0; g < info.groups; g++) {
      for (let oc = 0; oc < outPerGroup; oc++) {
        for (let kh = 0; kh < kH; kh++) {
          for (let ic = 0; ic < cin; ic++) {
            const src = g * strides.group + ic * strides.ic + oc * strides.oc + kh * kW;
            for (let kw = 0; kw < 4; kw++) f32[wk++] = kw < kW ? w[src + kw] : 0;
          }
        }
      }
    }
    const pad = (xSlice: number): void => this.k.padPlanes(xSlice, padded, cin, info.inH, info.inW, info.inH, s2.rowLen, 0, s2.padLeft);
    const singles = Array.from({ length: outPerGroup }, (_, oc): [number, number] => [oc, 1]);
    this.forEachSlice(info, io, pad, singles, cin * s2.rowLen, (tile, wTile, biasAt, outAt, oh0, oh1) => {
      this.k.convTransposeS2x1(s2.pattern, cin, padded + s2.firstCol * 4, info.inH * s2.rowLen, wTile, biasAt,
        outAt + oh0 * info.outW * 4, oh1 - oh0, info.outW, rowsAt + oh0 * rowStride * 4, rowStride * 4, cin * tile * 16);
    }, wAt, 4);
    return this.result(io);
  }

  /** Convolution; x: [N, Cin, H, W], w: [Cout, Cin/groups, kH, kW]. */
  conv2d(info: ConvInfo, x: Float32Array, w: Float32Array, bias: Float32Array | null): Float32Array | null {
    return this.gather(info, conv2dPlan(info), x, conv2dWeightStrides(info, w), bias);
  }

  /**
   * y = (x − mean[c])·scale[c] + beta[c] on [N, C, spatial] data (see wasm/batch-norm.ts). Streams the tensor
   * through a cache-sized window of wasm memory (copy in, normalise in place, copy out), so each element
   * travels through main memory once each way instead of three times.
   */
  normalize(x: Float32Array, batch: number, channels: number, spatial: number,
    mean: Float64Array, scale: Float64Array, beta: Float64Array): Float32Array | null {
    const planesPerChunk = Math.max(1, Math.floor(NORMALIZE_CHUNK / spatial));
    const m = this.mem;
    m.reset();
    const windowAt = m.alloc(planesPerChunk * spatial);
    const paramsAt = m.alloc(4 * channels);
    if (!m.commit()) return null;
    const f32 = m.f32;
    for (let c = 0, p = paramsAt >> 2; c < channels; c++, p += 4) {
      f32[p] = mean[c];
      f32[p + 1] = mean[c] - f32[p]; // the part of the float64 mean that float32 rounding dropped
      f32[p + 2] = scale[c];
      f32[p + 3] = beta[c];
    }
    const out = resultArray(x.length);
    const planes = batch * channels;
    const window = f32.subarray(windowAt >> 2, (windowAt >> 2) + planesPerChunk * spatial);
    for (let p0 = 0; p0 < planes; p0 += planesPerChunk) {
      const n = Math.min(planesPerChunk, planes - p0);
      const from = p0 * spatial;
      window.set(x.subarray(from, from + n * spatial));
      this.k.normalize(windowAt, windowAt, n, p0 % channels, channels, spatial, paramsAt);
      out.set(n === planesPerChunk ? window : window.subarray(0, n * spatial), from);
    }
    return out;
  }

  /** Any conv2d / transposed convolution through the generic gather kernels. */
  private gather(info: ConvInfo, plan: GatherPlan | null, x: Float32Array, strides: WeightStrides, bias: Float32Array | null): Float32Array | null {
    if (plan === null) return null;
    const { inPerGroup: cin, outPerGroup, kH, kW, outH, outW, inH, inW } = info;
    const m = this.mem;
    m.reset();
    const io = this.allocIo(info, x.length);
    const padded = m.alloc(cin * plan.planeLen);
    const rowsAt = m.alloc(plan.rows.length);
    const segsAt = m.alloc(plan.segs.length);
    const tables = kernelTables(plan, kW);
    const permAt = tables.perm ? m.alloc(tables.perm.length) : 0;
    const rowBuf = m.alloc(4 * plan.rowBufLen);
    const wAt = m.alloc(info.groups * outPerGroup * cin * kH * kW);
    const rawAt = m.alloc(strides.w.length);
    if (!m.commit()) return null;
    this.copyIn(io, x, bias, info.outChannels);
    const i32 = m.i32;
    const { rowStride, segStride } = plan;
    i32.set(tables.rows, rowsAt >> 2);
    i32.set(tables.segs, segsAt >> 2);
    if (tables.perm) i32.set(tables.perm, permAt >> 2);
    // Weights in PyTorch's layout go in as one copy and are reordered by the module (tiles of 4, then singles).
    m.f32.set(strides.w, rawAt >> 2);
    this.k.repackWeights(rawAt, wAt, info.groups, outPerGroup, cin, kH, kW, strides.group, strides.ic, strides.oc);
    const pad = (xSlice: number): void => {
      if (plan.phases === 1) this.k.padPlanes(xSlice, padded, cin, inH, inW, inH, plan.rowLen, 0, plan.padLeft);
      else this.k.padSplit(xSlice, padded, cin, inH, inW, inH, plan.rowLen, 0, plan.padLeft, plan.phases);
    };
    const { mode } = tables;
    this.forEachSlice(info, io, pad, tiles(outPerGroup), cin * plan.phases * plan.rowLen, (tile, wTile, biasAt, outAt, oh0, oh1) => {
      const kernel = tile === 4 ? this.k.gatherX4 : this.k.gatherX1;
      // Rows oh0 … oh1 − 1 only: the row table and the output rows are addressed from oh0.
      const rowOut = outAt + oh0 * outW * 4;
      kernel(cin, padded, plan.planeLen, wTile, biasAt, oh1 - oh0, rowsAt + oh0 * rowStride * 4, rowStride * 4, segsAt, plan.nSeg, segStride * 4,
        mode === DIRECT ? rowOut : rowBuf, mode === DIRECT ? outW * 4 : 0, mode === DIRECT ? outH * outW * 4 : plan.rowBufLen * 4,
        mode, permAt, rowOut, outW, outH * outW, cin * tile * 4);
    }, wAt, kW);
    return this.result(io);
  }

  /** Input, bias and the whole output in linear memory (handed over by `result`, one copy out). */
  private allocIo(info: ConvInfo, inputLength: number): Io {
    const outLength = info.batch * info.outChannels * info.outH * info.outW;
    return {
      xAt: this.mem.alloc(inputLength), outAt: this.mem.alloc(outLength), biasAt: this.mem.alloc(info.outChannels + 4), outLength,
    };
  }

  private result(io: Io): Float32Array {
    return this.mem.copyOut(io.outAt, io.outLength);
  }

  private copyIn(io: Io, x: Float32Array, bias: Float32Array | null, outChannels: number): void {
    const f32 = this.mem.f32;
    f32.set(x, io.xAt >> 2);
    if (bias) f32.set(bias, io.biasAt >> 2);
    else f32.fill(0, io.biasAt >> 2, (io.biasAt >> 2) + outChannels);
  }

  /**
   * For each image and group: pad its input once, then run every channel tile ([first channel, size]) over a
   * block of output rows before moving to the next block. Tile by tile over all rows would stream the whole
   * padded input through the cache once per tile; a block's input rows (BLOCK_BYTES) stay in L2 for all tiles.
   * `rowFloats`: floats of padded input per input row (all channels and phases).
   */
  private forEachSlice(info: ConvInfo, io: Io, pad: (xSlice: number) => void, tileList: [number, number][], rowFloats: number,
    run: (tile: number, wTile: number, biasAt: number, outAt: number, oh0: number, oh1: number) => void, wAt: number, tapsPerRow: number): void {
    const { batch, inChannels, inH, inW, outChannels, outH, outW, groups, inPerGroup: cin, outPerGroup, kH } = info;
    const perChannel = cin * kH * tapsPerRow;
    const plane = outH * outW;
    const inRowsPerBlockRow = Math.max(1, inH / outH);
    const block = Math.max(1, Math.floor(BLOCK_BYTES / (4 * rowFloats * inRowsPerBlockRow)));
    for (let n = 0; n < batch; n++) {
      for (let g = 0; g < groups; g++) {
        pad(io.xAt + (n * inChannels + g * cin) * inH * inW * 4);
        for (let oh0 = 0; oh0 < outH; oh0 += block) {
          const oh1 = Math.min(outH, oh0 + block);
          for (const [oc0, tile] of tileList) {
            const oc = g * outPerGroup + oc0;
            run(tile, wAt + oc * perChannel * 4, io.biasAt + oc * 4, io.outAt + (n * outChannels + oc) * plane * 4, oh0, oh1);
          }
        }
      }
    }
  }
}

interface Io {
  xAt: number;
  /** The output ([N, Cout, outH, outW]) in linear memory, and its length in floats. */
  outAt: number;
  outLength: number;
  biasAt: number;
}
