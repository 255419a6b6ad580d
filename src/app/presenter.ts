/**
 * Presenter keys for slides: ←/→ (and ↑/↓) step the explorer's main parameter or animation, space plays/pauses,
 * r resets, ? toggles the help overlay. Keys typed into form fields are left alone.
 */
import type { PresenterHooks } from '../explorers/types.ts';

export function installPresenterKeys(getHooks: () => PresenterHooks | undefined, announce: (msg: string) => void): () => void {
  let overlay: HTMLElement | null = null;
  const closeOverlay = () => {
    overlay?.remove();
    overlay = null;
  };
  const openOverlay = () => {
    const hooks = getHooks();
    overlay = document.createElement('div');
    overlay.className = 'help-overlay';
    overlay.setAttribute('role', 'dialog');
    overlay.setAttribute('aria-modal', 'true');
    overlay.setAttribute('aria-label', 'Keyboard shortcuts');
    overlay.dataset.testid = 'help-overlay';
    const rows: { keys: string; does: string }[] = [
      ...(hooks?.help ?? [{ keys: '← →', does: 'step (on an explorer page)' }]),
      { keys: 'Space', does: 'play / pause the animation' },
      { keys: 'r', does: 'reset the explorer to its defaults' },
      { keys: '?', does: 'show or hide this help' },
      { keys: 'Esc', does: 'close this help' },
    ];
    const table = rows.map((r) => `<tr><th scope="row"><kbd>${escapeHtml(r.keys)}</kbd></th><td>${escapeHtml(r.does)}</td></tr>`).join('');
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
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target as HTMLElement | null;
    if (t && (t.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON', 'SUMMARY'].includes(t.tagName))) {
      if (!(e.key === 'Escape' && overlay)) return;
    }
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
    const hooks = getHooks();
    if (!hooks || overlay) return;
    let msg: string | void = undefined;
    if (e.key === 'ArrowRight' || e.key === 'ArrowUp') msg = hooks.step(1);
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowDown') msg = hooks.step(-1);
    else if (e.key === ' ') msg = hooks.togglePlay?.();
    else if (e.key === 'r') {
      hooks.reset();
      msg = 'reset to defaults';
    } else return;
    e.preventDefault();
    if (msg) announce(msg);
  };
  window.addEventListener('keydown', onKey);
  return () => {
    window.removeEventListener('keydown', onKey);
    closeOverlay();
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
