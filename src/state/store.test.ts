import { describe, expect, it } from 'vitest';
import { createHistory, createStore, sameValues } from './store.ts';

interface S {
  stride: number;
  gamma: number[];
}
const start = (): S => ({ stride: 2, gamma: [1, 1] });

function setup(options: { limit?: number; groupMs?: number } = {}) {
  let t = 0;
  const store = createStore<S>(start());
  const history = createHistory(store, { ...options, now: () => t });
  return { store, history, tick: (ms: number) => (t += ms) };
}

describe('createHistory(store)', () => {
  it('undo and redo walk discrete changes back and forth', () => {
    const { store, history } = setup();
    store.update({ stride: 3 });
    store.update({ stride: 4 });
    expect(history.undo()).toBe(true);
    expect(store.get().stride).toBe(3);
    expect(history.undo()).toBe(true);
    expect(store.get()).toEqual(start());
    expect(history.undo()).toBe(false);
    expect(history.redo()).toBe(true);
    expect(history.redo()).toBe(true);
    expect(store.get().stride).toBe(4);
    expect(history.redo()).toBe(false);
  });

  it('a drag (replace updates, then the commit of the same values) is one step', () => {
    const { store, history, tick } = setup();
    for (const g of [1.1, 1.2, 1.3]) {
      store.update({ gamma: [g, 1] }, 'replace');
      tick(16);
    }
    store.update({ gamma: [1.3, 1] }, 'push');
    expect(history.undo()).toBe(true);
    expect(store.get().gamma).toEqual([1, 1]);
    expect(history.canUndo).toBe(false);
  });

  it('replace updates without a commit are a step too, split by a pause longer than groupMs', () => {
    const { store, history, tick } = setup({ groupMs: 1000 });
    store.update({ stride: 3 }, 'replace');
    tick(100);
    store.update({ stride: 4 }, 'replace');
    tick(2000);
    store.update({ stride: 5 }, 'replace');
    history.undo();
    expect(store.get().stride).toBe(4);
    history.undo();
    expect(store.get().stride).toBe(2);
  });

  it('a change after an undo drops the redo steps', () => {
    const { store, history } = setup();
    store.update({ stride: 3 });
    history.undo();
    store.update({ stride: 1 });
    expect(history.canRedo).toBe(false);
    history.undo();
    expect(store.get().stride).toBe(2);
  });

  it('a reset (the whole state set to defaults) is undoable; set() from navigation is a step too', () => {
    const { store, history } = setup();
    store.update({ stride: 4, gamma: [3, 3] });
    store.update(start());
    expect(store.get()).toEqual(start());
    history.undo();
    expect(store.get()).toEqual({ stride: 4, gamma: [3, 3] });
    store.set({ stride: 1, gamma: [0, 0] });
    history.undo();
    expect(store.get()).toEqual({ stride: 4, gamma: [3, 3] });
  });

  it('a commit of values already shown is no step', () => {
    const { store, history } = setup();
    store.update({ stride: 2, gamma: [1, 1] });
    expect(history.canUndo).toBe(false);
  });

  it('keeps at most `limit` steps, dropping the oldest', () => {
    const { store, history } = setup({ limit: 3 });
    for (const s of [3, 4, 5, 6, 7]) store.update({ stride: s });
    let n = 0;
    while (history.undo()) n++;
    expect(n).toBe(3);
    expect(store.get().stride).toBe(4);
  });

  it('undo and redo notify listeners as a push (a history entry) and are not recorded as steps', () => {
    const { store, history } = setup();
    const modes: string[] = [];
    store.subscribe((_s, _p, mode) => modes.push(mode));
    store.update({ stride: 3 });
    history.undo();
    expect(modes).toEqual(['push', 'push']);
    expect(history.canUndo).toBe(false);
    expect(history.canRedo).toBe(true);
  });

  it('clear() forgets every step; dispose() stops recording', () => {
    const { store, history } = setup();
    store.update({ stride: 3 });
    history.clear();
    expect(history.canUndo).toBe(false);
    history.dispose();
    store.update({ stride: 4 });
    expect(history.canUndo).toBe(false);
  });
});

describe('sameValues', () => {
  it('compares list fields element by element', () => {
    expect(sameValues({ a: [1, 2] }, { a: [1, 2] })).toBe(true);
    expect(sameValues({ a: [1, 2] }, { a: [1, 3] })).toBe(false);
    expect(sameValues({ a: NaN }, { a: NaN })).toBe(true);
  });
});
