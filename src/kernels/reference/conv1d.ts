import type { Tensor } from '../tensor.ts';
import { zeros64, type Tensor64 } from './layout.ts';

/** Fully explicit 1-D parameters: no defaults, no validation — the oracles trust their caller. */
export interface ExplicitConv1d {
  stride: number;
  /** [begin, end] */
  padding: [number, number];
  dilation: number;
  groups: number;
  /** Transposed only. */
  outputPadding?: number;
}

/**
 * `F.conv1d` as the literal gather sum, written from the formula in one dimension (it shares nothing with the
 * 2-D oracles): out[n, oc, o] = bias[oc] + Σ_{ic', t} x[n, g·Cin/g + ic', o·s − pad_begin + t·d] · w[oc, ic', t],
 * taps outside [0, L) reading zero. Lo = floor((L + pad_begin + pad_end − d·(k − 1) − 1)/s) + 1.
 */
export function naiveConv1d(x: Tensor, w: Tensor, bias: Float32Array | null, p: ExplicitConv1d): Tensor64 {
  const [N, Cin, L] = x.shape;
  const [Cout, cinPerGroup, k] = w.shape;
  const coutPerGroup = Cout / p.groups;
  const Lo = Math.floor((L + p.padding[0] + p.padding[1] - p.dilation * (k - 1) - 1) / p.stride) + 1;
  const out = zeros64([N, Cout, Lo]);
  for (let n = 0; n < N; n++) {
    for (let oc = 0; oc < Cout; oc++) {
      const g = Math.floor(oc / coutPerGroup);
      for (let o = 0; o < Lo; o++) {
        let s = bias ? bias[oc] : 0;
        for (let c = 0; c < cinPerGroup; c++) {
          const ic = g * cinPerGroup + c;
          for (let t = 0; t < k; t++) {
            const i = o * p.stride - p.padding[0] + t * p.dilation;
            if (i >= 0 && i < L) s += x.data[(n * Cin + ic) * L + i] * w.data[(oc * cinPerGroup + c) * k + t];
          }
        }
        out.data[(n * Cout + oc) * Lo + o] = s;
      }
    }
  }
  return out;
}

/**
 * `F.conv_transpose1d` as the literal "paint" sum: every input sample x[n, ic, i] stamps x·w[ic, oc', t] at output
 * position i·s − pad_begin + t·d; stamps outside the output are dropped.
 * Lo = (L − 1)·s − pad_begin − pad_end + d·(k − 1) + output_padding + 1.
 */
export function naiveConvTranspose1d(x: Tensor, w: Tensor, bias: Float32Array | null, p: ExplicitConv1d): Tensor64 {
  const [N, Cin, L] = x.shape;
  const [, coutPerGroup, k] = w.shape;
  const cinPerGroup = Cin / p.groups;
  const Cout = coutPerGroup * p.groups;
  const Lo = (L - 1) * p.stride - p.padding[0] - p.padding[1] + p.dilation * (k - 1) + (p.outputPadding ?? 0) + 1;
  const out = zeros64([N, Cout, Lo]);
  for (let n = 0; n < N; n++) {
    for (let oc = 0; oc < Cout; oc++) out.data.fill(bias ? bias[oc] : 0, (n * Cout + oc) * Lo, (n * Cout + oc + 1) * Lo);
    for (let ic = 0; ic < Cin; ic++) {
      const g = Math.floor(ic / cinPerGroup);
      for (let i = 0; i < L; i++) {
        const v = x.data[(n * Cin + ic) * L + i];
        for (let c = 0; c < coutPerGroup; c++) {
          const oc = g * coutPerGroup + c;
          for (let t = 0; t < k; t++) {
            const o = i * p.stride - p.padding[0] + t * p.dilation;
            if (o >= 0 && o < Lo) out.data[(n * Cout + oc) * Lo + o] += v * w.data[(ic * coutPerGroup + c) * k + t];
          }
        }
      }
    }
  }
  return out;
}
