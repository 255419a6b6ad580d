/**
 * Messages between an explorer's compute worker (host.ts) and its runner (runner.ts). The
 * worker runs the explorer's own pure compute on the states it is sent; decoded pictures travel as an `inputs`
 * message when they change, not with every state (a 256×256 RGB picture is ≈ 0.8 MB, and the compute functions
 * cache by the picture's identity). Inputs and results both travel packed against the previous ones (reuse.ts):
 * unchanged parts are not copied again and keep their identity on the other side. Types only.
 */
import type { KernelBackend } from '../../kernels/index.ts';
import type { Packed } from './reuse.ts';

/**
 * How much a compute must bring up to date. 'full': everything. 'first': everything except the explorer's slow
 * analyses whose inputs changed (the checkerboard shoot-out, the batch-size sweep …): those keep their previous
 * value and are listed in the result's `pending`, so a slider's repaint does not wait for them. The explorer then
 * asks a second worker for 'full' (latest wins there too) and redraws the panels that show them. Two workers,
 * because a worker cannot drop a compute it has started: with one, the next move's repaint would wait behind the
 * slow analyses of the last (the batch-norm sweep takes many frames).
 */
export type Detail = 'first' | 'full';

/** What an explorer runs off the main thread: the same code runs in the worker and, as fallback, in the page. */
export interface ExplorerProgram<S, I, R> {
  /** New decoded inputs (pictures …) for every later `compute`. */
  setInputs(inputs: I): void;
  /** The explorer's pure compute: everything its views show for `state`. Must return structured-cloneable data. */
  compute(state: S, detail: Detail): R;
}

/** Inputs travel packed against the ones sent before; the program unpacks them into its own type. */
export type ExplorerRequest<S> =
  | { kind: 'inputs'; packed: Packed }
  | { kind: 'compute'; channel: string; generation: number; state: S; detail: Detail };

export type ExplorerReply =
  | { channel: string; generation: number; ok: true; packed: Packed; ms: number; backend: KernelBackend }
  | { channel: string; generation: number; ok: false; error: string };

/** A reply after unpacking, as the runner's latest-wins client sees it. */
export type ExplorerResult<R> =
  | { channel: string; generation: number; ok: true; result: R; ms: number; backend: KernelBackend }
  | { channel: string; generation: number; ok: false; error: string };
