/**
 * What a heatmap's cells look like, as data: the colours of its bitmap (one pixel per cell, scaled up on screen with
 * `image-rendering: pixelated`), the cell borders and the faded cells as one SVG path each (in cell units), and the
 * one-rect-per-cell vector copy that an SVG export gets.
 *
 * Why a bitmap and not one `<rect>` per cell: a slider step recolours every cell of every grid on screen, and each
 * SVG rect whose fill changes is restyled and laid out again by the browser in the next frame. A canvas is one
 * element whatever the grid.
 */
import { rampTable, type ColorScale } from './color.ts';
import { SVG_NS } from '../util/dom.ts';

export interface CellGrid {
  /** Row-major values, `rows · cols` of them. */
  values: ArrayLike<number>;
  rows: number;
  cols: number;
}

/** Bytes [r, g, b, a] as one 32-bit pixel in this machine's byte order (little-endian everywhere we run). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const pack = (r: number, g: number, b: number): number =>
  (LITTLE_ENDIAN ? ((255 << 24) | (b << 16) | (g << 8) | r) : ((r << 24) | (g << 16) | (b << 8) | 255)) >>> 0;

/** Grey of a NaN or infinite cell (the colour scales' NAN_COLOR, #bdbdbd). */
const NAN_PIXEL = pack(189, 189, 189);

/** The 256-entry colour table of a ramp as packed opaque pixels, made once per ramp. */
const pixelTables = new WeakMap<(t: number) => string, Uint32Array>();
function pixelTable(interpolator: (t: number) => string): Uint32Array {
  let t = pixelTables.get(interpolator);
  if (!t) {
    const rgb = rampTable(interpolator);
    t = new Uint32Array(256);
    for (let i = 0; i < 256; i++) t[i] = pack(rgb[i * 3], rgb[i * 3 + 1], rgb[i * 3 + 2]);
    pixelTables.set(interpolator, t);
  }
  return t;
}

/**
 * RGBA pixels of the grid through the scale's 256-entry colour table; non-finite values are grey. One 32-bit
 * write per cell: the large grids (photographs, spectra, 256 × 256) are redrawn with every new result.
 */
export function cellPixels(data: CellGrid, scale: ColorScale): Uint8ClampedArray<ArrayBuffer> {
  const n = data.rows * data.cols;
  const out = new Uint32Array(n);
  const table = pixelTable(scale.interpolator);
  const values = data.values;
  const [d0, d1] = scale.domain;
  const span = d1 - d0;
  const k = span > 0 ? 255 / span : 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v - v !== 0) {
      out[i] = NAN_PIXEL; // NaN and ±Infinity
    } else {
      const t = span > 0 ? (v - d0) * k : 127.5;
      out[i] = table[t <= 0 ? 0 : t >= 255 ? 255 : (t + 0.5) | 0];
    }
  }
  return new Uint8ClampedArray(out.buffer);
}

/** Lines around every cell, in cell units (the group around the path scales them to the cell size). */
export function gridPath(rows: number, cols: number): string {
  const parts: string[] = [];
  for (let r = 0; r <= rows; r++) parts.push(`M0 ${r}H${cols}`);
  for (let c = 0; c <= cols; c++) parts.push(`M${c} 0V${rows}`);
  return parts.join('');
}

/** One square per faded cell, in cell units; '' when none is faded. */
export function fadedPath(rows: number, cols: number, faded: (row: number, col: number) => boolean): string {
  const parts: string[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) if (faded(r, c)) parts.push(`M${c} ${r}h1v1h-1z`);
  }
  return parts.join('');
}

/**
 * The cells as vector shapes for an SVG export: a `<g>` of one unit rect per cell with its exact colour (in cell
 * units, like the paths it goes under). The screen draws a bitmap instead; an exported figure stays vector.
 */
export function vectorCells(doc: Document, data: CellGrid, scale: ColorScale): SVGGElement {
  const g = doc.createElementNS(SVG_NS, 'g');
  g.setAttribute('class', 'cell-fills');
  g.setAttribute('shape-rendering', 'crispEdges');
  for (let i = 0; i < data.rows * data.cols; i++) {
    const row = Math.floor(i / data.cols);
    const rect = doc.createElementNS(SVG_NS, 'rect');
    rect.setAttribute('x', String(i - row * data.cols));
    rect.setAttribute('y', String(row));
    rect.setAttribute('width', '1');
    rect.setAttribute('height', '1');
    rect.setAttribute('fill', scale(data.values[i]));
    g.appendChild(rect);
  }
  return g;
}
