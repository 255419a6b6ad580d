/**
 * Geometry of the fast convolution kernels (JavaScript and WebAssembly alike), computed once per call from
 * the validated `ConvInfo`. Both conv2d and the transposed convolution are evaluated in *gather form*:
 *
 *   out[oc, oh, ow] = bias[oc] + Σ_(kh valid for oh) Σ_(kw valid for ow) Σ_ic xPadded[ic, row(oh, kh), col(ow, kw)] · w[·, ·, kh, kw]
 *
 * For a transposed convolution with stride s, output position t = o + pad splits into a phase t mod s and
 * q = t div s; only taps k with k·d ≡ phase (mod s) reach it, from input q − (k·d − phase)/s. So each column
 * phase is a small dense correlation ("stride-phase decomposition"): no scatter, no zero insertion.
 *
 * Rows: only taps that land inside the image are listed per output row, so no row padding is needed.
 * Columns: the taps of a *segment* (a run of outputs reading consecutive input columns) are shared by all its
 * outputs, so the input is copied with zero columns around it ("padded copy") and the inner loops have no
 * bounds checks. For strided conv2d the padded copy is also split into column phases so that consecutive
 * outputs read consecutive floats.
 */
import type { ConvInfo } from './params.ts';

/** Outputs per inner-loop chunk in the wasm kernels; segments are rounded up to this when sizing padding. */
export const CHUNK = 8;

export interface GatherPlan {
  /** Column phases of the padded copy (conv2d stride; 1 otherwise). */
  phases: number;
  /** Floats per padded row (per phase). */
  rowLen: number;
  /** Floats per input channel of the padded copy: phases × inH × rowLen. */
  planeLen: number;
  /** Input column c lands in padded column c + padLeft (before the phase split). */
  padLeft: number;
  /** Per output row: [taps, (input row, kh) × taps], `rowStride` ints apart. */
  rows: Int32Array;
  rowStride: number;
  /** Per segment: [count, taps, dst offset, (x offset, kw) × taps], `segStride` ints apart. */
  segs: Int32Array;
  segStride: number;
  nSeg: number;
  /**
   * null: one segment per row written straight into the output row. Otherwise segments go to a row buffer
   * (`rowBufLen` floats per output channel) and output column j takes the float at offset perm[j].
   */
  perm: Int32Array | null;
  rowBufLen: number;
  /** Per segment: its first output column and the step between its outputs (the stride; 1 for direct rows). */
  segFirst: number[];
  segStep: number;
}

const roundUp = (n: number, m: number): number => Math.ceil(n / m) * m;
/** Floor division that is correct for negative numerators. */
const floorDiv = (a: number, b: number): number => Math.floor(a / b);
const mod = (a: number, b: number): number => ((a % b) + b) % b;

/**
 * Plans depend only on the geometry, and pages and training loops call the same layer over and over: the last
 * few plans are kept (their arrays are never written by the kernels, so sharing them is safe).
 */
const PLAN_CACHE_SIZE = 16;
/** Only plans with small tables are kept, so the cache never holds much memory (a 2-million-wide output's are not). */
const CACHEABLE_INTS = 1 << 16;
const planCache = new Map<string, unknown>();

function geometryKey(info: ConvInfo): string {
  const { inPerGroup, outPerGroup, inH, inW, outH, outW, kH, kW, strideH, strideW, dilationH, dilationW,
    padTop, padLeft, padBottom, padRight, outPadH, outPadW } = info;
  return [inPerGroup, outPerGroup, inH, inW, outH, outW, kH, kW, strideH, strideW, dilationH, dilationW,
    padTop, padLeft, padBottom, padRight, outPadH, outPadW].join(',');
}

function memo<T>(name: string, info: ConvInfo, make: (info: ConvInfo) => T): T {
  if (info.outH * (1 + 2 * info.kH) + 2 * info.outW > CACHEABLE_INTS) return make(info);
  const key = `${name}:${geometryKey(info)}`;
  if (planCache.has(key)) {
    const hit = planCache.get(key) as T;
    planCache.delete(key); // the most recently used goes last
    planCache.set(key, hit);
    return hit;
  }
  const made = make(info);
  planCache.set(key, made);
  if (planCache.size > PLAN_CACHE_SIZE) planCache.delete(planCache.keys().next().value as string);
  return made;
}

function rowTable(outH: number, kH: number, tapsFor: (oh: number, kh: number) => number): { rows: Int32Array; rowStride: number } {
  const rowStride = 1 + 2 * kH;
  const rows = new Int32Array(outH * rowStride);
  for (let oh = 0; oh < outH; oh++) {
    let n = 0;
    for (let kh = 0; kh < kH; kh++) {
      const ih = tapsFor(oh, kh);
      if (ih < 0) continue;
      rows[oh * rowStride + 1 + 2 * n] = ih;
      rows[oh * rowStride + 2 + 2 * n] = kh;
      n++;
    }
    rows[oh * rowStride] = n;
  }
  return { rows, rowStride };
}

