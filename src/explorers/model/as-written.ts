/**
 * When the transposed-convolution explorer shows a whole ConvTranspose node of the user's file, its paint-panel badge
 * has ONNX Runtime run that node *as written* (its own attributes — auto_pad, output_shape … — and weights) on the
 * explorer's input, so the badge checks our reading of the file, not only our kernel. A Conv shown as its transpose
 * or a channel slice is not a node of the file; those are checked on a model built from the explorer's parameters.
 */
import { extractLayer, type ExtractedLayer, type ModelProto } from '../../onnx/index.ts';
import type { ImportedLayer } from '../imported-layer.ts';

export interface NodeAsWritten {
  model: ModelProto;
  layer: ExtractedLayer;
}

let cache: { held: ImportedLayer; key: string; value: NodeAsWritten | null } | null = null;

/** The node re-extracted for a `[1, C, inH, inW]` input, or null when the explorer's layer is not the node itself. */
export function nodeAsWritten(held: ImportedLayer, shown: { slice: unknown }, inH: number, inW: number): NodeAsWritten | null {
  if (held.layer.op !== 'ConvTranspose' || shown.slice !== null) return null;
  const key = `${inH}x${inW}`;
  if (cache && cache.held === held && cache.key === key) return cache.value;
  let value: NodeAsWritten | null;
  try {
    value = { model: held.model, layer: extractLayer(held.model, held.layer.index, [1, held.layer.weight.shape[0], inH, inW], { seedGraphInputs: held.layer.seeded.length > 0 }) };
  } catch {
    value = null; // the explorer reports the same problem through params.ts; its own check stands in
  }
  cache = { held, key, value };
  return value;
}
