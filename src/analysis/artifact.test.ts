import { describe, expect, it } from 'vitest';
import { artifactScore, stridePeakBins } from './artifact.ts';

const grid = (rows: number, cols: number, f: (r: number, c: number) => number) =>
  Float64Array.from({ length: rows * cols }, (_, i) => f(Math.floor(i / cols), i % cols));

describe('stridePeakBins', () => {
  it('lists (a·N/s, b·N/s) except DC', () => {
    expect(stridePeakBins(8, 8, 2, 2)).toEqual([{ u: 0, v: 4 }, { u: 4, v: 0 }, { u: 4, v: 4 }]);
    expect(stridePeakBins(12, 6, 3, 1)).toEqual([{ u: 4, v: 0 }, { u: 8, v: 0 }]);
    expect(stridePeakBins(5, 5, 1, 1)).toEqual([]);
  });
});

describe('artifactScore', () => {
  it('is 0 for a constant image', () => {
    expect(artifactScore(grid(16, 16, () => 3), 16, 16, 2, 2).score).toBe(0);
  });

  it('is 1 for a pure stride-2 checkerboard on a constant', () => {
    const img = grid(32, 32, (r, c) => 5 + ((r + c) % 2 === 0 ? 1 : 0));
    expect(artifactScore(img, 32, 32, 2, 2).score).toBeCloseTo(1, 9);
  });

  it('is 1 for any period-3 pattern on a 48×48 image, 0 for a period-2 one measured at stride 3', () => {
    const p3 = grid(48, 48, (r, c) => [0.2, 1, 0.7][r % 3] * [1, 0.5, 0.9][c % 3]);
    expect(artifactScore(p3, 48, 48, 3, 3).score).toBeCloseTo(1, 9);
    const p2 = grid(48, 48, (r, c) => ((r + c) % 2 === 0 ? 1 : 0));
    expect(artifactScore(p2, 48, 48, 3, 3).score).toBeLessThan(1e-20);
  });

  it('is tiny for a smooth image and grows with an added checkerboard', () => {
    const smooth = grid(64, 64, (r, c) => 1 + 0.3 * Math.sin(r / 9) * Math.cos(c / 13));
    const clean = artifactScore(smooth, 64, 64, 2, 2).score;
    const dirty = artifactScore(smooth.map((v, i) => v * (1 + 0.1 * (((Math.floor(i / 64) % 2) + (i % 2)) % 2))), 64, 64, 2, 2).score;
    expect(clean).toBeLessThan(1e-3);
    expect(dirty).toBeGreaterThan(0.05);
    expect(dirty).toBeGreaterThan(100 * clean);
  });
});
