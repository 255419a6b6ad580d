/** Small DOM helpers shared by the batch-norm explorer's controls and panels. */

import { el as h, setAttr } from '../../util/dom.ts';

/** `h` is the app's one element helper; the write-only-what-changed helpers are shared with the other pages. */
export { h };
export { patchChildren, setAttr, setProp, setText } from '../../util/dom.ts';

const MINUS = '\u2212';

/** A number for people: `digits` significant figures, true minus sign, tiny values in e-notation. */
export function fmt(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined) return '—';
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : `${MINUS}∞`;
  if (v === 0) return '0';
  const a = Math.abs(v);
  let s: string;
  if (a < 1e-3 || a >= 1e6) {
    s = v.toExponential(Math.max(0, digits - 1)).replace(/\.?0+e/, 'e').replace('e+', 'e');
  } else {
    s = String(Number(v.toPrecision(digits)));
  }
  return s.replace('-', MINUS);
}

/** A fixed number of decimals (for values that should line up in a column). */
export function fixed(v: number | null | undefined, decimals = 3): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return fmt(v);
  const s = v.toFixed(decimals);
  // "-0.000" is a rounding artefact: show it as 0.
  return (/^-0\.?0*$/.test(s) ? s.slice(1) : s).replace('-', MINUS);
}


let uid = 0;
export const nextId = (prefix: string) => `${prefix}-${++uid}`;

export interface SliderControl {
  el: HTMLElement;
  range: HTMLInputElement;
  number: HTMLInputElement;
  set(value: number): void;
}

/**
 * A labelled range slider with a number box beside it. `log` sliders move in log10 space but report real values.
 * While dragging, `onInput` fires (history 'replace'); on release or a typed value, `onCommit` fires ('push').
 */
export function slider(o: {
  label: string;
  min: number;
  max: number;
  step: number;
  value: number;
  log?: boolean;
  /** Range of the number box when it may exceed the slider's (e.g. γ up to ±100). */
  numberMin?: number;
  numberMax?: number;
  testId: string;
  describe?: string;
  onInput(v: number): void;
  onCommit(v: number): void;
}): SliderControl {
  const id = nextId('sl');
  const toRange = (v: number) => (o.log ? Math.log10(v) : v);
  const fromRange = (r: number) => (o.log ? Number((10 ** r).toPrecision(3)) : r);
  // Log-scale values read best in e-notation ("1e-5", not "0.00001"); a number box accepts both.
  const show = (v: number) => (o.log ? v.toExponential().replace(/\.?0+e/, 'e').replace('e+', 'e') : String(v));
  const range = h('input', {
    type: 'range', id, min: toRange(o.min), max: toRange(o.max), step: o.log ? 0.05 : o.step, value: toRange(o.value),
    'data-testid': `${o.testId}-range`, 'aria-describedby': o.describe,
  });
  const number = h('input', {
    type: 'number', min: o.numberMin ?? o.min, max: o.numberMax ?? o.max, step: o.log ? 'any' : o.step, value: show(o.value),
    'aria-label': `${o.label} (exact value)`, 'data-testid': `${o.testId}-number`, class: 'num',
  });
  const label = h('label', { for: id }, o.label);
  const el = h('div', { class: 'slider-row', 'data-testid': o.testId }, label, range, number);
  range.addEventListener('input', () => {
    const v = fromRange(Number(range.value));
    number.value = show(v);
    o.onInput(v);
  });
  range.addEventListener('change', () => o.onCommit(fromRange(Number(range.value))));
  number.addEventListener('change', () => {
    const v = Number(number.value);
    const lo = o.numberMin ?? o.min;
    const hi = o.numberMax ?? o.max;
    if (number.value.trim() === '' || !Number.isFinite(v) || v < lo || v > hi) {
      number.setCustomValidity(`enter a number from ${lo} to ${hi}`);
      number.reportValidity();
      return;
    }
    number.setCustomValidity('');
    o.onCommit(v);
  });
  return {
    el, range, number,
    set(v: number) {
      if (document.activeElement !== number && Number(number.value) !== v) number.value = show(v);
      const r = toRange(v);
      // The slider's range may be narrower than the number box: widen it so the thumb shows the true value.
      if (!o.log) {
        const span = Math.max(Math.abs(o.min), Math.abs(o.max), Math.ceil(Math.abs(v)));
        if (o.min < 0 && span > Number(range.max)) {
          range.min = String(-span);
          range.max = String(span);
        }
      }
      if (Number(range.value) !== r) range.value = String(r);
    },
  };
}

/** A group of toggle buttons (aria-pressed) for an enum. */
export function segmented<T extends string>(o: {
  label: string;
  options: readonly { value: T; text: string; title?: string }[];
  testId: string;
  onSelect(v: T): void;
}): { el: HTMLElement; set(v: T): void } {
  const buttons = o.options.map((opt) => {
    const b = h('button', { type: 'button', 'data-value': opt.value, 'data-testid': `${o.testId}-${opt.value}`, title: opt.title }, opt.text);
    b.addEventListener('click', () => o.onSelect(opt.value));
    return b;
  });
  const el = h('div', { class: 'segmented', role: 'group', 'aria-label': o.label, 'data-testid': o.testId }, ...buttons);
  return {
    el,
    set(v: T) {
      for (const b of buttons) setAttr(b, 'aria-pressed', String(b.dataset.value === v));
    },
  };
}

/** Colours for the four channels (Tableau 10: distinct for the common colour-vision deficiencies). */
export const CHANNEL_COLOURS = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1'] as const;
