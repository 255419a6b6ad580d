import { resizeConv2dInfo, type ResizeConvOptions } from '../params.ts';
import { allFinite } from '../conv-direct.ts';
import { foldTransposedGradient, resizeConv2dAsTransposed, resizeConvConvOptions, resizeConvFuses } from '../resize-conv.ts';
import type { Tensor } from '../tensor.ts';
import { upsample2d } from '../upsample.ts';
import { checkGradOutput } from './check.ts';
import { conv2dBackward } from './conv2d.ts';
import { convTranspose2dBackward, type ConvGradients } from './conv-transpose.ts';
import { upsample2dBackward } from './upsample.ts';

/**
 * Backward pass of `resizeConv2d` (nearest ×2, then a stride-1 convolution): given x `[N, Cin, H, W]`, weight
 * `[Cout, Cin/groups, kH, kW]` and ∂L/∂y, return ∂L/∂x, ∂L/∂w (Conv2d's layout) and ∂L/∂b.
 *
 * The forward pass is the transposed convolution of x with the derived kernel wt (`resizeConv2dAsTransposed`),
 * so ∂L/∂x is that layer's input gradient — a stride-2 conv2d of ∂L/∂y with wt — and ∂L/∂wt its weight gradient.
 * wt is linear in w (each tap spread onto a 2×2 block), so ∂L/∂w sums ∂L/∂wt over each tap's block. Inputs,
 * weights or gradients holding NaN/±Inf, and dilations above 2, take the composition's backward passes, as the
 * forward pass does.
 */
export function resizeConv2dBackward(
  input: Tensor,
  weight: Tensor,
  gradOutput: Tensor,
  opts: ResizeConvOptions = {},
): ConvGradients {
  const info = resizeConv2dInfo(input, weight, null, opts);
  checkGradOutput(gradOutput, info.outShape, 'resizeConv2d');
  if (!resizeConvFuses(info) || !allFinite(weight.data) || !allFinite(input.data) || !allFinite(gradOutput.data)) {
    const up = { scale: 2, mode: 'nearest' } as const;
    const r = conv2dBackward(upsample2d(input, up), weight, gradOutput, resizeConvConvOptions(info));
    return { ...r, gradInput: upsample2dBackward(input, r.gradInput, up) };
  }
  const t = resizeConv2dAsTransposed(input, weight, opts);
  const r = convTranspose2dBackward(input, t.weight, gradOutput, t.options);
  return {
    gradInput: r.gradInput,
    gradWeight: { shape: [...weight.shape], data: foldTransposedGradient(info, r.gradWeight.data) },
    gradBias: r.gradBias,
  };
}
