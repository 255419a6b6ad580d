/**
 * The batch-norm explorer's runner, on its own module worker (see conv-transpose-runner.ts for why the
 * `new Worker(new URL(…))` expression is literal and why each explorer has its own file).
 */
import type { BnResults } from '../explorers/batch-norm/compute.ts';
import type { BnState } from '../explorers/batch-norm/schema.ts';
import { batchNormProgram, type BnInputs } from './batch-norm-program.ts';
import { ExplorerRunner, type ExplorerPort } from './explorer-runner.ts';

export function createBatchNormRunner(): ExplorerRunner<BnState, BnInputs, BnResults> {
  const spawn = () => new Worker(new URL('./batch-norm.worker.ts', import.meta.url), { type: 'module', name: 'layer-lab-batch-norm' }) as unknown as ExplorerPort<BnState>;
  return new ExplorerRunner(typeof Worker === 'function' ? spawn : null, batchNormProgram, 'batch-norm');
}
