/**
 * One layer node of the loaded model as a card: op and name, input → output shape, attributes, parameters
 * (initializers) with their shapes, why it cannot be opened (if so), the parity badge slot and "Open in explorer".
 * Plain DOM from data; the page wires the button and fills the badge.
 */
import type { OnnxLayerSummary } from '../../onnx/index.ts';
import { compactNumber } from '../../state/schema.ts';

/** Where "Open in explorer" goes, or why it cannot. */
export type NodeOpens = { explorer: string; how: string; notes: string[] } | { problem: string };

export interface NodeCard {
  el: HTMLElement;
  badgeSlot: HTMLElement;
  openButton: HTMLButtonElement;
  /** Fill in what extracting the node found: where it opens (or why not), and the input assumed if the file has none. */
  update(opens: NodeOpens, assumedInput: number[] | null): void;
}

const shape = (s: readonly number[] | null) => (s ? `[${s.join(', ')}]` : 'unknown');

/** Attribute values as ONNX stores them, with float32 noise removed (epsilon 1e-05, not 9.999999747378752e-06). */
export function displayAttribute(value: string): string {
  return /^-?\d+\.\d{8,}(e-?\d+)?$|^-?\d(\.\d+)?e-?\d+$/.test(value) ? compactNumber(Number(value)) : value;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

export function createNodeCard(l: OnnxLayerSummary, opens: NodeOpens): NodeCard {
  const card = el('li', 'mp-node');
  card.dataset.testid = `onnx-node-${l.index}`;
  card.dataset.index = String(l.index);
  card.dataset.op = l.opType;
  const head = el('h3', 'mp-node-title');
  head.append(el('span', 'mp-op', l.opType), ' ', el('span', 'mp-name', l.label));
  const shapes = el('p', 'mp-shapes');
  shapes.append(el('span', 'mp-label', 'input '), el('code', '', shape(l.inputShape)), ' → ', el('span', 'mp-label', 'output '), el('code', '', shape(l.outputShape)));
  const assumed = el('span', 'mp-muted');
  shapes.append(assumed);
  const details = el('dl', 'mp-facts');
  const attrs = Object.entries(l.attributes);
  details.append(el('dt', '', 'attributes'));
  const attrDd = el('dd', '');
  if (attrs.length === 0) attrDd.textContent = 'none (all defaults)';
  attrs.forEach(([k, v], i) => {
    attrDd.append(el('code', '', `${k}=${displayAttribute(v)}`));
    if (i < attrs.length - 1) attrDd.append(' ');
  });
  details.append(attrDd, el('dt', '', 'parameters'));
  const params = el('dd', '');
  const stored = l.inputs.slice(1);
  if (stored.length === 0) params.textContent = 'none';
  stored.forEach((p, i) => {
    params.append(el('code', '', `${p.name} ${shape(p.shape)}`));
    if (!p.constant) params.append(el('span', 'mp-muted', ' (computed at run time)'));
    if (i < stored.length - 1) params.append(' ');
  });
  details.append(params);
  const badgeSlot = el('div', 'mp-badge parity-slot');
  badgeSlot.dataset.testid = `node-parity-${l.index}`;
  const actions = el('div', 'mp-actions');
  const openButton = el('button', 'mp-open', 'Open in explorer');
  openButton.type = 'button';
  openButton.dataset.testid = `open-node-${l.index}`;
  const where = el('p', 'mp-where');
  const update = (o: NodeOpens, assumedInput: number[] | null) => {
    assumed.textContent = assumedInput ? ` (the file leaves the input size open: checked and opened with ${shape(assumedInput)})` : '';
    where.replaceChildren();
    where.classList.toggle('error-message', 'problem' in o);
    openButton.disabled = 'problem' in o;
    if ('problem' in o) {
      openButton.removeAttribute('aria-label');
      where.textContent = o.problem;
      return;
    }
    openButton.setAttribute('aria-label', `Open ${l.opType} ${l.label} in the ${o.explorer} explorer`);
    where.textContent = `Opens in the ${o.explorer} explorer${o.how ? ` ${o.how}` : ''}.`;
    for (const n of o.notes) where.append(el('span', 'mp-muted', ` ${n}`));
  };
  update(opens, null);
  actions.append(openButton, where);
  card.append(head, shapes, details, badgeSlot, actions);
  return { el: card, badgeSlot, openButton, update };
}
