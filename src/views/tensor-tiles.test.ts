import { describe, expect, it } from 'vitest';
import { tileLayout } from './tensor-tiles.ts';

describe('tileLayout', () => {
  it('puts channels side by side and samples back in depth, centred on the origin', () => {
    const L = tileLayout([3, 4, 8, 8]);
    expect(L.centres).toHaveLength(12);
    const [a, b] = [L.centres[0], L.centres[1]];
    expect(b[0] - a[0]).toBeCloseTo(1.25, 12); // tile width 1 + gap 0.25
    const back = L.centres[4]; // sample 1, channel 0
    expect(back[2]).toBeLessThan(a[2]);
    expect(back[1]).toBeLessThan(a[1]);
    const xs = L.centres.map((c) => c[0]);
    expect(Math.min(...xs) + Math.max(...xs)).toBeCloseTo(0, 12);
    const zs = L.centres.map((c) => c[2]);
    expect(Math.min(...zs) + Math.max(...zs)).toBeCloseTo(0, 12);
  });

  it('keeps the aspect ratio of non-square maps and boxes a whole channel column', () => {
    const L = tileLayout([2, 2, 4, 8]);
    expect(L.tileW).toBe(1);
    expect(L.tileH).toBe(0.5);
    const col = L.column(1);
    expect(col.centre[0]).toBeCloseTo(L.centres[1][0], 12);
    expect(col.size[2]).toBeGreaterThan(0);
  });

  it('a single sample has no depth', () => {
    const L = tileLayout([1, 4, 5, 5]);
    expect(L.centres.every((c) => c[2] === 0)).toBe(true);
    expect(L.radius).toBeGreaterThan(0);
  });
});
