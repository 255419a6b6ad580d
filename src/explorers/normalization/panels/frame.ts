import { el as h, setProp, setText } from '../../../util/dom.ts';
import type { PanelId } from '../view.ts';

/**
 * `<section class="panel" data-panel=id>` with a heading, a short explanation, a status line, a body, and one
 * `.parity-slot[data-op]` per ONNX Runtime check the panel's numbers get (parity-slots.ts fills them in).
 */
export function panelFrame(id: PanelId, title: string, explain: string, ops: readonly (string | [op: string, label: string])[]) {
  const headingId = `nm-${id}-title`;
  const body = h('div', { class: 'panel-body' });
  const status = h('p', { class: 'error-message', role: 'status', 'data-testid': `${id}-status`, hidden: true });
  // A panel with several checks names each one beside its badge.
  const slots = ops.map((o) => (typeof o === 'string'
    ? h('div', { class: 'parity-slot', 'data-op': o })
    : h('div', { class: 'nm-parity' }, h('span', { class: 'nm-parity-op' }, o[1]), h('div', { class: 'parity-slot', 'data-op': o[0] }))));
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

/** Small differences in e-notation (1.2e−7), the rest as decimals. */
export const sci = (v: number) => (v === 0 ? '0' : Math.abs(v) >= 0.01 ? v.toFixed(3) : v.toExponential(1).replace('e+', 'e').replace('-', '−'));
export const num = (v: number, d = 3) => (Math.abs(v) < 0.5 * 10 ** -d ? (0).toFixed(d) : v.toFixed(d)).replace('-', '−');

/** A small table: header cells and rows of cells (strings), with a test id per row. */
export function table(caption: string, head: string[], rows: { id: string; cells: string[]; current?: boolean }[]): HTMLTableElement {
  return h('table', { class: 'nm-table' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...head.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, ...rows.map((r) => h('tr', { 'data-testid': r.id, class: r.current ? 'current' : null },
      ...r.cells.map((c, i) => (i === 0 ? h('th', { scope: 'row' }, c) : h('td', {}, c)))))));
}

/**
 * One kept `<div class="nm-map">` per key: a panel's heatmaps are drawn into the same element on every repaint
 * (a heatmap made anew allocates fresh canvases), and a key seen again gets its element back.
 */
export function keyedMaps(): (key: string) => HTMLElement {
  const cells = new Map<string, HTMLElement>();
  return (key) => {
    let e = cells.get(key);
    if (!e) cells.set(key, (e = h('div', { class: 'nm-map' })));
    return e;
  };
}
