import type { ImportedLayers } from '../imported-layer.ts';
import type { BnResults } from './compute.ts';
import { bnSchema, type BnState } from './schema.ts';
import { CHANNEL_COLOURS, fmt, h, segmented, setAttr, setProp, setText, slider, type SliderControl } from './ui.ts';
import type { Actions } from './view-model.ts';

export type ControlGroup = 'data' | 'layer' | 'gamma-beta';

/**
 * The sidebar: data, layer and γ/β controls. Every control writes state through `actions.update` (drags replace
 * the history entry, releases push one) and is re-synchronised from state on every render, so a URL, the back
 * button or another panel's button moves it too.
 */
export function createControls(actions: Actions, groups: readonly ControlGroup[], imported: ImportedLayers): {
  el: HTMLElement;
  sync(state: BnState, results: BnResults | null): void;
} {
  const el = h('aside', { class: 'bn-controls', 'aria-label': 'Batch-norm controls', 'data-testid': 'bn-controls' });
  const syncs: ((s: BnState, r: BnResults | null) => void)[] = [];

  if (groups.includes('data')) {
    const source = segmented({
      label: 'data source', testId: 'source',
      options: [
        { value: 'photos', text: 'Photos', title: 'the six sample photographs through a fixed 3×3 conv' },
        { value: 'synthetic', text: 'Synthetic', title: 'random feature maps with the means and spreads you set' },
        { value: 'own', text: 'Your images', title: 'your own pictures (they stay in this tab)' },
        { value: 'onnx', text: 'ONNX node', title: 'data matched to the running statistics of the node you opened from an .onnx file' },
      ],
      onSelect: (v) => {
        if (v === 'own' && !ownLoaded) file.click();
        else actions.update({ source: v });
      },
    });
    const onnxOption = source.el.querySelector<HTMLElement>('[data-value="onnx"]')!;
    let ownLoaded = false;
    const file = h('input', { type: 'file', accept: 'image/*', multiple: true, class: 'sr-only', id: 'bn-files', 'data-testid': 'own-files', tabindex: -1, 'aria-label': 'your own images' });
    file.addEventListener('change', () => {
      if (file.files && file.files.length > 0) actions.chooseFiles([...file.files]);
      file.value = '';
    });
    const fileButton = h('button', { type: 'button', 'data-testid': 'choose-files' }, 'Choose images…');
    fileButton.addEventListener('click', () => file.click());
    const ownNote = h('p', { class: 'small muted' }, 'Your images stay in this tab; links cannot include them.');
    const n = slider({
      label: 'batch size N', min: 1, max: bnSchema.n.max, step: 1, value: 8, testId: 'n',
      onInput: (v) => actions.update({ n: v }, 'replace'), onCommit: (v) => actions.update({ n: v }),
    });
    const size = slider({
      label: 'map size H = W', min: 1, max: bnSchema.size.max, step: 1, value: 24, testId: 'size',
      onInput: (v) => actions.update({ size: v }, 'replace'), onCommit: (v) => actions.update({ size: v }),
    });
    let batchIndex = 0;
    const next = h('button', { type: 'button', 'data-testid': 'next-batch' }, 'Next batch');
    next.addEventListener('click', () => actions.update({ batch: batchIndex + 1 }));
    const batchLabel = h('span', { class: 'small muted', 'data-testid': 'batch-index' });
    const shift = slider({
      label: 'distribution shift', min: 0, max: 3, step: 0.1, value: 0, testId: 'shift',
      onInput: (v) => actions.update({ shift: v }, 'replace'), onCommit: (v) => actions.update({ shift: v }),
    });
    const shiftNote = h('p', { class: 'small muted', 'data-testid': 'shift-note' });
    // Synthetic data: per-channel mean and spread, and one correlation for every pair of channels.
    const synthRows: { mean: HTMLInputElement; std: HTMLInputElement }[] = [];
    const synthTable = h('table', { class: 'synth-table' }, h('thead', {}, h('tr', {}, h('th', {}, 'channel'), h('th', {}, 'mean'), h('th', {}, 'spread'))));
    const synthBody = h('tbody');
    synthTable.append(synthBody);
    for (let c = 0; c < bnSchema.means.default.length; c++) {
      const mean = h('input', { type: 'number', step: 0.1, min: -10, max: 10, class: 'num', 'aria-label': `channel ${c} mean`, 'data-testid': `synth-mean-${c}` });
      const std = h('input', { type: 'number', step: 0.01, min: 0, max: 10, class: 'num', 'aria-label': `channel ${c} spread`, 'data-testid': `synth-std-${c}` });
      const commit = (key: 'means' | 'stds', input: HTMLInputElement, lo: number, hi: number) => () => {
        const v = Number(input.value);
        if (input.value.trim() === '' || !(v >= lo && v <= hi)) {
          input.setCustomValidity(`enter a number from ${lo} to ${hi}`);
          input.reportValidity();
          return;
        }
        input.setCustomValidity('');
        const s = latest!;
        const arr = [...s[key]];
        arr[c] = v;
        actions.update({ [key]: arr } as Partial<BnState>);
      };
      mean.addEventListener('change', commit('means', mean, -10, 10));
      std.addEventListener('change', commit('stds', std, 0, 10));
      synthRows.push({ mean, std });
      synthBody.append(h('tr', {}, h('th', { scope: 'row' }, `channel ${c}`), h('td', {}, mean), h('td', {}, std)));
    }
    const corr = slider({
      label: 'correlation between channels', min: 0, max: 0.95, step: 0.05, value: 0.6, testId: 'corr',
      onInput: (v) => actions.update({ corr: v }, 'replace'), onCommit: (v) => actions.update({ corr: v }),
    });
    const synth = h('div', { class: 'synth', 'data-testid': 'synthetic-controls' }, synthTable, corr.el);
    let latest: BnState | null = null;
    // Groups a link or a lesson can lock or hide (app/control-filter.ts).
    source.el.dataset.control = 'source';
    n.el.dataset.control = 'n';
    size.el.dataset.control = 'size';
    shift.el.dataset.control = 'shift';
    synth.dataset.control = 'synthetic';
    el.append(h('fieldset', { class: 'control-group', 'data-group': 'data' }, h('legend', {}, 'Data'),
      source.el, h('div', { class: 'own-row', 'data-control': 'own-images' }, file, fileButton, ownNote), synth, n.el, size.el,
      h('div', { class: 'button-row', 'data-control': 'batch' }, next, batchLabel), shift.el, shiftNote));
    syncs.push((s, r) => {
      latest = s;
      ownLoaded = r?.source === 'own' || ownLoaded;
      source.set(r?.source ?? s.source);
      // Offered only while a BatchNormalization node from an .onnx file is open in this tab.
      setProp(onnxOption, 'hidden', r?.source !== 'onnx' && imported.get()?.layer.op !== 'BatchNormalization');
      n.set(s.n);
      size.set(s.size);
      shift.set(s.shift);
      corr.set(s.corr);
      batchIndex = s.batch;
      setText(batchLabel, `batch #${s.batch}, seed ${s.seed}`);
      setProp(synth, 'hidden', s.source !== 'synthetic');
      synthRows.forEach((row, c) => {
        if (document.activeElement !== row.mean) setProp(row.mean, 'value', String(s.means[c] ?? bnSchema.means.default[c]));
        if (document.activeElement !== row.std) setProp(row.std, 'value', String(s.stds[c] ?? bnSchema.stds.default[c]));
      });
      setText(shiftNote, s.shift === 0 ? 'The data as the running statistics learned it.'
        : s.source === 'synthetic' || s.source === 'onnx' ? `Means moved by ${fmt(s.shift)} spreads, spreads ×${fmt(1 + 0.5 * s.shift)}.`
          : `Exposure and contrast changed: rgb′ = ${fmt(1 + 0.5 * s.shift)}·rgb + ${fmt(0.1 * s.shift)}.`);
    });
  }

  if (groups.includes('layer')) {
    const mode = segmented({
      label: 'mode', testId: 'mode',
      options: [
        { value: 'train', text: 'Train', title: 'normalise with this batch’s statistics' },
        { value: 'eval', text: 'Eval', title: 'normalise with the running statistics' },
      ],
      onSelect: (v) => actions.update({ mode: v }),
    });
    const eps = slider({
      label: 'eps', min: 1e-8, max: 1, step: 0.05, value: 1e-5, log: true, testId: 'eps',
      onInput: (v) => actions.update({ eps: v }, 'replace'), onCommit: (v) => actions.update({ eps: v }),
    });
    el.append(h('fieldset', { class: 'control-group', 'data-group': 'layer' }, h('legend', {}, 'Layer'),
      h('div', { class: 'field', 'data-control': 'mode' }, h('span', { class: 'field-label' }, 'mode'), mode.el), eps.el));
    eps.el.dataset.control = 'eps';
    syncs.push((s) => {
      mode.set(s.mode);
      eps.set(s.eps);
    });
  }

  if (groups.includes('gamma-beta')) {
    const linked = h('input', { type: 'checkbox', id: 'bn-linked', 'data-testid': 'linked' });
    linked.addEventListener('change', () => actions.update({ linked: linked.checked }));
    const reset = h('button', { type: 'button', 'data-testid': 'reset-gamma-beta' }, 'γ = 1, β = 0');
    reset.addEventListener('click', () => actions.update({ gamma: [...bnSchema.gamma.default], beta: [...bnSchema.beta.default], amount: 1 }));
    const rows: { name: HTMLElement; gamma: SliderControl; beta: SliderControl; row: HTMLElement }[] = [];
    let latest: BnState | null = null;
    const setParam = (key: 'gamma' | 'beta', c: number, v: number, history: 'push' | 'replace') => {
      const s = latest!;
      const arr = s.linked ? s[key].map(() => v) : s[key].map((x, k) => (k === c ? v : x));
      actions.update({ [key]: arr } as Partial<BnState>, history);
    };
    const list = h('div', { class: 'gb-list', 'data-control': 'gamma-beta' });
    for (let c = 0; c < bnSchema.gamma.default.length; c++) {
      const mk = (key: 'gamma' | 'beta', sym: string) => slider({
        label: sym, min: -3, max: 3, step: 0.01, value: key === 'gamma' ? 1 : 0, numberMin: -100, numberMax: 100, testId: `${key}-${c}`,
        onInput: (v) => setParam(key, c, v, 'replace'), onCommit: (v) => setParam(key, c, v, 'push'),
      });
      const name = h('button', { type: 'button', class: 'channel-name', 'data-testid': `gb-channel-${c}` });
      name.style.setProperty('--swatch', CHANNEL_COLOURS[c]);
      name.addEventListener('click', () => actions.selectChannel(c));
      const gamma = mk('gamma', 'γ');
      const beta = mk('beta', 'β');
      const row = h('div', { class: 'gb-row' }, name, gamma.el, beta.el);
      list.append(row);
      rows.push({ name, gamma, beta, row });
    }
    el.append(h('fieldset', { class: 'control-group', 'data-group': 'gamma-beta' }, h('legend', {}, 'Scale γ and shift β'),
      h('div', { class: 'button-row', 'data-control': 'gamma-beta' }, h('label', { class: 'check' }, linked, ' all channels linked'), reset), list));
    syncs.push((s, r) => {
      latest = s;
      setProp(linked, 'checked', s.linked);
      rows.forEach((row, c) => {
        const name = r?.names[c] ?? `channel ${c}`;
        const label = `${name}: γ`;
        setText(row.name, name);
        setAttr(row.name, 'aria-pressed', String(c === s.channel));
        setAttr(row.gamma.range, 'aria-label', label);
        setAttr(row.beta.range, 'aria-label', `${name}: β`);
        setAttr(row.gamma.number, 'aria-label', `${label} (exact value)`);
        setAttr(row.beta.number, 'aria-label', `${name}: β (exact value)`);
        row.gamma.set(s.gamma[c] ?? 1);
        row.beta.set(s.beta[c] ?? 0);
        row.row.classList.toggle('selected', c === s.channel);
      });
    });
  }

  return { el, sync: (s, r) => syncs.forEach((f) => f(s, r)) };
}
