/**
 * A sum written out term by term: `y[4, 5] = 0.53·1 + 0.21·1 + … + bias = 1.24`.
 * `renderTermList(el, data)`; idempotent, stateless. Long sums are cut after `maxTerms` with a count.
 */
import { format, select } from 'd3';
import './views.css';
import { setText, writeAttrs } from '../util/dom.ts';

export interface TermListData {
  /** Left-hand side, e.g. "y[4, 5]". */
  target: string;
  terms: { label: string; value: number; detail: string }[];
  bias: number | null;
  total: number;
}

const f = format('.3~f');

export function renderTermList(el: HTMLElement, data: TermListData | null, options: { empty: string; maxTerms?: number; testId?: string }): void {
  const root = select(el).selectAll<HTMLDivElement, null>('div.term-list').data([null])
    .join((enter) => enter.append('div').attr('class', 'term-list'))
    // Redrawn with every result while nothing is hovered: only what changed is written (util/dom.ts).
    .call(writeAttrs, { 'data-testid': options.testId ?? null, 'aria-live': 'polite' });
  const list = root.node()!;
  if (!data) {
    writeAttrs(root, { 'data-terms': 0 });
    setText(list, options.empty);
    list.classList.toggle('empty', true);
    return;
  }
  list.classList.toggle('empty', false);
  root.text('').attr('data-terms', data.terms.length);
  const max = options.maxTerms ?? 12;
  const shown = data.terms.slice(0, max);
  root.append('span').attr('class', 'tl-target').text(`${data.target} = `);
  if (data.terms.length === 0) root.append('span').attr('class', 'tl-none').text('(no input pixel reaches here) ');
  shown.forEach((t, i) => {
    if (i > 0) root.append('span').attr('class', 'tl-op').text(' + ');
    root.append('span').attr('class', 'tl-term').attr('title', t.detail).text(t.label);
  });
  if (data.terms.length > max) root.append('span').attr('class', 'tl-more').text(` + … (${data.terms.length - max} more)`);
  if (data.bias !== null) root.append('span').attr('class', 'tl-op').text(` + bias ${f(data.bias)}`);
  root.append('span').attr('class', 'tl-total').attr('data-testid', options.testId ? `${options.testId}-total` : null).text(` = ${f(data.total)}`);
}
