/**
 * A formula with the current numbers substituted, one row per equation:
 *   label   symbolic  =  substituted  =  result
 * `renderFormula(el, rows, options)`; idempotent (d3 join), stateless.
 */
import { select } from 'd3';
import './views.css';

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
  table.selectAll('caption').data(options.caption ? [options.caption] : []).join('caption').text((d) => d);
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
    .attr('data-testid', (d) => `formula-${d.id}`);
  tr.select('th').text((d) => d.label);
  tr.select('td.symbolic').text((d) => d.symbolic);
  tr.select('td.substituted').text((d) => d.substituted);
  tr.select('td.result').text((d) => d.result);
}
