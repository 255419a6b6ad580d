/**
 * The batch-norm explorer's runner, on its own module worker (see conv-transpose/runner.ts for why the
 * `new Worker(new URL(…))` expression is literal and why each explorer has its own file). `role` names the worker:
 * the explorer runs two, one for the repaint after a move and one for the slow analyses (runtime/protocol.ts).
 */
import type { BnResults } from './compute.ts';
import type { BnState } from './schema.ts';
import { batchNormProgram, type BnInputs } from './program.ts';
import { ExplorerRunner, type ExplorerPort } from '../runtime/runner.ts';

export function createBatchNormRunner(role: 'repaint' | 'analyses' = 'repaint'): ExplorerRunner<BnState, BnInputs, BnResults> {
  const spawn = () => new Worker(new URL('./compute.worker.ts', import.meta.url), { type: 'module', name: `layer-lab-batch-norm-${role}` }) as unknown as ExplorerPort<BnState>;
  return new ExplorerRunner(typeof Worker === 'function' ? spawn : null, batchNormProgram, 'batch-norm');
}