/** Per output row of a transposed convolution: the input rows and kernel rows that reach it. */
export function convTransposeRows(info: ConvInfo): { rows: Int32Array; rowStride: number } {
  return memo('convTransposeRows', info, makeConvTransposeRows);
}

function makeConvTransposeRows(info: ConvInfo): { rows: Int32Array; rowStride: number } {
  const { outH, kH, strideH, dilationH, padTop, inH } = info;
  return rowTable(outH, kH, (oh, kh) => {
    const num = oh + padTop - kh * dilationH;
    if (mod(num, strideH) !== 0) return -1;
    const ih = num / strideH;
    return ih >= 0 && ih < inH ? ih : -1;
  });
}

/** Per output row of a convolution: the input rows and kernel rows that reach it (zero padding skipped). */
export function conv2dRows(info: ConvInfo): { rows: Int32Array; rowStride: number } {
  return memo('conv2dRows', info, makeConv2dRows);
}

function makeConv2dRows(info: ConvInfo): { rows: Int32Array; rowStride: number } {
  const { outH, kH, strideH, dilationH, padTop, inH } = info;
  return rowTable(outH, kH, (oh, kh) => {
    const ih = oh * strideH + kh * dilationH - padTop;
    return ih >= 0 && ih < inH ? ih : -1;
  });
}

/**
 * Slots (floats or ints) a fast path may use for its tables and padded copy beyond the tensors it reads and
 * writes. Geometry where the padded layout would be larger (a stride, dilation or padding far larger than the
 * image: most phases or taps receive nothing) runs on the direct loops of conv-direct.ts instead, whose work
 * is the multiply-adds params.ts has already bounded and whose memory is the output.
 */
const SLACK = 1 << 20;

/** The fast paths' scratch budget for this layer: a few times what the call reads and writes, plus SLACK. */
export function scratchBudget(info: ConvInfo): number {
  const { inPerGroup: cin, inH, inW, outH, outW, outPerGroup, kH, kW } = info;
  return SLACK + 4 * (cin * inH * inW + 4 * outH * outW + outPerGroup * cin * kH * kW);
}

/** Whether the per-row tap table (`rowTable`: outH × (1 + 2·kH) ints) fits the budget. */
function rowTableFits(info: ConvInfo): boolean {
  return info.outH * (1 + 2 * info.kH) <= scratchBudget(info);
}

/**
 * Transposed convolution, any parameters. One segment per column phase that receives outputs (at most
 * min(stride, outW)), each listing only the taps whose input columns overlap the image; with stride 1 the single
 * segment is the output row itself. Null when the layout would exceed `scratchBudget` (use the direct loops).
 */
export function convTransposePlan(info: ConvInfo): GatherPlan | null {
  return memo('convTransposePlan', info, makeConvTransposePlan);
}

function makeConvTransposePlan(info: ConvInfo): GatherPlan | null {
  const { outW, kW, strideW: s, dilationW: d, padLeft: pad, inW, inH, inPerGroup: cin } = info;
  const nPhases = Math.min(s, outW);
  const segCapBound = roundUp(Math.ceil(outW / s), CHUNK);
  // Tables (rows, segments, perm), the rows buffer of 4 channels, and the padded copy (at most inW + 2 segments wide).
  const estimate = info.outH * (1 + 2 * info.kH) + nPhases * (3 + 2 * Math.min(kW, 1 + Math.floor((kW - 1) * d / s))) +
    outW + 4 * nPhases * segCapBound + cin * inH * (inW + 2 * segCapBound + 2 * CHUNK);
  if (estimate > scratchBudget(info)) return null;
  const { rows, rowStride } = convTransposeRows(info);
  // Taps by phase: tap kw reaches the outputs with (ow + pad) ≡ kw·d (mod s), so each tap is listed once.
  const tapsOfPhase = new Map<number, number[]>();
  for (let kw = 0; kw < kW; kw++) {
    const phase = mod(kw * d, s);
    const list = tapsOfPhase.get(phase);
    if (list) list.push(kw);
    else tapsOfPhase.set(phase, [kw]);
  }
  interface Seg { first: number; count: number; q0: number; taps: [number, number][] }
  const segList: Seg[] = [];
  for (let first = 0; first < nPhases; first++) {
    const phase = mod(first + pad, s);
    const count = Math.floor((outW - 1 - first) / s) + 1;
    const q0 = (first + pad - phase) / s;
    const taps: [number, number][] = [];
    for (const kw of tapsOfPhase.get(phase) ?? []) {
      const delta = -(kw * d - phase) / s; // input column offset from q
      // Only taps whose columns q0 + delta … q0 + delta + count − 1 meet the image contribute.
      if (q0 + delta <= inW - 1 && q0 + delta + count - 1 >= 0) taps.push([delta, kw]);
    }
    segList.push({ first, count, q0, taps });
  }
  // Padded columns: everything a chunk-rounded segment reads must exist.
  let minCol = 0;
  let maxCol = inW - 1;
  let maxTaps = 1;
  let maxCount = 0;
  for (const g of segList) {
    maxTaps = Math.max(maxTaps, g.taps.length);
    maxCount = Math.max(maxCount, g.count);
    for (const [delta] of g.taps) {
      minCol = Math.min(minCol, g.q0 + delta);
      maxCol = Math.max(maxCol, g.q0 + delta + roundUp(g.count, CHUNK) - 1);
    }
  }
  const padLeft = -minCol;
  const rowLen = maxCol + 1 + padLeft;
  const segStride = 3 + 2 * maxTaps;
  const segs = new Int32Array(segList.length * segStride);
  const direct = s === 1;
  const segCap = roundUp(maxCount, CHUNK);
  const perm = direct ? null : new Int32Array(outW);
  segList.forEach((g, i) => {
    const base = i * segStride;
    segs[base] = g.count;
    segs[base + 1] = g.taps.length;
    segs[base + 2] = direct ? 0 : i * segCap;
    g.taps.forEach(([delta, kw], t) => {
      segs[base + 3 + 2 * t] = g.q0 + delta + padLeft;
      segs[base + 4 + 2 * t] = kw;
    });
    if (perm) for (let j = 0; j < g.count; j++) perm[g.first + j * s] = i * segCap + j;
  });
  return {
    phases: 1, rowLen, planeLen: inH * rowLen, padLeft, rows, rowStride, segs, segStride, nSeg: segList.length,
    perm, rowBufLen: direct ? 0 : segList.length * segCap, segFirst: segList.map((g) => g.first), segStep: s,
  };
}

