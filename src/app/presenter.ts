/**
 * Keyboard for lectures and slides, in two layers:
 *
 * - Everywhere: ? toggles the help overlay; Ctrl+Z undoes, Ctrl+Shift+Z / Ctrl+Y redoes (the store's history).
 * - Presenter mode only (`present=1`, or the header's Present button): one panel at a time in large type, ← → (and
 *   PageUp/PageDown, which clickers send) move between panels, ] [ (or + −) step the explorer's main parameter, its
 *   own keys, space plays/pauses, r resets (undoable), Esc leaves.
 *
 * Outside presenter mode the arrows and space keep their ordinary meaning (scrolling, the focused control's): a
 * reader who clicks a page and presses ↓ expects it to scroll, not to change the layer.
 */
import type { PresenterHooks } from '../explorers/types.ts';

export interface PresenterShell {
  /** The current explorer's hooks (none on the start page). */
  hooks(): PresenterHooks | undefined;
  /** Where the explorer's panels are (`section.panel[data-panel]`). */
  root: HTMLElement;
  presenting(): boolean;
  /** Turn presenter mode on or off (the shell keeps `present=1` in the URL and calls `view.set`). */
  setPresenting(on: boolean): void;
  undo(): boolean;
  redo(): boolean;
  /** The explorer back to its defaults; false on a page without state. */
  reset(): boolean;
  announce(msg: string): void;
}

const FORM_TAGS = ['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON', 'SUMMARY'];
/** Fields whose own Ctrl+Z (text editing) is worth more than the app's. */
const TEXT_INPUT_TYPES = ['text', 'search', 'url', 'email', 'password'];

export interface PresenterView {
  /**
   * Enter or leave presenter mode (panels are found again on each move: pages build some lazily). `embedded`: the
   * keys only — an embedding page (a slide deck) has chosen the panels and their size, so no paging, bar or large type.
   */
  set(on: boolean, embedded?: boolean): void;
  /** Panels are paged (presenter mode on a page of its own). */
  readonly paging: boolean;
  /** The explorer was rebuilt: start again at its first panel. */
  restart(): void;
  /** Move by ±1 panel; returns the announcement. */
  move(delta: 1 | -1): string;
  readonly index: number;
}

/** Presenter mode's page: a bar (panel n of m, previous/next, exit) and one visible panel, marked `data-present-current`. */
export function createPresenterView(root: HTMLElement, onExit: () => void): PresenterView {
  let on = false;
  let embed = false;
  let index = 0;
  let bar: HTMLElement | null = null;

  const panels = () =>
    [...root.querySelectorAll<HTMLElement>('section.panel[data-panel]')].filter((p) => !p.hidden && !p.closest('[hidden]'));
  const titleOf = (p: HTMLElement) => p.querySelector('h2, h3')?.textContent?.trim() || p.dataset.panel || '';

  const show = (): string => {
    const list = panels();
    for (const p of root.querySelectorAll<HTMLElement>('[data-present-current]')) delete p.dataset.presentCurrent;
    if (!on || embed || list.length === 0) return '';
    index = Math.min(Math.max(index, 0), list.length - 1);
    const current = list[index];
    current.dataset.presentCurrent = '';
    const where = `panel ${index + 1} of ${list.length}: ${titleOf(current)}`;
    if (bar) {
      bar.querySelector('[data-role="where"]')!.textContent = where;
      bar.querySelector<HTMLButtonElement>('[data-role="prev"]')!.disabled = index === 0;
      bar.querySelector<HTMLButtonElement>('[data-role="next"]')!.disabled = index === list.length - 1;
    }
    window.scrollTo({ top: 0 });
    return where;
  };
  const makeBar = () => {
    const b = document.createElement('div');
    b.className = 'presenter-bar';
    b.dataset.testid = 'presenter-bar';
    b.setAttribute('role', 'toolbar');
    b.setAttribute('aria-label', 'Presenter mode');
    b.innerHTML = `<button type="button" data-role="prev" aria-label="Previous panel (←)">‹</button>
      <span data-role="where" data-testid="presenter-where" aria-live="polite"></span>
      <button type="button" data-role="next" aria-label="Next panel (→)">›</button>
      <span class="presenter-hint">← → panels · [ ] main parameter · c settings · ? keys</span>
      <button type="button" data-role="exit" data-testid="presenter-exit">Exit (Esc)</button>`;
    b.querySelector('[data-role="prev"]')!.addEventListener('click', () => view.move(-1));
    b.querySelector('[data-role="next"]')!.addEventListener('click', () => view.move(1));
    b.querySelector('[data-role="exit"]')!.addEventListener('click', onExit);
    return b;
  };

  const view: PresenterView = {
    set(next, embedded = false) {
      if (next === on && embedded === embed) {
        show();
        return;
      }
      on = next;
      embed = embedded;
      bar?.remove();
      bar = null;
      document.documentElement.classList.toggle('present', on && !embed);
      if (!on) document.documentElement.classList.remove('present-settings');
      if (on && !embed) {
        bar = makeBar();
        root.before(bar);
      }
      show();
    },
    restart() {
      index = 0;
      show();
    },
    move(delta) {
      index += delta;
      return show();
    },
    get index() {
      return index;
    },
    get paging() {
      return on && !embed;
    },
  };
  return view;
}

