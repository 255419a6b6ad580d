import type { LayerSnapshot } from '../types.ts';
import type { NormResults } from './compute.ts';
import type { NormState } from './schema.ts';

/** The chosen norm as the exports see it (JSON, the PyTorch script, .onnx): its parameters, input and output. */
export function snapshotOf(s: NormState, r: NormResults): LayerSnapshot | null {
  if (!r.x || !r.chosen) return null;
  return {
    kind: 'Normalization', norm: s.norm, numChannels: s.c, numGroups: s.g, eps: s.eps,
    weight: r.weight, bias: r.bias, input: r.x, output: r.chosen,
  };
}
