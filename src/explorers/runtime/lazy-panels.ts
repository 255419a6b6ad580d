/**
 * Draw what is on screen first: an explorer's panels are redrawn from each new result only when they are on the
 * screen; the others are marked out of date and drawn once the controls have been still for a moment (one per
 * task, nearest to the screen first, so a move in between waits for one panel at most), or at once when they
 * scroll into view. A slider's repaint then costs the one or two panels the reader can see, not all eight (d3 and
 * software WebGL make a full redraw many frames long).
 *
 * On screen: IntersectionObserver's report. Where it is missing, or before it has reported, a panel counts as on
 * screen (drawn at once, as before). Nothing here decides *what* a panel draws: the explorer's `draw` does.
 */

import { afterNextPaint } from './latency-marks.ts';

/** What a redraw has to do: everything ('data'), or only the hover highlight ('hover'). */
export type Redraw = 'data' | 'hover';

export interface LazyPanel {
  id: string;
  el: HTMLElement;
}

export interface PanelScheduler {
  /** New data (or a hover): draw the panels near the screen now; the others later. */
  invalidate(kind: Redraw, only?: (id: string) => boolean): void;
  /** Draw every out-of-date panel now (before an export or a snapshot, say). */
  flush(): void;
  /** Panels not yet drawn from the latest data. */
  readonly outOfDate: string[];
  dispose(): void;
}

export interface SchedulerOptions {
  /** Quiet time after the last invalidate before off-screen panels are drawn (ms). */
  idleAfterMs?: number;
  /** Called after one or more panels were drawn (e.g. to publish numbers). */
  afterDraw?: () => void;
}

const rank: Record<Redraw, number> = { hover: 1, data: 2 };

export function createPanelScheduler(panels: LazyPanel[], draw: (id: string, kind: Redraw) => void, options: SchedulerOptions = {}): PanelScheduler {
  const idleAfterMs = options.idleAfterMs ?? 100;
  /** Redraw owed per panel (absent: up to date). */
  const owed = new Map<string, Redraw>();
  /** Known positions: true on screen, false off it; absent (not reported yet) counts as on screen. */
  const onScreen = new Map<string, boolean>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let disposed = false;

  const drawOwed = (ids: string[]): void => {
    let drew = false;
    for (const id of ids) {
      const kind = owed.get(id);
      if (!kind) continue;
      owed.delete(id);
      draw(id, kind);
      drew = true;
      markRendered(id);
    }
    if (drew) options.afterDraw?.();
  };

  /**
   * `data-rendered` on a panel once it has been drawn and a frame has laid it out: the CSS lets the browser skip
   * such a panel while it is off screen (content-visibility), and it knows its height by then, so the page keeps its
   * real length instead of a guess for every panel not yet scrolled to.
   */
  const markRendered = (id: string): void => {
    const el = panels.find((p) => p.id === id)?.el;
    if (!el || el.dataset.rendered !== undefined) return;
    afterNextPaint(() => {
      if (!disposed) el.dataset.rendered = '';
    });
  };

  /**
   * How far panel `i` is from the screen, in panels (0: on it), from the observer's reports. Not from its layout box:
   * reading one right after a redraw would make the browser lay the page out for it, once per panel.
   */
  const distance = (i: number): number => {
    let best = i + panels.length; // nothing on screen: document order
    panels.forEach((p, j) => {
      if (onScreen.get(p.id) !== false) best = Math.min(best, Math.abs(i - j));
    });
    return best;
  };

  /** Off-screen panels one per task, nearest first: a move of the controls in between waits for one panel, not eight. */
  const drawNextInBackground = (): void => {
    timer = null;
    if (disposed) return;
    let next = -1;
    panels.forEach((p, i) => {
      if (owed.has(p.id) && (next < 0 || distance(i) < distance(next))) next = i;
    });
    if (next < 0) return;
    const nextId = panels[next].id;
    drawOwed([nextId]);
    timer = setTimeout(drawNextInBackground, 0);
  };

  const observer = typeof IntersectionObserver === 'function'
    ? new IntersectionObserver((entries) => {
      const arrived: string[] = [];
      for (const e of entries) {
        const id = (e.target as HTMLElement).dataset.lazyPanel!;
        onScreen.set(id, e.isIntersecting);
        if (e.isIntersecting && owed.has(id)) arrived.push(id);
      }
      if (!disposed) drawOwed(arrived);
    })
    : null;
  for (const p of panels) {
    p.el.dataset.lazyPanel = p.id;
    observer?.observe(p.el);
  }

  return {
    invalidate(kind, only = () => true) {
      for (const p of panels) {
        if (!only(p.id)) continue;
        const before = owed.get(p.id);
        if (!before || rank[kind] > rank[before]) owed.set(p.id, kind);
      }
      drawOwed(panels.filter((p) => onScreen.get(p.id) !== false).map((p) => p.id));
      if (timer !== null) clearTimeout(timer);
      timer = owed.size > 0 ? setTimeout(drawNextInBackground, idleAfterMs) : null;
    },
    flush() {
      drawOwed(panels.map((p) => p.id));
    },
    get outOfDate() {
      return panels.filter((p) => owed.has(p.id)).map((p) => p.id);
    },
    dispose() {
      disposed = true;
      if (timer !== null) clearTimeout(timer);
      observer?.disconnect();
    },
  };
}
