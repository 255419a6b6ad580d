/** pack/unpack: identical sub-objects travel as paths and come back as the receiver's previous objects. */
import { describe, expect, it } from 'vitest';
import { pack, unpack } from './reuse.ts';

/** What a worker round trip does to a packed result. */
const overTheWire = <T>(v: T): T => structuredClone(v);

describe('pack / unpack', () => {
  const memo = { big: new Float32Array([1, 2, 3]), label: 'cached' };
  const first = { n: 1, memo, list: [{ a: new Float64Array(2) }, memo], note: null as string | null };

  it('with no previous result, everything travels and nothing is reused', () => {
    const p = pack(first, null);
    expect(p.reused).toEqual([]);
    const back = unpack<typeof first>(overTheWire(p), null);
    expect(back).toStrictEqual(first);
  });

  it('parts identical to the previous result travel as paths, at any depth, in objects and arrays', () => {
    const second = { n: 2, memo, list: [first.list[0], { fresh: true }], note: 'x' as string | null };
    const p = pack(second, first);
    expect(p.reused).toEqual([['memo'], ['list', 0]]);
    expect(p.value).toEqual({ n: 2, memo: null, list: [null, { fresh: true }], note: 'x' });
    // The receiver has its own copy of the first result; the second is rebuilt on it, sharing its objects.
    const receivedFirst = unpack<typeof first>(overTheWire(pack(first, null)), null);
    const receivedSecond = unpack<typeof second>(overTheWire(p), receivedFirst);
    expect(receivedSecond).toStrictEqual(second);
    expect(receivedSecond.memo).toBe(receivedFirst.memo);
    expect(receivedSecond.list[0]).toBe(receivedFirst.list[0]);
  });

  it('typed arrays are leaves: reused when identical, copied whole when not', () => {
    const a = { x: new Float32Array([1, 2]) };
    expect(pack({ x: a.x }, a).reused).toEqual([['x']]);
    expect(pack({ x: new Float32Array([1, 2]) }, a).reused).toEqual([]);
  });

  it('an identical whole result is one path, []', () => {
    const p = pack(first, first);
    expect(p.reused).toEqual([[]]);
    expect(unpack(overTheWire(p), first)).toBe(first);
  });

  it('does not walk class instances or into a changed shape', () => {
    class Box { constructor(readonly v: Float32Array) {} }
    const v = new Float32Array(1);
    const prev = { b: new Box(v), arr: [memo] };
    expect(pack({ b: new Box(v), arr: { 0: memo } }, prev).reused).toEqual([]);
  });

  it('refuses to guess when the receiver lacks the part the sender reused', () => {
    const p = pack({ memo }, { memo });
    expect(() => unpack(p, null)).toThrow('reused result part ["memo"] is missing on the receiving side');
    expect(() => unpack(p, { other: 1 })).toThrow('missing on the receiving side');
  });
});
