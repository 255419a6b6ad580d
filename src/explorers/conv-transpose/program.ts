/** The transposed-convolution explorer's compute as a worker program: `compute(state, pictures, detail)`, as is. */
import { compute, type Pictures, type Results } from './compute.ts';
import type { ConvTransposeState } from './schema.ts';
import type { ExplorerProgram } from '../runtime/protocol.ts';

export type ConvTransposeProgram = ExplorerProgram<ConvTransposeState, Pictures, Results>;

export function convTransposeProgram(): ConvTransposeProgram {
  let pictures: Pictures = {};
  return {
    setInputs: (p) => {
      pictures = p;
    },
    compute: (state, detail) => compute(state, pictures, detail),
  };
}
