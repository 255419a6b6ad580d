import { el as h, setProp } from '../../util/dom.ts';
import { segmented, slider } from '../batch-norm/ui.ts';
import { groupChoices, NORM_NAMES, NORMS, normSchema, type NormId, type NormState } from './schema.ts';
import type { Actions } from './view.ts';

/** The page's controls: every one writes the store (and so the link); `sync` shows the state it was given. */
export function createControls(actions: Actions): { el: HTMLElement; sync(s: NormState): void } {
  const u = actions.update;
  const source = segmented<NormState['source']>({
    label: 'data', testId: 'source',
    options: [{ value: 'photos', text: 'Photos' }, { value: 'synthetic', text: 'Synthetic' }, { value: 'own', text: 'Your images' }],
    onSelect: (v) => (v === 'own' ? file.click() : u({ source: v })),
  });
  const file = h('input', { type: 'file', accept: 'image/*', multiple: true, hidden: true, 'data-testid': 'own-files', 'aria-label': 'your images' });
  file.addEventListener('change', () => {
    if (file.files && file.files.length > 0) actions.chooseFiles([...file.files]);
    file.value = '';
  });
  const int = (key: 'n' | 'c' | 'size' | 'seed', label: string) => {
    const f = normSchema[key];
    return slider({
      label, min: f.min, max: key === 'seed' ? 99 : f.max, numberMax: f.max, step: 1, value: f.default, testId: `ctl-${key}`,
      onInput: (v) => u({ [key]: v }, 'replace'), onCommit: (v) => u({ [key]: v }),
    });
  };
  const n = int('n', 'batch N');
  const c = int('c', 'channels C');
  const size = int('size', 'H = W');
  const seed = int('seed', 'seed');
  // G: only the divisors of C (groupNorm2d refuses the rest), rebuilt when C changes.
  const g = h('select', { id: 'nm-g', 'data-testid': 'ctl-g' });
  g.addEventListener('change', () => u({ g: Number(g.value) }));
  const norm = segmented<NormId>({
    label: 'normalization', testId: 'ctl-norm', options: NORMS.map((k) => ({ value: k, text: k.toUpperCase(), title: NORM_NAMES[k] })),
    onSelect: (v) => u({ norm: v }),
  });
  const eps = slider({
    label: 'eps', min: normSchema.eps.min, max: normSchema.eps.max, step: 0.05, log: true, value: normSchema.eps.default, testId: 'ctl-eps',
    onInput: (v) => u({ eps: v }, 'replace'), onCommit: (v) => u({ eps: v }),
  });
  const affine = h('input', { type: 'checkbox', id: 'nm-affine', 'data-testid': 'ctl-affine' });
  affine.addEventListener('change', () => u({ affine: affine.checked }));
  // data-control: the ids links lock, hide or pick for an embed's strip (state/control-filter.ts).
  const tag = <E extends HTMLElement>(e: E, id: string): E => {
    e.dataset.control = id;
    return e;
  };
  const el = h('div', { class: 'nm-controls', 'data-testid': 'nm-controls' },
    h('fieldset', { class: 'control-group' }, h('legend', {}, 'Data'), tag(source.el, 'source'), file, tag(n.el, 'n'), tag(c.el, 'c'),
      tag(size.el, 'size'), tag(seed.el, 'seed')),
    h('fieldset', { class: 'control-group' }, h('legend', {}, 'Layer'), tag(norm.el, 'norm'),
      tag(h('div', { class: 'field' }, h('label', { for: 'nm-g' }, 'groups G (GroupNorm)'), g), 'g'), tag(eps.el, 'eps'),
      tag(h('label', { class: 'check' }, affine, 'affine (γ, β)'), 'affine')));
  let groupsFor = -1;
  return {
    el,
    sync(s) {
      source.set(s.source);
      n.set(s.n);
      c.set(s.c);
      size.set(s.size);
      seed.set(s.seed);
      norm.set(s.norm);
      eps.set(s.eps);
      setProp(affine, 'checked', s.affine);
      if (groupsFor !== s.c) {
        groupsFor = s.c;
        g.replaceChildren(...groupChoices(s.c).map((d) => h('option', { value: d }, String(d))));
      }
      setProp(g, 'value', String(s.g));
    },
  };
}
