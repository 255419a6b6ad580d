/** Worker entry: the batch-norm explorer's compute (started by `createBatchNormRunner` in batch-norm-runner.ts). */
import { batchNormProgram } from './batch-norm-program.ts';
import { serveExplorer, type HostScope } from './explorer-host.ts';
import type { BnState } from '../explorers/batch-norm/schema.ts';

serveExplorer(self as unknown as HostScope<BnState>, batchNormProgram());
