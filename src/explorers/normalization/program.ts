/** The normalization page's compute as a worker program: one `NormComputer` fed the decoded photographs. */
import { NormComputer, type NormInputs, type NormResults } from './compute.ts';
import type { NormState } from './schema.ts';
import type { ExplorerProgram } from '../runtime/protocol.ts';

export type NormProgram = ExplorerProgram<NormState, NormInputs, NormResults>;

export function normalizationProgram(): NormProgram {
  const computer = new NormComputer();
  let env: NormInputs = { photos: null, own: null, ownId: 0 };
  return {
    setInputs: (inputs) => {
      env = inputs;
    },
    compute: (state) => computer.compute(state, env),
  };
}
