/**
 * A small line chart: `renderLineChart(el, data, options)` — series (solid or dashed), dots, vertical markers and
 * a legend row, on linear or log axes. Pure and idempotent; geometry from `lineChartLayout` (tested on its own).
 */
import { format, line, scaleLinear, scaleLog, select, type ScaleContinuousNumeric } from 'd3';
import './charts.css';

export type Point = readonly [number, number];

export interface LineSeries {
  id: string;
  points: readonly Point[];
  color?: string;
  dashed?: boolean;
  /** Shown in the legend row when given. */
  label?: string;
}

export interface LineChartData {
  series: readonly LineSeries[];
  dots?: readonly { x: number; y: number; color?: string; label?: string; r?: number }[];
  /** Vertical reference lines, e.g. "distribution shift" or "eps". */
  vLines?: readonly { x: number; label: string }[];
  xDomain?: [number, number];
  yDomain?: [number, number];
}

export interface LineChartOptions {
  label: string;
  width?: number;
  height?: number;
  xLabel?: string;
  yLabel?: string;
  xLog?: boolean;
  yLog?: boolean;
  testId?: string;
}

export interface LineChartLayout {
  width: number;
  height: number;
  plot: { left: number; right: number; top: number; bottom: number };
  paths: { id: string; d: string; color: string; dashed: boolean }[];
  dots: { x: number; y: number; color: string; r: number; label: string }[];
  vLines: { x: number; label: string }[];
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; label: string }[];
  legend: { id: string; label: string; color: string; dashed: boolean; x: number }[];
}

const r3 = (v: number) => Math.round(v * 1000) / 1000;
const usable = (v: number, log: boolean) => Number.isFinite(v) && (!log || v > 0);

function extent(values: number[], log: boolean): [number, number] {
  const ok = values.filter((v) => usable(v, log));
  if (ok.length === 0) return log ? [1e-3, 1] : [0, 1];
  let lo = Math.min(...ok);
  let hi = Math.max(...ok);
  if (lo === hi) {
    const pad = log ? lo * 0.5 : Math.abs(lo) * 0.1 || 1;
    lo -= log ? pad : pad;
    hi += pad;
  } else if (!log) {
    const pad = (hi - lo) * 0.06;
    lo -= pad;
    hi += pad;
  }
  return [lo, hi];
}

export function lineChartLayout(data: LineChartData, options: Omit<LineChartOptions, 'label' | 'testId'>): LineChartLayout {
  const width = options.width ?? 320;
  const height = options.height ?? 180;
  const hasLegend = data.series.some((s) => s.label);
  const plot = { left: 46, right: width - 10, top: hasLegend ? 24 : 8, bottom: height - (options.xLabel ? 34 : 22) };
  const xLog = options.xLog === true;
  const yLog = options.yLog === true;
  const xs = [...data.series.flatMap((s) => s.points.map((p) => p[0])), ...(data.dots ?? []).map((d) => d.x), ...(data.vLines ?? []).map((v) => v.x)];
  const ys = [...data.series.flatMap((s) => s.points.map((p) => p[1])), ...(data.dots ?? []).map((d) => d.y)];
  const xd = data.xDomain ?? extent(xs, xLog);
  const yd = data.yDomain ?? extent(ys, yLog);
  const x: ScaleContinuousNumeric<number, number> = (xLog ? scaleLog() : scaleLinear()).domain(xd).range([plot.left, plot.right]);
  const y: ScaleContinuousNumeric<number, number> = (yLog ? scaleLog() : scaleLinear()).domain(yd).range([plot.bottom, plot.top]);
  const gen = line<Point>()
    .defined((p) => usable(p[0], xLog) && usable(p[1], yLog))
    .x((p) => r3(x(p[0])))
    .y((p) => r3(y(p[1])));
  const paths = data.series.map((s) => ({ id: s.id, d: gen([...s.points]) ?? '', color: s.color ?? 'currentColor', dashed: s.dashed === true }));
  const dots = (data.dots ?? []).filter((d) => usable(d.x, xLog) && usable(d.y, yLog))
    .map((d) => ({ x: r3(x(d.x)), y: r3(y(d.y)), color: d.color ?? 'currentColor', r: d.r ?? 3.5, label: d.label ?? '' }));
  const vLines = (data.vLines ?? []).filter((v) => usable(v.x, xLog)).map((v) => ({ x: r3(x(v.x)), label: v.label }));
  const fmt = format('.2~g');
  const logTicks = (s: ScaleContinuousNumeric<number, number>, d: [number, number]) => {
    const lo = Math.ceil(Math.log10(d[0]));
    const hi = Math.floor(Math.log10(d[1]));
    const step = Math.max(1, Math.ceil((hi - lo + 1) / 6));
    const out: number[] = [];
    for (let e = lo; e <= hi; e += step) out.push(10 ** e);
    return out.length ? out : s.ticks(3);
  };
  const xTickVals = xLog ? logTicks(x, xd) : x.ticks(5);
  const yTickVals = yLog ? logTicks(y, yd) : y.ticks(4);
  const tickLabel = (v: number, log: boolean) => (log ? `1e${Math.round(Math.log10(v))}` : fmt(v));
  let lx = plot.left;
  const legend = data.series.filter((s) => s.label).map((s) => {
    const item = { id: s.id, label: s.label!, color: s.color ?? 'currentColor', dashed: s.dashed === true, x: lx };
    lx += 34 + s.label!.length * 6.2;
    return item;
  });
  return {
    width, height, plot, paths, dots, vLines, legend,
    xTicks: xTickVals.map((v) => ({ x: r3(x(v)), label: tickLabel(v, xLog) })),
    yTicks: yTickVals.map((v) => ({ y: r3(y(v)), label: tickLabel(v, yLog) })),
  };
}

