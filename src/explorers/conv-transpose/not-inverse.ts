/**
 * "Transpose is not inverse" (why "deconvolution" is a misnomer). Take a signal u on the transposed conv's
 * output grid, apply the ordinary convolution C (same weights) to get y = C·u on the input grid, then the
 * transposed convolution: Cᵀ·y = CᵀC·u. That is not u — not even up to a scale. The true least-squares inverse
 * û = Cᵀ(CCᵀ)⁻¹·y is shown for contrast when the system is small enough to solve directly.
 */
import { conv2d, convTranspose2d, type ConvInfo, type Tensor } from '../../kernels/index.ts';
import { type SparseMatrix } from '../../analysis/conv-matrix.ts';
import { leastSquaresInverse } from '../../analysis/least-squares.ts';
import { inputPreset, type Picture } from './presets.ts';
import type { ConvTransposeState } from './schema.ts';

/** Largest C·Cᵀ solved directly (n×n dense Cholesky, n³/3 flops ≈ 2·10⁷ at the limit). */
export const MAX_LSQ_ROWS = 400;

export interface NotInverse {
  /** u: `[1, Cout, outH, outW]` */
  u: Tensor;
  /** y = C·u: `[1, Cin, inH, inW]` */
  y: Tensor;
  /** CᵀC·u */
  back: Tensor;
  /** ‖CᵀCu − u‖ / ‖u‖ */
  backError: number;
  /** The same after the best single scale α (α = ⟨CᵀCu, u⟩ / ‖CᵀCu‖²): still not u. */
  bestScale: number;
  scaledBackError: number;
  /** C is square (stride 1 with "same" output size). */
  square: boolean;
  lsq: { estimate: Float32Array; error: number; residual: number } | { skipped: string };
}

function relError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return den > 0 ? Math.sqrt(num / den) : Math.sqrt(num);
}

/** Crop `[1, C, H', W']` to its top-left H×W (the conv returns extra rows when output_padding ≥ stride). */
function crop(t: Tensor, h: number, w: number): Tensor {
  const [n, c, th, tw] = t.shape;
  if (th === h && tw === w) return t;
  const out = new Float32Array(n * c * h * w);
  for (let p = 0; p < n * c; p++) {
    for (let r = 0; r < h; r++) out.set(t.data.subarray((p * th + r) * tw, (p * th + r) * tw + w), (p * h + r) * w);
  }
  return { shape: [n, c, h, w], data: out };
}

export function notInverse(state: ConvTransposeState, info: ConvInfo, weight: Tensor, c: SparseMatrix, picture: Picture | undefined): NotInverse {
  const preset = state.input === 'own' && !picture ? 'photo' : state.input;
  const u: Tensor = {
    shape: [1, info.outChannels, info.outH, info.outW],
    data: inputPreset(preset, info.outChannels, info.outH, info.outW, state.seed, picture),
  };
  const stride: [number, number] = [info.strideH, info.strideW];
  const dilation: [number, number] = [info.dilationH, info.dilationW];
  const padding: [number, number, number, number] = [info.padTop, info.padLeft, info.padBottom, info.padRight];
  // The ordinary convolution's weight layout [Cout_conv, Cin_conv/g, kH, kW] is the transposed conv's [Cin, Cout/g, kH, kW].
  const y = crop(conv2d(u, weight, null, { stride, dilation, padding, groups: info.groups }), info.inH, info.inW);
  const back = convTranspose2d(y, weight, null, {
    stride, dilation, padding, groups: info.groups, outputPadding: [info.outPadH, info.outPadW],
  });
  let dot = 0;
  let norm = 0;
  for (let i = 0; i < u.data.length; i++) {
    dot += back.data[i] * u.data[i];
    norm += back.data[i] ** 2;
  }
  const bestScale = norm > 0 ? dot / norm : 0;
  const scaled = back.data.map((v) => v * bestScale);
  let lsq: NotInverse['lsq'];
  if (c.rows > MAX_LSQ_ROWS) {
    lsq = { skipped: `the exact inverse needs a ${c.rows}×${c.rows} solve; shown up to ${MAX_LSQ_ROWS} input values (make the input or channels smaller)` };
  } else {
    const inv = leastSquaresInverse(c, Float64Array.from(y.data));
    lsq = inv
      ? { estimate: Float32Array.from(inv.estimate), error: relError(inv.estimate, u.data), residual: inv.residual }
      : { skipped: 'C·Cᵀ is singular: this kernel loses whole input patterns, so there is no least-squares inverse to show' };
  }
  return {
    u, y, back,
    backError: relError(back.data, u.data),
    bestScale,
    scaledBackError: relError(scaled, u.data),
    square: c.rows === c.cols,
    lsq,
  };
}