/**
 * Convolution, any parameters: one segment per row over a padded copy split into `stride` column phases.
 * Null when that copy or the tables would exceed `scratchBudget` (use the direct loops).
 */
export function conv2dPlan(info: ConvInfo): GatherPlan | null {
  return memo('conv2dPlan', info, makeConv2dPlan);
}

function makeConv2dPlan(info: ConvInfo): GatherPlan | null {
  const { outW, kW, strideW: s, dilationW: d, padLeft: pad, inH, inPerGroup: cin } = info;
  const count8 = roundUp(outW, CHUNK);
  const rowLen = Math.max(Math.floor((kW - 1) * d / s) + count8, Math.ceil((info.inW + pad) / s));
  if (!rowTableFits(info) || cin * s * inH * rowLen + 3 + 2 * kW > scratchBudget(info)) return null;
  const { rows, rowStride } = conv2dRows(info);
  // Padded column of (ow, kw) is ow·s + kw·d (padLeft = pad): phase (kw·d) mod s, index ow + (kw·d) div s.
  const segStride = 3 + 2 * kW;
  const segs = new Int32Array(segStride);
  segs[0] = outW;
  segs[1] = kW;
  for (let kw = 0; kw < kW; kw++) {
    segs[3 + 2 * kw] = mod(kw * d, s) * inH * rowLen + floorDiv(kw * d, s);
    segs[4 + 2 * kw] = kw;
  }
  return {
    phases: s, rowLen, planeLen: s * inH * rowLen, padLeft: pad, rows, rowStride, segs, segStride, nSeg: 1,
    perm: null, rowBufLen: 0, segFirst: [0], segStep: 1,
  };
}

/**
 * Column geometry of the specialised wasm kernel for transposed convolution with column stride 2,
 * dilation 1, kernel width 2–4: chunks of 8 outputs read input columns Q−1 … Q+4 with Q = 4m + ⌊pad/2⌋.
 * `pattern` numbers the (kernel width, pad parity) variants as in wasm/conv-transpose-s2.ts.
 */
export function convTransposeS2Columns(info: ConvInfo): { pattern: number; padLeft: number; rowLen: number; firstCol: number } | null {
  return memo('convTransposeS2Columns', info, makeConvTransposeS2Columns);
}

function makeConvTransposeS2Columns(info: ConvInfo): { pattern: number; padLeft: number; rowLen: number; firstCol: number } | null {
  const { kW, strideW, dilationW, padLeft: pad, outW, inW } = info;
  if (strideW !== 2 || dilationW !== 1 || kW < 2 || kW > 4 || !rowTableFits(info)) return null;
  const qBase = pad >> 1;
  const chunks = Math.ceil(outW / CHUNK);
  const minCol = qBase - 1;
  const maxCol = 4 * (chunks - 1) + qBase + 1 + 3;
  const padLeft = Math.max(0, -minCol);
  const rowLen = padLeft + Math.max(inW, maxCol + 1);
  return { pattern: (kW - 2) * 2 + (pad & 1), padLeft, rowLen, firstCol: qBase + padLeft };
}
