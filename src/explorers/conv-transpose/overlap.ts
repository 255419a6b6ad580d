/**
 * Overlap and phase gain: why a transposed convolution makes checkerboards, predicted from its parameters and
 * its kernel alone.
 *
 * Output row o of a transposed conv receives the tap kh of input row i when o = i·s − pad_top + kh·d. So the
 * taps that can reach o are those with kh·d − pad_top ≡ o (mod s): which taps, and how many, depends on o's
 * *phase* o mod s. When s does not divide the kernel's extent, phases get different numbers of taps (uneven
 * overlap), and — what really matters — different sums of weights (uneven phase gain). A constant input then
 * comes out multiplied by the phase gain, tiled with period s: a checkerboard.
 */
import type { ConvInfo } from '../../kernels/index.ts';

/** How many (input index, tap) pairs land on each output index along one axis (valid input indices only). */
export function tapCounts1d(inLen: number, outLen: number, k: number, s: number, padBegin: number, d: number): Int32Array {
  const counts = new Int32Array(outLen);
  for (let i = 0; i < inLen; i++) {
    for (let t = 0; t < k; t++) {
      const o = i * s - padBegin + t * d;
      if (o >= 0 && o < outLen) counts[o]++;
    }
  }
  return counts;
}

/** Number of kernel taps landing on each output pixel of the transposed conv (one input/output channel pair). */
export function convTransposeOverlap(info: ConvInfo): Float32Array {
  const rows = tapCounts1d(info.inH, info.outH, info.kH, info.strideH, info.padTop, info.dilationH);
  const cols = tapCounts1d(info.inW, info.outW, info.kW, info.strideW, info.padLeft, info.dilationW);
  const out = new Float32Array(info.outH * info.outW);
  for (let r = 0; r < info.outH; r++) for (let c = 0; c < info.outW; c++) out[r * info.outW + c] = rows[r] * cols[c];
  return out;
}

/**
 * The ordinary convolution this layer is the transpose of (same weights, stride, padding, dilation) maps the
 * outH×outW grid down to inH×inW. Each of *its* output pixels sums one full window: the number of taps that fall
 * inside its input (not on padding) — k_H·k_W everywhere except near the border. Its overlap is in the input.
 */
export function convOutputTaps(info: ConvInfo): Float32Array {
  const per = (n: number, inLen: number, k: number, s: number, p: number, d: number) => {
    const c = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < k; t++) {
        const src = i * s - p + t * d;
        if (src >= 0 && src < inLen) c[i]++;
      }
    }
    return c;
  };
  const rows = per(info.inH, info.outH, info.kH, info.strideH, info.padTop, info.dilationH);
  const cols = per(info.inW, info.outW, info.kW, info.strideW, info.padLeft, info.dilationW);
  const out = new Float32Array(info.inH * info.inW);
  for (let r = 0; r < info.inH; r++) for (let c = 0; c < info.inW; c++) out[r * info.inW + c] = rows[r] * cols[c];
  return out;
}

/** Phase of output index o: which residue class mod s it belongs to. */
export function phaseOf(o: number, s: number): number {
  return ((o % s) + s) % s;
}

/**
 * Phase-gain map of output channel `oc`: entry (φh, φw) is the sum of the weights w[ic, oc', kh, kw] over the
 * input channels of oc's group and over the taps with (kh·d − pad_top) ≡ φh and (kw·d − pad_left) ≡ φw (mod s).
 * Output pixel (oh, ow) in the interior, for an input of all ones, equals gain[oh mod sH][ow mod sW] + bias.
 * weight: `[Cin, Cout/groups, kH, kW]`.
 */
export function phaseGain(weight: Float32Array, info: ConvInfo, oc: number): Float64Array {
  const { strideH: sH, strideW: sW, kH, kW, inPerGroup, outPerGroup } = info;
  const gain = new Float64Array(sH * sW);
  const g = Math.floor(oc / outPerGroup);
  const ocg = oc % outPerGroup;
  for (let icg = 0; icg < inPerGroup; icg++) {
    const ic = g * inPerGroup + icg;
    const base = (ic * outPerGroup + ocg) * kH * kW;
    for (let kh = 0; kh < kH; kh++) {
      const ph = phaseOf(kh * info.dilationH - info.padTop, sH);
      for (let kw = 0; kw < kW; kw++) {
        const pw = phaseOf(kw * info.dilationW - info.padLeft, sW);
        gain[ph * sW + pw] += weight[base + kh * kW + kw];
      }
    }
  }
  return gain;
}

/** The number of taps in each phase (the overlap an interior output pixel of that phase gets). */
export function phaseTapCounts(info: ConvInfo): Float64Array {
  const { strideH: sH, strideW: sW } = info;
  const counts = new Float64Array(sH * sW);
  for (let kh = 0; kh < info.kH; kh++) {
    const ph = phaseOf(kh * info.dilationH - info.padTop, sH);
    for (let kw = 0; kw < info.kW; kw++) counts[ph * sW + phaseOf(kw * info.dilationW - info.padLeft, sW)]++;
  }
  return counts;
}

/** Tile an sH×sW phase map over an outH×outW grid: entry (r, c) = phases[r mod sH][c mod sW]. */
export function tilePhases(phases: ArrayLike<number>, sH: number, sW: number, outH: number, outW: number): Float32Array {
  const out = new Float32Array(outH * outW);
  for (let r = 0; r < outH; r++) for (let c = 0; c < outW; c++) out[r * outW + c] = phases[(r % sH) * sW + (c % sW)];
  return out;
}

/**
 * How uneven the phase gains are: (max − min) / max|gain|. 0 = every phase gets the same total weight, so a
 * constant input stays constant (no checkerboard); 1 = some phase gets nothing or the gains differ by a whole
 * gain. NaN-free: a kernel of zeros has spread 0.
 */
export function phaseGainSpread(gain: ArrayLike<number>): number {
  let lo = Infinity;
  let hi = -Infinity;
  let big = 0;
  for (let i = 0; i < gain.length; i++) {
    lo = Math.min(lo, gain[i]);
    hi = Math.max(hi, gain[i]);
    big = Math.max(big, Math.abs(gain[i]));
  }
  return big > 0 ? (hi - lo) / big : 0;
}
