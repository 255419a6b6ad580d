/**
 * The gather view of a transposed convolution (the textbook identity "the transpose of a non-padded convolution is
 * equivalent to convolving a zero-padded input"): insert s − 1 zeros between input pixels, add a border of
 * d·(k − 1) − pad zeros on each side (plus output_padding at the end; a negative border crops), rotate the kernel
 * by 180° and swap its in/out channel axes, then run an ordinary stride-1 convolution. The kernel moves one
 * step per *output* pixel but only every s-th position holds a real input value: it moves 1/s input pixels per
 * step — a "fractionally strided" convolution.
 */
import { conv2d, type ConvInfo, type Tensor } from '../../kernels/index.ts';

export interface ZeroInsertion {
  /** The zero-inserted, bordered input `[N, Cin, Hz, Wz]`. */
  padded: Tensor;
  /** The conv2d weight `[Cout, Cin/groups, kH, kW]`: flipped and channel-swapped. */
  flipped: Tensor;
  /** Border added on each side [top, left, bottom, right]; negative = rows/columns cropped. */
  border: [number, number, number, number];
  /** conv2d(padded, flipped, bias, {dilation, groups}): equals convTranspose2d(x, w, bias, …). */
  output: Tensor;
}

/** Where input pixel (ih, iw) sits in the padded grid (may be outside it when the border is negative). */
export function paddedPosition(ih: number, iw: number, info: ConvInfo, border: readonly number[]): { row: number; col: number } {
  return { row: ih * info.strideH + border[0], col: iw * info.strideW + border[1] };
}

/** Zero-insert and border the input. Pure data movement: every value is copied or zero. x: `[N, C, H, W]`. */
export function zeroInsertAndBorder(x: Tensor, info: ConvInfo): { padded: Tensor; border: [number, number, number, number] } {
  const [n, c, h, w] = x.shape;
  const border: [number, number, number, number] = [
    info.dilationH * (info.kH - 1) - info.padTop,
    info.dilationW * (info.kW - 1) - info.padLeft,
    info.dilationH * (info.kH - 1) - info.padBottom + info.outPadH,
    info.dilationW * (info.kW - 1) - info.padRight + info.outPadW,
  ];
  const hz = (h - 1) * info.strideH + 1 + border[0] + border[2];
  const wz = (w - 1) * info.strideW + 1 + border[1] + border[3];
  const data = new Float32Array(n * c * hz * wz);
  for (let p = 0; p < n * c; p++) {
    for (let i = 0; i < h; i++) {
      const r = i * info.strideH + border[0];
      if (r < 0 || r >= hz) continue;
      for (let j = 0; j < w; j++) {
        const col = j * info.strideW + border[1];
        if (col < 0 || col >= wz) continue;
        data[(p * hz + r) * wz + col] = x.data[(p * h + i) * w + j];
      }
    }
  }
  return { padded: { shape: [n, c, hz, wz], data }, border };
}

/** ConvTranspose weight `[Cin, Cout/g, kH, kW]` → conv2d weight `[Cout, Cin/g, kH, kW]`, each kernel rotated 180°. */
export function flipAndSwap(weight: Tensor, info: ConvInfo): Tensor {
  const { kH, kW, groups, inPerGroup, outPerGroup, outChannels } = info;
  const out = new Float32Array(outChannels * inPerGroup * kH * kW);
  for (let g = 0; g < groups; g++) {
    for (let icg = 0; icg < inPerGroup; icg++) {
      for (let ocg = 0; ocg < outPerGroup; ocg++) {
        const src = ((g * inPerGroup + icg) * outPerGroup + ocg) * kH * kW;
        const dst = ((g * outPerGroup + ocg) * inPerGroup + icg) * kH * kW;
        for (let kh = 0; kh < kH; kh++) {
          for (let kw = 0; kw < kW; kw++) out[dst + kh * kW + kw] = weight.data[src + (kH - 1 - kh) * kW + (kW - 1 - kw)];
        }
      }
    }
  }
  return { shape: [outChannels, inPerGroup, kH, kW], data: out };
}

/** The transposed convolution computed the gather way, by our conv2d kernel. */
export function convTransposeByZeroInsertion(x: Tensor, weight: Tensor, bias: Float32Array | null, info: ConvInfo): ZeroInsertion {
  const { padded, border } = zeroInsertAndBorder(x, info);
  const flipped = flipAndSwap(weight, info);
  const output = conv2d(padded, flipped, bias, { dilation: [info.dilationH, info.dilationW], groups: info.groups });
  return { padded, flipped, border, output };
}
