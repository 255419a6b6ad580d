/**
 * Backward passes of Layer Lab's kernels: pure functions over the same `{shape, data}` tensors, validated by the
 * same `params.ts` info functions as the forward kernels, returning fresh gradients. Each takes the forward
 * inputs and ∂L/∂output and returns ∂L/∂(each input), following PyTorch autograd's formulas.
 */
export { convTranspose2dBackward, convTranspose2dInputGradient, type ConvGradients } from './conv-transpose.ts';
export { conv2dBackward, conv2dInputGradient, conv2dAdjointOptions } from './conv2d.ts';
export { conv1dBackward, convTranspose1dBackward } from './conv1d.ts';
export { batchNorm2dBackward, type BatchNormGradients } from './batch-norm.ts';
export { upsample2dBackward } from './upsample.ts';
export { resizeConv2dBackward } from './resize-conv.ts';
export { pixelShuffleBackward } from './pixel-shuffle.ts';
export { relu, reluBackward } from './relu.ts';
export { globalAvgPool, globalAvgPoolBackward } from './global-avg-pool.ts';
export { mseLoss, crossEntropyLoss, type LossResult } from './loss.ts';
export { groupNorm2dBackward, layerNormBackward, instanceNorm2dBackward, rmsNormBackward, type NormGradients } from './norms.ts';
