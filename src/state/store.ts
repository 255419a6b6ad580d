/**
 * A tiny observable store: the single source of truth for one explorer's state. Views read it; only
 * `update` changes it. `history` tells the URL layer whether this change deserves a back-button entry
 * (a discrete choice) or should replace the current one (a slider being dragged).
 */
export type HistoryMode = 'push' | 'replace';
export type Listener<T> = (state: T, previous: T, history: HistoryMode) => void;

export interface Store<T> {
  get(): T;
  update(patch: Partial<T>, history?: HistoryMode): void;
  /** Replace the whole state (URL navigation); listeners get history 'replace'. */
  set(next: T): void;
  subscribe(fn: Listener<T>): () => void;
}

export function createStore<T extends object>(initial: T): Store<T> {
  let state = initial;
  const listeners = new Set<Listener<T>>();
  const emit = (prev: T, h: HistoryMode) => {
    for (const fn of [...listeners]) fn(state, prev, h);
  };
  return {
    get: () => state,
    update(patch, history = 'push') {
      const prev = state;
      state = { ...state, ...patch };
      emit(prev, history);
    },
    set(next) {
      const prev = state;
      state = next;
      emit(prev, 'replace');
    },
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}

/**
 * Undo/redo over a store: a bounded list of whole app states, not of control changes, so every change any control
 * (or key, or the embedding API) makes is undone the same way.
 *
 * One undo step is one *change as the reader made it*: a discrete change ('push') is a step; a run of 'replace'
 * updates (a slider being dragged, a field stepped with its arrows) is one step together with the 'push' that
 * usually commits it, unless it pauses for longer than `groupMs` — then the next 'replace' starts a new step.
 * Undo and redo themselves are 'push' changes to the URL (so Back returns to the state before the undo) but are not
 * recorded as steps.
 */
export interface StoreHistory {
  undo(): boolean;
  redo(): boolean;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  /** Forget every step (a new page, or the state the page opened in after its own start-up fixes). */
  clear(): void;
  dispose(): void;
}

export interface HistoryOptions<T> {
  /** Steps kept (oldest dropped first). */
  limit?: number;
  /** A pause longer than this splits a run of 'replace' updates into two steps (ms). */
  groupMs?: number;
  /** Whether two states are the same (a commit of values already shown is no step). */
  equals?: (a: T, b: T) => boolean;
  now?: () => number;
}

export const HISTORY_LIMIT = 100;
export const HISTORY_GROUP_MS = 1000;

export function createHistory<T extends object>(store: Store<T>, options: HistoryOptions<T> = {}): StoreHistory {
  const limit = options.limit ?? HISTORY_LIMIT;
  const groupMs = options.groupMs ?? HISTORY_GROUP_MS;
  const equals = options.equals ?? sameValues;
  const now = options.now ?? (() => Date.now());
  let past: T[] = [];
  let future: T[] = [];
  /** A run of 'replace' updates is open: its starting state is already the last entry of `past`. */
  let open = false;
  let lastAt = -Infinity;
  let applying = false;

  const record = (prev: T) => {
    past.push(prev);
    if (past.length > limit) past = past.slice(past.length - limit);
    future = [];
  };
  const unsubscribe = store.subscribe((state, prev, mode) => {
    if (applying) return;
    const t = now();
    const same = equals(state, prev);
    if (mode === 'push') {
      if (!same && !open) record(prev);
      open = false;
    } else if (!same) {
      if (!open || t - lastAt > groupMs) record(prev);
      open = true;
    }
    if (!same) lastAt = t;
  });
  const apply = (next: T) => {
    applying = true;
    try {
      store.update(next, 'push');
    } finally {
      applying = false;
    }
  };
  return {
    undo() {
      const target = past.pop();
      if (!target) return false;
      future.push(store.get());
      open = false;
      apply(target);
      return true;
    },
    redo() {
      const target = future.pop();
      if (!target) return false;
      past.push(store.get());
      open = false;
      apply(target);
      return true;
    },
    get canUndo() {
      return past.length > 0;
    },
    get canRedo() {
      return future.length > 0;
    },
    clear() {
      past = [];
      future = [];
      open = false;
    },
    dispose: () => void unsubscribe(),
  };
}

/** Same keys with the same values; arrays compared element by element (the schemas' list fields). */
export function sameValues<T extends object>(a: T, b: T): boolean {
  const ka = Object.keys(a) as (keyof T)[];
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => {
    const x = a[k];
    const y = b[k];
    if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((v, i) => Object.is(v, y[i]));
    return Object.is(x, y);
  });
}
