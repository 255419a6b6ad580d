/**
 * The batch-norm explorer's compute as a worker program: one `BnComputer` (its memos live where it runs) fed the
 * decoded photographs and the user's own images. The host awaits the kernels' `ready()` before the first compute,
 * so `kernelsReady` is always true here: a link computes the same numbers however quickly WebAssembly loaded.
 */
import { BnComputer, type BnResults, type ComputeEnv } from './compute.ts';
import type { BnState } from './schema.ts';
import type { ExplorerProgram } from '../runtime/protocol.ts';

export type BnInputs = Omit<ComputeEnv, 'kernelsReady'>;
export type BatchNormProgram = ExplorerProgram<BnState, BnInputs, BnResults>;

export function batchNormProgram(): BatchNormProgram {
  const computer = new BnComputer();
  let env: ComputeEnv = { photos: null, own: null, ownId: 0, kernelsReady: true };
  return {
    setInputs: (inputs) => {
      env = { ...inputs, kernelsReady: true };
    },
    compute: (state, detail) => computer.compute(state, env, detail),
  };
}
