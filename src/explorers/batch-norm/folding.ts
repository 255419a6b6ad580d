import type { Tensor } from '../../kernels/index.ts';

export interface BnParams {
  gamma: Float32Array;
  beta: Float32Array;
  runningMean: Float32Array;
  runningVar: Float32Array;
  eps: number;
}

/**
 * Fold an eval-mode BatchNorm into the convolution before it (as `torch.nn.utils.fusion.fuse_conv_bn_eval` does):
 * per output channel c, with s = γ_c / √(running_var_c + eps),
 *   W'[c] = s · W[c]        b'[c] = s · (b[c] − running_mean_c) + β_c
 * so conv(x; W', b') = BN(conv(x; W, b)). Only valid in eval mode: in training the statistics change per batch.
 * weight: `[Cout, Cin/groups, kH, kW]`. Computed in float64, stored as float32.
 */
export function foldConvBn(
  weight: Tensor,
  bias: Float32Array | null,
  bn: BnParams,
): { weight: Tensor; bias: Float32Array; scale: Float64Array } {
  const cout = weight.shape[0];
  if (bn.gamma.length !== cout || bn.beta.length !== cout || bn.runningMean.length !== cout || bn.runningVar.length !== cout) {
    throw new Error(`the conv has ${cout} output channels but the batch norm has ${bn.gamma.length}`);
  }
  const per = weight.data.length / cout;
  const scale = new Float64Array(cout);
  const w = new Float32Array(weight.data.length);
  const b = new Float32Array(cout);
  for (let c = 0; c < cout; c++) {
    const s = bn.gamma[c] / Math.sqrt(bn.runningVar[c] + bn.eps);
    scale[c] = s;
    for (let i = 0; i < per; i++) w[c * per + i] = weight.data[c * per + i] * s;
    b[c] = ((bias ? bias[c] : 0) - bn.runningMean[c]) * s + bn.beta[c];
  }
  return { weight: { shape: [...weight.shape], data: w }, bias: b, scale };
}
