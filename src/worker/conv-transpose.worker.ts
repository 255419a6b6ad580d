/** Worker entry: the transposed-convolution explorer's compute (started by `createConvTransposeRunner` in conv-transpose-runner.ts). */
import { convTransposeProgram } from './conv-transpose-program.ts';
import { serveExplorer, type HostScope } from './explorer-host.ts';
import type { ConvTransposeState } from '../explorers/conv-transpose/schema.ts';

serveExplorer(self as unknown as HostScope<ConvTransposeState>, convTransposeProgram());
