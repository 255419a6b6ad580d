/**
 * Keeps the URL in step with the state without writing it on every slider step. Each `history.replaceState` costs
 * the page ≈ 1 ms and the browser process more (it updates the session history entry, and the address bar where
 * there is one); on a 2-core machine that work competes with the frame and the compute workers of the very move
 * it records — measured: a γ step 21–24 → 15 ms, a new batch 49–59 → 42–47 ms from input to paint (README).
 *
 * So a *replace* (a slider being dragged or stepped) is written once the state has rested for `restMs`; a *push*
 * (a discrete change that deserves a back-button entry) is written at once, after any pending replace, so history
 * gets exactly the entries it got when every change was written at once: a push that only commits the URL the
 * last replace asked for (a slider's `change` after its `input`) adds none. Whoever reads the URL first calls
 * `flush` (Copy link, snapshots for the embedding API, leaving the page or following a link).
 */

export type UrlWriteMode = 'push' | 'replace';

/** How long the state must rest before a replaced URL is written (ms). */
export const URL_REST_MS = 250;

export interface UrlIo {
  /** The URL's hash now (`location.hash`). */
  current(): string;
  replace(hash: string): void;
  push(hash: string): void;
}

export interface UrlWriter {
  /** The state's link is now `hash`. */
  set(hash: string, mode: UrlWriteMode): void;
  /** Write a pending replace now. */
  flush(): void;
  /** Drop a pending replace (the page went to another entry: back/forward or an edited link). */
  cancel(): void;
  /** The hash waiting to be written, if any. */
  readonly pending: string | null;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
};

export function createUrlWriter(io: UrlIo, restMs = URL_REST_MS, timers: Timers = realTimers): UrlWriter {
  let pending: string | null = null;
  let timer: unknown = null;

  const stopTimer = () => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  };
  const flush = () => {
    stopTimer();
    const hash = pending;
    pending = null;
    if (hash !== null && hash !== io.current()) io.replace(hash);
  };

  return {
    set(hash, mode) {
      if (mode === 'replace') {
        pending = hash;
        stopTimer();
        timer = timers.setTimeout(flush, restMs);
        return;
      }
      if (hash === (pending ?? io.current())) return; // commits what a replace already asked for: no new entry
      flush();
      io.push(hash);
    },
    flush,
    cancel() {
      stopTimer();
      pending = null;
    },
    get pending() {
      return pending;
    },
  };
}
