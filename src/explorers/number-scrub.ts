/**
 * Live tweaking for number fields: drag a field sideways to scrub its value (a click still focuses it for typing:
 * a drag starts only past a few pixels), or turn the wheel over the focused field; Shift makes each step ×`coarse`.
 * Scrubbing writes with 'replace' while it moves and 'push' when it ends, so one drag is one history entry.
 */
export interface ScrubOptions {
  min: number;
  max: number;
  step: number;
  /** Steps per notch / per drag unit with Shift held. */
  coarse?: number;
  /** Pixels of horizontal drag per step. */
  pixelsPerStep?: number;
  /** A new value: 'replace' while scrubbing, 'push' once the gesture ends. */
  onValue(value: number, history: 'push' | 'replace'): void;
}

function clampStep(v: number, o: ScrubOptions): number {
  const snapped = Math.round(v / o.step) * o.step;
  // Round off float noise from the division (0.1 steps), then clamp.
  const clean = Number(snapped.toPrecision(12));
  return Math.min(o.max, Math.max(o.min, clean));
}

/** The value `steps` steps (Shift: coarse steps) away from `from`, within [min, max]. */
export function stepped(from: number, steps: number, shift: boolean, o: ScrubOptions): number {
  return clampStep(from + steps * o.step * (shift ? o.coarse ?? 5 : 1), o);
}

/** Wire the gestures; returns a function that removes them. */
const DRAG_START = 4;

export function attachScrub(input: HTMLInputElement, o: ScrubOptions, handle: HTMLElement = input): () => void {
  const current = () => (Number.isFinite(input.valueAsNumber) ? input.valueAsNumber : o.min);
  const set = (v: number, history: 'push' | 'replace') => {
    if (v === current() && history === 'replace') return;
    input.value = String(v);
    o.onValue(v, history);
  };

  const onWheel = (e: WheelEvent) => {
    // Only a focused field takes the wheel: over an unfocused one the page scrolls as usual.
    if (document.activeElement !== input || input.disabled || e.deltaY === 0) return;
    e.preventDefault();
    set(stepped(current(), e.deltaY < 0 ? 1 : -1, e.shiftKey, o), 'push');
  };

  /** A press on the field; it becomes a scrub once it moves past DRAG_START pixels sideways. */
  let press: { id: number; x: number; start: number; last: number; scrubbing: boolean } | null = null;
  const onDown = (e: PointerEvent) => {
    if (input.disabled || e.button !== 0) return;
    press = { id: e.pointerId, x: e.clientX, start: current(), last: current(), scrubbing: false };
  };
  const onMove = (e: PointerEvent) => {
    if (!press || e.pointerId !== press.id) return;
    const dx = e.clientX - press.x;
    if (!press.scrubbing) {
      if (Math.abs(dx) < DRAG_START) return;
      press.scrubbing = true;
      handle.setPointerCapture(e.pointerId);
      handle.classList.add('scrubbing');
    }
    e.preventDefault(); // no text selection while scrubbing
    const steps = Math.trunc(dx / (o.pixelsPerStep ?? 8));
    const v = stepped(press.start, steps, e.shiftKey, o);
    if (v !== press.last) {
      press.last = v;
      set(v, 'replace');
    }
  };
  const onUp = (e: PointerEvent) => {
    if (!press || e.pointerId !== press.id) return;
    const { scrubbing, last, start } = press;
    press = null;
    if (!scrubbing) return;
    handle.classList.remove('scrubbing');
    if (last !== start) o.onValue(current(), 'push');
  };

  input.addEventListener('wheel', onWheel, { passive: false });
  handle.addEventListener('pointerdown', onDown);
  handle.addEventListener('pointermove', onMove);
  handle.addEventListener('pointerup', onUp);
  handle.addEventListener('pointercancel', onUp);
  return () => {
    input.removeEventListener('wheel', onWheel);
    handle.removeEventListener('pointerdown', onDown);
    handle.removeEventListener('pointermove', onMove);
    handle.removeEventListener('pointerup', onUp);
    handle.removeEventListener('pointercancel', onUp);
  };
}
