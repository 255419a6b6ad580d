/**
 * The transposed-convolution explorer's runner, on its own module worker. The `new Worker(new URL(…), { type:
 * 'module' })` expression is literal so that Vite bundles the worker (with the kernels and the .wasm files it
 * fetches from our own origin). Without `Worker` (Node, very old engines) the runner computes in this thread.
 * One file per explorer, so that an explorer's chunk does not carry the other one's compute code.
 */
import type { Pictures, Results } from './compute.ts';
import type { ConvTransposeState } from './schema.ts';
import { convTransposeProgram } from './program.ts';
import { ExplorerRunner, type ExplorerPort } from '../runtime/runner.ts';

/** `role` names the worker: the explorer runs two, one for the repaint after a move, one for the shoot-out (runtime/protocol.ts). */
export function createConvTransposeRunner(role: 'repaint' | 'analyses' = 'repaint'): ExplorerRunner<ConvTransposeState, Pictures, Results> {
  const spawn = () => new Worker(new URL('./compute.worker.ts', import.meta.url), { type: 'module', name: `layer-lab-conv-transpose-${role}` }) as unknown as ExplorerPort<ConvTransposeState>;
  return new ExplorerRunner(typeof Worker === 'function' ? spawn : null, convTransposeProgram, 'conv-transpose');
}
