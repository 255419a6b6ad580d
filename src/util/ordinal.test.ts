import { describe, expect, it } from 'vitest';
import { everyNth, ordinal } from './ordinal.ts';

describe('ordinal(n)', () => {
  it('uses st/nd/rd after 1/2/3, th for 11–13 and everything else', () => {
    expect([1, 2, 3, 4, 10, 11, 12, 13, 14, 21, 22, 23, 101, 111, 112].map(ordinal)).toEqual(
      ['1st', '2nd', '3rd', '4th', '10th', '11th', '12th', '13th', '14th', '21st', '22nd', '23rd', '101st', '111th', '112th']);
  });
});

describe('everyNth(n, noun)', () => {
  it('reads "every row" for 1 and "every 2nd row" for 2', () => {
    expect(everyNth(1, 'row')).toBe('every row');
    expect(everyNth(2, 'row')).toBe('every 2nd row');
    expect(everyNth(3, 'column')).toBe('every 3rd column');
  });
});
