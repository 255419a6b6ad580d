import { h, setProp, setText } from '../ui.ts';
import type { PanelId } from '../view-model.ts';

/**
 * The frame every panel shares: `<section class="panel" data-panel=id>` with a heading, a short explanation, a
 * body, a status line for errors, and the empty slot where the ONNX parity badge goes.
 */
export function panelFrame(id: PanelId, title: string, explain: (string | Node)[]): {
  el: HTMLElement;
  body: HTMLElement;
  status: HTMLElement;
  parity: HTMLElement;
} {
  const headingId = `bn-${id}-title`;
  const body = h('div', { class: 'panel-body' });
  const status = h('p', { class: 'error-message', role: 'status', 'data-testid': `${id}-status`, hidden: true });
  const parity = h('div', { class: 'parity-slot', 'data-op': 'batch-norm' });
  const el = h('section', { class: 'panel bn-panel', 'data-panel': id, 'aria-labelledby': headingId, 'data-testid': `panel-${id}` },
    h('div', { class: 'panel-head' }, h('h2', { id: headingId }, title)),
    h('div', { class: 'parity-row' }, parity),
    h('p', { class: 'explain' }, ...explain),
    status,
    body);
  return { el, body, status, parity };
}

/** Show or hide the panel's error line; the body is dimmed (not removed) so the layout does not jump. */
export function showStatus(frame: { status: HTMLElement; body: HTMLElement }, message: string | null): void {
  // Every panel calls this on every repaint, nearly always with "no error": write only a change.
  setProp(frame.status, 'hidden', message === null);
  setText(frame.status, message ?? '');
  frame.body.classList.toggle('stale', message !== null); // a toggle to the state it has writes nothing
}

/**
 * A kernel error as a panel shows it: the kernel's own words, plus what the user can do about it. `param` is the
 * parameter the kernel named (ParamError.param): in training, a refused input is the one-value-per-channel batch.
 */
export function layerMessage(error: string | null | undefined, mode: 'train' | 'eval', param?: string | null): string | null {
  if (!error) return null;
  if (mode === 'train' && param === 'input') {
    return `Training mode refused this batch — the kernel says: “${error}”. Use N·H·W ≥ 2, or switch to eval mode.`;
  }
  return `The kernel refused this: “${error}”.`;
}
