/**
 * A heatmap's two canvases: the cells (one pixel per cell, scaled up with `image-rendering: pixelated`) and the
 * printed values (at device resolution). Both are redrawn only when what they show changed, and their bitmaps are
 * kept while a grid changes shape (canvas-bitmap.ts: every input-size step would otherwise pay a new bitmap for each
 * canvas); the CSS size follows the bitmap, so a cell stays `cell` px wide.
 */
import { type ColorScale } from './color.ts';
import { cellPixels, type CellGrid } from './heatmap-cells.ts';
import { valueFontSize, type ValuesSpec } from './cell-layer.ts';
import { fitBitmap, fitDeviceBitmap, setCssSize } from './canvas-bitmap.ts';

/** What each cells canvas shows now: a redraw that would put the same pixels puts nothing (no repaint). */
const cellsDrawn = new WeakMap<HTMLCanvasElement, { rows: number; cols: number; px: Uint8ClampedArray }>();

/** Draw the cells of `data` through `scale`, `cell` CSS px each. */
export function drawCells(canvas: HTMLCanvasElement, data: CellGrid, scale: ColorScale, cell: number): void {
  const { rows, cols } = data;
  const fresh = fitBitmap(canvas, Math.max(1, cols), Math.max(1, rows));
  setCssSize(canvas, canvas.width * cell, canvas.height * cell);
  const px = cellPixels(data, scale);
  const before = cellsDrawn.get(canvas);
  if (!fresh && before && before.rows === rows && before.cols === cols && equalPixels(before.px, px)) return;
  cellsDrawn.set(canvas, { rows, cols, px });
  const ctx = canvas.getContext('2d')!;
  if (!fresh) ctx.clearRect(0, 0, canvas.width, canvas.height);
  if (px.length > 0) ctx.putImageData(new ImageData(px, cols, rows), 0, 0);
}

/** Same pixels? Compared a whole pixel (32 bits) at a time: the photographs are 256 × 256. */
function equalPixels(a: Uint8ClampedArray, b: Uint8ClampedArray): boolean {
  if (a.length !== b.length) return false;
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length >> 2);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length >> 2);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/**
 * The page's monospace font (`--mono`), read once: reading a computed style while a render has the DOM dirty
 * would make the browser recalculate styles in the middle of the input's task.
 */
let mono: string | null = null;
export function monoFamily(): string {
  mono ??= (typeof document !== 'undefined' && getComputedStyle(document.documentElement).getPropertyValue('--mono').trim()) || 'monospace';
  return mono;
}

/** What each values canvas shows now (size, font and every label): an unchanged redraw draws nothing. */
const valuesDrawn = new WeakMap<HTMLCanvasElement, string>();

/**
 * Printed values, centred in their cells, on a canvas at device resolution over a `width` × `height` px grid. As
 * SVG text the browser would lay every label out again whenever a grid changed shape or values.
 */
export function drawValues(canvas: HTMLCanvasElement, spec: ValuesSpec, width: number, height: number): void {
  const dpr = window.devicePixelRatio || 1;
  const size = valueFontSize(spec.cell);
  const labels = Array.from({ length: spec.count }, (_, i) => [spec.text(i), spec.fill(i)] as const);
  const key = `${width}×${height}@${dpr} ${size} ${labels.join(';')}`;
  if (valuesDrawn.get(canvas) === key) return;
  valuesDrawn.set(canvas, key);
  fitDeviceBitmap(canvas, width, height, dpr);
  // On the CPU: Chromium puts larger 2-D canvases on the GPU, where text drawing is slower on a software rasteriser.
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.font = `${size}px ${monoFamily()}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  labels.forEach(([text, fill], i) => {
    const row = Math.floor(i / spec.cols);
    ctx.fillStyle = fill;
    ctx.fillText(text, (i - row * spec.cols) * spec.cell + spec.cell / 2, row * spec.cell + spec.cell / 2);
  });
}
