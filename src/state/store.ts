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
