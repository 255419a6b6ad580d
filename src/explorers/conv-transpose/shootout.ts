/**
 * The checkerboard shoot-out: one grey image, one k×k kernel (the shown channel pair of the layer), four ways
 * to upsample ×s to the same size, each with a difference map against a smooth reference, its artifact score and
 * its 2-D spectrum.
 */
import { upsample2d, type ConvInfo, type Tensor } from '../../kernels/index.ts';
import { artifactScore, stridePeakBins, type Bin } from '../../analysis/artifact.ts';
import { fftShift } from '../../analysis/fft2.ts';
import { inputPreset, luminance, fitPlane, type Picture } from './presets.ts';
import type { ConvTransposeState } from './schema.ts';
import {
  dcGain, upsampleResizeConv, upsampleSubPixel, upsampleTransposed, type Kernel2D, type UpsamplerId,
} from './upsamplers.ts';

export interface ShootoutEntry {
  id: UpsamplerId;
  output: Float32Array;
  /** output / DC gain − reference (0 where the method reproduces the smooth upsampling exactly). */
  diff: Float32Array;
  rmsDiff: number;
  score: number;
  /** log(1 + |X|) of the mean-removed output, zero frequency in the centre. */
  spectrum: Float32Array;
}

export interface Shootout {
  rows: number;
  cols: number;
  stride: [number, number];
  source: Float32Array;
  sourceRows: number;
  sourceCols: number;
  /** Bilinear ×s resize of the source: the smooth upsampling every method is compared with. */
  reference: Float32Array;
  kernel: Kernel2D;
  entries: ShootoutEntry[];
  /** Stride-periodic bins in the shifted spectrum's coordinates, for marking the peaks. */
  peaks: Bin[];
  /** Why (d) is missing, if it is. */
  subPixelNote: string | null;
  /** The kernel sums to ~0: there is no DC gain to normalise by, differences are against 0. */
  zeroDc: boolean;
}

function sourceImage(state: ConvTransposeState, picture: Picture | undefined, n: number): Float32Array | null {
  if (state.shootSource === 'input' && state.input !== 'photo' && state.input !== 'own') {
    return inputPreset(state.input, 1, n, n, state.seed);
  }
  if (!picture) return null;
  return fitPlane(luminance(picture), picture.width, picture.height, n, n);
}

/** The 2-D kernel of channel pair (ic, oc); if ic is not in oc's group, the group's first input channel. */
export function kernelPlane(weight: Tensor, info: ConvInfo, ic: number, oc: number): Kernel2D {
  const g = Math.floor(oc / info.outPerGroup);
  const icUsed = Math.floor(ic / info.inPerGroup) === g ? ic : g * info.inPerGroup;
  const plane = info.kH * info.kW;
  const start = (icUsed * info.outPerGroup + (oc % info.outPerGroup)) * plane;
  return { data: weight.data.slice(start, start + plane), kH: info.kH, kW: info.kW };
}

export function shootout(state: ConvTransposeState, info: ConvInfo, weight: Tensor, ic: number, oc: number, picture: Picture | undefined): Shootout | { error: string } {
  const n = state.shootSize;
  const src = sourceImage(state, picture, n);
  if (!src) return { error: 'the photograph is still loading' };
  const x: Tensor = { shape: [1, 1, n, n], data: src };
  const s: [number, number] = [info.strideH, info.strideW];
  const d: [number, number] = [info.dilationH, info.dilationW];
  const kernel = kernelPlane(weight, info, ic, oc);
  const rows = n * s[0];
  const cols = n * s[1];
  const reference = upsample2d(x, { scale: s, mode: 'bilinear' }).data;
  let absSum = 0;
  let sum = 0;
  for (const v of kernel.data) {
    absSum += Math.abs(v);
    sum += v;
  }
  const zeroDc = Math.abs(sum) <= 1e-6 * absSum || absSum === 0;
  const methods: [UpsamplerId, () => Tensor][] = [
    ['transposed', () => upsampleTransposed(x, kernel, s, d)],
    ['nearest', () => upsampleResizeConv(x, kernel, s, d, 'nearest')],
    ['bilinear', () => upsampleResizeConv(x, kernel, s, d, 'bilinear')],
  ];
  let subPixelNote: string | null = null;
  if (s[0] === s[1]) methods.push(['subpixel', () => upsampleSubPixel(x, kernel, s[0], d, state.icnr)]);
  else subPixelNote = `PixelShuffle needs the same factor along both axes; the stride is ${s[0]}×${s[1]}`;
  const entries: ShootoutEntry[] = methods.map(([id, run]) => {
    const output = run().data;
    const gain = zeroDc ? 1 : dcGain(id, kernel, s);
    const diff = new Float32Array(output.length);
    let sq = 0;
    for (let i = 0; i < output.length; i++) {
      diff[i] = output[i] / gain - (zeroDc ? 0 : reference[i]);
      sq += diff[i] * diff[i];
    }
    const a = artifactScore(output, rows, cols, s[0], s[1]);
    const shifted = fftShift(a.magnitude, rows, cols);
    const spectrum = new Float32Array(shifted.length);
    for (let i = 0; i < shifted.length; i++) spectrum[i] = Math.log1p(shifted[i]);
    return { id, output, diff, rmsDiff: Math.sqrt(sq / output.length), score: a.score, spectrum };
  });
  const peaks = stridePeakBins(rows, cols, s[0], s[1]).map(({ u, v }) => ({
    u: (u + Math.floor(rows / 2)) % rows,
    v: (v + Math.floor(cols / 2)) % cols,
  }));
  return { rows, cols, stride: s, source: src, sourceRows: n, sourceCols: n, reference, kernel, entries, peaks, subPixelNote, zeroDc };
}
