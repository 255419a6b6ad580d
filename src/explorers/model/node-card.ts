/**
 * One layer node of the loaded model as a card: op and name, input → output shape, attributes, parameters
 * (initializers) with their shapes, why it cannot be opened (if so), the parity badge slot and "Open in explorer".
 * Plain DOM from data (textContent only: nothing from the file is parsed as HTML), every text capped at
 * MAX_TEXT characters; the page wires the button and fills the badge.
 */
import { capText, MAX_TEXT, type Dim, type OnnxLayerSummary } from '../../onnx/index.ts';
import { compactNumber } from '../../state/schema.ts';

/** Where "Open in explorer" goes, or why it cannot. */
export type NodeOpens = { explorer: string; how: string; notes: string[] } | { problem: string };

export interface NodeCard {
  el: HTMLElement;
  badgeSlot: HTMLElement;
  openButton: HTMLButtonElement;
  /** "Feature maps": hidden until the node's check brings them; the page fills `mapsBody` when it is opened. */
  maps: HTMLDetailsElement;
  mapsTitle: HTMLElement;
  mapsBody: HTMLElement;
  /** Fill in what extracting the node found: where it opens (or why not), and the input assumed if the file has none. */
  update(opens: NodeOpens, assumedInput: number[] | null): void;
}

const shape = (s: readonly Dim[] | null) => (s ? capText(`[${s.slice(0, 8).map((d) => (d === null ? '?' : String(d))).join(', ')}${s.length > 8 ? ', …' : ''}]`) : 'unknown');

const AXES = ['batch', 'channels'];

/** What the file leaves open about a node's input: "the batch size (batch_size)", or null when every size is fixed. */
export function openInput(l: OnnxLayerSummary): string | null {
  if (l.inputShape) return null;
  if (!l.inputDims) return 'the input size';
  const open = l.inputDims.flatMap((d, i) => {
    if (typeof d === 'number') return [];
    const axis = AXES[i] ?? (l.inputDims!.length === 3 ? 'length' : ['height', 'width'][i - 2] ?? `dimension ${i}`);
    return [typeof d === 'string' && d ? `${axis} (${capText(d, 40)})` : axis];
  });
  return open.join(', ');
}

/** Sentences about how the node is read: its dimensionality and (BatchNormalization) its mode. */
export function readingNotes(l: OnnxLayerSummary): string[] {
  const notes: string[] = [];
  if (l.spatialRank === 1) {
    notes.push(l.opType === 'BatchNormalization'
      ? 'A 1-D batch norm (BatchNorm1d): opened as 2-D with H = 1, which computes exactly the same.'
      : `A 1-D layer (${l.opType === 'Conv' ? 'Conv1d' : 'ConvTranspose1d'}, input [N, C, L]): opened as 2-D with H = 1 — kernel 1 × k, stride 1 × s — which computes exactly the same.`);
  }
  if (l.training === true) notes.push('Training mode in the file: it normalises with the batch\'s statistics and updates the running ones.');
  if (l.seededParams.length) {
    const names = l.seededParams.map((n) => `"${capText(n, 60)}"`).join(', ');
    notes.push(`${names} ${l.seededParams.length > 1 ? 'are graph inputs' : 'is a graph input'}: ${l.seededParams.length > 1 ? 'their' : 'its'} values come with the test data, not the model.`);
  }
  return notes;
}

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
  card.tabIndex = -1;
  const head = el('h3', 'mp-node-title');
  head.append(el('span', 'mp-op', l.opType), ' ', el('span', 'mp-name', capText(l.label)));
  const shapes = el('p', 'mp-shapes');
  shapes.append(el('span', 'mp-label', 'input '), el('code', '', shape(l.inputDims)), ' → ', el('span', 'mp-label', 'output '), el('code', '', shape(l.outputDims)));
  const assumed = el('span', 'mp-muted');
  shapes.append(assumed);
  const details = el('dl', 'mp-facts');
  const attrs = Object.entries(l.attributes);
  details.append(el('dt', '', 'attributes'));
  const attrDd = el('dd', '');
  if (attrs.length === 0) attrDd.textContent = 'none (all defaults)';
  attrs.forEach(([k, v], i) => {
    attrDd.append(el('code', '', capText(`${k}=${displayAttribute(v)}`)));
    if (i < attrs.length - 1) attrDd.append(' ');
  });
  details.append(attrDd, el('dt', '', 'parameters'));
  const params = el('dd', '');
  const stored = l.inputs.slice(1);
  if (stored.length === 0) params.textContent = 'none';
  stored.forEach((p, i) => {
    params.append(el('code', '', `${capText(p.name, 80)} ${shape(p.shape)}`));
    if (!p.constant) params.append(el('span', 'mp-muted', p.graphInput ? ' (a graph input)' : ' (computed at run time)'));
    if (i < stored.length - 1) params.append(' ');
  });
  details.append(params);
  const badgeSlot = el('div', 'mp-badge parity-slot');
  badgeSlot.dataset.testid = `node-parity-${l.index}`;
  const actions = el('div', 'mp-actions');
  const openButton = el('button', 'mp-open', l.seededParams.length ? 'Open with seeded weights' : 'Open in explorer');
  openButton.type = 'button';
  openButton.dataset.testid = `open-node-${l.index}`;
  const where = el('p', 'mp-where');
  const reading = readingNotes(l);
  const update = (o: NodeOpens, assumedInput: number[] | null) => {
    const open = openInput(l);
    assumed.textContent = assumedInput && open ? ` (the file leaves ${open} open: checked and opened with ${shape(assumedInput)})` : '';
    where.replaceChildren();
    where.classList.toggle('error-message', 'problem' in o);
    openButton.disabled = 'problem' in o;
    if ('problem' in o) {
      openButton.removeAttribute('aria-label');
      where.textContent = capText(o.problem, 2 * MAX_TEXT);
      return;
    }
    const seeded = l.seededParams.length ? ' with seeded weights' : '';
    openButton.setAttribute('aria-label', capText(`Open ${l.opType} ${l.label}${seeded} in the ${o.explorer} explorer`));
    where.textContent = `Opens in the ${o.explorer} explorer${o.how ? ` ${o.how}` : ''}.`;
    for (const n of [...reading, ...o.notes]) where.append(el('span', 'mp-muted', ` ${capText(n, 3 * MAX_TEXT)}`));
  };
  update(opens, null);
  actions.append(openButton, where);
  const maps = el('details', 'mp-maps');
  maps.dataset.testid = `maps-${l.index}`;
  maps.hidden = true;
  const mapsTitle = el('summary', '', 'feature maps');
  const mapsBody = el('div', 'mp-maps-body');
  maps.append(mapsTitle, mapsBody);
  card.append(head, shapes, details, badgeSlot, maps, actions);
  return { el: card, badgeSlot, openButton, maps, mapsTitle, mapsBody, update };
}
