/**
 * The explorer runtime in Node with a toy explorer: its compute runs through the real runner and host (in this
 * thread, as the fallback does), panels are fakes that record what they drew, and the published numbers are read as
 * tests in the browser read `window.__layerLab.explorer`.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStore } from '../../state/store.ts';
import type { ExplorerContext } from '../types.ts';
import type { Panel } from './panel.ts';
import type { Detail, ExplorerProgram } from './protocol.ts';
import { ExplorerRunner } from './runner.ts';
import { createExplorerRuntime } from './runtime.ts';
import type { ExplorerSpec } from './spec.ts';
import { defaultPresentation } from '../../state/presentation.ts';
import { createImportedLayers } from '../imported-layer.ts';

interface State { n: number }
/** `slow`: an analysis a 'first' pass leaves pending (it keeps the value of `slowFor`, the state it was made for). */
interface Result { n: number; double: number; slow: number; slowFor: number; pending: 'slow'[]; ok: boolean }

function toyCompute(s: State, detail: Detail, calls: { state: State; detail: Detail }[], previous: { slowFor: number } | null): Result {
  calls.push({ state: s, detail });
  const keep = detail === 'first' && previous !== null && previous.slowFor !== s.n;
  const slowFor = keep ? previous!.slowFor : s.n;
  return { n: s.n, double: 2 * s.n, slow: slowFor * slowFor, slowFor, pending: keep ? ['slow'] : [], ok: s.n >= 0 };
}

function fakeElement(): HTMLElement {
  const classes = new Set<string>();
  const attrs = new Map<string, string>();
  return {
    dataset: {},
    classList: {
      add: (c: string) => classes.add(c),
      toggle: (c: string, force: boolean) => (force ? classes.add(c) : classes.delete(c), force),
      contains: (c: string) => classes.has(c),
    },
    getAttribute: (n: string) => attrs.get(n) ?? null,
    setAttribute: (n: string, v: string) => attrs.set(n, v),
  } as unknown as HTMLElement;
}

function setup(options: Partial<ExplorerSpec<State, null, Result, Result, string, 'slow'>> = {}) {
  const store = createStore<State>({ n: 1 });
  const published: Record<string, unknown> = {};
  const ctx: ExplorerContext = {
    presentation: defaultPresentation(),
    imported: createImportedLayers(),
    notify: vi.fn(),
    publish: (values) => Object.assign(published, values),
    openLink: vi.fn(),
  };
  const calls: { state: State; detail: Detail }[] = [];
  const program = (): ExplorerProgram<State, null, Result> => {
    let previous: Result | null = null;
    return {
      setInputs: () => {},
      compute: (s, detail) => (previous = toyCompute(s, detail, calls, previous)),
    };
  };
  const drawn: { id: string; n: number; slow: number }[] = [];
  const panel = (id: string): Panel<Result> => ({ id, el: fakeElement(), render: (v) => drawn.push({ id, n: v.n, slow: v.slow }) });
  const panels = [panel('double'), panel('slow')];
  const runtime = createExplorerRuntime<State, null, Result, Result, string, 'slow'>({
    name: 'toy', store, ctx, panels,
    worker: () => new ExplorerRunner(null, program, 'toy'),
    present: (_s, r) => r,
    invalid: (r) => !r.ok,
    published: (): Record<string, unknown> => ({ double: runtime.shown?.result.double ?? null }),
    ...options,
  });
  return { store, published, calls, drawn, panels, runtime };
}

const settled = (published: Record<string, unknown>, status = 'ready') => vi.waitFor(() => expect(published.status).toBe(status), { timeout: 5000 });

