/** Worker entry: the batch-norm explorer's compute (started by `createBatchNormRunner` in runner.ts). */
import { batchNormProgram } from './program.ts';
import { serveExplorer, type HostScope } from '../runtime/host.ts';
import type { BnState } from './schema.ts';

serveExplorer(self as unknown as HostScope<BnState>, batchNormProgram());
