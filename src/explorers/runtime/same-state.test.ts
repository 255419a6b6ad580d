import { describe, expect, it } from 'vitest';
import { sameState } from './same-state.ts';

describe('sameState', () => {
  it('compares values, arrays element by element', () => {
    expect(sameState({ a: 1, g: [1, 2] }, { a: 1, g: [1, 2] })).toBe(true);
    expect(sameState({ a: 1, g: [1, 2] }, { a: 1, g: [1, 3] })).toBe(false);
    expect(sameState({ a: 1, g: [1, 2] }, { a: 1, g: [1, 2, 3] })).toBe(false);
    expect(sameState({ a: 1, m: 'x' }, { a: 1, m: 'y' })).toBe(false);
  });
  it('tells NaN equal to NaN and 0 from −0 (what a URL would write differently)', () => {
    expect(sameState({ v: NaN }, { v: NaN })).toBe(true);
    expect(sameState({ v: 0 }, { v: -0 })).toBe(false);
  });
  it('notices a missing or extra key', () => {
    expect(sameState<Record<string, number>>({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameState<Record<string, number>>({ a: 1, c: 2 }, { a: 1, b: 2 })).toBe(false);
  });
});
