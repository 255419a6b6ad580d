import { describe, expect, it } from 'vitest';
import { pairMoments, scatterLayout } from './scatter.ts';

describe('scatterLayout', () => {
  it('maps points into the plot and marks the zero lines (snapshot)', () => {
    const L = scatterLayout({ x: [-1, 0, 1], y: [1, 0, -1], xDomain: [-1, 1], yDomain: [-1, 1] }, { width: 148, height: 130, ellipse: false });
    // plot x 40…140, y 108…8
    expect(L.points).toEqual([{ x: 40, y: 8 }, { x: 90, y: 58 }, { x: 140, y: 108 }]);
    expect(L.zeroX).toBe(90);
    expect(L.zeroY).toBe(58);
    expect(L.ellipse).toBeNull();
  });

  it('thins large inputs by a fixed stride but counts them all', () => {
    const x = Float32Array.from({ length: 10000 }, (_, i) => i);
    const L = scatterLayout({ x, y: x }, { maxPoints: 1000 });
    expect(L.total).toBe(10000);
    expect(L.drawn).toBe(1000);
  });

  it('the 2σ ellipse of perfectly correlated data collapses onto the diagonal', () => {
    const x = [-2, -1, 0, 1, 2];
    const L = scatterLayout({ x, y: x, xDomain: [-3, 3], yDomain: [-3, 3] }, { width: 148, height: 130 });
    const pts = [...L.ellipse!.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    // Every ellipse point lies on the line y = x mapped to pixels: (px − 40)/100 = (108 − py)/100.
    for (const [px, py] of pts) expect(Math.abs((px - 40) - (108 - py))).toBeLessThan(0.01);
  });

  it('pairMoments gives mean and covariance (÷ n), skipping non-finite pairs', () => {
    const m = pairMoments([1, 3, NaN], [2, 6, 1]);
    expect(m).toEqual({ mx: 2, my: 4, sxx: 1, syy: 4, sxy: 2, n: 2 });
  });
});
