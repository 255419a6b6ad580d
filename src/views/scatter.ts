/**
 * A scatter plot of paired values with their 2σ covariance ellipse: `renderScatter(el, data, options)`.
 * The ellipse makes correlation visible at a glance: a tilted, thin ellipse is correlated data; a circle is
 * uncorrelated data with equal spreads. Large inputs are thinned by a fixed stride (deterministic, so snapshots
 * and screenshots are stable); the ellipse always uses every point. Pure and idempotent.
 */
import { scaleLinear, select } from 'd3';
import { fitDeviceBitmap } from './canvas-bitmap.ts';
import { setVectorExport } from './vector-export.ts';
import { SVG_NS, writeAttrs } from '../util/dom.ts';
import { tickLabels, writeAxisLabels } from './chart-axes.ts';

const ticksOf = (values: number[]): [number, string][] => {
  const labels = tickLabels(values);
  return values.map((v, i) => [v, labels[i]]);
};
import './charts.css';

/** Dot radius (px) and opacity: overlapping dots add up, so dense regions read darker. */
const DOT_R = 1.8;
const DOT_OPACITY = 0.35;

export interface ScatterData {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  xDomain?: [number, number];
  yDomain?: [number, number];
  color?: string;
}

export interface ScatterOptions {
  label: string;
  width?: number;
  height?: number;
  xLabel?: string;
  yLabel?: string;
  /** At most this many dots are drawn (default 1500). */
  maxPoints?: number;
  /** Draw the 2σ covariance ellipse (default true). */
  ellipse?: boolean;
  testId?: string;
}

export interface ScatterLayout {
  width: number;
  height: number;
  plot: { left: number; right: number; top: number; bottom: number };
  points: { x: number; y: number }[];
  ellipse: string | null;
  /** Pixel positions of the value 0 on each axis, when inside the domain. */
  zeroX: number | null;
  zeroY: number | null;
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; label: string }[];
  drawn: number;
  total: number;
}

const r3 = (v: number) => Math.round(v * 1000) / 1000;

/** Mean and 2×2 covariance (÷ n) of finite pairs. */
export function pairMoments(xs: ArrayLike<number>, ys: ArrayLike<number>): { mx: number; my: number; sxx: number; syy: number; sxy: number; n: number } {
  let n = 0, mx = 0, my = 0;
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(xs[i]) || !Number.isFinite(ys[i])) continue;
    n++;
    mx += xs[i];
    my += ys[i];
  }
  mx /= n || 1;
  my /= n || 1;
  let sxx = 0, syy = 0, sxy = 0;
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(xs[i]) || !Number.isFinite(ys[i])) continue;
    const dx = xs[i] - mx;
    const dy = ys[i] - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  return { mx, my, sxx: sxx / (n || 1), syy: syy / (n || 1), sxy: sxy / (n || 1), n };
}

function paddedExtent(v: ArrayLike<number>): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i])) continue;
    lo = Math.min(lo, v[i]);
    hi = Math.max(hi, v[i]);
  }
  if (!(lo <= hi)) return [-1, 1];
  if (lo === hi) return [lo - 1, hi + 1];
  const pad = (hi - lo) * 0.05;
  return [lo - pad, hi + pad];
}

