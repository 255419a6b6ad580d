import { describe, expect, it } from 'vitest';
import { setAttr, setProp, setText, writeAttrs } from './dom.ts';

/** A stand-in element that counts writes (Node has no DOM). */
function counting() {
  const writes: string[] = [];
  let text = 'a';
  let value = '1';
  const attrs = new Map<string, string>([['x', '1']]);
  const el = {
    firstChild: null,
    lastChild: null,
    get textContent() { return text; },
    set textContent(v: string) { writes.push(`text=${v}`); text = v; },
    get value() { return value; },
    set value(v: string) { writes.push(`value=${v}`); value = v; },
    getAttribute: (n: string) => attrs.get(n) ?? null,
    hasAttribute: (n: string) => attrs.has(n),
    setAttribute: (n: string, v: string) => { writes.push(`${n}=${v}`); attrs.set(n, v); },
    removeAttribute: (n: string) => { writes.push(`-${n}`); attrs.delete(n); },
  };
  return { el, writes };
}

describe('write only what changed', () => {
  it('setText, setAttr and setProp leave equal values alone and write different ones', () => {
    const { el, writes } = counting();
    setText(el as unknown as Element, 'a');
    setAttr(el as unknown as Element, 'x', '1');
    setProp(el, 'value', '1');
    expect(writes).toEqual([]);
    setText(el as unknown as Element, 'b');
    setAttr(el as unknown as Element, 'x', '2');
    setAttr(el as unknown as Element, 'y', '');
    setProp(el, 'value', '2');
    expect(writes).toEqual(['text=b', 'x=2', 'y=', 'value=2']);
  });
});

describe('setText on an element holding one text node', () => {
  it('changes the node in place (no new node), and only when the text differs', () => {
    const writes: string[] = [];
    let data = 'a';
    const textNode = { nodeType: 3, get data() { return data; }, set data(v: string) { writes.push(`data=${v}`); data = v; } };
    const el = {
      firstChild: textNode,
      lastChild: textNode,
      get textContent() { return data; },
      set textContent(v: string) { writes.push(`text=${v}`); data = v; },
    };
    setText(el as unknown as Element, 'a');
    setText(el as unknown as Element, 'b');
    expect(writes).toEqual(['data=b']);
    expect(el.textContent).toBe('b');
  });

  it('replaces mixed or element children as a whole', () => {
    const writes: string[] = [];
    const child = { nodeType: 1 };
    const el = { firstChild: child, lastChild: child, textContent: 'x' };
    const spy = new Proxy(el, { set(t, k, v) { writes.push(`${String(k)}=${v}`); (t as Record<string, unknown>)[k as string] = v; return true; } });
    setText(spy as unknown as Element, 'y');
    expect(writes).toEqual(['textContent=y']);
  });
});

describe('writeAttrs (d3 selections)', () => {
  /** The one method writeAttrs uses of a d3 selection: each(fn) with the element as `this`, datum and index. */
  const selection = <D>(items: { el: unknown; d: D }[]) => ({
    each(fn: (this: Element, d: D, i: number) => void) {
      items.forEach((it, i) => fn.call(it.el as Element, it.d, i));
      return this;
    },
  });

  it('writes constants and per-datum values only where they differ; null removes, once', () => {
    const a = counting();
    const b = counting();
    const sel = selection([{ el: a.el, d: 1 }, { el: b.el, d: 2 }]);
    writeAttrs(sel, { x: (d: number) => d, role: 'img', z: null });
    expect(a.writes).toEqual(['role=img']); // a's x is already '1'
    expect(b.writes).toEqual(['x=2', 'role=img']);
    writeAttrs(sel, { x: (d: number) => d, role: 'img', z: null });
    expect(a.writes).toEqual(['role=img']);
    expect(b.writes).toEqual(['x=2', 'role=img']);
    writeAttrs(sel, { x: null, i: (_: number, i: number) => `#${i}` });
    writeAttrs(sel, { x: null, i: (_: number, i: number) => `#${i}` });
    expect(a.writes).toEqual(['role=img', '-x', 'i=#0']);
    expect(b.writes).toEqual(['x=2', 'role=img', '-x', 'i=#1']);
  });
});
