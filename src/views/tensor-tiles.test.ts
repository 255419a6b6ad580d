import { describe, expect, it } from 'vitest';
import { tileLayout } from './tensor-tiles.ts';

describe('tileLayout', () => {
  it('puts each channel on its own floor (channel 0 on top) with its N maps as a grid, centred on the origin', () => {
    const L = tileLayout([8, 4, 6, 6]);
    expect(L.centres).toHaveLength(32);
    expect([L.cols, L.rows]).toEqual([3, 3]);
    const y = (n: number, c: number) => L.centres[n * 4 + c][1];
    // All samples of one channel share a floor; floors step down with the channel index.
    expect(new Set([0, 1, 2, 7].map((n) => y(n, 2))).size).toBe(1);
    expect(y(0, 0)).toBeGreaterThan(y(0, 1));
    expect(y(0, 0) + y(0, 3)).toBeCloseTo(0, 12);
    // Neighbouring samples sit a tile plus a gap apart; the grid is centred.
    expect(L.centres[4][0] - L.centres[0][0]).toBeCloseTo(1.12, 12);
    const xs = L.centres.map((c) => c[0]);
    expect(Math.min(...xs) + Math.max(...xs)).toBeCloseTo(0, 12);
  });

  it('boxes a whole floor for a channel and a column through the floors for a sample', () => {
    const L = tileLayout([4, 3, 8, 8]);
    const f = L.floor(1);
    expect(f.centre).toEqual([0, L.centres[1][1], 0]);
    expect(f.size[0]).toBeCloseTo(2 * 1 + 0.12 + 0.2, 12);
    const s = L.sample(3);
    expect(s.centre[0]).toBeCloseTo(L.centres[3 * 3][0], 12);
    expect(s.centre[2]).toBeCloseTo(L.centres[3 * 3][2], 12);
    expect(s.size[1]).toBeGreaterThan(L.centres[0][1] - L.centres[2][1]);
  });

  it('keeps the aspect ratio of non-square maps, and one sample makes a one-tile floor', () => {
    const L = tileLayout([1, 4, 4, 8]);
    expect(L.tileW).toBe(1);
    expect(L.tileH).toBe(0.5);
    expect(L.centres.every((c) => c[0] === 0 && c[2] === 0)).toBe(true);
    expect(L.radius).toBeGreaterThan(0);
  });
});
