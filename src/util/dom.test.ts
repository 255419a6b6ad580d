import { describe, expect, it } from 'vitest';
import { setAttr, setProp, setText } from './dom.ts';

/** A stand-in element that counts writes (Node has no DOM). */
function counting() {
  const writes: string[] = [];
  let text = 'a';
  let value = '1';
  const attrs = new Map<string, string>([['x', '1']]);
  const el = {
    get textContent() { return text; },
    set textContent(v: string) { writes.push(`text=${v}`); text = v; },
    get value() { return value; },
    set value(v: string) { writes.push(`value=${v}`); value = v; },
    getAttribute: (n: string) => attrs.get(n) ?? null,
    setAttribute: (n: string, v: string) => { writes.push(`${n}=${v}`); attrs.set(n, v); },
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
