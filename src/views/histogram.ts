/**
 * A histogram with mean and ±σ markers: `renderHistogram(el, data, options)`.
 *
 * The counts come in already binned (the caller decides bins and domain, so small multiples can share axes);
 * an optional ghost series is drawn as an outline — the previous state while a slider moves. Pure and
 * idempotent (d3 `selection.join`); the geometry comes from `histogramLayout`, which is tested on its own.
 */
import { format, scaleLinear, select } from 'd3';
import './charts.css';

export interface HistogramSeries {
  counts: ArrayLike<number>;
  /** The bins split [lo, hi] evenly. */
  lo: number;
  hi: number;
}

export interface HistogramData {
  main: HistogramSeries;
  ghost?: HistogramSeries | null;
  mean?: number | null;
  std?: number | null;
  /** x domain shown (may be wider than the bins). */
  domain: [number, number];
  /** Largest fraction per bin on the y axis; shared across small multiples. Default: this histogram's own. */
  yMax?: number;
}

export interface HistogramOptions {
  /** Accessible name, e.g. "brightness, input". */
  label: string;
  width?: number;
  height?: number;
  color?: string;
  /** Tick count on the x axis; 0 hides the axis. */
  ticks?: number;
  testId?: string;
  emphasis?: boolean;
}

export interface HistogramLayout {
  width: number;
  height: number;
  plotTop: number;
  plotBottom: number;
  bars: { x: number; y: number; width: number; height: number }[];
  ghostPath: string | null;
  mean: number | null;
  band: [number, number] | null;
  ticks: { x: number; label: string }[];
}

const MARGIN = { left: 6, right: 6, top: 6, bottom: 18 };
const r3 = (v: number) => Math.round(v * 1000) / 1000;

function fractions(s: HistogramSeries): number[] {
  let total = 0;
  for (let i = 0; i < s.counts.length; i++) total += s.counts[i];
  return Array.from(s.counts, (c) => (total > 0 ? c / total : 0));
}

/** Largest per-bin fraction of a series (for sharing the y scale between histograms). */
export function peakFraction(s: HistogramSeries): number {
  return Math.max(0, ...fractions(s));
}

/** All geometry in pixels, rounded to 3 decimals: the snapshot the tests compare. */
export function histogramLayout(data: HistogramData, options: Pick<HistogramOptions, 'width' | 'height' | 'ticks'>): HistogramLayout {
  const width = options.width ?? 220;
  const height = options.height ?? 90;
  const plotBottom = height - MARGIN.bottom;
  const [d0, d1] = data.domain;
  const x = scaleLinear().domain([d0, d1 > d0 ? d1 : d0 + 1]).range([MARGIN.left, width - MARGIN.right]);
  const main = fractions(data.main);
  const ghost = data.ghost ? fractions(data.ghost) : null;
  const yMax = data.yMax ?? Math.max(1e-12, ...main, ...(ghost ?? []));
  const y = scaleLinear().domain([0, yMax]).range([plotBottom, MARGIN.top]).clamp(true);
  const binX = (s: HistogramSeries, i: number) => x(s.lo + ((s.hi - s.lo) * i) / s.counts.length);
  const bars = main.map((f, i) => {
    const x0 = binX(data.main, i);
    const x1 = binX(data.main, i + 1);
    return { x: r3(x0), y: r3(y(f)), width: r3(Math.max(0, x1 - x0 - 0.5)), height: r3(plotBottom - y(f)) };
  });
  let ghostPath: string | null = null;
  if (ghost && data.ghost) {
    const g = data.ghost;
    let d = `M${r3(binX(g, 0))},${r3(plotBottom)}`;
    ghost.forEach((f, i) => {
      d += `V${r3(y(f))}H${r3(binX(g, i + 1))}`;
    });
    ghostPath = `${d}V${r3(plotBottom)}`;
  }
  const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
  const mean = finite(data.mean) ? r3(x(data.mean)) : null;
  const band: [number, number] | null = finite(data.mean) && finite(data.std)
    ? [r3(x(data.mean - data.std)), r3(x(data.mean + data.std))]
    : null;
  const tickCount = options.ticks ?? 4;
  const fmt = format('.2~g');
  const ticks = tickCount > 0 ? x.ticks(tickCount).map((t) => ({ x: r3(x(t)), label: fmt(t) })) : [];
  return { width, height, plotTop: MARGIN.top, plotBottom, bars, ghostPath, mean, band, ticks };
}

