/**
 * One runner per explorer, each on its own module worker. The `new Worker(new URL(…), { type: 'module' })`
 * expressions are literal so that Vite bundles each worker (with the kernels and the .wasm files it fetches from
 * our own origin). Without `Worker` (Node, very old engines) the runners compute in this thread.
 */
import type { Pictures, Results } from '../explorers/conv-transpose/compute.ts';
import type { ConvTransposeState } from '../explorers/conv-transpose/schema.ts';
import type { BnResults } from '../explorers/batch-norm/compute.ts';
import type { BnState } from '../explorers/batch-norm/schema.ts';
import { batchNormProgram, type BnInputs } from './batch-norm-program.ts';
import { convTransposeProgram } from './conv-transpose-program.ts';
import { ExplorerRunner, type ExplorerPort } from './explorer-runner.ts';

const hasWorker = (): boolean => typeof Worker === 'function';

export function createConvTransposeRunner(): ExplorerRunner<ConvTransposeState, Pictures, Results> {
  const spawn = () => new Worker(new URL('./conv-transpose.worker.ts', import.meta.url), { type: 'module', name: 'layer-lab-conv-transpose' }) as unknown as ExplorerPort<ConvTransposeState>;
  return new ExplorerRunner(hasWorker() ? spawn : null, convTransposeProgram, 'conv-transpose');
}

export function createBatchNormRunner(): ExplorerRunner<BnState, BnInputs, BnResults> {
  const spawn = () => new Worker(new URL('./batch-norm.worker.ts', import.meta.url), { type: 'module', name: 'layer-lab-batch-norm' }) as unknown as ExplorerPort<BnState>;
  return new ExplorerRunner(hasWorker() ? spawn : null, batchNormProgram, 'batch-norm');
}
