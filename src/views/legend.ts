/**
 * A colour legend for one ColorScale: `renderLegend(el, scale, options)` draws the ramp as a gradient bar with
 * ticks at the domain ends (and 0 for diverging scales). Idempotent, stateless.
 */
import { format, scaleLinear, select } from 'd3';
import type { ColorScale } from './color.ts';
import './views.css';
import { setText, writeAttrs } from '../util/dom.ts';

export interface LegendOptions {
  title: string;
  width?: number;
  /** Tick label format; default 3 significant digits. */
  format?: (v: number) => string;
  testId?: string;
}

let gradientCounter = 0;

export function renderLegend(el: HTMLElement, scale: ColorScale, options: LegendOptions): void {
  const width = options.width ?? 180;
  const barH = 10;
  const fmt = options.format ?? format('.3~g');
  const [d0, d1] = scale.domain;
  const x = scaleLinear().domain([d0, d1 === d0 ? d0 + 1 : d1]).range([6, width - 6]);
  const ticks = scale.kind === 'diverging' ? [d0, 0, d1] : [d0, d1];

  // Legends are redrawn with every result: texts and attributes are written only when they change (util/dom.ts).
  const root = select(el)
    .selectAll<HTMLDivElement, null>('div.legend')
    .data([null])
    .join((enter) => enter.append('div').attr('class', 'legend'))
    .call(writeAttrs, { 'data-testid': options.testId ?? null });
  root.selectAll<HTMLSpanElement, string>('span.legend-title').data([options.title])
    .join((enter) => enter.append('span').attr('class', 'legend-title'))
    .each(function (d) { setText(this, d); });

  const svg = root.selectAll<SVGSVGElement, null>('svg').data([null]).join('svg')
    .call(writeAttrs, {
      width,
      height: barH + 18,
      role: 'img',
      'aria-label': `${options.title}: colour scale from ${fmt(d0)} to ${fmt(d1)}`,
    });
  // Gradient ids must be unique in the document; keep the one this legend was given.
  const defs = svg.selectAll('defs').data([null]).join('defs');
  const grad = defs.selectAll<SVGLinearGradientElement, null>('linearGradient').data([null])
    .join((enter) => enter.append('linearGradient').attr('id', `legend-grad-${++gradientCounter}`));
  const stops = Array.from({ length: 11 }, (_, i) => i / 10);
  grad.selectAll<SVGStopElement, number>('stop').data(stops).join('stop')
    .call(writeAttrs, { offset: (t: number) => `${t * 100}%`, 'stop-color': (t: number) => scale.interpolator(t) });
  svg.selectAll<SVGRectElement, null>('rect.bar').data([null]).join((enter) => enter.append('rect').attr('class', 'bar'))
    .call(writeAttrs, { x: 6, y: 0, width: width - 12, height: barH, fill: `url(#${grad.attr('id')})` });
  svg.selectAll<SVGTextElement, number>('text').data(ticks).join('text')
    .call(writeAttrs, {
      x: (v: number) => x(v),
      y: barH + 13,
      'text-anchor': (_: number, i: number) => (i === 0 ? 'start' : i === ticks.length - 1 ? 'end' : 'middle'),
      dx: (_: number, i: number) => (i === 0 ? -6 : i === ticks.length - 1 ? 6 : 0),
    })
    .each(function (v) { setText(this, fmt(v)); });
}
