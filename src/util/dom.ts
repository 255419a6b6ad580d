/**
 * Write to the DOM only what changed. Every write of a text, an attribute or a form control's property makes the
 * browser restyle (and often re-lay-out) the element at the next frame, even when the value is the same, and a
 * control panel rewritten on every slider step would pay that in every step's frame.
 */

/** An attribute value for `el`: `true` writes an empty attribute; `null`, `undefined` and `false` write none. */
export type ElAttrs = Record<string, string | number | boolean | null | undefined>;

/** Create an element: `el('button', { class: 'x', 'data-testid': 'y' }, 'text', child)`. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: ElAttrs = {},
  ...children: (Node | string | null | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(c);
  return e;
}

/** The namespace SVG elements are created in. */
export const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * An element's text. When its only child is a text node, that node's data is changed in place: assigning
 * `textContent` replaces the node, and the browser then removes one text from layout, styles and adds another.
 */
export function setText(el: Element, text: string): void {
  const only = el.firstChild;
  if (only !== null && only === el.lastChild && only.nodeType === TEXT_NODE) {
    if ((only as Text).data !== text) (only as Text).data = text;
  } else if (el.textContent !== text) {
    el.textContent = text;
  }
}

const TEXT_NODE = 3;

export function setAttr(el: Element, name: string, value: string): void {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

/** A DOM property (`value`, `checked`, `disabled`, `hidden`, `max` …), set only when it differs. */
export function setProp<T extends object, K extends keyof T>(el: T, key: K, value: T[K]): void {
  if (el[key] !== value) el[key] = value;
}

/** An attribute's value for `writeAttrs`: `null` removes the attribute. */
export type AttrValue = string | number | null;

/**
 * `selection.attr(name, value)` for several attributes of a d3 selection (`sel.call(writeAttrs, {…})`), writing
 * only those that differ. d3 sets every attribute it is given, and the browser restyles an element (an SVG
 * gradient stop re-lays-out whatever it fills) even when the value is the same.
 */
export function writeAttrs<D>(
  sel: { each(fn: (this: Element, d: D, i: number) => void): unknown },
  values: Record<string, AttrValue | ((d: D, i: number) => AttrValue)>,
): void {
  const entries = Object.entries(values);
  sel.each(function (d, i) {
    for (const [name, v] of entries) {
      const value = typeof v === 'function' ? v(d, i) : v;
      if (value === null) {
        if (this.hasAttribute(name)) this.removeAttribute(name);
      } else setAttr(this, name, String(value));
    }
  });
}

/**
 * `parent.replaceChildren(...next)`, reusing the nodes already there when they have the same shape (the same tags,
 * nested the same way): then only the texts and attributes that differ are written. A table of numbers or a sentence
 * with a few spans, made afresh on every update, costs the browser the old nodes' removal and the new ones' style and
 * layout; rewritten in place, a changed number is a text change.
 *
 * For content without event listeners only: when the old nodes stay, the new ones (and anything attached to them)
 * are dropped. A node passed in that is already the child at that place is kept as it is.
 */
export function patchChildren(parent: Element, ...next: (Node | string)[]): void {
  const doc = parent.ownerDocument;
  const nodes = next.map((n) => (typeof n === 'string' ? doc.createTextNode(n) : n));
  const old = parent.childNodes;
  // A node passed in must be the child at its place already, or new (not in the document elsewhere).
  const fits = (n: Node, i: number) => (n === old[i] || n.parentNode === null) && sameShape(old[i], n);
  if (old.length === nodes.length && nodes.every(fits)) {
    nodes.forEach((n, i) => morph(old[i], n));
  } else {
    parent.replaceChildren(...nodes);
  }
}

const ELEMENT_NODE = 1;

function sameShape(a: Node, b: Node): boolean {
  if (a === b) return true;
  if (a.nodeType !== b.nodeType) return false;
  if (a.nodeType === TEXT_NODE) return true;
  if (a.nodeType !== ELEMENT_NODE) return false;
  const [x, y] = [a as Element, b as Element];
  if (x.tagName !== y.tagName || x.namespaceURI !== y.namespaceURI || x.childNodes.length !== y.childNodes.length) return false;
  for (let i = 0; i < x.childNodes.length; i++) if (!sameShape(x.childNodes[i], y.childNodes[i])) return false;
  return true;
}

/** Make `a` read like `b` (same shape, checked): texts and attributes, written where they differ. */
function morph(a: Node, b: Node): void {
  if (a === b) return;
  if (a.nodeType === TEXT_NODE) {
    if ((a as Text).data !== (b as Text).data) (a as Text).data = (b as Text).data;
    return;
  }
  const [x, y] = [a as Element, b as Element];
  for (const name of x.getAttributeNames()) if (!y.hasAttribute(name)) x.removeAttribute(name);
  for (const name of y.getAttributeNames()) setAttr(x, name, y.getAttribute(name)!);
  for (let i = 0; i < x.childNodes.length; i++) morph(x.childNodes[i], y.childNodes[i]);
}
