/**
 * Plain typed-array version of the gather convolution described in conv-plan.ts: the path for engines
 * without WebAssembly SIMD, and the readable twin of wasm/gather.ts.
 *
 * Two loop orders, picked by the number of input channels per group:
 * - register tiles (4 output channels × 2 outputs = 8 accumulators in registers, input channels innermost)
 *   when there are enough input channels to amortise the loop overhead;
 * - row form (acc[j] += x[j]·w over whole rows, innermost) for few input channels.
 * Both accumulate one output row per channel in a float64 row buffer, already in output order (a phase
 * segment's outputs are written `stride` apart), and copy it out with one `set` per row.
 * Hot functions read only Float64Arrays (padded input, repacked weights, row buffer) plus the Int32 tables,
 * and are called once per output row so that V8 optimises them normally rather than on-stack.
 */
import type { GatherPlan } from './conv-plan.ts';
import type { ConvInfo } from './params.ts';

/** Below this many input channels per group the row form beats the register tiles (cases C vs A). */
const ROW_FORM_BELOW = 4;

/** Reads weight (ic, oc, kh, kw) of one group, both channel indices group-local. */
export type WeightAt = (group: number) => (ic: number, oc: number, kh: number, kw: number) => number;

/** Transposed convolution weights, PyTorch layout [Cin, Cout/groups, kH, kW]. */
export function convTransposeWeights(info: ConvInfo, w: Float32Array): WeightAt {
  const { inPerGroup: cin, outPerGroup, kH, kW } = info;
  return (g) => (ic, oc, kh, kw) => w[(((g * cin + ic) * outPerGroup + oc) * kH + kh) * kW + kw];
}

/** Convolution weights, PyTorch layout [Cout, Cin/groups, kH, kW]. */
export function conv2dWeights(info: ConvInfo, w: Float32Array): WeightAt {
  const { inPerGroup: cin, outPerGroup, kH, kW } = info;
  return (g) => (ic, oc, kh, kw) => w[(((g * outPerGroup + oc) * cin + ic) * kH + kh) * kW + kw];
}

/**
 * The same two layouts as strides, for the wasm path's repack (wasm/repack.ts), which cannot call an accessor
 * per weight: element (g, ic, oc, kh, kw) is at g·group + ic·ic + oc·oc + kh·kW + kw.
 */
export interface WeightStrides { w: Float32Array; group: number; ic: number; oc: number }

export function convTransposeWeightStrides(info: ConvInfo, w: Float32Array): WeightStrides {
  const taps = info.kH * info.kW;
  return { w, group: info.inPerGroup * info.outPerGroup * taps, ic: info.outPerGroup * taps, oc: taps };
}

export function conv2dWeightStrides(info: ConvInfo, w: Float32Array): WeightStrides {
  const taps = info.kH * info.kW;
  return { w, group: info.inPerGroup * info.outPerGroup * taps, ic: taps, oc: info.inPerGroup * taps };
}

/**
 * Repack weights for output channels [oc0, oc0 + tile) into [kH][kW][Cin][tile], the order the kernels walk
 * (the wasm kernels' twin is wasm/repack.ts).
 */
export function repackWeights(cin: number, kH: number, kW: number, oc0: number, tile: number,
  at: (ic: number, oc: number, kh: number, kw: number) => number, dst: Float32Array | Float64Array, dstOffset: number): void {
  let k = dstOffset;
  for (let kh = 0; kh < kH; kh++) {
    for (let kw = 0; kw < kW; kw++) {
      for (let ic = 0; ic < cin; ic++) {
        for (let o = 0; o < tile; o++) dst[k++] = at(ic, oc0 + o, kh, kw);
      }
    }
  }
}

/** Copy `planes` input planes (H×W, from `src` at `srcOffset`) into the plan's zero-bordered layout. */
export function padInput(src: Float32Array, srcOffset: number, planes: number, inH: number, inW: number,
  plan: GatherPlan, dst: Float64Array): void {
  const { phases, rowLen, planeLen, padLeft } = plan;
  dst.fill(0, 0, planes * planeLen);
  for (let p = 0; p < planes; p++) {
    for (let r = 0; r < inH; r++) {
      const s = srcOffset + (p * inH + r) * inW;
      // Padded column c + padLeft goes to phase (c + padLeft) mod phases, index (c + padLeft) div phases.
      for (let phase = 0; phase < phases; phase++) {
        const c0 = (((phase - padLeft) % phases) + phases) % phases; // first input column of this phase
        let d = p * planeLen + (phase * inH + r) * rowLen + (c0 + padLeft - phase) / phases;
        for (let c = c0; c < inW; c += phases) dst[d++] = src[s + c];
      }
    }
  }
}

