import { isNormalizationSnapshot, type LayerSnapshot } from '../../explorers/types.ts';

/**
 * What the panel shows as a self-contained .onnx model (input "X", weights as initializers, every shape recorded:
 * onnx/builder.ts `buildGraphModel`). The builder is loaded on demand: nothing of it is needed at start-up.
 */
export async function exportOnnx(s: LayerSnapshot): Promise<Uint8Array> {
  if (isNormalizationSnapshot(s)) return (await import('./normalization.ts')).normalizationOnnx(s);
  const { buildGraphModel } = await import('../../onnx/builder.ts');
  return buildGraphModel(s);
}