export function renderLineChart(el: HTMLElement, data: LineChartData, options: LineChartOptions): void {
  const L = lineChartLayout(data, options);
  const svg = select(el).selectAll<SVGSVGElement, null>('svg.line-chart').data([null]).join('svg')
    .attr('class', 'line-chart chart')
    .attr('width', L.width).attr('height', L.height).attr('viewBox', `0 0 ${L.width} ${L.height}`)
    .attr('role', 'img').attr('aria-label', options.label).attr('data-testid', options.testId ?? null);
  const { plot } = L;
  svg.selectAll('line.grid').data(L.yTicks).join('line').attr('class', 'grid')
    .attr('x1', plot.left).attr('x2', plot.right).attr('y1', (t) => t.y).attr('y2', (t) => t.y);
  svg.selectAll('line.axis-line').data([null]).join('line').attr('class', 'axis-line')
    .attr('x1', plot.left).attr('x2', plot.right).attr('y1', plot.bottom).attr('y2', plot.bottom);
  svg.selectAll('text.ytick').data(L.yTicks).join('text').attr('class', 'tick ytick')
    .attr('x', plot.left - 5).attr('y', (t) => t.y).attr('dy', '0.32em').attr('text-anchor', 'end').text((t) => t.label);
  svg.selectAll('text.xtick').data(L.xTicks).join('text').attr('class', 'tick xtick')
    .attr('x', (t) => t.x).attr('y', plot.bottom + 13).attr('text-anchor', 'middle').text((t) => t.label);
  svg.selectAll('text.xtitle').data(options.xLabel ? [options.xLabel] : []).join('text').attr('class', 'axis-title xtitle')
    .attr('x', (plot.left + plot.right) / 2).attr('y', L.height - 4).attr('text-anchor', 'middle').text((d) => d);
  svg.selectAll('text.ytitle').data(options.yLabel ? [options.yLabel] : []).join('text').attr('class', 'axis-title ytitle')
    .attr('transform', `translate(11, ${(plot.top + plot.bottom) / 2}) rotate(-90)`).attr('text-anchor', 'middle').text((d) => d);
  const vl = svg.selectAll<SVGGElement, LineChartLayout['vLines'][number]>('g.vline').data(L.vLines).join((enter) => {
    const g = enter.append('g').attr('class', 'vline');
    g.append('line').attr('class', 'marker-line');
    g.append('text').attr('class', 'vlabel');
    return g;
  });
  vl.select('line').attr('x1', (v) => v.x).attr('x2', (v) => v.x).attr('y1', plot.top).attr('y2', plot.bottom);
  vl.select('text').attr('x', (v) => v.x + 3).attr('y', plot.top + 9).text((v) => v.label);
  svg.selectAll('path.series').data(L.paths, (p) => (p as LineChartLayout['paths'][number]).id).join('path')
    .attr('class', (p) => `series${p.dashed ? ' dashed' : ''}`).attr('stroke', (p) => p.color).attr('d', (p) => p.d);
  svg.selectAll('circle.dot').data(L.dots).join('circle').attr('class', 'dot')
    .attr('cx', (d) => d.x).attr('cy', (d) => d.y).attr('r', (d) => d.r).attr('fill', (d) => d.color)
    .selectAll('title').data((d) => (d.label ? [d.label] : [])).join('title').text((t) => t);
  const lg = svg.selectAll<SVGGElement, LineChartLayout['legend'][number]>('g.legend-item').data(L.legend, (d) => d.id).join((enter) => {
    const g = enter.append('g').attr('class', 'legend-item');
    g.append('line');
    g.append('text');
    return g;
  });
  lg.select('line').attr('x1', (d) => d.x).attr('x2', (d) => d.x + 18).attr('y1', 10).attr('y2', 10)
    .attr('stroke', (d) => d.color).attr('stroke-width', 2).attr('stroke-dasharray', (d) => (d.dashed ? '5 4' : null));
  lg.select('text').attr('x', (d) => d.x + 22).attr('y', 10).attr('dy', '0.32em').text((d) => d.label);
}
