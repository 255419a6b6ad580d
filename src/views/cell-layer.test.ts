import { describe, expect, it } from 'vitest';
import { writeCells, writeDots, writeValues, type CellsSpec, type ValuesSpec } from './cell-layer.ts';

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

const cells = (rows: number, cols: number, cell: number, fill = (i: number) => `c${i % 3}`): CellsSpec => ({ rows, cols, cell, fill });

describe('writeCells', () => {
  it('lays cells on a unit grid in row-major order inside a group scaled to the cell size', () => {
    const { g } = group();
    writeCells(g as unknown as Element, { ...cells(2, 3, 20), faded: (r, c) => r === 1 && c === 2 });
    expect(g.getAttribute('transform')).toBe('scale(20)');
    expect(g.children.map((c) => [c.tag, c.attrs.get('x'), c.attrs.get('y'), c.attrs.get('width'), c.attrs.get('height')])).toEqual([
      ['rect', '0', '0', '1', '1'], ['rect', '1', '0', '1', '1'], ['rect', '2', '0', '1', '1'],
      ['rect', '0', '1', '1', '1'], ['rect', '1', '1', '1', '1'], ['rect', '2', '1', '1', '1'],
    ]);
    expect(g.children.map((c) => c.attrs.get('fill'))).toEqual(['c0', 'c1', 'c2', 'c0', 'c1', 'c2']);
    expect(g.children.map((c) => c.attrs.get('class') ?? '')).toEqual(['', '', '', '', '', 'faded']);
  });

  it('writes nothing when redrawn with the same data', () => {
    const { g, log } = group();
    writeCells(g as unknown as Element, cells(4, 4, 10));
    log.length = 0;
    writeCells(g as unknown as Element, cells(4, 4, 10));
    expect(log).toEqual([]);
  });

  it('a new cell size is one write (the group), new values only the fills that changed', () => {
    const { g, log } = group();
    writeCells(g as unknown as Element, cells(4, 4, 10));
    log.length = 0;
    writeCells(g as unknown as Element, cells(4, 4, 17));
    expect(log).toEqual(['set transform']);
    log.length = 0;
    writeCells(g as unknown as Element, cells(4, 4, 17, (i) => (i === 5 ? 'red' : `c${i % 3}`)));
    expect(log).toEqual(['set fill']);
    expect(g.children[5].attrs.get('fill')).toBe('red');
  });

  it('grows and shrinks by adding and removing cells at the end, re-placing the ones that moved', () => {
    const { g } = group();
    writeCells(g as unknown as Element, cells(2, 2, 10));
    const kept = g.children[0];
    writeCells(g as unknown as Element, cells(3, 3, 10));
    expect(g.children).toHaveLength(9);
    expect(g.children[0]).toBe(kept);
    // Cell 2 was (row 1, col 0) in the 2×2 grid; in the 3×3 grid it is (row 0, col 2).
    expect([g.children[2].attrs.get('x'), g.children[2].attrs.get('y')]).toEqual(['2', '0']);
    writeCells(g as unknown as Element, cells(1, 2, 10));
    expect(g.children).toHaveLength(2);
    expect(g.children.map((c) => [c.attrs.get('x'), c.attrs.get('y')])).toEqual([['0', '0'], ['1', '0']]);
    writeCells(g as unknown as Element, cells(0, 2, 10));
    expect(g.children).toHaveLength(0);
  });

  it('clears the faded class when a cell stops being faded', () => {
    const { g } = group();
    writeCells(g as unknown as Element, { ...cells(1, 2, 10), faded: () => true });
    writeCells(g as unknown as Element, { ...cells(1, 2, 10), faded: () => false });
    expect(g.children.map((c) => c.attrs.has('class'))).toEqual([false, false]);
  });
});

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

describe('writeDots', () => {
  const pts = (n: number, dx = 0) => Array.from({ length: n }, (_, i) => ({ x: 10 + i + dx, y: 50 - i }));

  it('makes one circle per point with its class and radius, centred on the point', () => {
    const { g } = group();
    writeDots(g as unknown as Element, pts(3), 1.8);
    expect(g.children.map((c) => [c.tag, c.attrs.get('class'), c.attrs.get('r'), c.attrs.get('cx'), c.attrs.get('cy')])).toEqual([
      ['circle', 'pt', '1.8', '10', '50'], ['circle', 'pt', '1.8', '11', '49'], ['circle', 'pt', '1.8', '12', '48'],
    ]);
  });

  it('a redraw writes only the centres that moved, and adds or removes dots at the end', () => {
    const { g, log } = group();
    writeDots(g as unknown as Element, pts(4), 1.8);
    log.length = 0;
    writeDots(g as unknown as Element, pts(4), 1.8);
    expect(log).toEqual([]);
    writeDots(g as unknown as Element, pts(4, 1), 1.8); // every dot moves right: cx only
    expect(log).toEqual(['set cx', 'set cx', 'set cx', 'set cx']);
    log.length = 0;
    writeDots(g as unknown as Element, pts(2, 1), 1.8);
    expect(log).toEqual(['remove', 'remove']);
    log.length = 0;
    writeDots(g as unknown as Element, pts(3, 1), 1.8);
    expect(log).toEqual(['set class', 'set r', 'append', 'set cx', 'set cy']);
    expect(g.children.map((c) => c.attrs.get('cx'))).toEqual(['11', '12', '13']);
  });
});
