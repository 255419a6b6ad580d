import { conv1dAs2dOptions, convTranspose1dInfo, conv1dInfo, viewAs2d, type Conv1dOptions, type ConvTranspose1dOptions } from '../conv1d-params.ts';
import type { Tensor } from '../tensor.ts';
import { checkGradOutput } from './check.ts';
import { conv2dBackward } from './conv2d.ts';
import { convTranspose2dBackward, type ConvGradients } from './conv-transpose.ts';

/** Drop the H = 1 axis of a gradient computed on the 2-D view. */
function squeeze(t: Tensor): Tensor {
  return { shape: [t.shape[0], t.shape[1], t.shape[3]], data: t.data };
}

/**
 * Backward pass of `conv1d` (PyTorch `Conv1d`): given x `[N, Cin, L]`, weight `[Cout, Cin/groups, k]` and ∂L/∂y
 * `[N, Cout, Lo]`, return ∂L/∂x, ∂L/∂w and ∂L/∂b — `conv2dBackward` on the H = 1 view of the layer.
 */
export function conv1dBackward(input: Tensor, weight: Tensor, gradOutput: Tensor, opts: Conv1dOptions = {}): ConvGradients {
  const info = conv1dInfo(input, weight, null, opts);
  checkGradOutput(gradOutput, info.outShape, 'conv1d', '[N, Cout, Lo]');
  const g = conv2dBackward(
    viewAs2d(input, 'input', '[N, C, L]'), viewAs2d(weight, 'weight', '[Cout, Cin/groups, k]'),
    viewAs2d(gradOutput, 'gradOutput', '[N, Cout, Lo]'), conv1dAs2dOptions(info),
  );
  return { gradInput: squeeze(g.gradInput), gradWeight: squeeze(g.gradWeight), gradBias: g.gradBias };
}

/**
 * Backward pass of `convTranspose1d` (PyTorch `ConvTranspose1d`): given x `[N, Cin, L]`, weight
 * `[Cin, Cout/groups, k]` and ∂L/∂y `[N, Cout, Lo]` — `convTranspose2dBackward` on the H = 1 view of the layer.
 */
export function convTranspose1dBackward(
  input: Tensor, weight: Tensor, gradOutput: Tensor, opts: ConvTranspose1dOptions = {},
): ConvGradients {
  const info = convTranspose1dInfo(input, weight, null, opts);
  checkGradOutput(gradOutput, info.outShape, 'convTranspose1d', '[N, Cout, Lo]');
  const g = convTranspose2dBackward(
    viewAs2d(input, 'input', '[N, C, L]'), viewAs2d(weight, 'weight', '[Cin, Cout/groups, k]'),
    viewAs2d(gradOutput, 'gradOutput', '[N, Cout, Lo]'), conv1dAs2dOptions(info),
  );
  return { gradInput: squeeze(g.gradInput), gradWeight: squeeze(g.gradWeight), gradBias: g.gradBias };
}
