/**
 * Messages between an explorer's compute worker (explorer-host.ts) and its runner (explorer-runner.ts). The
 * worker runs the explorer's own pure compute on the states it is sent; decoded pictures travel as an `inputs`
 * message when they change, not with every state (a 256×256 RGB picture is ≈ 0.8 MB, and the compute functions
 * cache by the picture's identity). Inputs and results both travel packed against the previous ones (reuse.ts):
 * unchanged parts are not copied again and keep their identity on the other side. Types only.
 */
import type { KernelBackend } from '../kernels/index.ts';
import type { Packed } from './reuse.ts';

/** What an explorer runs off the main thread: the same code runs in the worker and, as fallback, in the page. */
export interface ExplorerProgram<S, I, R> {
  /** New decoded inputs (pictures …) for every later `compute`. */
  setInputs(inputs: I): void;
  /** The explorer's pure compute: everything its views show for `state`. Must return structured-cloneable data. */
  compute(state: S): R;
}

/** Inputs travel packed against the ones sent before; the program unpacks them into its own type. */
export type ExplorerRequest<S> =
  | { kind: 'inputs'; packed: Packed }
  | { kind: 'compute'; channel: string; generation: number; state: S };

export type ExplorerReply =
  | { channel: string; generation: number; ok: true; packed: Packed; ms: number; backend: KernelBackend }
  | { channel: string; generation: number; ok: false; error: string };

/** A reply after unpacking, as the runner's latest-wins client sees it. */
export type ExplorerResult<R> =
  | { channel: string; generation: number; ok: true; result: R; ms: number; backend: KernelBackend }
  | { channel: string; generation: number; ok: false; error: string };