export function scatterLayout(data: ScatterData, options: Omit<ScatterOptions, 'label' | 'testId'>): ScatterLayout {
  const width = options.width ?? 240;
  const height = options.height ?? 240;
  const plot = { left: 40, right: width - 8, top: 8, bottom: height - (options.xLabel ? 34 : 22) };
  const xd = data.xDomain ?? paddedExtent(data.x);
  const yd = data.yDomain ?? paddedExtent(data.y);
  const x = scaleLinear().domain(xd).range([plot.left, plot.right]);
  const y = scaleLinear().domain(yd).range([plot.bottom, plot.top]);
  const total = Math.min(data.x.length, data.y.length);
  const stride = Math.max(1, Math.ceil(total / (options.maxPoints ?? 1500)));
  const points: { x: number; y: number }[] = [];
  for (let i = 0; i < total; i += stride) {
    const a = data.x[i];
    const b = data.y[i];
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    points.push({ x: r3(x(a)), y: r3(y(b)) });
  }
  let ellipse: string | null = null;
  if (options.ellipse !== false && total > 1) {
    const m = pairMoments(data.x, data.y);
    // Eigen-decomposition of the symmetric 2×2 covariance: axes of the 2σ ellipse.
    const tr = m.sxx + m.syy;
    const det = m.sxx * m.syy - m.sxy * m.sxy;
    const disc = Math.sqrt(Math.max(0, (tr * tr) / 4 - det));
    const l1 = tr / 2 + disc;
    const l2 = Math.max(0, tr / 2 - disc);
    const angle = Math.abs(m.sxy) > 1e-300 ? Math.atan2(l1 - m.sxx, m.sxy) : m.sxx >= m.syy ? 0 : Math.PI / 2;
    const a = 2 * Math.sqrt(l1);
    const b = 2 * Math.sqrt(l2);
    const parts: string[] = [];
    for (let k = 0; k <= 64; k++) {
      const t = (2 * Math.PI * k) / 64;
      const ex = m.mx + a * Math.cos(t) * Math.cos(angle) - b * Math.sin(t) * Math.sin(angle);
      const ey = m.my + a * Math.cos(t) * Math.sin(angle) + b * Math.sin(t) * Math.cos(angle);
      parts.push(`${k === 0 ? 'M' : 'L'}${r3(x(ex))},${r3(y(ey))}`);
    }
    if (Number.isFinite(a) && Number.isFinite(b)) ellipse = `${parts.join('')}Z`;
  }
  const inside = (d: [number, number]) => d[0] <= 0 && d[1] >= 0;
  return {
    width, height, plot, points, ellipse, total, drawn: points.length,
    zeroX: inside(xd) ? r3(x(0)) : null,
    zeroY: inside(yd) ? r3(y(0)) : null,
    xTicks: ticksOf(x.ticks(5)).map(([v, label]) => ({ x: r3(x(v)), label })),
    yTicks: ticksOf(y.ticks(5)).map(([v, label]) => ({ y: r3(y(v)), label })),
  };
}

let clipCounter = 0;

export function renderScatter(el: HTMLElement, data: ScatterData, options: ScatterOptions): void {
  const L = scatterLayout(data, options);
  const { plot } = L;
  // The dots are a canvas under the SVG (frame, zero lines, ellipse, axes): as SVG circles, every dot of a new batch
  // would be restyled, laid out and painted, and walked by an accessibility scan. An SVG export still gets them as
  // circles (vector-export.ts).
  const figure = select(el).selectAll<HTMLDivElement, null>('div.scatter-figure').data([null])
    .join((enter) => enter.append('div').attr('class', 'scatter-figure'));
  const canvas = figure.selectAll<HTMLCanvasElement, null>('canvas.scatter-dots').data([null])
    .join((enter) => enter.append('canvas').attr('class', 'scatter-dots').attr('aria-hidden', 'true'));
  // Redrawn with every new batch: attributes and texts are written only when they change (util/dom.ts).
  const svg = figure.selectAll<SVGSVGElement, null>('svg.scatter').data([null]).join('svg')
    .call(writeAttrs, {
      class: 'scatter chart', width: L.width, height: L.height, viewBox: `0 0 ${L.width} ${L.height}`,
      role: 'img', 'data-testid': options.testId ?? null,
      'aria-label': `${options.label}: ${L.total} points${L.drawn < L.total ? ` (${L.drawn} drawn)` : ''}`,
    });
  const frame = { x: plot.left, y: plot.top, width: plot.right - plot.left, height: plot.bottom - plot.top };
  const colour = data.color ?? (getComputedStyle(el).color || '#000');
  drawDots(canvas.node()!, L.points, frame, colour);
  svg.selectAll<SVGRectElement, null>('rect.frame').data([null])
    .join((enter) => enter.append('rect').attr('class', 'frame axis-line').attr('fill', 'none'))
    .call(writeAttrs, frame);
  svg.selectAll<SVGLineElement, number>('line.zero-x').data(L.zeroX !== null ? [L.zeroX] : [])
    .join((enter) => enter.append('line').attr('class', 'zero zero-x'))
    .call(writeAttrs, { x1: (v: number) => v, x2: (v: number) => v, y1: plot.top, y2: plot.bottom });
  svg.selectAll<SVGLineElement, number>('line.zero-y').data(L.zeroY !== null ? [L.zeroY] : [])
    .join((enter) => enter.append('line').attr('class', 'zero zero-y'))
    .call(writeAttrs, { y1: (v: number) => v, y2: (v: number) => v, x1: plot.left, x2: plot.right });
  // The ellipse (and, in an export, the dots) beyond a fixed domain are clipped at the frame, not drawn over the axes.
  const clip = svg.selectAll<SVGClipPathElement, null>('clipPath').data([null])
    .join((enter) => enter.append('clipPath').attr('id', `scatter-clip-${++clipCounter}`));
  clip.selectAll<SVGRectElement, null>('rect').data([null]).join('rect').call(writeAttrs, frame);
  const clipUrl = `url(#${clip.attr('id')})`;
  svg.selectAll<SVGPathElement, string>('path.ellipse').data(L.ellipse ? [L.ellipse] : [])
    .join((enter) => enter.append('path').attr('class', 'ellipse'))
    .call(writeAttrs, { 'clip-path': clipUrl, d: (d: string) => d });
  writeAxisLabels(svg, { ...L, xLabel: options.xLabel, yLabel: options.yLabel, yTickGap: 4, yTitleX: 10 });
  setVectorExport(svg.node()!, (copy) => {
    const ellipse = copy.querySelector(':scope > path.ellipse');
    copy.insertBefore(vectorDots(copy.ownerDocument, L.points, clipUrl, colour), ellipse ?? copy.querySelector(':scope > g, :scope > text'));
  });
}

