/**
 * A 2-D grid of numbers as coloured cells: `renderHeatmap(el, data, options)`.
 *
 * The cells are a canvas, one pixel per cell scaled up, and printed values a second canvas at device resolution
 * (heatmap-cells.ts says why not one SVG rect and text per cell); cell borders (grids up to 900 cells), faded cells
 * and highlights (squares, rows, single cells) are an SVG overlay, so a hover redraws a few rectangles, not the
 * grid. An SVG export still gets every cell as a vector rect and every value as text (vector-export.ts).
 * Rendering is idempotent:
 * calling again with new data or options updates the same DOM (d3 `selection.join`). The view owns no state:
 * the hovered cell comes in as `options.activeCell`, and pointer or arrow-key moves are reported through
 * `options.onHover` for the caller to store.
 */
import { format, select, type Selection } from 'd3';
import './views.css';
import { autoScale, textColorOn, type ColorScale } from './color.ts';
import { writeValues, type ValuesSpec } from './cell-layer.ts';
import { fadedPath, gridPath, vectorCells } from './heatmap-cells.ts';
import { drawCells, drawValues, monoFamily } from './heatmap-canvas.ts';
import { setVectorExport } from './vector-export.ts';
import { setAttr, SVG_NS, writeAttrs } from '../util/dom.ts';

export interface GridData {
  /** Row-major values, `rows · cols` of them. */
  values: ArrayLike<number>;
  rows: number;
  cols: number;
}

export interface Cell {
  row: number;
  col: number;
}

/** A rectangle of cells to outline; it may reach outside the grid (it is clipped). */
export interface HeatmapHighlight {
  row: number;
  col: number;
  rows?: number;
  cols?: number;
  /** 'primary' (thick accent outline), 'secondary' (dashed), 'dot' (a ring inside the cell; printed values stay readable). */
  style?: 'primary' | 'secondary' | 'dot';
}

export interface HeatmapOptions {
  /** Accessible name of the grid, e.g. "output, channel 0". */
  label: string;
  scale?: ColorScale;
  /** Pixels per cell (CSS px). Default: fits `maxWidth` (default 280) with cells of 4–40 px. */
  cellSize?: number;
  maxWidth?: number;
  /** A line around each cell. Default: for grids up to 900 cells (not for images, nor where cells are tiny). */
  cellBorders?: boolean;
  /** Print values in the cells (when cells are large enough: 24 px). */
  showValues?: boolean;
  valueFormat?: (v: number) => string;
  highlights?: readonly HeatmapHighlight[];
  /** Cells drawn hatched/pale, e.g. the zeros inserted between input pixels. */
  faded?: (row: number, col: number) => boolean;
  /** The linked-hover cell in this grid, if any; arrow keys move from here. */
  activeCell?: Cell | null;
  onHover?: (cell: Cell | null) => void;
  onClick?: (cell: Cell, event: MouseEvent) => void;
  testId?: string;
}

/** Grids up to this many cells get a border around each cell; larger ones (images) are a plain bitmap. */
const BORDER_MAX_CELLS = 900;
const defaultFormat = format('.2~f');

/** Cell size that fits `maxWidth`, within 4–40 px. */
export function fitCellSize(cols: number, rows: number, maxWidth = 280, maxHeight = maxWidth): number {
  const s = Math.floor(Math.min(maxWidth / Math.max(1, cols), maxHeight / Math.max(1, rows)));
  return Math.max(4, Math.min(40, s));
}

/** The one `<path class="…">` of a group, made once. */
function pathIn(g: SVGGElement, name: string): SVGPathElement {
  let p = g.querySelector<SVGPathElement>(`:scope > path.${name}`);
  if (!p) {
    p = g.ownerDocument.createElementNS(SVG_NS, 'path');
    p.setAttribute('class', name);
    g.appendChild(p);
  }
  return p;
}

/**
 * The keyboard probe of a heatmap nobody links a hover to: which cell the arrow keys are on. It is focus-like
 * UI state of this element (like a text cursor), not app state, so it lives here, keyed by element.
 */
