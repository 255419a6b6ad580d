/** Worker entry: the normalization page's compute (started by `createNormalizationRunner` in runner.ts). */
import { normalizationProgram } from './program.ts';
import { serveExplorer, type HostScope } from '../runtime/host.ts';
import type { NormState } from './schema.ts';

serveExplorer(self as unknown as HostScope<NormState>, normalizationProgram());
