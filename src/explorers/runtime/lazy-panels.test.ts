import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPanelScheduler, type Redraw } from './lazy-panels.ts';

/** IntersectionObserver stand-in: the test says which elements are on screen, as the browser's would report. */
class FakeObserver {
  static last: FakeObserver | null = null;
  readonly seen: Element[] = [];
  constructor(private readonly cb: (entries: { target: Element; isIntersecting: boolean }[]) => void) {
    FakeObserver.last = this;
  }
  observe(el: Element): void {
    this.seen.push(el);
  }
  disconnect(): void {}
  report(states: [Element, boolean][]): void {
    this.cb(states.map(([target, isIntersecting]) => ({ target, isIntersecting })));
  }
}

const panel = (id: string) => ({ id, el: { dataset: {} as Record<string, string> } as unknown as HTMLElement });

describe('createPanelScheduler', () => {
  let drawn: [string, Redraw][];
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('IntersectionObserver', FakeObserver);
    drawn = [];
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  function setup() {
    const panels = ['a', 'b', 'c'].map(panel);
    const afterDraw = vi.fn();
    const s = createPanelScheduler(panels, (id, kind) => drawn.push([id, kind]), { idleAfterMs: 300, afterDraw });
    const io = FakeObserver.last!;
    io.report([[panels[0].el, true], [panels[1].el, false], [panels[2].el, false]]);
    return { s, panels, io, afterDraw };
  }

  it('draws the panels on screen at once and the others one per task once the controls are still', () => {
    const { s, afterDraw } = setup();
    s.invalidate('data');
    expect(drawn).toEqual([['a', 'data']]);
    expect(s.outOfDate).toEqual(['b', 'c']);
    vi.advanceTimersByTime(299);
    expect(drawn).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(drawn).toEqual([['a', 'data'], ['b', 'data']]); // one panel, then the next in a later task
    vi.advanceTimersByTime(1);
    expect(drawn.map(([id]) => id)).toEqual(['a', 'b', 'c']);
    expect(s.outOfDate).toEqual([]);
    expect(afterDraw).toHaveBeenCalledTimes(3);
  });

  it('draws off-screen panels nearest to the one on screen first (by position in the page, no layout read)', () => {
    const panels = ['a', 'b', 'c', 'd', 'e', 'f'].map(panel);
    const s = createPanelScheduler(panels, (id, kind) => drawn.push([id, kind]), { idleAfterMs: 10 });
    FakeObserver.last!.report(panels.map((p, i) => [p.el, i === 3] as [Element, boolean]));
    s.invalidate('data');
    vi.advanceTimersByTime(100);
    expect(drawn.map(([id]) => id)).toEqual(['d', 'c', 'e', 'b', 'f', 'a']);
  });

  it('marks a panel data-rendered once it has been drawn and painted (the CSS may skip it off screen from then on)', () => {
    const { s, panels } = setup();
    s.invalidate('data');
    expect(panels[0].el.dataset.rendered).toBeUndefined(); // drawn, not yet laid out by a frame
    vi.advanceTimersByTime(1);
    expect(panels[0].el.dataset.rendered).toBe('');
    expect(panels[1].el.dataset.rendered).toBeUndefined(); // off screen, not drawn yet
    vi.advanceTimersByTime(1000);
    expect(panels.map((p) => p.el.dataset.rendered)).toEqual(['', '', '']);
  });

  it('a new move restarts the quiet period: off-screen panels are not drawn while the controls keep moving', () => {
    const { s } = setup();
    for (let i = 0; i < 5; i++) {
      s.invalidate('data');
      vi.advanceTimersByTime(200);
    }
    expect(drawn.every(([id]) => id === 'a')).toBe(true);
    expect(drawn).toHaveLength(5);
  });

  it('a panel scrolled into view is drawn then, with what it owes', () => {
    const { s, panels, io } = setup();
    s.invalidate('data');
    io.report([[panels[2].el, true]]);
    expect(drawn).toEqual([['a', 'data'], ['c', 'data']]);
    io.report([[panels[2].el, true]]); // already up to date: nothing to draw
    expect(drawn).toHaveLength(2);
  });

  it('a data redraw owed outranks a hover one; hover-only redraws stay hover', () => {
    const { s } = setup();
    s.invalidate('data');
    s.invalidate('hover');
    s.flush();
    expect(drawn).toEqual([['a', 'data'], ['a', 'hover'], ['b', 'data'], ['c', 'data']]);
    s.invalidate('hover');
    s.flush();
    expect(drawn.slice(4)).toEqual([['a', 'hover'], ['b', 'hover'], ['c', 'hover']]);
  });

  it('`only` leaves other panels as they are (neither drawn nor owed)', () => {
    const { s } = setup();
    s.invalidate('data', (id) => id !== 'a');
    expect(drawn).toEqual([]);
    expect(s.outOfDate).toEqual(['b', 'c']);
  });

  it('without IntersectionObserver every panel counts as on screen', () => {
    vi.unstubAllGlobals();
    vi.stubGlobal('IntersectionObserver', undefined);
    const s = createPanelScheduler(['a', 'b'].map(panel), (id, kind) => drawn.push([id, kind]));
    s.invalidate('data');
    expect(drawn).toEqual([['a', 'data'], ['b', 'data']]);
  });

  it('after dispose nothing more is drawn', () => {
    const { s } = setup();
    s.invalidate('data');
    s.dispose();
    vi.advanceTimersByTime(1000);
    expect(drawn).toHaveLength(1);
  });
});
