import { describe, expect, it } from 'vitest';
import { stepped, type ScrubOptions } from './number-scrub.ts';

const int: ScrubOptions = { min: 1, max: 4, step: 1, onValue: () => {} };
const real: ScrubOptions = { min: -10, max: 10, step: 0.1, coarse: 10, onValue: () => {} };

describe('stepped(from, steps, shift, options)', () => {
  it('moves by whole steps and stops at the limits', () => {
    expect(stepped(2, 1, false, int)).toBe(3);
    expect(stepped(2, -5, false, int)).toBe(1);
    expect(stepped(3, 4, false, int)).toBe(4);
  });

  it('Shift moves by the coarse step (5 by default)', () => {
    expect(stepped(0, 1, true, { ...int, min: 0, max: 99 })).toBe(5);
    expect(stepped(0.5, 1, true, real)).toBe(1.5);
  });

  it('decimal steps land on clean values (no 0.30000000000000004)', () => {
    expect(stepped(0.2, 1, false, real)).toBe(0.3);
    expect(stepped(-0.1, -2, false, real)).toBe(-0.3);
  });
});
