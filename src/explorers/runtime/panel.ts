/**
 * The one panel interface every explorer's panels implement. A panel draws from a view — plain data the explorer
 * builds from a result (`present` in runtime.ts) — and never owns explorer state: it reads the view and writes
 * through the store or the callbacks it was made with. The runtime decides *when* a panel draws (lazy-panels.ts).
 */
import type { Redraw } from './lazy-panels.ts';

export type { Redraw } from './lazy-panels.ts';

export interface Panel<V, Id extends string = string> {
  readonly id: Id;
  /** The panel's section: the element the runtime observes, greys while its part is pending, and scrolls to. */
  readonly el: HTMLElement;
  /** Draw `view`. 'data': new numbers; 'hover': only what the explorer's hover highlight touches changed. */
  render(view: V, reason: Redraw): void;
  /** Numbers for end-to-end tests, merged into what the explorer publishes (`window.__layerLab.explorer`). */
  published?(): Record<string, unknown>;
  dispose?(): void;
}

/**
 * The panels a page shows: every one, or in an embed those its link names (`panel=…`, in the link's order; else
 * the page's default); an id the page does not have is named in a notice with the ids it has.
 */
export function shownPanels<Id extends string>(
  presentation: { embed: boolean; panels: readonly string[] }, ids: readonly Id[], embedDefault: readonly Id[],
  page: string, notify: (message: string) => void,
): Id[] {
  const known = (p: string): p is Id => (ids as readonly string[]).includes(p);
  for (const p of presentation.panels) if (!known(p)) notify(`unknown panel “${p}” for ${page} (panels: ${ids.join(', ')})`);
  if (!presentation.embed) return [...ids];
  const wanted = presentation.panels.filter(known);
  return wanted.length > 0 ? wanted : [...embedDefault];
}
