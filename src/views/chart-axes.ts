/**
 * Tick labels and axis titles of the line chart and the scatter plot (`writeAxisLabels`), written only where they
 * changed: both charts are redrawn with every result they show, and a rewrite of the same attribute or text still
 * costs the browser a restyle of the element (util/dom.ts).
 */
import type { Selection } from 'd3';
import { setText, writeAttrs } from '../util/dom.ts';

export interface AxisLabels {
  plot: { left: number; right: number; top: number; bottom: number };
  /** The chart's full height (the x title sits at its foot). */
  height: number;
  xTicks: readonly { x: number; label: string }[];
  yTicks: readonly { y: number; label: string }[];
  xLabel?: string;
  yLabel?: string;
  /** Gap between the plot's left edge and the y tick labels' right end. */
  yTickGap: number;
  /** x of the (rotated) y title's centre. */
  yTitleX: number;
}

function label(this: Element, d: { label: string } | string): void {
  setText(this, typeof d === 'string' ? d : d.label);
}

export function writeAxisLabels(svg: Selection<SVGSVGElement, null, HTMLElement, unknown>, a: AxisLabels): void {
  const { plot } = a;
  svg.selectAll<SVGTextElement, { x: number; label: string }>('text.xtick').data(a.xTicks)
    .join((enter) => enter.append('text').attr('class', 'tick xtick'))
    .call(writeAttrs, { x: (t: { x: number }) => t.x, y: plot.bottom + 13, 'text-anchor': 'middle' }).each(label);
  svg.selectAll<SVGTextElement, { y: number; label: string }>('text.ytick').data(a.yTicks)
    .join((enter) => enter.append('text').attr('class', 'tick ytick'))
    .call(writeAttrs, { x: plot.left - a.yTickGap, y: (t: { y: number }) => t.y, dy: '0.32em', 'text-anchor': 'end' }).each(label);
  svg.selectAll<SVGTextElement, string>('text.xtitle').data(a.xLabel ? [a.xLabel] : [])
    .join((enter) => enter.append('text').attr('class', 'axis-title xtitle'))
    .call(writeAttrs, { x: (plot.left + plot.right) / 2, y: a.height - 4, 'text-anchor': 'middle' }).each(label);
  svg.selectAll<SVGTextElement, string>('text.ytitle').data(a.yLabel ? [a.yLabel] : [])
    .join((enter) => enter.append('text').attr('class', 'axis-title ytitle'))
    .call(writeAttrs, { transform: `translate(${a.yTitleX}, ${(plot.top + plot.bottom) / 2}) rotate(-90)`, 'text-anchor': 'middle' })
    .each(label);
}

/**
 * Tick labels as plain decimals ("100", "0.12", not "1e+2" or "1.2e-1"), with as many significant digits as it
 * takes to write each tick exactly (a narrow log axis once labelled five ticks "1e-1"). Values
 * below 1e-4 or from 1e6 up are written as 1e-5 / 2e6 — a column of zeros is harder to read than the exponent.
 */
export function tickLabels(values: readonly number[]): string[] {
  // The fewest digits that write every tick exactly (ticks are round numbers): distinct labels alone could round
  // 16 and 32 to "20" and "30".
  const exact = (v: number, label: string) => Math.abs(Number(label) - v) <= 1e-9 * Math.abs(v);
  for (let digits = 1; digits <= 8; digits++) {
    const labels = values.map((v) => plainNumber(v, digits));
    if (labels.every((l, i) => exact(values[i], l)) && new Set(labels).size === new Set(values).size) return labels;
  }
  return values.map((v) => plainNumber(v, 12));
}

function plainNumber(v: number, digits: number): string {
  if (v === 0 || !Number.isFinite(v)) return v === 0 ? '0' : String(v);
  const r = Number(v.toPrecision(digits));
  const a = Math.abs(r);
  if (a < 1e-4 || a >= 1e6) return r.toExponential().replace('e+', 'e');
  const decimals = Math.min(20, Math.max(0, digits - 1 - Math.floor(Math.log10(a))));
  const s = r.toFixed(decimals);
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}
