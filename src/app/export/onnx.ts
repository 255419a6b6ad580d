import type { LayerSnapshot } from '../../explorers/types.ts';

/** The current layer as a single-node .onnx model (builder loaded on demand: it is not needed at start-up). */
export async function exportOnnx(s: LayerSnapshot): Promise<Uint8Array> {
  void s;
  throw new Error('ONNX export is not available yet');
}