const probes = new WeakMap<HTMLElement, { cell: Cell | null; data: GridData; options: HeatmapOptions }>();

/** The heatmap's `<g class="…">` layer (cells, printed values, highlights), made once. */
function layer(svg: Selection<SVGSVGElement, null, HTMLDivElement, null>, name: string): SVGGElement {
  return svg.selectAll<SVGGElement, null>(`g.${name}`).data([null])
    .join((enter) => enter.append('g').attr('class', name)).node()!;
}

export function renderHeatmap(el: HTMLElement, data: GridData, options: HeatmapOptions): void {
  const { rows, cols } = data;
  const probe = probes.get(el);
  const probeCell = !options.onHover && probe?.cell && probe.cell.row < rows && probe.cell.col < cols ? probe.cell : null;
  probes.set(el, { cell: probeCell, data, options });
  const cell = options.cellSize ?? fitCellSize(cols, rows, options.maxWidth ?? 280);
  const width = cols * cell;
  const height = rows * cell;
  const scale = options.scale ?? autoScale(data.values);
  const fmt = options.valueFormat ?? defaultFormat;

  const root = select(el)
    .selectAll<HTMLDivElement, null>('div.heatmap')
    .data([null])
    .join((enter) => enter.append('div').attr('class', 'heatmap'))
    // Redrawn with every result: attributes are written only when they change (util/dom.ts).
    .call(writeAttrs, {
      tabindex: 0,
      role: 'img',
      'aria-label': `${options.label}: ${rows}×${cols} grid`,
      'data-testid': options.testId ?? null,
      'data-keyboard-probe': '',
      'data-rows': rows,
      'data-cols': cols,
    })
    .style('width', `${width}px`)
    .style('height', `${height}px`);

  root.selectAll<HTMLCanvasElement, null>('canvas.cells')
    .data([null])
    .join((enter) => enter.insert('canvas', ':first-child').attr('class', 'cells'))
    .each(function () {
      drawCells(this, data, scale, cell);
    });

  const values = data.values;
  const showValues = options.showValues === true && cell >= 24;
  const valueSpec: ValuesSpec = {
    cols,
    cell,
    count: showValues ? rows * cols : 0,
    text: (i) => fmt(values[i]),
    fill: (i) => textColorOn(scale(values[i])),
  };
  root.selectAll<HTMLCanvasElement, null>('canvas.values')
    .data(showValues ? [null] : [])
    .join((enter) => enter.insert('canvas', 'svg').attr('class', 'values'))
    .each(function () {
      drawValues(this, valueSpec, width, height);
    });

  const svg = root.selectAll<SVGSVGElement, null>('svg')
    .data([null])
    .join('svg')
    .call(writeAttrs, { width, height, viewBox: `0 0 ${width} ${height}` });

  // Borders and faded cells in cell units: a new cell size is one attribute of the group.
  const unit = layer(svg, 'cells');
  setAttr(unit, 'transform', `scale(${cell})`);
  setAttr(pathIn(unit, 'grid'), 'd', (options.cellBorders ?? rows * cols <= BORDER_MAX_CELLS) ? gridPath(rows, cols) : '');
  setAttr(pathIn(unit, 'faded'), 'd', options.faded ? fadedPath(rows, cols, options.faded) : '');
  // An SVG export gets the canvases' content as shapes and text, between the borders and the highlights.
  setVectorExport(svg.node()!, (copy) => {
    const g = copy.querySelector(':scope > g.cells');
    if (!g) return;
    g.insertBefore(vectorCells(copy.ownerDocument, data, scale), g.firstChild);
    if (!showValues) return;
    const printed = copy.ownerDocument.createElementNS(SVG_NS, 'g');
    printed.setAttribute('class', 'values');
    printed.setAttribute('font-family', monoFamily());
    writeValues(printed, valueSpec);
    g.after(printed);
  });

  const probeMark: HeatmapHighlight[] = probeCell ? [{ ...probeCell, style: 'primary' }] : [];
  const marks = [...(options.highlights ?? []), ...probeMark].map((h, i) => ({ ...h, i }));
  type Mark = (typeof marks)[number];
  select(layer(svg, 'highlights'))
    .selectAll<SVGRectElement, Mark>('rect')
    .data(marks)
    .join('rect')
    .call(writeAttrs, {
      class: (d: Mark) => `hl hl-${d.style ?? 'primary'}`,
      x: (d: Mark) => (d.style === 'dot' ? d.col * cell + cell * 0.12 : Math.max(0, d.col * cell) + 1),
      y: (d: Mark) => (d.style === 'dot' ? d.row * cell + cell * 0.12 : Math.max(0, d.row * cell) + 1),
      width: (d: Mark) => {
        if (d.style === 'dot') return cell * 0.76;
        const x0 = Math.max(0, d.col * cell);
        const x1 = Math.min(width, (d.col + (d.cols ?? 1)) * cell);
        return Math.max(0, x1 - x0 - 2);
      },
      height: (d: Mark) => {
        if (d.style === 'dot') return cell * 0.76;
        const y0 = Math.max(0, d.row * cell);
        const y1 = Math.min(height, (d.row + (d.rows ?? 1)) * cell);
        return Math.max(0, y1 - y0 - 2);
      },
      rx: (d: Mark) => (d.style === 'dot' ? cell * 0.38 : 1),
    });

  const toCell = (ev: PointerEvent | MouseEvent): Cell | null => {
    const r = (ev.currentTarget as HTMLElement).getBoundingClientRect();
    const col = Math.floor(((ev.clientX - r.left) / r.width) * cols);
    const row = Math.floor(((ev.clientY - r.top) / r.height) * rows);
    return row >= 0 && row < rows && col >= 0 && col < cols ? { row, col } : null;
  };
  const hover = options.onHover;
  let last = '';
  const report = (c: Cell | null) => {
    const key = c ? `${c.row},${c.col}` : '';
    if (key !== last && hover) {
      last = key;
      hover(c);
    }
  };
  const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
  root
    .each(function () { this.classList.toggle('interactive', !!hover); }) // a toggle to the state it has writes nothing
    .on('pointermove', (ev: PointerEvent) => report(toCell(ev)))
    .on('pointerleave', () => report(null))
    .on('click', (ev: MouseEvent) => {
      const c = toCell(ev);
      if (c && options.onClick) options.onClick(c, ev);
    })
    .on('keydown', (ev: KeyboardEvent) => {
      if (ev.key === 'Escape') {
        if (hover) hover(null);
        else moveProbe(el, null);
        return;
      }
      const m = moves[ev.key];
      if (!m) return;
      ev.preventDefault();
      const a = hover ? options.activeCell : probes.get(el)?.cell;
      const row = a ? Math.min(rows - 1, Math.max(0, a.row + m[0])) : 0;
      const col = a ? Math.min(cols - 1, Math.max(0, a.col + m[1])) : 0;
      if (hover) hover({ row, col });
      else moveProbe(el, { row, col });
      announce(el, `${options.label}, row ${row}, column ${col}: ${fmt(data.values[row * cols + col])}`);
    });

  // The live region that speaks the value under the keyboard probe (a sibling: role=img hides its children).
  select(el).selectAll<HTMLDivElement, null>('div.heatmap-probe').data([null])
    .join((enter) => enter.append('div').attr('class', 'heatmap-probe sr-only').attr('aria-live', 'polite'));
}

function moveProbe(el: HTMLElement, cell: Cell | null): void {
  const p = probes.get(el);
  if (!p) return;
  p.cell = cell;
  renderHeatmap(el, p.data, p.options);
}

function announce(el: HTMLElement, text: string): void {
  const region = el.querySelector<HTMLElement>(':scope > div.heatmap-probe');
  if (region) region.textContent = text;
}
