import { describe, expect, it } from 'vitest';
import { lrStep } from './presenter-keys.ts';

describe('lrStep', () => {
  it('walks the 1–2–5 grid and stops at the schema limits', () => {
    expect(lrStep(0.1, 1)).toBe(0.2);
    expect(lrStep(0.1, -1)).toBe(0.05);
    expect(lrStep(0.03, 1)).toBe(0.05);
    expect(lrStep(0.03, -1)).toBe(0.02);
    expect(lrStep(10, 1)).toBe(10);
    expect(lrStep(1e-4, -1)).toBe(1e-4);
  });
});
