/** DOM helpers for the training page's panels (plain DOM; the charts themselves are src/views). */

import { el } from '../../util/dom.ts';

export { el };

/** `<section class="panel" data-panel=id>` with a heading and an explanation written by us (static HTML). */
export function panelSection(id: string, title: string, story: string): { section: HTMLElement; body: HTMLElement } {
  const section = el('section', { class: 'panel tr-panel', 'data-panel': id, 'aria-labelledby': `tr-h-${id}`, 'data-testid': `panel-${id}` });
  section.append(el('h2', { id: `tr-h-${id}` }, title));
  const explain = el('p', { class: 'explain' });
  explain.innerHTML = story;
  const body = el('div', { class: 'tr-panel-body' });
  section.append(explain, body);
  return { section, body };
}

/** A captioned figure holding one view. */
export function figure(caption: string, attrs: Record<string, string> = {}): { fig: HTMLElement; plot: HTMLElement; caption: HTMLElement } {
  const fig = el('figure', { class: 'tr-fig', ...attrs });
  const cap = el('figcaption', {}, caption);
  const plot = el('div', { class: 'tr-plot' });
  fig.append(plot, cap);
  return { fig, plot, caption: cap };
}

/** Numbers as people read them: 3 significant digits, exponent for very small or large magnitudes. */
export function fmt(v: number, digits = 3): string {
  if (Number.isNaN(v)) return '—'; // not measured yet (before a run), never "NaN" on screen
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)) return v.toExponential(digits - 1);
  return String(Number(v.toPrecision(digits)));
}