describe('explorer runtime', () => {
  beforeEach(() => {
    vi.spyOn(console, 'warn').mockImplementation(() => {}); // "computing … on the main thread": no Worker in Node
  });
  afterEach(() => vi.restoreAllMocks());

  it('publishes the ready contract: computing, then ready with a new generation and the explorer’s numbers', async () => {
    const { published, drawn, runtime } = setup();
    runtime.start();
    expect(published.status).toBe('computing');
    await settled(published);
    expect(published).toMatchObject({ generation: 1, double: 2, panels: ['double', 'slow'], outOfDate: [] });
    expect(drawn.map((d) => d.id)).toEqual(['double', 'slow']);
    runtime.dispose();
  });

  it('several changes in one event make one request, for the last state', async () => {
    const { store, published, calls, runtime } = setup();
    runtime.start();
    await settled(published);
    calls.length = 0;
    store.update({ n: 2 });
    store.update({ n: 3 });
    store.update({ n: 4 });
    expect(published.status).toBe('computing');
    await settled(published);
    expect(calls.map((c) => c.state.n)).toEqual([4]);
    expect(published.double).toBe(8);
    runtime.dispose();
  });

  it('a step the explorer predicts cheap is computed in the page, in the same task', async () => {
    const { store, published, calls, runtime } = setup({
      page: { step: (s) => ({ estimateMs: 0.1, run: s.n < 10 ? () => ({ n: s.n, double: 2 * s.n, slow: s.n * s.n, slowFor: s.n, pending: [], ok: true }) : null }) },
    });
    runtime.start();
    await settled(published);
    calls.length = 0;
    store.update({ n: 5 });
    await Promise.resolve(); // the request is made a microtask after the change
    expect(published).toMatchObject({ double: 10, status: 'ready' });
    expect(published.compute).toMatchObject({ where: 'page', estimateMs: 0.1 });
    expect(calls).toEqual([]);
    store.update({ n: 20 }); // predicted too slow: the worker
    await settled(published);
    expect(calls.map((c) => c.state.n)).toEqual([20]);
    expect((published.compute as { where: string }).where).toBe('main thread'); // the worker's in-thread fallback here
    runtime.dispose();
  });

  it('a first pass leaves the slow part pending: its panel waits, the full pass draws it and the page is ready', async () => {
    const { store, published, drawn, panels, runtime } = setup({
      pending: (r) => r.pending,
      pendingPanels: { slow: ['slow'] },
      adopt: (first, full) => (full.slowFor === first.n ? { ...first, slow: full.slow, slowFor: full.slowFor, pending: [] } : first),
    });
    runtime.start();
    await settled(published);
    drawn.length = 0;
    store.update({ n: 3 });
    await vi.waitFor(() => expect(published.double).toBe(6));
    expect(drawn).toEqual([{ id: 'double', n: 3, slow: 1 }]); // the slow panel keeps its drawing …
    expect(panels[1].el.getAttribute('aria-busy')).toBe('true'); // … and says it is pending
    await settled(published);
    expect(drawn).toEqual([{ id: 'double', n: 3, slow: 1 }, { id: 'slow', n: 3, slow: 9 }]);
    expect(panels[1].el.getAttribute('aria-busy')).toBe('false');
    runtime.dispose();
  });

  it('an invalid result keeps the last valid one on screen, greyed, with status error', async () => {
    const { store, published, panels, runtime } = setup();
    runtime.start();
    await settled(published);
    store.update({ n: -1 });
    await settled(published, 'error');
    expect(runtime.latest?.ok).toBe(false);
    expect(runtime.shown?.result.n).toBe(1);
    expect(panels.every((p) => p.el.classList.contains('stale'))).toBe(true);
    store.update({ n: 2 });
    await settled(published);
    expect(panels.some((p) => p.el.classList.contains('stale'))).toBe(false);
    runtime.dispose();
  });

  it('after dispose nothing is computed or published', async () => {
    const { store, published, calls, runtime } = setup();
    runtime.start();
    await settled(published);
    runtime.dispose();
    const generation = published.generation;
    calls.length = 0;
    store.update({ n: 7 });
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toEqual([]);
    expect(published.generation).toBe(generation);
  });
});