/**
 * Scratch buffers (padded input, repacked weights, row accumulators) are kept between calls: allocating
 * megabytes of fresh zeroed ArrayBuffers per call costs page faults and makes V8 collect garbage often.
 * Only the returned output is new each time. Buffers beyond SCRATCH_LIMIT doubles are not retained.
 */
const SCRATCH_LIMIT = 1 << 22;
const scratchBuffers: Float64Array[] = [];

function scratch(slot: number, length: number): Float64Array {
  const have = scratchBuffers[slot];
  if (have && have.length >= length) return have;
  const fresh = new Float64Array(length);
  if (length <= SCRATCH_LIMIT) scratchBuffers[slot] = fresh;
  return fresh;
}

/**
 * One output row of 4 channels: acc[o·outW + ow] for o < 4. `x`: padded input of the group, `w`: the tile's
 * weights [kH][kW][cin][4] from `wOffset`.
 */
function tileRow4(plan: GatherPlan, oh: number, cin: number, kW: number, x: Float64Array, w: Float64Array, wOffset: number,
  b0: number, b1: number, b2: number, b3: number, acc: Float64Array, outW: number): void {
  const { rows, rowStride, segs, segStride, nSeg, planeLen, rowLen, segFirst, segStep } = plan;
  const row = oh * rowStride;
  const rowTaps = rows[row];
  const tapW = cin * 4;
  for (let s = 0; s < nSeg; s++) {
    const seg = s * segStride;
    const count = segs[seg];
    const colTaps = segs[seg + 1];
    for (let j = 0; j < count; j += 2) {
      let a0 = b0, a1 = b1, a2 = b2, a3 = b3;
      let c0 = b0, c1 = b1, c2 = b2, c3 = b3;
      for (let r = 0; r < rowTaps; r++) {
        const rx = rows[row + 1 + 2 * r] * rowLen + j;
        const rw = wOffset + rows[row + 2 + 2 * r] * kW * tapW;
        for (let tap = 0; tap < colTaps; tap++) {
          let xp = rx + segs[seg + 3 + 2 * tap];
          let wp = rw + segs[seg + 4 + 2 * tap] * tapW;
          for (let i = 0; i < cin; i++) {
            const x0 = x[xp];
            const x1 = x[xp + 1];
            const w0 = w[wp], w1 = w[wp + 1], w2 = w[wp + 2], w3 = w[wp + 3];
            a0 += x0 * w0; c0 += x1 * w0;
            a1 += x0 * w1; c1 += x1 * w1;
            a2 += x0 * w2; c2 += x1 * w2;
            a3 += x0 * w3; c3 += x1 * w3;
            xp += planeLen;
            wp += 4;
          }
        }
      }
      const o = segFirst[s] + j * segStep;
      acc[o] = a0; acc[o + outW] = a1; acc[o + 2 * outW] = a2; acc[o + 3 * outW] = a3;
      if (j + 1 < count) {
        const o1 = o + segStep;
        acc[o1] = c0; acc[o1 + outW] = c1; acc[o1 + 2 * outW] = c2; acc[o1 + 3 * outW] = c3;
      }
    }
  }
}

/** One output row of one channel, same loops as tileRow4 with a 1 × 2 register tile. */
function tileRow1(plan: GatherPlan, oh: number, cin: number, kW: number, x: Float64Array, w: Float64Array, wOffset: number,
  b0: number, acc: Float64Array): void {
  const { rows, rowStride, segs, segStride, nSeg, planeLen, rowLen, segFirst, segStep } = plan;
  const row = oh * rowStride;
  const rowTaps = rows[row];
  for (let s = 0; s < nSeg; s++) {
    const seg = s * segStride;
    const count = segs[seg];
    const colTaps = segs[seg + 1];
    for (let j = 0; j < count; j += 2) {
      let a = b0;
      let c = b0;
      for (let r = 0; r < rowTaps; r++) {
        const rx = rows[row + 1 + 2 * r] * rowLen + j;
        const rw = wOffset + rows[row + 2 + 2 * r] * kW * cin;
        for (let tap = 0; tap < colTaps; tap++) {
          let xp = rx + segs[seg + 3 + 2 * tap];
          let wp = rw + segs[seg + 4 + 2 * tap] * cin;
          for (let i = 0; i < cin; i++) {
            const wv = w[wp];
            a += x[xp] * wv;
            c += x[xp + 1] * wv;
            xp += planeLen;
            wp += 1;
          }
        }
      }
      const o = segFirst[s] + j * segStep;
      acc[o] = a;
      if (j + 1 < count) acc[o + segStep] = c;
    }
  }
}

