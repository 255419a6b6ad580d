/**
 * Write to the DOM only what changed. Every write of a text, an attribute or a form control's property makes the
 * browser restyle (and often re-lay-out) the element at the next frame, even when the value is the same — on a
 * software rasteriser a control panel rewritten on every slider step cost a few ms of each step's frame.
 */

/** The namespace SVG elements are created in. */
export const SVG_NS = 'http://www.w3.org/2000/svg';

export function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

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
