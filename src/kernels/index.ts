/**
 * Layer Lab's kernel library: the public API. Other code, tests and benchmarks import from here.
 * All tensors are `{shape, data}` objects, NCHW, float32; weight layouts are PyTorch's.
 */
export type { Tensor } from './tensor.ts';
export { tensor, product, maxAbsDiff, allClose, allCloseMessage, MAX_ELEMENTS, MAX_MULTIPLY_ADDS } from './tensor.ts';
export type {
  Pair, Padding, ConvOptions, ConvTransposeOptions, ConvInfo, UpsampleOptions, UpsampleMode, UpsampleInfo,
  BatchNormOptions, BatchNormInfo, ResizeConvOptions, ResizeConvInfo,
} from './params.ts';
export { ParamError } from './param-error.ts';
export {
  MAX_GEOMETRY, convTranspose2dInfo, conv2dInfo, resizeConv2dInfo, upsample2dInfo, pixelShuffleInfo, batchNorm2dInfo, normalizePair, normalizePadding,
} from './params.ts';
export { convTranspose2d } from './conv-transpose.ts';
export { conv2d } from './conv2d.ts';
export { conv1d, convTranspose1d } from './conv1d.ts';
export { conv1dInfo, convTranspose1dInfo, type Conv1dOptions, type ConvTranspose1dOptions, type Conv1dInfo } from './conv1d-params.ts';
export { upsample2d } from './upsample.ts';
export { resizeConv2d, resizeConv2dAsTransposed } from './resize-conv.ts';
export { pixelShuffle } from './pixel-shuffle.ts';
export { batchNorm2d, type BatchNormResult } from './batch-norm.ts';
export { channelMoments, rowMoments, type ChannelMoments } from './moments.ts';
export { groupNorm2d } from './group-norm.ts';
export { layerNorm } from './layer-norm.ts';
export { instanceNorm2d, type InstanceNormResult } from './instance-norm.ts';
export { rmsNorm } from './rms-norm.ts';
export {
  groupNorm2dInfo, layerNormInfo, instanceNorm2dInfo, rmsNormInfo, FLOAT32_EPS,
  type GroupNormOptions, type LayerNormOptions, type InstanceNormOptions, type RmsNormOptions,
} from './norm-params.ts';
export * from './backward/index.ts';
export { Workspace } from './workspace.ts';
export { ready, setBackend, getBackend, backendStatus, type KernelBackend, type BackendStatus } from './backend.ts';
