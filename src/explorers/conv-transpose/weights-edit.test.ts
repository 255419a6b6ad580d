import { describe, expect, it } from 'vitest';
import { remapWeights } from './weights-edit.ts';

describe('remapWeights', () => {
  it('keeps overlapping cells and zero-fills new ones', () => {
    const w = [1, 2, 3, 4]; // [1, 1, 2, 2]
    expect(remapWeights(w, [1, 1, 2, 2], [1, 1, 3, 3])).toEqual([1, 2, 0, 3, 4, 0, 0, 0, 0]);
    expect(remapWeights(w, [1, 1, 2, 2], [1, 1, 1, 2])).toEqual([1, 2]);
    expect(remapWeights(w, [1, 1, 2, 2], [2, 1, 2, 2])).toEqual([1, 2, 3, 4, 0, 0, 0, 0]);
  });
});
