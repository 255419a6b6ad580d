/**
 * The one ready contract every page publishes for tests and `npm run measure:latency`
 * (`window.__layerLab.explorer`): `status` and `generation`.
 *
 * - 'loading': inputs (photographs, kernels) are still on their way, nothing final is on screen;
 * - 'computing': a request for the newest state is out (or a training run, a file being read);
 * - 'drawing': its result is in, but a panel or a pending analysis still has to be drawn;
 * - 'ready': the newest state is drawn everywhere — what tests wait for;
 * - 'error': the newest state could not be computed (the page says why).
 *
 * `generation` counts the results a page has handled, so a test can wait for one newer than it saw.
 * The explorer runtime (runtime.ts) publishes through this; a page without the runtime's scheduling (training,
 * the model page) uses it directly.
 */
import type { ExplorerContext } from '../types.ts';

export type ExplorerStatus = 'loading' | 'computing' | 'drawing' | 'ready' | 'error';

export interface StatusPublisher {
  /** Publish `status` (with the page's other numbers, `extra`). */
  publish(status: ExplorerStatus, extra?: Record<string, unknown>): void;
  /** A new result was handled: the next publish carries a higher generation. */
  advance(): void;
  readonly status: ExplorerStatus;
  readonly generation: number;
}

export function createStatusPublisher(ctx: ExplorerContext): StatusPublisher {
  let status: ExplorerStatus = 'loading';
  let generation = 0;
  return {
    publish(next, extra = {}) {
      status = next;
      ctx.publish({ ...extra, status, generation });
    },
    advance() {
      generation++;
    },
    get status() {
      return status;
    },
    get generation() {
      return generation;
    },
  };
}
