/**
 * The control column: every ConvTranspose2d parameter, the kernel and input choices, and which channels the
 * views show. Each control writes one state field ('replace' while typing or dragging, 'push' on commit); a
 * validation message from the kernel library appears next to the control it names. Nothing here validates.
 */
import { setAttr, setProp, setText } from '../../util/dom.ts';
import type { ConvInfo } from '../../kernels/index.ts';
import type { ImportedLayers } from '../imported-layer.ts';
import type { Store } from '../../state/store.ts';
import type { ControlId, Results } from './compute.ts';
import { PHOTOS, convTransposeSchema, weightShape, type ConvTransposeState } from './schema.ts';
import { remapWeights } from './weights-edit.ts';
import { adaptLayer } from './adapt.ts';
import { attachScrub } from '../number-scrub.ts';
import { el } from './panels/panel.ts';

type NumericKey = {
  [K in keyof ConvTransposeState]: ConvTransposeState[K] extends number ? K : never;
}[keyof ConvTransposeState];

/** A chain link (our own static markup): the pair's link toggle. */
const LINK_ICON = '<svg viewBox="0 0 16 16" width="13" height="13" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.6">' +
  '<rect x="1.5" y="5" width="7" height="6" rx="3"/><rect x="7.5" y="5" width="7" height="6" rx="3"/></svg>';

/** Keys whose change alters the weight tensor's shape: custom weights are carried over. */
const SHAPE_KEYS: readonly string[] = ['cin', 'cout', 'groups', 'kH', 'kW'];

/** The layer fields an ONNX node sets (kernel = 'onnx'): shown with the node's values, read-only. */
const NODE_FIELDS: Partial<Record<NumericKey, (i: ConvInfo) => number>> = {
  cin: (i) => i.inChannels, cout: (i) => i.outChannels, groups: (i) => i.groups, kH: (i) => i.kH, kW: (i) => i.kW,
  sH: (i) => i.strideH, sW: (i) => i.strideW, pT: (i) => i.padTop, pL: (i) => i.padLeft, pB: (i) => i.padBottom,
  pR: (i) => i.padRight, opH: (i) => i.outPadH, opW: (i) => i.outPadW, dH: (i) => i.dilationH, dW: (i) => i.dilationW,
};

export interface Controls {
  element: HTMLElement;
  sync(state: ConvTransposeState, results: Results | null): void;
}

export interface ControlCallbacks {
  onOwnImage(file: File): void;
}

