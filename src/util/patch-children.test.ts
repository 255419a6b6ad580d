import { describe, expect, it } from 'vitest';
import { patchChildren } from './dom.ts';

/** Just enough of the DOM for patchChildren, recording every write (Node has no DOM). */
const writes: string[] = [];
class FakeText {
  readonly nodeType = 3;
  parentNode: FakeEl | null = null;
  constructor(private value: string) {}
  get data() { return this.value; }
  set data(v: string) { writes.push(`data=${v}`); this.value = v; }
}
class FakeEl {
  readonly nodeType = 1;
  readonly namespaceURI = 'http://www.w3.org/1999/xhtml';
  parentNode: FakeEl | null = null;
  childNodes: (FakeEl | FakeText)[] = [];
  private attrs = new Map<string, string>();
  constructor(readonly tagName: string, attrs: Record<string, string> = {}, ...children: (FakeEl | FakeText | string)[]) {
    for (const [k, v] of Object.entries(attrs)) this.attrs.set(k, v);
    this.adopt(children.map((c) => (typeof c === 'string' ? new FakeText(c) : c)));
  }
  get ownerDocument() { return { createTextNode: (t: string) => new FakeText(t) }; }
  getAttributeNames() { return [...this.attrs.keys()]; }
  hasAttribute(n: string) { return this.attrs.has(n); }
  getAttribute(n: string) { return this.attrs.get(n) ?? null; }
  setAttribute(n: string, v: string) { writes.push(`${this.tagName}[${n}=${v}]`); this.attrs.set(n, v); }
  removeAttribute(n: string) { writes.push(`${this.tagName}[-${n}]`); this.attrs.delete(n); }
  replaceChildren(...nodes: (FakeEl | FakeText)[]) { writes.push(`${this.tagName}.replaceChildren`); this.adopt(nodes); }
  private adopt(nodes: (FakeEl | FakeText)[]) {
    for (const c of this.childNodes) c.parentNode = null;
    this.childNodes = nodes;
    for (const c of nodes) c.parentNode = this;
  }
}
const el = (tag: string, attrs: Record<string, string> = {}, ...children: (FakeEl | FakeText | string)[]) => new FakeEl(tag, attrs, ...children);
const patch = (parent: FakeEl, ...next: (FakeEl | FakeText | string)[]) => patchChildren(parent as unknown as Element, ...(next as unknown as (Node | string)[]));
const text = (n: FakeEl | FakeText): string => (n instanceof FakeText ? n.data : n.childNodes.map(text).join(''));

const row = (name: string, v: string, selected: boolean) =>
  el('tr', selected ? { class: 'selected' } : {}, el('th', { scope: 'row' }, name), el('td', {}, v));

describe('patchChildren', () => {
  it('rewrites a same-shaped table in place: only the texts and attributes that differ', () => {
    const table = el('table');
    patch(table, el('tbody', {}, row('a', '1.000', true), row('b', '2.000', false)));
    const [tbody] = table.childNodes as FakeEl[];
    writes.length = 0;
    patch(table, el('tbody', {}, row('a', '1.500', false), row('b', '2.000', true)));
    expect(table.childNodes[0]).toBe(tbody); // the same nodes stay
    expect(writes).toEqual(['tr[-class]', 'data=1.500', 'tr[class=selected]']);
    expect(text(table)).toBe('a1.500b2.000');
    writes.length = 0;
    patch(table, el('tbody', {}, row('a', '1.500', false), row('b', '2.000', true)));
    expect(writes).toEqual([]);
  });

  it('replaces the children when the shape differs (another row, another tag, text for an element)', () => {
    const table = el('table', {}, el('tbody', {}, row('a', '1', false)));
    for (const next of [
      el('tbody', {}, row('a', '1', false), row('b', '2', false)),
      el('thead', {}, row('a', '1', false)),
      el('tbody', {}, el('tr', {}, el('th', {}, 'a'), el('td', {}, el('span', {}, '1')))),
    ]) {
      writes.length = 0;
      patch(table, next);
      expect(writes).toEqual(['table.replaceChildren']);
      expect(table.childNodes[0]).toBe(next);
    }
  });

  it('keeps a node passed in at its own place, and moves one from elsewhere the way replaceChildren does', () => {
    const value = el('span', { 'data-value': '1' }, '1');
    const p = el('p', {}, 'max = ', value, '.');
    writes.length = 0;
    patch(p, 'max = ', value, ' (exact).');
    expect(p.childNodes[1]).toBe(value);
    expect(writes).toEqual(['data= (exact).']);
    const elsewhere = el('span', {}, '2');
    el('div', {}, elsewhere);
    writes.length = 0;
    patch(p, 'max = ', elsewhere, ' (exact).');
    expect(writes).toEqual(['p.replaceChildren']);
    expect(p.childNodes[1]).toBe(elsewhere);
  });

  it('strings become text nodes; an empty parent takes the new nodes', () => {
    const p = el('p');
    patch(p, 'a', el('b', {}, 'c'));
    expect(text(p)).toBe('ac');
    writes.length = 0;
    patch(p, 'x', el('b', {}, 'y'));
    expect(writes).toEqual(['data=x', 'data=y']);
  });
});