/** The bars as one SVG path of closed rectangles (empty bins left out). */
export function barsPath(bars: { x: number; y: number; width: number; height: number }[]): string {
  return bars.filter((b) => b.height > 0 && b.width > 0).map((b) => `M${b.x},${b.y}h${b.width}v${b.height}h${-b.width}Z`).join('');
}

/** What each element last drew (the inputs it was drawn from, as one string): a redraw that would change nothing is skipped. */
const drawn = new WeakMap<HTMLElement, string>();

const seriesKey = (s: HistogramSeries | null | undefined): string => (s ? `${s.lo},${s.hi}:${Array.prototype.join.call(s.counts)}` : '-');

/**
 * Everything `renderHistogram` draws from, as one string. The drawing is a pure function of these, so equal keys
 * mean an identical drawing; the key is cheaper than the layout (d3 scales and ticks), let alone the DOM writes.
 */
export function histogramKey(data: HistogramData, options: HistogramOptions): string {
  return [
    seriesKey(data.main), seriesKey(data.ghost), data.mean, data.std, data.domain.join(','), data.yMax,
    options.label, options.width, options.height, options.color, options.ticks, options.testId, options.emphasis === true,
  ].join('|');
}

/**
 * Draw (or update) the histogram in `el`. A call with the inputs it last drew does nothing: a γ move changes one of
 * a panel's twelve histograms, and rewriting the other eleven SVGs' attributes would make the browser restyle,
 * lay out and repaint them all for that frame.
 */
export function renderHistogram(el: HTMLElement, data: HistogramData, options: HistogramOptions): void {
  const key = histogramKey(data, options);
  if (drawn.get(el) === key && el.querySelector('svg.histogram')) return;
  drawn.set(el, key);
  const L = histogramLayout(data, options);
  const svg = select(el)
    .selectAll<SVGSVGElement, null>('svg.histogram')
    .data([null])
    .join('svg')
    .attr('class', 'histogram chart')
    .classed('emphasis', options.emphasis === true)
    .attr('width', L.width)
    .attr('height', L.height)
    .attr('viewBox', `0 0 ${L.width} ${L.height}`)
    .attr('role', 'img')
    .attr('data-testid', options.testId ?? null)
    .attr('aria-label', options.label + (data.mean != null && data.std != null
      ? `: mean ${format('.3~g')(data.mean)}, standard deviation ${format('.3~g')(data.std)}` : ''));

  svg.selectAll('rect.band').data(L.band ? [L.band] : []).join('rect').attr('class', 'band')
    .attr('x', (b) => Math.max(0, b[0]))
    .attr('width', (b) => Math.max(0, Math.min(L.width, b[1]) - Math.max(0, b[0])))
    .attr('y', L.plotTop).attr('height', L.plotBottom - L.plotTop);
  // All bars as one path: a γ drag redraws a dozen histograms per frame, and one element each (not one per bin)
  // keeps the browser's style, layout and paint work for them small.
  svg.selectAll('path.bars').data([barsPath(L.bars)]).join('path').attr('class', 'bars')
    .attr('fill', options.color ?? 'currentColor').attr('d', (d) => d);
  svg.selectAll('path.ghost').data(L.ghostPath ? [L.ghostPath] : []).join('path').attr('class', 'ghost').attr('d', (d) => d);
  svg.selectAll('line.mean').data(L.mean !== null ? [L.mean] : []).join('line').attr('class', 'mean')
    .attr('x1', (m) => m).attr('x2', (m) => m).attr('y1', L.plotTop - 2).attr('y2', L.plotBottom);
  svg.selectAll('line.sigma').data(L.band ?? []).join('line').attr('class', 'sigma')
    .attr('x1', (v) => v).attr('x2', (v) => v).attr('y1', L.plotTop + 4).attr('y2', L.plotBottom);
  svg.selectAll('line.baseline').data([null]).join('line').attr('class', 'baseline')
    .attr('x1', 0).attr('x2', L.width).attr('y1', L.plotBottom).attr('y2', L.plotBottom);
  svg.selectAll('text.tick').data(L.ticks).join('text').attr('class', 'tick')
    .attr('x', (t) => t.x).attr('y', L.plotBottom + 13).attr('text-anchor', 'middle').text((t) => t.label);
}
