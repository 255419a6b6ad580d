import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPendingGrey, GREY_AFTER_MS } from './pending-grey.ts';

/**
 * The part of an element the helper touches: its classes and attributes. `writes` counts class-attribute writes as
 * the DOM makes them: add() and remove() always rewrite the attribute, toggle(c, force) only when it changes.
 */
function fakeElement(): HTMLElement & { writes: number } {
  const classes = new Set<string>();
  const attrs = new Map<string, string>();
  const el = {
    writes: 0,
    classList: {
      add: (c: string) => { classes.add(c); el.writes++; },
      remove: (c: string) => { classes.delete(c); el.writes++; },
      toggle: (c: string, force: boolean) => {
        if (classes.has(c) === force) return force;
        if (force) classes.add(c);
        else classes.delete(c);
        el.writes++;
        return force;
      },
      contains: (c: string) => classes.has(c),
    },
    getAttribute: (n: string) => attrs.get(n) ?? null,
    setAttribute: (n: string, v: string) => { attrs.set(n, v); },
  };
  return el as unknown as HTMLElement & { writes: number };
}

describe('createPendingGrey', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('greys a panel only once its part has been pending for a while; aria-busy at once', () => {
    const grey = createPendingGrey();
    const el = fakeElement();
    grey.set(el, true);
    expect(el.getAttribute('aria-busy')).toBe('true');
    expect(el.classList.contains('stale')).toBe(false);
    vi.advanceTimersByTime(GREY_AFTER_MS - 1);
    expect(el.classList.contains('stale')).toBe(false);
    vi.advanceTimersByTime(1);
    expect(el.classList.contains('stale')).toBe(true);
    grey.set(el, false);
    expect(el.classList.contains('stale')).toBe(false);
    expect(el.getAttribute('aria-busy')).toBe('false');
  });

  it('a part that lands in time never greys the panel (no flicker, no transition)', () => {
    const grey = createPendingGrey();
    const el = fakeElement();
    for (let step = 0; step < 10; step++) {
      grey.set(el, true);
      vi.advanceTimersByTime(GREY_AFTER_MS / 2);
      grey.set(el, false);
      vi.advanceTimersByTime(GREY_AFTER_MS);
    }
    expect(el.writes).toBe(0);
  });

  it('repeated pending reports keep the first deadline (a drag does not postpone the grey for ever)', () => {
    const grey = createPendingGrey();
    const el = fakeElement();
    grey.set(el, true);
    vi.advanceTimersByTime(GREY_AFTER_MS / 2);
    grey.set(el, true);
    vi.advanceTimersByTime(GREY_AFTER_MS / 2);
    expect(el.classList.contains('stale')).toBe(true);
  });

  it('dispose cancels waiting greys', () => {
    const grey = createPendingGrey();
    const el = fakeElement();
    grey.set(el, true);
    grey.dispose();
    vi.advanceTimersByTime(GREY_AFTER_MS * 2);
    expect(el.classList.contains('stale')).toBe(false);
  });
});
