/**
 * The printed values of a heatmap's SVG export, written by hand rather than through a d3 join, and only where they
 * changed: through `join().attr()` every redraw rewrote the position, fill and text of every element, and each write
 * makes the browser restyle that element in the next frame, changed or not. (On screen a heatmap's cells and printed
 * values are canvases: heatmap.ts, heatmap-cells.ts; so are a scatter plot's dots: scatter.ts.)
 *
 * Printed values are in pixel coordinates, not the cells' unit grid: a font scaled from a fraction of a unit is at
 * the mercy of minimum font sizes.
 */

import { setAttr, SVG_NS } from '../util/dom.ts';

/** What one element shows now, so the next draw can skip what did not change. */
interface Written {
  el: Element;
  x: number;
  y: number;
  /** fill colour */
  fill: string;
  /** the printed text */
  extra: string;
}

/** The elements a layer (a `g`) holds, in cell order: a cache of the DOM keyed by the group, not app state. */
const layers = new WeakMap<Element, Written[]>();

/** Keep `n` elements of `tag` in `g`, reusing what is there; new ones get `init`. */
function pool(g: Element, n: number, tag: string, init: (el: Element) => void): Written[] {
  let items = layers.get(g);
  if (!items) {
    items = [];
    layers.set(g, items);
    g.replaceChildren(); // a group not drawn here (a clone, say): start from an empty one
  }
  while (items.length > n) items.pop()!.el.remove();
  while (items.length < n) {
    const el = g.ownerDocument.createElementNS(SVG_NS, tag);
    init(el);
    g.appendChild(el);
    items.push({ el, x: NaN, y: NaN, fill: '', extra: '' });
  }
  return items;
}

/** Write an element's x, y and fill, each only if it changed. */
function place(w: Written, x: number, y: number, fill: string): void {
  if (w.x !== x) {
    w.x = x;
    w.el.setAttribute('x', String(x));
  }
  if (w.y !== y) {
    w.y = y;
    w.el.setAttribute('y', String(y));
  }
  if (w.fill !== fill) {
    w.fill = fill;
    w.el.setAttribute('fill', fill);
  }
}

export interface ValuesSpec {
  cols: number;
  cell: number;
  /** How many values to print: `rows · cols`, or 0 for none. */
  count: number;
  text: (i: number) => string;
  /** Text colour of value `i` (readable on its cell). */
  fill: (i: number) => string;
}

/** Font size (px) of values printed in cells of `cell` px. */
export const valueFontSize = (cell: number): number => Math.min(12, cell / 3.2);

/** Write the printed values of `g` (a `<g class="values">`), centred in their cells, in pixel coordinates. */
export function writeValues(g: Element, spec: ValuesSpec): void {
  const { cols, cell } = spec;
  setAttr(g, 'font-size', String(valueFontSize(cell)));
  const items = pool(g, spec.count, 'text', (el) => {
    el.setAttribute('dy', '0.35em');
    el.setAttribute('text-anchor', 'middle');
  });
  for (let i = 0; i < spec.count; i++) {
    const w = items[i];
    const row = Math.floor(i / cols);
    place(w, (i - row * cols) * cell + cell / 2, row * cell + cell / 2, spec.fill(i));
    const text = spec.text(i);
    if (w.extra !== text) {
      w.extra = text;
      w.el.textContent = text;
    }
  }
}
