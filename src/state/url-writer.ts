/**
 * Keeps the URL in step with the state without writing it in the input's own task. Each `history.replaceState` or
 * `pushState` costs the page ≈ 1 ms and the browser process more (it updates the session history entry, and the
 * address bar where there is one); on a 2-core machine that work competes with the frame and the compute workers of
 * the very move it records — measured: a γ step 23–26 → 18–19 ms, a new batch 54–55 → 43–47 ms from input to paint.
 *
 * So changes are written once the state has rested for `restMs`, with the history entries writing each change at
 * once would have made: a *push* (a discrete change) makes one, a *replace* (a slider being dragged or stepped)
 * rewrites the current one, and a push that only commits what the last write asked for (a slider's `change` after
 * its `input`) makes none. Whoever reads or leaves the URL first calls `flush` (Copy link, snapshots for the
 * embedding API, following a link, leaving the page).
 */

export type UrlWriteMode = 'push' | 'replace';

/** How long the state must rest before its URL is written (ms). */
export const URL_REST_MS = 250;

export interface UrlIo {
  /** The URL's hash now (`location.hash`). */
  current(): string;
  replace(hash: string): void;
  push(hash: string): void;
}

export interface UrlWriter {
  /** The state's link is now `hash`; 'push': a change that deserves its own history entry. */
  set(hash: string, mode: UrlWriteMode): void;
  /** Write what is waiting now. */
  flush(): void;
  /** Drop what is waiting (the page went to another entry: back/forward or an edited link). */
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
  /** Waiting: a rewrite of the current entry, then a new entry (either may be absent). */
  let replace: string | null = null;
  let push: string | null = null;
  let timer: unknown = null;

  const stopTimer = () => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  };
  const flush = () => {
    stopTimer();
    const [r, p] = [replace, push];
    replace = push = null;
    if (r !== null && r !== io.current()) io.replace(r);
    if (p !== null && p !== io.current()) io.push(p);
  };
  const restart = () => {
    stopTimer();
    timer = timers.setTimeout(flush, restMs);
  };

  return {
    set(hash, mode) {
      if (mode === 'replace') {
        if (push !== null) push = hash; // rewrites the entry that push will make
        else replace = hash;
        restart();
        return;
      }
      if (hash === (push ?? replace ?? io.current())) return; // commits what was asked for already: no new entry
      if (push !== null) flush(); // two new entries: the first must exist before the second
      push = hash;
      restart();
    },
    flush,
    cancel() {
      stopTimer();
      replace = push = null;
    },
    get pending() {
      return push ?? replace;
    },
  };
}