/** What each dots canvas shows now: a redraw with the same dots, frame and colour draws nothing. */
const dotsDrawn = new WeakMap<HTMLCanvasElement, { key: string; points: readonly { x: number; y: number }[] }>();

/**
 * The dots on a canvas covering the plot frame, at device resolution, each filled on its own at DOT_OPACITY so
 * that overlaps darken. On the CPU (`willReadFrequently`): Chromium would put a canvas this size on the GPU and
 * composite it as a layer of its own.
 */
function drawDots(canvas: HTMLCanvasElement, points: readonly { x: number; y: number }[], frame: { x: number; y: number; width: number; height: number }, colour: string): void {
  const dpr = window.devicePixelRatio || 1;
  const key = `${frame.x},${frame.y},${frame.width},${frame.height}@${dpr} ${colour}`;
  const before = dotsDrawn.get(canvas);
  if (before && before.key === key && samePoints(before.points, points)) return;
  dotsDrawn.set(canvas, { key, points });
  const left = `${frame.x}px`;
  const top = `${frame.y}px`;
  if (canvas.style.left !== left) canvas.style.left = left;
  if (canvas.style.top !== top) canvas.style.top = top;
  fitDeviceBitmap(canvas, frame.width, frame.height, dpr);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  // Clip to the frame: the bitmap may be larger than it (kept from an earlier, larger size).
  ctx.setTransform(dpr, 0, 0, dpr, -frame.x * dpr, -frame.y * dpr);
  ctx.save();
  ctx.beginPath();
  ctx.rect(frame.x, frame.y, frame.width, frame.height);
  ctx.clip();
  ctx.fillStyle = colour;
  ctx.globalAlpha = DOT_OPACITY;
  for (const { x, y } of points) {
    ctx.beginPath();
    ctx.arc(x, y, DOT_R, 0, 2 * Math.PI);
    ctx.fill();
  }
  ctx.restore();
}

function samePoints(a: readonly { x: number; y: number }[], b: readonly { x: number; y: number }[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].x !== b[i].x || a[i].y !== b[i].y) return false;
  return true;
}

/** The dots as SVG circles for an export: one group, clipped at the frame, in the dots' colour and opacity. */
function vectorDots(doc: Document, points: readonly { x: number; y: number }[], clipUrl: string, colour: string): SVGGElement {
  const g = doc.createElementNS(SVG_NS, 'g') as SVGGElement;
  g.setAttribute('class', 'pts');
  g.setAttribute('clip-path', clipUrl);
  g.setAttribute('fill', colour);
  g.setAttribute('fill-opacity', String(DOT_OPACITY));
  for (const { x, y } of points) {
    const c = doc.createElementNS(SVG_NS, 'circle');
    c.setAttribute('cx', String(x));
    c.setAttribute('cy', String(y));
    c.setAttribute('r', String(DOT_R));
    g.append(c);
  }
  return g;
}
