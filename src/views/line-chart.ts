/**
 * A small line chart: `renderLineChart(el, data, options)` — series (solid or dashed), dots, vertical markers and
 * a legend row, on linear or log axes. Pure and idempotent; geometry from `lineChartLayout` (tested on its own).
 */
import { line, scaleLinear, scaleLog, select, type ScaleContinuousNumeric } from 'd3';
import './charts.css';
import { setText, writeAttrs } from '../util/dom.ts';
import { tickLabels, writeAxisLabels } from './chart-axes.ts';

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
  /** Explicit x tick values, labelled as plain numbers (e.g. batch sizes 2, 4, …, 32 on a log axis). */
  xTicks?: readonly number[];
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
  const logTicks = (s: ScaleContinuousNumeric<number, number>, d: [number, number]) => {
    const lo = Math.ceil(Math.log10(d[0]));
    const hi = Math.floor(Math.log10(d[1]));
    const step = Math.max(1, Math.ceil((hi - lo + 1) / 6));
    const out: number[] = [];
    for (let e = lo; e <= hi; e += step) out.push(10 ** e);
    return out.length ? out : s.ticks(3);
  };
  const xTickVals = options.xTicks ? options.xTicks.filter((v) => usable(v, xLog)) : xLog ? logTicks(x, xd) : x.ticks(5);
  const yTickVals = yLog ? logTicks(y, yd) : y.ticks(4);
  const xLabels = tickLabels(xTickVals);
  const yLabels = tickLabels(yTickVals);
  let lx = plot.left;
  const legend = data.series.filter((s) => s.label).map((s) => {
    const item = { id: s.id, label: s.label!, color: s.color ?? 'currentColor', dashed: s.dashed === true, x: lx };
    lx += 34 + s.label!.length * 6.2;
    return item;
  });
  return {
    width, height, plot, paths, dots, vLines, legend,
    xTicks: xTickVals.map((v, i) => ({ x: r3(x(v)), label: xLabels[i] })),
    yTicks: yTickVals.map((v, i) => ({ y: r3(y(v)), label: yLabels[i] })),
  };
}

export function renderLineChart(el: HTMLElement, data: LineChartData, options: LineChartOptions): void {
  const L = lineChartLayout(data, options);
  type VLine = LineChartLayout['vLines'][number];
  type Path = LineChartLayout['paths'][number];
  type Dot = LineChartLayout['dots'][number];
  type LegendItem = LineChartLayout['legend'][number];
  // Redrawn with every result it shows: attributes and texts are written only when they change (util/dom.ts).
  const label = function (this: Element, d: { label: string }) { setText(this, d.label); };
  const svg = select(el).selectAll<SVGSVGElement, null>('svg.line-chart').data([null]).join('svg')
    .call(writeAttrs, {
      class: 'line-chart chart', width: L.width, height: L.height, viewBox: `0 0 ${L.width} ${L.height}`,
      role: 'img', 'aria-label': options.label, 'data-testid': options.testId ?? null,
    });
  const { plot } = L;
  svg.selectAll<SVGLineElement, { y: number }>('line.grid').data(L.yTicks).join((enter) => enter.append('line').attr('class', 'grid'))
    .call(writeAttrs, { x1: plot.left, x2: plot.right, y1: (t: { y: number }) => t.y, y2: (t: { y: number }) => t.y });
  svg.selectAll<SVGLineElement, null>('line.axis-line').data([null]).join((enter) => enter.append('line').attr('class', 'axis-line'))
    .call(writeAttrs, { x1: plot.left, x2: plot.right, y1: plot.bottom, y2: plot.bottom });
  writeAxisLabels(svg, { ...L, xLabel: options.xLabel, yLabel: options.yLabel, yTickGap: 5, yTitleX: 11 });
  const vl = svg.selectAll<SVGGElement, VLine>('g.vline').data(L.vLines).join((enter) => {
    const g = enter.append('g').attr('class', 'vline');
    g.append('line').attr('class', 'marker-line');
    g.append('text').attr('class', 'vlabel');
    return g;
  });
  vl.select<SVGLineElement>('line').call(writeAttrs, { x1: (v: VLine) => v.x, x2: (v: VLine) => v.x, y1: plot.top, y2: plot.bottom });
  vl.select<SVGTextElement>('text').call(writeAttrs, { x: (v: VLine) => v.x + 3, y: plot.top + 9 }).each(label);
  svg.selectAll<SVGPathElement, Path>('path.series').data(L.paths, (p) => p.id).join('path')
    .call(writeAttrs, { class: (p: Path) => `series${p.dashed ? ' dashed' : ''}`, stroke: (p: Path) => p.color, d: (p: Path) => p.d });
  svg.selectAll<SVGCircleElement, Dot>('circle.dot').data(L.dots).join((enter) => enter.append('circle').attr('class', 'dot'))
    .call(writeAttrs, { cx: (d: Dot) => d.x, cy: (d: Dot) => d.y, r: (d: Dot) => d.r, fill: (d: Dot) => d.color })
    .selectAll<SVGTitleElement, string>('title').data((d) => (d.label ? [d.label] : [])).join('title')
    .each(function (t) { setText(this, t); });
  const lg = svg.selectAll<SVGGElement, LegendItem>('g.legend-item').data(L.legend, (d) => d.id).join((enter) => {
    const g = enter.append('g').attr('class', 'legend-item');
    g.append('line');
    g.append('text');
    return g;
  });
  lg.select<SVGLineElement>('line').call(writeAttrs, {
    x1: (d: LegendItem) => d.x, x2: (d: LegendItem) => d.x + 18, y1: 10, y2: 10,
    stroke: (d: LegendItem) => d.color, 'stroke-width': 2, 'stroke-dasharray': (d: LegendItem) => (d.dashed ? '5 4' : null),
  });
  lg.select<SVGTextElement>('text').call(writeAttrs, { x: (d: LegendItem) => d.x + 22, y: 10, dy: '0.32em' }).each(label);
}