export function createControls(store: Store<ConvTransposeState>, cb: ControlCallbacks, compact: boolean, imported: ImportedLayers): Controls {
  const root = el('aside', { class: `ct-controls${compact ? ' compact' : ''}`, 'aria-label': 'Layer controls', 'data-testid': 'controls' });
  const numberInputs = new Map<NumericKey, HTMLInputElement>();
  const errorSlots = new Map<ControlId, HTMLElement>();
  const groups = new Map<ControlId, HTMLElement>();

  const patchFor = (key: NumericKey, v: number): Partial<ConvTransposeState> => {
    const s = store.get();
    if (s.kernel === 'custom' && SHAPE_KEYS.includes(key)) {
      return { [key]: v, weights: remapWeights(s.weights, weightShape(s), weightShape({ ...s, [key]: v })) };
    }
    return { [key]: v };
  };

  /** The W field a linked H field also sets (pairs shown as one field), by H key. */
  const linkedPartner = new Map<NumericKey, NumericKey>();
  /** Pairs the user set apart although their values are equal (a square pair is linked otherwise). */
  const unlinked = new Set<NumericKey>();
  const adaptNote = el('p', { class: 'ct-note', role: 'status', 'data-testid': 'adapt-note' });
  adaptNote.hidden = true;

  function apply(key: NumericKey, v: number, history: 'push' | 'replace'): void {
    const s = store.get();
    const partner = linkedPartner.get(key);
    const both = partner !== undefined && isLinked(key, s);
    if (s[key] === v && (!both || s[partner] === v)) return;
    let patch = patchFor(key, v);
    if (both) {
      patch = { ...patch, [partner]: v };
      if (s.kernel === 'custom' && SHAPE_KEYS.includes(key)) {
        patch = { ...patch, weights: remapWeights(s.weights, weightShape(s), weightShape({ ...s, [key]: v, [partner]: v })) };
      }
    }
    const adapted = adaptLayer(s, patch);
    setProp(adaptNote, 'hidden', adapted.note === null);
    setText(adaptNote, adapted.note ?? '');
    store.update(adapted.patch, history);
  }

  function numberField(key: NumericKey, label: string, testid = `ctl-${key}`, hiddenLabel = false): HTMLElement {
    const f = convTransposeSchema[key];
    const wrap = el('label', { class: 'ct-field' });
    // In an "H × W" row the row title says what it is; the field's own name is for screen readers only.
    wrap.append(el('span', { class: hiddenLabel ? 'ct-label sr-only' : 'ct-label' }, label));
    const step = f.kind === 'int' ? 1 : 0.1;
    const input = el('input', { type: 'number', 'data-testid': testid, min: String(f.min), max: String(f.max), step: String(step) });
    const commit = (history: 'push' | 'replace') => {
      const v = input.valueAsNumber;
      if (!Number.isFinite(v) || v < f.min || v > f.max || (f.kind === 'int' && !Number.isInteger(v))) return;
      apply(key, v, history);
    };
    input.addEventListener('input', () => commit('replace'));
    input.addEventListener('change', () => commit('push'));
    attachScrub(input, { min: f.min, max: f.max, step, coarse: f.kind === 'int' ? 2 : 10, onValue: (v, history) => apply(key, v, history) });
    wrap.append(input);
    numberInputs.set(key, input);
    return wrap;
  }

  function isLinked(h: NumericKey, s: ConvTransposeState): boolean {
    const w = linkedPartner.get(h);
    return w !== undefined && !unlinked.has(h) && s[h] === s[w];
  }

  /**
   * An "H × W" pair on one row. A square pair shows one field that sets both, with a link toggle to set them apart;
   * a non-square pair shows both fields (the toggle makes it square again).
   */
  function pairRow(title: string, h: NumericKey, w: NumericKey, control: ControlId): HTMLElement {
    const row = el('div', { class: 'ct-row', role: 'group', 'aria-label': title, 'data-control': control });
    const hField = numberField(h, `${title} height`, undefined, true);
    const times = el('span', { class: 'ct-times', 'aria-hidden': 'true' }, '×');
    const wField = numberField(w, `${title} width`, undefined, true);
    const link = el('button', { type: 'button', class: 'ct-link-toggle', 'data-testid': `link-${h}`, 'aria-pressed': 'true' });
    link.innerHTML = LINK_ICON;
    link.addEventListener('click', () => {
      const s = store.get();
      if (isLinked(h, s)) {
        unlinked.add(h);
        syncPair();
      } else {
        unlinked.delete(h);
        if (s[w] !== s[h]) apply(w, s[h], 'push');
        else syncPair();
      }
    });
    linkedPartner.set(h, w);
    const syncPair = () => {
      const linked = isLinked(h, store.get());
      setProp(wField, 'hidden', linked);
      setProp(times, 'hidden', linked);
      setAttr(link, 'aria-pressed', String(linked));
      setAttr(link, 'aria-label', linked ? `${title}: height and width linked — set them apart` : `${title}: link height and width`);
      setAttr(link, 'title', linked ? 'Height and width linked: one value for both. Click to set them apart.' : 'Link height and width (one value for both).');
      setText(hField.querySelector('.ct-label')!, linked ? `${title} (height and width)` : `${title} height`);
    };
    pairSyncs.push(syncPair);
    row.append(el('span', { class: 'ct-row-title' }, title), hField, times, wField, link);
    return row;
  }
  const pairSyncs: (() => void)[] = [];

  function section(title: string, ...children: HTMLElement[]): HTMLElement {
    const fs = el('fieldset', { class: 'ct-section' });
    fs.append(el('legend', {}, title), ...children);
    root.append(fs);
    return fs;
  }

  function errorSlot(control: ControlId, after: HTMLElement): HTMLElement {
    const p = el('p', { class: 'error-message', role: 'alert', 'data-testid': `error-${control}`, id: `ct-err-${control}` });
    p.hidden = true;
    after.after(p);
    errorSlots.set(control, p);
    groups.set(control, after);
    return p;
  }

  function select<K extends 'kernel' | 'input' | 'image'>(key: K, label: string, options: [string, string][]): HTMLElement {
    const wrap = el('label', { class: 'ct-field ct-wide', 'data-control': key === 'kernel' ? 'kernel-preset' : key });
    wrap.append(el('span', { class: 'ct-label' }, label));
    const s = el('select', { 'data-testid': `ctl-${key}` });
    for (const [v, text] of options) s.append(el('option', { value: v }, text));
    s.addEventListener('change', () => store.update({ [key]: s.value } as Partial<ConvTransposeState>));
    wrap.append(s);
    return wrap;
  }

  function checkbox(key: 'bias' | 'padSym', label: string): HTMLElement {
    const wrap = el('label', { class: 'ct-check' });
    const c = el('input', { type: 'checkbox', 'data-testid': `ctl-${key}` });
    c.addEventListener('change', () => {
      const patch: Partial<ConvTransposeState> = { [key]: c.checked };
      // Leaving symmetric mode starts the end paddings from the begin paddings.
      if (key === 'padSym' && !c.checked) Object.assign(patch, { pB: store.get().pT, pR: store.get().pL });
      store.update(patch);
    });
    wrap.append(c, ` ${label}`);
    return wrap;
  }

  // ---- Layer
  const channels = el('div', { class: 'ct-row', 'data-control': 'channels' });
  channels.append(numberField('cin', 'in ch.'), numberField('cout', 'out ch.'), numberField('groups', 'groups'));
  const kernelRow = pairRow('kernel', 'kH', 'kW', 'kernel');
  const strideRow = pairRow('stride', 'sH', 'sW', 'stride');
  const padSym = checkbox('padSym', 'symmetric');
  const padSymRow = pairRow('padding', 'pT', 'pL', 'padding');
  padSymRow.append(padSym);
  const padEndRow = el('div', { class: 'ct-row', 'data-control': 'padding' });
  padEndRow.append(el('span', { class: 'ct-row-title' }, 'end pad'), numberField('pB', 'bottom'), numberField('pR', 'right'));
  const outPadRow = pairRow('output pad', 'opH', 'opW', 'output-padding');
  const dilationRow = pairRow('dilation', 'dH', 'dW', 'dilation');
  const biasRow = el('div', { class: 'ct-row', 'data-control': 'bias' });
  biasRow.append(checkbox('bias', 'bias'), numberField('biasValue', 'value'));
  section('Layer — ConvTranspose2d', channels, el('p', { class: 'ct-hint ct-hw' }, 'Pairs are height × width; the link button joins them. Drag a number sideways, or scroll over the one you are typing in, to tweak it (Shift: bigger steps).'), kernelRow, strideRow, padSymRow, padEndRow, outPadRow, adaptNote, dilationRow, biasRow);
  errorSlot('channels', channels);
  errorSlot('groups', channels);
  errorSlot('kernel', kernelRow);
  errorSlot('stride', strideRow);
  errorSlot('padding', padEndRow);
  errorSlot('output-padding', outPadRow);
  errorSlot('dilation', dilationRow);
  errorSlot('bias', biasRow);

  // ---- Kernel
  const kernelSel = select('kernel', 'preset', [
    ['box', 'box (all ones)'], ['bilinear', 'bilinear upsampling init'], ['gaussian', 'random Gaussian'], ['edge', 'edge (Sobel-like)'],
    ['learned', '“learned-looking”'], ['custom', 'custom (edited)'], ['onnx', 'from your ONNX model'],
  ]);
  const onnxOption = kernelSel.querySelector<HTMLOptionElement>('option[value="onnx"]')!;
  const onnxHint = el('p', { class: 'ct-hint', 'data-testid': 'onnx-hint' }, 'The layer fields above show the ONNX node’s parameters; choose another preset to change them.');
  const seedField = numberField('seed', 'seed');
  seedField.dataset.control = 'seed';
  const editHint = el('p', { class: 'ct-hint' }, 'Drag or type kernel cells in panel 2.');
  section('Kernel', kernelSel, seedField, onnxHint, editHint);

  // ---- Input
  const inputSel = select('input', 'preset', [
    ['impulse', 'impulse'], ['constant', 'constant'], ['checker', 'checker'], ['noise', 'noise'], ['photo', 'photograph'], ['own', 'your own image'],
  ]);
  const photoSel = select('image', 'photograph', PHOTOS.map((p) => [p, p] as [string, string]));
  const sizeRow = pairRow('size', 'inH', 'inW', 'size');
  const file = el('input', { type: 'file', accept: 'image/*', 'data-testid': 'ctl-file', class: 'ct-file' });
  const fileLabel = el('label', { class: 'ct-field ct-wide', 'data-control': 'file' });
  fileLabel.append(el('span', { class: 'ct-label' }, 'use your own image (or drop one on the page)'), file);
  file.addEventListener('change', () => {
    if (file.files?.[0]) cb.onOwnImage(file.files[0]);
  });
  section('Input', inputSel, photoSel, fileLabel, sizeRow, el('p', { class: 'ct-hint' }, 'Photographs: CC0 / public domain, see images/LICENSES.md. Your own image stays in this tab and is not stored in links.'));
  errorSlot('input', fileLabel);
  errorSlot('size', sizeRow);

  // ---- Shown channels
  const showRow = el('div', { class: 'ct-row', 'data-control': 'show' });
  showRow.append(numberField('ic', 'input ch.'), numberField('oc', 'output ch.'));
  section('Show', showRow);

  return {
    element: root,
    sync(state, results) {
      // Every write below goes through setProp/setText (only what changed): this runs after every step, and a
      // rewrite of the same value still costs the browser a restyle of the control.
      // An ONNX node's layer: its real parameters in the (read-only) layer fields, whatever the state holds there.
      const node = state.kernel === 'onnx' && results?.ok && results.imported ? results.info : null;
      const onnxMode = state.kernel === 'onnx';
      for (const [key, input] of numberInputs) {
        const fromNode = NODE_FIELDS[key];
        // The bias value also needs a bias (one write: disabling and re-enabling it restyles it twice).
        setProp(input, 'disabled', key === 'biasValue' ? onnxMode || !state.bias : onnxMode && fromNode !== undefined);
        if (document.activeElement !== input) setProp(input, 'value', String(node && fromNode ? fromNode(node) : state[key]));
      }
      setProp(numberInputs.get('ic')!, 'max', String(Math.min(3, (node?.inChannels ?? state.cin) - 1)));
      setProp(numberInputs.get('oc')!, 'max', String(Math.min(3, (node?.outChannels ?? state.cout) - 1)));
      // Offered while a ConvTranspose or Conv node from an .onnx file is open in this tab.
      const op = imported.get()?.layer.op;
      setProp(onnxOption, 'disabled', !onnxMode && op !== 'ConvTranspose' && op !== 'Conv');
      setProp(onnxHint, 'hidden', !onnxMode);
      // kernel-editor.ts refuses edits the layer fields could not hold (more channels than the sliders reach …).
      const editable = !onnxMode || (results?.ok === true && results.imported?.editable === true);
      setProp(editHint, 'hidden', !editable);
      setText(onnxHint, 'The layer fields above show the ONNX node’s parameters; choose another preset to change them.' +
        (editable ? '' : ' Its kernel is read-only here: the fields cannot hold all of the node (more channels, or a per-channel bias).'));
      for (const [key, selector] of [['kernel', 'ctl-kernel'], ['input', 'ctl-input'], ['image', 'ctl-image']] as const) {
        setProp(root.querySelector<HTMLSelectElement>(`[data-testid="${selector}"]`)!, 'value', state[key]);
      }
      const biasBox = root.querySelector<HTMLInputElement>('[data-testid="ctl-bias"]')!;
      const symBox = root.querySelector<HTMLInputElement>('[data-testid="ctl-padSym"]')!;
      const sym = node ? node.padTop === node.padBottom && node.padLeft === node.padRight : state.padSym;
      setProp(biasBox, 'checked', node && results?.ok ? results.bias !== null : state.bias);
      setProp(symBox, 'checked', sym);
      setProp(biasBox, 'disabled', onnxMode);
      setProp(symBox, 'disabled', onnxMode);
      setProp(padEndRow, 'hidden', sym);
      for (const syncPair of pairSyncs) syncPair();
      setText(padSymRow.querySelector('.ct-row-title')!, sym ? 'padding' : 'begin pad');
      // A node's bias is one value per channel, not the single value this field sets.
      if (node) setProp(numberInputs.get('biasValue')!, 'value', '');
      setProp(seedField, 'hidden', state.kernel !== 'gaussian' && state.kernel !== 'learned' && state.input !== 'noise');
      setProp(photoSel, 'hidden', state.input !== 'photo' && state.shootSource !== 'image');
      for (const [control, slot] of errorSlots) {
        if (control === 'input') continue; // image-file messages are set by showInputMessage
        const bad = results && !results.ok && results.control === control;
        setProp(slot, 'hidden', !bad);
        setText(slot, bad ? results.message : '');
        for (const i of groups.get(control)!.querySelectorAll('input')) {
          if (bad) {
            setAttr(i, 'aria-invalid', 'true');
            setAttr(i, 'aria-describedby', slot.id);
          } else if (i.getAttribute('aria-describedby') === slot.id) {
            i.removeAttribute('aria-invalid');
            i.removeAttribute('aria-describedby');
          }
        }
      }
    },
  };
}

/** Show an input-related message (e.g. an unreadable file) under the file picker. */
export function showInputMessage(controls: Controls, message: string): void {
  const slot = controls.element.querySelector<HTMLElement>('[data-testid="error-input"]');
  if (!slot) return;
  slot.hidden = message === '';
  slot.textContent = message;
}
