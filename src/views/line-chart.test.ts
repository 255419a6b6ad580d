import { describe, expect, it } from 'vitest';
import { lineChartLayout } from './line-chart.ts';

describe('lineChartLayout', () => {
  it('maps points to pixels on linear axes (snapshot, 3 decimals)', () => {
    const L = lineChartLayout(
      { series: [{ id: 'a', points: [[0, 0], [10, 1]] }], xDomain: [0, 10], yDomain: [0, 1] },
      { width: 156, height: 130 },
    );
    // plot: x 46…146, y 108…8
    expect(L.plot).toEqual({ left: 46, right: 146, top: 8, bottom: 108 });
    expect(L.paths[0].d).toBe('M46,108L146,8');
    expect(L.xTicks[0]).toEqual({ x: 46, label: '0' });
    expect(L.yTicks.at(-1)).toEqual({ y: 8, label: '1' });
  });

  it('log axes skip non-positive values instead of drawing garbage, and tick at powers of ten', () => {
    const L = lineChartLayout(
      { series: [{ id: 'a', points: [[1, 1], [0, 5], [100, 0.01]] }], xDomain: [1, 100], yDomain: [0.01, 1] },
      { width: 156, height: 130, xLog: true, yLog: true },
    );
    expect(L.paths[0].d).toBe('M46,8ZM146,108Z');
    expect(L.xTicks.map((t) => t.label)).toEqual(['1', '10', '100']);
  });

  it('explicit x ticks on a log axis: batch sizes 2 … 32 equally spaced, labelled as numbers', () => {
    const L = lineChartLayout(
      { series: [{ id: 'a', points: [[2, 1], [4, 1], [8, 1], [16, 1], [32, 1]] }], xDomain: [2, 32], yDomain: [0, 2] },
      { width: 156, height: 130, xLog: true, xTicks: [2, 4, 8, 16, 32] },
    );
    expect(L.xTicks).toEqual([{ x: 46, label: '2' }, { x: 71, label: '4' }, { x: 96, label: '8' }, { x: 121, label: '16' }, { x: 146, label: '32' }]);
  });

  it('places dots, vertical markers and a legend row (which pushes the plot down)', () => {
    const L = lineChartLayout(
      {
        series: [{ id: 'a', label: 'running mean', points: [[0, 0], [1, 1]] }, { id: 'b', label: 'target', dashed: true, points: [[0, 1], [1, 1]] }],
        dots: [{ x: 0.5, y: 0.5, label: 'now' }],
        vLines: [{ x: 0.5, label: 'shift' }],
        xDomain: [0, 1], yDomain: [0, 1],
      },
      { width: 156, height: 130 },
    );
    expect(L.plot.top).toBe(24);
    expect(L.dots).toEqual([{ x: 96, y: 66, color: 'currentColor', r: 3.5, label: 'now' }]);
    expect(L.vLines).toEqual([{ x: 96, label: 'shift' }]);
    expect(L.legend.map((l) => [l.label, l.dashed])).toEqual([['running mean', false], ['target', true]]);
  });

  it('derives a padded domain from the data when none is given, and copes with a single value', () => {
    const L = lineChartLayout({ series: [{ id: 'a', points: [[2, 3]] }] }, {});
    expect(L.paths[0].d).toMatch(/^M[\d.]+,[\d.]+Z$/);
  });
});
