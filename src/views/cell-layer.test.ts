import { describe, expect, it } from 'vitest';
import { writeValues, type ValuesSpec } from './cell-layer.ts';

/** Just enough of the DOM for cell-layer, counting every write. */
class FakeEl {
  attrs = new Map<string, string>();
  children: FakeEl[] = [];
  parent: FakeEl | null = null;
  text = '';
  constructor(public tag: string, public log: string[], public ownerDocument: { createElementNS: (ns: string, tag: string) => FakeEl }) {}
  getAttribute(n: string) {
    return this.attrs.get(n) ?? null;
  }
  setAttribute(n: string, v: string) {
    this.log.push(`set ${n}`);
    this.attrs.set(n, v);
  }
  removeAttribute(n: string) {
    this.log.push(`remove ${n}`);
    this.attrs.delete(n);
  }
  appendChild(c: FakeEl) {
    this.log.push('append');
    c.parent = this;
    this.children.push(c);
  }
  replaceChildren() {
    this.children = [];
  }
  remove() {
    this.log.push('remove');
    this.parent!.children = this.parent!.children.filter((c) => c !== this);
  }
  /** An SVG length attribute's live object (circles' cx, cy), writing through to the attribute as the DOM does. */
  length(name: string) {
    const log = this.log;
    const attrs = this.attrs;
    return { baseVal: { set value(v: number) {
      log.push(`set ${name}`);
      attrs.set(name, String(v));
    } } };
  }
  get cx() {
    return this.length('cx');
  }
  get cy() {
    return this.length('cy');
  }
  get textContent() {
    return this.text;
  }
  set textContent(t: string) {
    this.log.push('text');
    this.text = t;
  }
}

function group(): { g: FakeEl; log: string[] } {
  const log: string[] = [];
  const doc = { createElementNS: (_ns: string, tag: string) => new FakeEl(tag, log, doc) };
  return { g: new FakeEl('g', log, doc), log };
}

describe('writeValues', () => {
  const values = (rows: number, cols: number, cell: number, text = (i: number) => String(i)): ValuesSpec => ({
    cols, cell, count: rows * cols, text, fill: () => '#000',
  });

  it('centres each value in its cell, in pixels, with one font size for the group', () => {
    const { g } = group();
    writeValues(g as unknown as Element, values(2, 2, 30));
    expect(g.getAttribute('font-size')).toBe(String(30 / 3.2));
    expect(g.children.map((c) => [c.attrs.get('x'), c.attrs.get('y'), c.text])).toEqual([
      ['15', '15', '0'], ['45', '15', '1'], ['15', '45', '2'], ['45', '45', '3'],
    ]);
  });

  it('rewrites only the texts that changed, and none on a same-data redraw', () => {
    const { g, log } = group();
    writeValues(g as unknown as Element, values(2, 2, 30));
    log.length = 0;
    writeValues(g as unknown as Element, values(2, 2, 30));
    expect(log).toEqual([]);
    writeValues(g as unknown as Element, values(2, 2, 30, (i) => (i === 3 ? 'x' : String(i))));
    expect(log).toEqual(['text']);
  });

  it('prints nothing when the count is 0 (cells too small)', () => {
    const { g } = group();
    writeValues(g as unknown as Element, values(2, 2, 30));
    writeValues(g as unknown as Element, { ...values(2, 2, 10), count: 0 });
    expect(g.children).toHaveLength(0);
  });
});
