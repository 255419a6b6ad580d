/**
 * A histogram with mean and ±σ markers: `renderHistogram(el, data, options)`.
 *
 * The counts come in already binned (the caller decides bins and domain, so small multiples can share axes);
 * an optional ghost series is drawn as an outline — the previous state while a slider moves. Idempotent; the
 * geometry comes from `histogramLayout`, which is tested on its own.
 */
import { format, scaleLinear } from 'd3';
import { setAttr, setText, SVG_NS } from '../util/dom.ts';
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
const fmtTick = format('.2~g');
const fmtStat = format('.3~g');
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
  const ticks = tickCount > 0 ? x.ticks(tickCount).map((t) => ({ x: r3(x(t)), label: fmtTick(t) })) : [];
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
 * The elements of one histogram. `order` is their paint order; the optional ones (band, ghost, mean, σ lines) are
 * in the SVG only while they have something to show, bars and baseline always.
 */
interface HistogramDom {
  svg: SVGSVGElement;
  band: Element;
  bars: Element;
  ghost: Element;
  mean: Element;
  sigma: [Element, Element];
  baseline: Element;
  order: Element[];
  ticks: Element[];
}

const doms = new WeakMap<HTMLElement, HistogramDom>();

function svgEl(tag: string, cls: string): Element {
  const el = document.createElementNS(SVG_NS, tag);
  el.setAttribute('class', cls);
  return el;
}

/** Put `el` in or out of the SVG; in, at its place in the paint order (before the next element that is in). */
function present(dom: HistogramDom, el: Element, shown: boolean): void {
  if (shown && el.parentNode !== dom.svg) {
    const next = dom.order.slice(dom.order.indexOf(el) + 1).find((e) => e.parentNode === dom.svg) ?? null;
    dom.svg.insertBefore(el, next);
  } else if (!shown && el.parentNode === dom.svg) {
    el.remove();
  }
}

function histogramDom(el: HTMLElement): HistogramDom {
  const had = doms.get(el);
  if (had && had.svg.parentNode === el) return had;
  const svg = document.createElementNS(SVG_NS, 'svg') as SVGSVGElement;
  svg.setAttribute('role', 'img');
  const [band, bars, ghost, mean, sigma0, sigma1, baseline] = [['rect', 'band'], ['path', 'bars'], ['path', 'ghost'],
    ['line', 'mean'], ['line', 'sigma'], ['line', 'sigma'], ['line', 'baseline']].map(([tag, cls]) => svgEl(tag, cls));
  const dom: HistogramDom = {
    svg, band, bars, ghost, mean, sigma: [sigma0, sigma1], baseline, order: [band, bars, ghost, mean, sigma0, sigma1, baseline], ticks: [],
  };
  svg.append(bars, baseline);
  el.replaceChildren(svg);
  doms.set(el, dom);
  drawn.delete(el); // a new SVG: whatever was drawn before is gone
  return dom;
}

/**
 * Draw (or update) the histogram in `el`. A call with the inputs it last drew does nothing: a γ move changes one of
 * a panel's twelve histograms, and rewriting the other eleven SVGs' attributes would make the browser restyle,
 * lay out and repaint them all for that frame. Otherwise the SVG's few elements are written by hand, each
 * attribute only when it changed: a new batch redraws all twelve, and a d3 join per element kind was most of the
 * panel's time.
 */
export function renderHistogram(el: HTMLElement, data: HistogramData, options: HistogramOptions): void {
  const key = histogramKey(data, options);
  const dom = histogramDom(el);
  if (drawn.get(el) === key) return;
  drawn.set(el, key);
  const L = histogramLayout(data, options);
  const { svg } = dom;
  setAttr(svg, 'class', options.emphasis === true ? 'histogram chart emphasis' : 'histogram chart');
  setAttr(svg, 'width', String(L.width));
  setAttr(svg, 'height', String(L.height));
  setAttr(svg, 'viewBox', `0 0 ${L.width} ${L.height}`);
  if (options.testId) setAttr(svg, 'data-testid', options.testId);
  else svg.removeAttribute('data-testid');
  setAttr(svg, 'aria-label', options.label + (data.mean != null && data.std != null
    ? `: mean ${fmtStat(data.mean)}, standard deviation ${fmtStat(data.std)}` : ''));

  present(dom, dom.band, L.band !== null);
  if (L.band) {
    setAttr(dom.band, 'x', String(Math.max(0, L.band[0])));
    setAttr(dom.band, 'width', String(Math.max(0, Math.min(L.width, L.band[1]) - Math.max(0, L.band[0]))));
    setAttr(dom.band, 'y', String(L.plotTop));
    setAttr(dom.band, 'height', String(L.plotBottom - L.plotTop));
  }
  // All bars as one path: a γ drag redraws a dozen histograms per frame, and one element each (not one per bin)
  // keeps the browser's style, layout and paint work for them small.
  setAttr(dom.bars, 'fill', options.color ?? 'currentColor');
  setAttr(dom.bars, 'd', barsPath(L.bars));
  present(dom, dom.ghost, L.ghostPath !== null);
  if (L.ghostPath !== null) setAttr(dom.ghost, 'd', L.ghostPath);
  present(dom, dom.mean, L.mean !== null);
  if (L.mean !== null) line(dom.mean, L.mean, L.mean, L.plotTop - 2, L.plotBottom);
  for (let i = 0; i < 2; i++) {
    present(dom, dom.sigma[i], L.band !== null);
    if (L.band) line(dom.sigma[i], L.band[i], L.band[i], L.plotTop + 4, L.plotBottom);
  }
  line(dom.baseline, 0, L.width, L.plotBottom, L.plotBottom);
  while (dom.ticks.length > L.ticks.length) dom.ticks.pop()!.remove();
  while (dom.ticks.length < L.ticks.length) {
    const t = svgEl('text', 'tick');
    t.setAttribute('text-anchor', 'middle');
    svg.append(t);
    dom.ticks.push(t);
  }
  L.ticks.forEach((t, i) => {
    setAttr(dom.ticks[i], 'x', String(t.x));
    setAttr(dom.ticks[i], 'y', String(L.plotBottom + 13));
    setText(dom.ticks[i], t.label);
  });
}

function line(el: Element, x1: number, x2: number, y1: number, y2: number): void {
  setAttr(el, 'x1', String(x1));
  setAttr(el, 'x2', String(x2));
  setAttr(el, 'y1', String(y1));
  setAttr(el, 'y2', String(y2));
}
