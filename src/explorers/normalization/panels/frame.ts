import { el as h, setProp, setText } from '../../../util/dom.ts';
import type { PanelId } from '../view.ts';

/**
 * `<section class="panel" data-panel=id>` with a heading, a short explanation, a status line, a body, and one
 * `.parity-slot[data-op]` per ONNX Runtime check the panel's numbers get (parity-slots.ts fills them in).
 */
export function panelFrame(id: PanelId, title: string, explain: string, ops: readonly string[]) {
  const headingId = `nm-${id}-title`;
  const body = h('div', { class: 'panel-body' });
  const status = h('p', { class: 'error-message', role: 'status', 'data-testid': `${id}-status`, hidden: true });
  const slots = ops.map((op) => h('div', { class: 'parity-slot', 'data-op': op }));
  const el = h('section', { class: 'panel nm-panel', 'data-panel': id, 'aria-labelledby': headingId, 'data-testid': `panel-${id}` },
    h('div', { class: 'panel-head' }, h('h2', { id: headingId }, title)),
    h('div', { class: 'parity-row' }, ...slots),
    h('p', { class: 'explain' }, explain),
    status,
    body);
  return {
    el, body,
    /** The data's error (e.g. still loading), or null. */
    status(message: string | null) {
      setProp(status, 'hidden', message === null);
      setText(status, message ?? '');
    },
  };
}

export const sci = (v: number) => (v === 0 ? '0' : v.toExponential(1).replace('e+', 'e').replace('-', '−'));
export const num = (v: number, d = 3) => (Math.abs(v) < 0.5 * 10 ** -d ? (0).toFixed(d) : v.toFixed(d)).replace('-', '−');

/** A small table: header cells and rows of cells (strings), with a test id per row. */
export function table(caption: string, head: string[], rows: { id: string; cells: string[]; current?: boolean }[]): HTMLTableElement {
  return h('table', { class: 'nm-table' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...head.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, ...rows.map((r) => h('tr', { 'data-testid': r.id, class: r.current ? 'current' : null },
      ...r.cells.map((c, i) => (i === 0 ? h('th', { scope: 'row' }, c) : h('td', {}, c)))))));
}
