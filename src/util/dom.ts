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
