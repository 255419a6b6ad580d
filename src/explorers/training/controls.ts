/**
 * The settings column: one input per schema field, each writing its field through the store ('replace' while
 * typing, 'push' on commit). Limits come from the schema; whether a layer is valid is decided by the kernel
 * library, whose message the Lipschitz panel shows.
 */
import type { Store } from '../../state/store.ts';
import { UPSAMPLER_LABELS } from '../../training/models.ts';
import { el } from './dom.ts';
import { PHOTOS, trainingSchema, type TrainingState } from './schema.ts';
import { attachScrub } from '../number-scrub.ts';

type NumberKey = { [K in keyof TrainingState]: TrainingState[K] extends number ? K : never }[keyof TrainingState];
type EnumKey = 'image' | 'crop' | 'view' | 'ck' | 'cs' | 'lop' | 'bsn' | 'bsg';

export interface Controls {
  element: HTMLElement;
  sync(state: TrainingState): void;
}

export function createControls(store: Store<TrainingState>): Controls {
  const root = el('aside', { class: 'tr-controls', 'aria-label': 'Training settings', 'data-testid': 'controls' });
  const numbers = new Map<NumberKey, HTMLInputElement>();
  const selects = new Map<EnumKey, HTMLSelectElement>();
  const checks = new Map<'lsn', HTMLInputElement>();

  function numberField(key: NumberKey, label: string): HTMLElement {
    const f = trainingSchema[key];
    const wrap = el('label', { class: 'tr-field', 'data-control': key });
    const input = el('input', { type: 'number', 'data-testid': `ctl-${key}`, min: String(f.min), max: String(f.max), step: f.kind === 'int' ? '1' : 'any' });
    const commit = (history: 'push' | 'replace') => {
      const v = input.valueAsNumber;
      const ok = Number.isFinite(v) && v >= f.min && v <= f.max && (f.kind !== 'int' || Number.isInteger(v));
      input.setAttribute('aria-invalid', String(!ok));
      if (ok && store.get()[key] !== v) store.update({ [key]: v } as Partial<TrainingState>, history);
    };
    input.addEventListener('input', () => commit('replace'));
    input.addEventListener('change', () => commit('push'));
    // Whole-number fields scrub and take the wheel like the transposed-conv page's; rates and other reals are typed.
    if (f.kind === 'int') {
      attachScrub(input, {
        min: f.min, max: f.max, step: 1, coarse: Math.max(2, Math.round((f.max - f.min) / 20)),
        onValue: (v, history) => { if (store.get()[key] !== v) store.update({ [key]: v } as Partial<TrainingState>, history); },
      });
    }
    wrap.append(el('span', { class: 'tr-label' }, `${label} (${f.min}–${f.max})`), input);
    numbers.set(key, input);
    return wrap;
  }

  function selectField(key: EnumKey, label: string, options: readonly (readonly [string, string])[]): HTMLElement {
    const wrap = el('label', { class: 'tr-field', 'data-control': key });
    const s = el('select', { 'data-testid': `ctl-${key}` });
    for (const [v, text] of options) s.append(el('option', { value: v }, text));
    s.addEventListener('change', () => store.update({ [key]: s.value } as Partial<TrainingState>));
    wrap.append(el('span', { class: 'tr-label' }, label), s);
    selects.set(key, s);
    return wrap;
  }

  function section(title: string, ...children: HTMLElement[]): void {
    const fs = el('fieldset', { class: 'tr-section' });
    fs.append(el('legend', {}, title), ...children);
    root.append(fs);
  }

  const sn = el('label', { class: 'tr-check', 'data-control': 'lsn' });
  const snBox = el('input', { type: 'checkbox', 'data-testid': 'ctl-lsn' });
  snBox.addEventListener('change', () => store.update({ lsn: snBox.checked }));
  sn.append(snBox, ' spectral normalisation (W / σ)');
  checks.set('lsn', snBox);

  section('Runs', numberField('seed', 'seed'), numberField('speed', 'steps per update'), numberField('stop', 'stop after'),
    el('p', { class: 'tr-hint' }, 'Same seed and settings → the same numbers at the same step, here and in the tests.'));
  section('1 · Learned checkerboard',
    selectField('image', 'photograph', PHOTOS.map((p) => [p, p] as const)),
    selectField('crop', 'output size', [['32', '8 → 32 pixels'], ['64', '16 → 64 pixels']]),
    numberField('ch', 'channels'), numberField('lr1', 'Adam learning rate'),
    selectField('view', 'critic looks at', Object.entries(UPSAMPLER_LABELS)),
    selectField('ck', 'critic kernel', [['3', '3×3'], ['4', '4×4']]),
    selectField('cs', 'critic stride', [['2', '2 (strided)'], ['1', '1']]));
  section('2 · Batch norm and the learning rate', numberField('lr2', 'SGD learning rate'), numberField('depth', 'hidden conv blocks'));
  section('Batch size and normalization',
    selectField('bsn', 'training samples per run', ['256', '512', '1024', '2048', '4096'].map((v) => [v, v] as const)),
    numberField('bslr', 'SGD learning rate at batch 32'),
    selectField('bsg', 'GroupNorm groups G (of 8 channels)', [['1', '1 (LayerNorm-like)'], ['2', '2'], ['4', '4'], ['8', '8 (InstanceNorm)']]));
  section('3 · Lipschitz constant',
    selectField('lop', 'layer', [['convTranspose2d', 'ConvTranspose2d'], ['conv2d', 'Conv2d']]),
    numberField('lk', 'kernel'), numberField('ls', 'stride'), numberField('ld', 'dilation'), numberField('lp', 'padding'),
    numberField('lo', 'output padding (transposed)'), numberField('lc', 'channels in = out'), numberField('ln', 'input H = W'), sn);

  return {
    element: root,
    sync(state) {
      for (const [k, input] of numbers) {
        if (document.activeElement !== input) input.value = String(state[k]);
        input.removeAttribute('aria-invalid');
      }
      for (const [k, s] of selects) s.value = String(state[k]);
      snBox.checked = state.lsn;
    },
  };
}
