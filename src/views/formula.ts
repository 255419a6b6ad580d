/**
 * A formula with the current numbers substituted, one row per equation:
 *   label   symbolic  =  substituted  =  result
 * `renderFormula(el, rows, options)`; idempotent (d3 join), stateless.
 */
import { select } from 'd3';
import './views.css';
import { setText, writeAttrs } from '../util/dom.ts';

export interface FormulaRow {
  /** Stable key, also used as data-testid suffix. */
  id: string;
  label: string;
  symbolic: string;
  substituted: string;
  result: string;
}

export function renderFormula(el: HTMLElement, rows: readonly FormulaRow[], options: { caption?: string } = {}): void {
  const table = select(el).selectAll<HTMLTableElement, null>('table.formula').data([null])
    .join((enter) => enter.append('table').attr('class', 'formula'));
  table.selectAll<HTMLTableCaptionElement, string>('caption').data(options.caption ? [options.caption] : []).join('caption')
    .each(function (d) { setText(this, d); });
  const tr = table.selectAll<HTMLTableRowElement, FormulaRow>('tr').data(rows, (d) => d.id)
    .join((enter) => {
      const r = enter.append('tr');
      r.append('th').attr('scope', 'row');
      r.append('td').attr('class', 'symbolic');
      r.append('td').attr('class', 'eq').text('=');
      r.append('td').attr('class', 'substituted');
      r.append('td').attr('class', 'eq').text('=');
      r.append('td').attr('class', 'result');
      return r;
    })
    // Only changed cells and attributes are rewritten (util/dom.ts): the formula is redrawn on every slider step.
    .call(writeAttrs, { 'data-testid': (d: FormulaRow) => `formula-${d.id}` });
  tr.select<HTMLElement>('th').each(function (d) { setText(this, d.label); });
  tr.select<HTMLElement>('td.symbolic').each(function (d) { setText(this, d.symbolic); });
  tr.select<HTMLElement>('td.substituted').each(function (d) { setText(this, d.substituted); });
  tr.select<HTMLElement>('td.result').each(function (d) { setText(this, d.result); });
}
