/**
 * Greys a panel (class `stale`) whose part of the result is still being computed by the second worker — but only
 * once it has been pending for GREY_AFTER_MS. The part usually lands soon after a step; greying it at once would
 * make it flicker, and each toggle starts the `.stale` opacity transition, which costs the browser an extra frame
 * and commit right after the step's own. `aria-busy` says "pending" at once.
 */
import { setAttr } from '../../util/dom.ts';

export const GREY_AFTER_MS = 250;

export interface PendingGrey {
  /** Whether `el` shows a part still being computed. */
  set(el: HTMLElement, pending: boolean): void;
  dispose(): void;
}

export function createPendingGrey(afterMs = GREY_AFTER_MS): PendingGrey {
  const timers = new Map<HTMLElement, ReturnType<typeof setTimeout>>();
  return {
    set(el, pending) {
      setAttr(el, 'aria-busy', String(pending));
      const timer = timers.get(el);
      if (!pending) {
        if (timer !== undefined) clearTimeout(timer);
        timers.delete(el);
        el.classList.toggle('stale', false); // unlike remove(), a toggle to the state it has writes nothing
        return;
      }
      if (timer !== undefined || el.classList.contains('stale')) return;
      timers.set(el, setTimeout(() => {
        timers.delete(el);
        el.classList.add('stale');
      }, afterMs));
    },
    dispose() {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}