/**
 * Row form for one channel: the loops run over whole segments innermost (acc[first + j·step] += x[j]·w),
 * so each tap and input channel costs one long, simple loop. Better than register tiles with few input
 * channels (an image's first layer, single-channel demos), where those tiles' short loops are all overhead.
 */
function rowFormRow(plan: GatherPlan, oh: number, cin: number, kW: number, x: Float64Array, w: Float64Array, wOffset: number,
  bias: number, acc: Float64Array, outW: number): void {
  const { rows, rowStride, segs, segStride, nSeg, planeLen, rowLen, segFirst, segStep } = plan;
  acc.fill(bias, 0, outW);
  const row = oh * rowStride;
  for (let r = 0; r < rows[row]; r++) {
    const rx = rows[row + 1 + 2 * r] * rowLen;
    const rw = wOffset + rows[row + 2 + 2 * r] * kW * cin;
    for (let s = 0; s < nSeg; s++) {
      const seg = s * segStride;
      for (let tap = 0; tap < segs[seg + 1]; tap++) {
        let xp = rx + segs[seg + 3 + 2 * tap];
        let wp = rw + segs[seg + 4 + 2 * tap] * cin;
        for (let i = 0; i < cin; i++) {
          axpy(acc, segFirst[s], segStep, x, xp, w[wp], segs[seg]);
          xp += planeLen;
          wp += 1;
        }
      }
    }
  }
}

/** acc[first + j·step] += x[xp + j] · wv for j < count. */
function axpy(acc: Float64Array, first: number, step: number, x: Float64Array, xp: number, wv: number, count: number): void {
  for (let j = 0, o = first; j < count; j++, o += step) acc[o] += x[xp + j] * wv;
}

/**
 * A whole conv2d / transposed convolution: per group, repack the weights into tiles; per image and group,
 * pad the input once, then compute every tile row by row.
 */
export function gatherConvJs(info: ConvInfo, plan: GatherPlan, x: Float32Array, weightAt: WeightAt,
  bias: Float32Array | null): Float32Array {
  const { batch, inChannels, inH, inW, outChannels, outH, outW, kH, kW, groups, inPerGroup: cin, outPerGroup } = info;
  const out = new Float32Array(batch * outChannels * outH * outW);
  const padded = scratch(0, cin * plan.planeLen);
  const rowForm = cin < ROW_FORM_BELOW;
  // Tiles of 4 output channels, then single channels for the remainder (all single in row form).
  const full = rowForm ? 0 : outPerGroup - (outPerGroup & 3);
  const tileAt = (oc: number): number => (oc < full ? 4 : 1);
  const weights = scratch(1, outPerGroup * cin * kH * kW);
  const acc = scratch(2, 4 * outW);
  const accRows = [0, 1, 2, 3].map((o) => acc.subarray(o * outW, (o + 1) * outW));
  const perChannel = cin * kH * kW;
  const b = (oc: number): number => (bias ? bias[oc] : 0);
  for (let g = 0; g < groups; g++) {
    const at = weightAt(g);
    for (let oc = 0; oc < outPerGroup; oc += tileAt(oc)) repackWeights(cin, kH, kW, oc, tileAt(oc), at, weights, oc * perChannel);
    for (let n = 0; n < batch; n++) {
      padInput(x, (n * inChannels + g * cin) * inH * inW, cin, inH, inW, plan, padded);
      for (let oc = 0; oc < outPerGroup; oc += tileAt(oc)) {
        const tile = tileAt(oc);
        const c = g * outPerGroup + oc; // global output channel
        const wAt = oc * perChannel;
        for (let oh = 0; oh < outH; oh++) {
          if (tile === 4) tileRow4(plan, oh, cin, kW, padded, weights, wAt, b(c), b(c + 1), b(c + 2), b(c + 3), acc, outW);
          else if (rowForm) rowFormRow(plan, oh, cin, kW, padded, weights, wAt, b(c), acc, outW);
          else tileRow1(plan, oh, cin, kW, padded, weights, wAt, b(c), acc);
          for (let o = 0; o < tile; o++) {
            out.set(accRows[o], ((n * outChannels + c + o) * outH + oh) * outW);
          }
        }
      }
    }
  }
  return out;
}
