import { conv2d } from '../conv2d.ts';
import { convTranspose2dInfo, type ConvTransposeOptions } from '../params.ts';
import type { Tensor } from '../tensor.ts';
import { channelSums, checkGradOutput } from './check.ts';
import { weightGradient } from './weight-gradient.ts';

export interface ConvGradients {
  /** ∂L/∂x, same shape as the input. */
  gradInput: Tensor;
  /** ∂L/∂w, same shape (and PyTorch layout) as the weight. */
  gradWeight: Tensor;
  /** ∂L/∂b per output channel (the same whether or not the layer has a bias). */
  gradBias: Float32Array;
}

/**
 * Backward pass of `convTranspose2d` (PyTorch `ConvTranspose2d`): given x `[N, Cin, H, W]`, weight
 * `[Cin, Cout/groups, kH, kW]` and ∂L/∂y `[N, Cout, Ho, Wo]`, return ∂L/∂x, ∂L/∂w and ∂L/∂b.
 *
 * The input gradient is an ordinary `conv2d` of ∂L/∂y with the *same* weight array and the same stride,
 * padding, dilation and groups: a transposed convolution is, by definition, the adjoint of that convolution,
 * so its own adjoint is the convolution again. (When outputPadding ≥ stride — allowed if it is below the
 * dilation — the convolution yields extra trailing rows/columns that belong to no input pixel; they are cut.)
 *
 * ∂L/∂w[ic, oc', kh, kw] = Σ_{n, ih, iw} x[n, ic, ih, iw] · ∂L/∂y[n, oc, ih·s − pad_top + kh·d, iw·s − pad_left + kw·d],
 * the paint sum of the forward pass read backwards. Sums accumulate in float64.
 */
export function convTranspose2dBackward(
  input: Tensor,
  weight: Tensor,
  gradOutput: Tensor,
  opts: ConvTransposeOptions = {},
): ConvGradients {
  const gradInput = convTranspose2dInputGradient(input, weight, gradOutput, opts);
  const info = convTranspose2dInfo(input, weight, null, opts);
  const gw = weightGradient(info, {
    small: input.data, smallChannels: info.inChannels, smallH: info.inH, smallW: info.inW, smallPerGroup: info.inPerGroup,
    big: gradOutput.data, bigChannels: info.outChannels, bigH: info.outH, bigW: info.outW, bigPerGroup: info.outPerGroup,
  });
  return {
    gradInput,
    gradWeight: { shape: [...weight.shape], data: gw },
    gradBias: channelSums(gradOutput),
  };
}

/**
 * Only ∂L/∂x of `convTranspose2d` — the adjoint of the layer applied to `gradOutput` (what a power iteration for
 * the layer's operator norm needs, without the cost of the weight gradient). `input` supplies the shape.
 */
export function convTranspose2dInputGradient(
  input: Tensor,
  weight: Tensor,
  gradOutput: Tensor,
  opts: ConvTransposeOptions = {},
): Tensor {
  const info = convTranspose2dInfo(input, weight, null, opts);
  checkGradOutput(gradOutput, info.outShape, 'convTranspose2d');
  const adjoint = conv2d(gradOutput, weight, null, {
    stride: [info.strideH, info.strideW],
    padding: [info.padTop, info.padLeft, info.padBottom, info.padRight],
    dilation: [info.dilationH, info.dilationW],
    groups: info.groups,
  });
  return cropTo(adjoint, info.inH, info.inW);
}

/** Keep the top-left `h × w` of every plane (a no-op copy-free return when the sizes already match). */
function cropTo(t: Tensor, h: number, w: number): Tensor {
  const [n, c, th, tw] = t.shape;
  if (th === h && tw === w) return t;
  const out = new Float32Array(n * c * h * w);
  for (let p = 0; p < n * c; p++) {
    for (let r = 0; r < h; r++) {
      const src = (p * th + r) * tw;
      out.set(t.data.subarray(src, src + w), (p * h + r) * w);
    }
  }
  return { shape: [n, c, h, w], data: out };
}
