/** Worker entry: the transposed-convolution explorer's compute (started by `createConvTransposeRunner` in runner.ts). */
import { convTransposeProgram } from './program.ts';
import { serveExplorer, type HostScope } from '../runtime/host.ts';
import type { ConvTransposeState } from './schema.ts';

serveExplorer(self as unknown as HostScope<ConvTransposeState>, convTransposeProgram());
