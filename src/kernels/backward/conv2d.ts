import { convTranspose2d } from '../conv-transpose.ts';
import { conv2dInfo, type ConvInfo, type ConvOptions, type ConvTransposeOptions } from '../params.ts';
import type { Tensor } from '../tensor.ts';
import { channelSums, checkGradOutput } from './check.ts';
import { weightGradient } from './weight-gradient.ts';
import type { ConvGradients } from './conv-transpose.ts';

/**
 * Backward pass of `conv2d` (PyTorch `Conv2d`): given x `[N, Cin, H, W]`, weight `[Cout, Cin/groups, kH, kW]`
 * and ∂L/∂y `[N, Cout, Ho, Wo]`, return ∂L/∂x, ∂L/∂w and ∂L/∂b.
 *
 * The input gradient is a `convTranspose2d` of ∂L/∂y with the same weight array (the layouts coincide:
 * `[Cout, Cin/groups]` of the conv is `[Cin, Cout/groups]` of the transposed conv) and the same stride,
 * padding, dilation and groups. Because the forward size is floored, a few trailing input rows may never be
 * read; outputPadding `H − ((Ho − 1)·s − pads + d·(k − 1) + 1)` (always < stride) restores them as zeros —
 * exactly how PyTorch's `conv_transpose2d` picks `output_padding` from `output_size`.
 *
 * This is why strided convolutions put checkerboards into the gradients they pass back: their backward pass
 * is a transposed convolution with uneven overlap.
 *
 * ∂L/∂w[oc, ic', kh, kw] = Σ_{n, oh, ow} ∂L/∂y[n, oc, oh, ow] · x[n, ic, oh·s − pad_top + kh·d, ow·s − pad_left + kw·d].
 */
export function conv2dBackward(
  input: Tensor,
  weight: Tensor,
  gradOutput: Tensor,
  opts: ConvOptions = {},
): ConvGradients {
  const gradInput = conv2dInputGradient(input, weight, gradOutput, opts);
  const info = conv2dInfo(input, weight, null, opts);
  const gw = weightGradient(info, {
    small: gradOutput.data, smallChannels: info.outChannels, smallH: info.outH, smallW: info.outW, smallPerGroup: info.outPerGroup,
    big: input.data, bigChannels: info.inChannels, bigH: info.inH, bigW: info.inW, bigPerGroup: info.inPerGroup,
  });
  return {
    gradInput,
    gradWeight: { shape: [...weight.shape], data: gw },
    gradBias: channelSums(gradOutput),
  };
}

/**
 * The transposed convolution that is the adjoint of `conv2d` with these parameters on an input of this shape:
 * same weight, stride, padding, dilation and groups, and the outputPadding that restores the input size.
 */
export function conv2dAdjointOptions(info: ConvInfo): ConvTransposeOptions {
  const { inH, inW, outH, outW, kH, kW, strideH, strideW, dilationH, dilationW, padTop, padLeft, padBottom, padRight } = info;
  const reachedH = (outH - 1) * strideH - padTop - padBottom + dilationH * (kH - 1) + 1;
  const reachedW = (outW - 1) * strideW - padLeft - padRight + dilationW * (kW - 1) + 1;
  return {
    stride: [strideH, strideW],
    padding: [padTop, padLeft, padBottom, padRight],
    dilation: [dilationH, dilationW],
    outputPadding: [inH - reachedH, inW - reachedW],
    groups: info.groups,
  };
}

/** Only ∂L/∂x of `conv2d`: a transposed convolution of `gradOutput` (see `conv2dBackward`). */
export function conv2dInputGradient(input: Tensor, weight: Tensor, gradOutput: Tensor, opts: ConvOptions = {}): Tensor {
  const info = conv2dInfo(input, weight, null, opts);
  checkGradOutput(gradOutput, info.outShape, 'conv2d');
  return convTranspose2d(gradOutput, weight, null, conv2dAdjointOptions(info));
}
