import type { LayerSnapshot } from '../../explorers/types.ts';

/**
 * The current layer as a single-node .onnx model with its weights stored as initializers, so the file runs on
 * its own (input "X", output "Y"). The builder is loaded on demand: nothing of it is needed at start-up.
 */
export async function exportOnnx(s: LayerSnapshot): Promise<Uint8Array> {
  if (s.kind === 'Normalization') return (await import('./normalization.ts')).normalizationOnnx(s);
  const { buildConvTransposeModel, buildBatchNormModel } = await import('../../onnx/builder.ts');
  if (s.kind === 'ConvTranspose2d') {
    return buildConvTransposeModel(s.input, s.weight, s.bias, {
      stride: s.stride, padding: s.padding, outputPadding: s.outputPadding, dilation: s.dilation, groups: s.groups,
    }, 'initializers').bytes;
  }
  // An exported BN is an inference layer (ONNX training_mode is for training graphs): it uses the running stats.
  return buildBatchNormModel(s.input, {
    weight: s.weight, bias: s.bias, runningMean: s.runningMean, runningVar: s.runningVar, training: false,
    momentum: s.momentum, eps: s.eps,
  }, 'initializers').bytes;
}
