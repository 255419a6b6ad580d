/**
 * The second worker of an explorer: the 'full' passes that bring a 'first' pass's pending analyses (protocol.ts).
 * The explorer runtime (runtime.ts) drives it:
 *
 * - `request(state)`: run the full pass once the controls have rested for `afterMs` — a started analysis cannot be
 *   stopped, and during a drag each would be superseded anyway after taking a core from the repaints; the result is
 *   handed over only if `showing(state)` still holds (the page shows that state and nothing newer is on its way);
 * - `warm(state)`: once the first result is on screen, compute that state here too (pools, memos, caches), so the
 *   first move's analyses do not start from a cold worker; the result is offered as a full pass.
 */
import type { ExplorerRunner } from './runner.ts';
import { afterNextPaint } from './latency-marks.ts';

export interface AnalysesOptions<S, R> {
  /** Quiet time before a full pass is asked for (ms). */
  afterMs: number;
  /** `state` is what the page shows, and no other state is on its way. */
  showing(state: S): boolean;
  /** A full pass for a state still shown (from `request`). */
  done(state: S, result: R, ms: number): void;
  /** A warm-up result the page may keep as its last full pass. */
  warmed(state: S, result: R): void;
  failed(error: Error): void;
}

export function createAnalysesRunner<S, I, R>(runner: ExplorerRunner<S, I, R>, options: AnalysesOptions<S, R>) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let disposed = false;
  return {
    request(state: S): void {
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        if (disposed || !options.showing(state)) return;
        runner.run(state, 'full').then((done) => {
          if (done && !disposed && options.showing(state)) options.done(state, done.result, done.ms);
        }, (e: Error) => {
          if (!disposed) options.failed(e);
        });
      }, options.afterMs);
    },
    warm(state: S): void {
      afterNextPaint(() => {
        if (disposed) return;
        runner.run(state, 'full').then((done) => {
          if (done && !disposed && options.showing(state)) options.warmed(state, done.result);
        }, () => undefined);
      });
    },
    /** Drop a waiting request and anything outstanding (the state cannot be computed yet). */
    cancel(): void {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      runner.cancel();
    },
    setInputs(inputs: I): void {
      runner.setInputs(inputs);
    },
    dispose(): void {
      disposed = true;
      if (timer !== null) clearTimeout(timer);
      runner.dispose();
    },
  };
}
