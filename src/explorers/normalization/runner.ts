/**
 * The normalization page's runner, on its own module worker (the `new Worker(new URL(…))` expression is literal so
 * Vite bundles the worker; see conv-transpose/runner.ts).
 */
import type { NormInputs, NormResults } from './compute.ts';
import type { NormState } from './schema.ts';
import { normalizationProgram } from './program.ts';
import { ExplorerRunner, type ExplorerPort } from '../runtime/runner.ts';

export function createNormalizationRunner(role: 'repaint' | 'analyses' = 'repaint'): ExplorerRunner<NormState, NormInputs, NormResults> {
  const spawn = () => new Worker(new URL('./compute.worker.ts', import.meta.url), { type: 'module', name: `layer-lab-normalization-${role}` }) as unknown as ExplorerPort<NormState>;
  return new ExplorerRunner(typeof Worker === 'function' ? spawn : null, normalizationProgram, 'normalization');
}