export function installPresenterKeys(shell: PresenterShell, view: PresenterView): () => void {
  let overlay: HTMLElement | null = null;
  const closeOverlay = () => {
    overlay?.remove();
    overlay = null;
  };
  const openOverlay = () => {
    overlay = document.createElement('div');
    overlay.className = 'help-overlay';
    overlay.setAttribute('role', 'dialog');
    overlay.setAttribute('aria-modal', 'true');
    overlay.setAttribute('aria-label', 'Keyboard shortcuts');
    overlay.dataset.testid = 'help-overlay';
    const rows = helpRows(shell.hooks(), shell.presenting());
    const table = rows
      .map((r) => ('section' in r
        ? `<tr><th colspan="2" scope="colgroup" class="help-section">${escapeHtml(r.section)}</th></tr>`
        : `<tr><th scope="row"><kbd>${escapeHtml(r.keys)}</kbd></th><td>${escapeHtml(r.does)}</td></tr>`))
      .join('');
    overlay.innerHTML = `<div class="help-card"><h2>Keyboard shortcuts</h2><table>${table}</table>
      <button type="button" class="help-close">Close</button></div>`;
    overlay.querySelector('button')!.addEventListener('click', closeOverlay);
    overlay.addEventListener('click', (e) => {
      if (e.target === overlay) closeOverlay();
    });
    document.body.append(overlay);
    overlay.querySelector<HTMLButtonElement>('button')!.focus();
  };

  const onKey = (e: KeyboardEvent) => {
    if (e.defaultPrevented) return;
    const t = e.target as HTMLElement | null;
    const inForm = !!t && (t.isContentEditable || FORM_TAGS.includes(t.tagName));

    // Undo/redo: on every page, also from a focused slider or number field (its value is app state already); a
    // text field keeps its own Ctrl+Z for the characters typed in it.
    if ((e.ctrlKey || e.metaKey) && !e.altKey && ['z', 'Z', 'y', 'Y'].includes(e.key)) {
      const textField = !!t && (t.isContentEditable || t.tagName === 'TEXTAREA' ||
        (t.tagName === 'INPUT' && TEXT_INPUT_TYPES.includes((t as HTMLInputElement).type)));
      if (textField || overlay) return;
      const redo = e.key === 'y' || e.key === 'Y' || e.shiftKey;
      const done = redo ? shell.redo() : shell.undo();
      e.preventDefault();
      shell.announce(done ? (redo ? 'redone' : 'undone') : (redo ? 'nothing to redo' : 'nothing to undo'));
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (inForm && !(e.key === 'Escape' && overlay)) return;
    if (t?.closest('[data-keyboard-probe]')) return; // heatmap probes use the arrows themselves
    if (e.key === '?') {
      if (overlay) closeOverlay();
      else openOverlay();
      e.preventDefault();
      return;
    }
    if (e.key === 'Escape' && overlay) {
      closeOverlay();
      return;
    }
    if (overlay || !shell.presenting()) return;

    const hooks = shell.hooks();
    let msg: string | void = undefined;
    const extra = hooks?.keys?.find((k) => k.keys.includes(e.key));
    const pageKey = ['ArrowRight', 'PageDown', 'ArrowLeft', 'PageUp', 'Escape'].includes(e.key);
    if (pageKey && !view.paging) return; // embedded: the arrows stay the browser's (and the deck's)
    if (e.key === 'ArrowRight' || e.key === 'PageDown') msg = view.move(1);
    else if (e.key === 'ArrowLeft' || e.key === 'PageUp') msg = view.move(-1);
    else if (e.key === 'Escape') {
      shell.setPresenting(false);
      msg = 'presenter mode off';
    } else if (hooks && (e.key === ']' || e.key === '+' || e.key === '=')) msg = hooks.step(1);
    else if (hooks && (e.key === '[' || e.key === '-')) msg = hooks.step(-1);
    else if (hooks && e.key === ' ' && hooks.togglePlay) msg = hooks.togglePlay();
    else if (e.key === 'r') msg = shell.reset() ? 'reset — Ctrl+Z to undo' : undefined;
    else if (e.key === 'c' && view.paging) {
      const shown = document.documentElement.classList.toggle('present-settings');
      msg = shown ? 'settings and parity badges shown' : 'settings and parity badges hidden';
    } else if (extra) msg = extra.run(e.key);
    else return;
    e.preventDefault();
    if (msg) shell.announce(msg);
  };
  window.addEventListener('keydown', onKey);
  return () => {
    window.removeEventListener('keydown', onKey);
    closeOverlay();
  };
}

type HelpRow = { keys: string; does: string } | { section: string };

/** The overlay's rows: what works everywhere, then presenter mode's keys (this page's, if it has any). */
export function helpRows(hooks: PresenterHooks | undefined, presenting: boolean): HelpRow[] {
  const rows: HelpRow[] = [
    { keys: 'Ctrl+Z', does: 'undo the last change' },
    { keys: 'Ctrl+Shift+Z / Ctrl+Y', does: 'redo' },
    { keys: '?', does: 'show or hide this help' },
    { keys: 'Esc', does: 'close this help' },
    { section: presenting ? 'Presenter mode (on)' : 'Presenter mode only (present=1 or the Present button)' },
    { keys: '← →', does: 'previous / next panel (PageUp / PageDown too)' },
  ];
  if (hooks) {
    rows.push({ keys: '[ ]  or  − +', does: hooks.stepHelp });
    for (const k of hooks.keys ?? []) rows.push({ keys: k.label, does: k.does });
    if (hooks.togglePlay) rows.push({ keys: 'Space', does: 'play / pause the animation' });
  } else {
    rows.push({ keys: '[ ]', does: 'step the page’s main parameter (on an explorer page)' });
    rows.push({ keys: 'Space', does: 'play / pause the animation (on an explorer page)' });
  }
  rows.push({ keys: 'c', does: 'show / hide the settings column and the parity badges' });
  rows.push({ keys: 'r', does: 'reset the page to its defaults (Ctrl+Z undoes it)' });
  rows.push({ keys: 'Esc', does: 'leave presenter mode' });
  return rows;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
