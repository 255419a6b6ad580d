import { describe, expect, it } from 'vitest';
import { barsPath, histogramLayout, histogramKey, peakFraction } from './histogram.ts';

describe('histogramLayout', () => {
  const data = {
    main: { counts: [1, 3, 0, 4], lo: 0, hi: 4 },
    mean: 2,
    std: 1,
    domain: [0, 4] as [number, number],
  };

  it('places bars by bin edges and heights by fraction of the total (snapshot, 3 decimals)', () => {
    const L = histogramLayout(data, { width: 112, height: 60, ticks: 0 });
    // Plot x from 6 to 106 (100 px for 4 units), y from 6 to 42; tallest bin (4/8) reaches the top.
    expect(L.bars).toEqual([
      { x: 6, y: 33, width: 24.5, height: 9 },
      { x: 31, y: 15, width: 24.5, height: 27 },
      { x: 56, y: 42, width: 24.5, height: 0 },
      { x: 81, y: 6, width: 24.5, height: 36 },
    ]);
    expect(L.mean).toBe(56);
    expect(L.band).toEqual([31, 81]);
    expect(L.ticks).toEqual([]);
    expect(L.ghostPath).toBeNull();
  });

  it('draws the ghost (previous state) as a step outline on the same scales', () => {
    const L = histogramLayout({ ...data, ghost: { counts: [2, 2], lo: 0, hi: 2 } }, { width: 112, height: 60, ticks: 0 });
    expect(L.ghostPath).toBe('M6,42V6H31V6H56V42');
  });

  it('a shared yMax keeps small multiples comparable', () => {
    const L = histogramLayout({ ...data, yMax: 1 }, { width: 112, height: 60, ticks: 0 });
    expect(L.bars[3]).toEqual({ x: 81, y: 24, width: 24.5, height: 18 });
    expect(peakFraction(data.main)).toBe(0.5);
  });

  it('leaves out markers for missing or non-finite statistics and survives an empty histogram', () => {
    const L = histogramLayout({ main: { counts: [0, 0], lo: 0, hi: 1 }, mean: NaN, std: null, domain: [0, 1] }, { ticks: 3 });
    expect(L.mean).toBeNull();
    expect(L.band).toBeNull();
    expect(L.bars.every((b) => b.height === 0)).toBe(true);
    expect(L.ticks.map((t) => t.label)).toEqual(['0', '0.5', '1']);
  });
});

describe('barsPath', () => {
  it('draws each non-empty bar as one closed rectangle of the path', () => {
    expect(barsPath([{ x: 1, y: 2, width: 3, height: 4 }, { x: 4, y: 6, width: 3, height: 0 }, { x: 7, y: 0.5, width: 3, height: 5.5 }]))
      .toBe('M1,2h3v4h-3ZM7,0.5h3v5.5h-3Z');
    expect(barsPath([])).toBe('');
  });
});

describe('histogramKey', () => {
  const data = { main: { counts: [1, 3, 0, 4], lo: 0, hi: 4 }, mean: 2, std: 1, domain: [0, 4] as [number, number] };
  const options = { label: 'a', width: 112, height: 60, ticks: 0 };

  it('is the same for the same inputs (a typed array or a plain one), so a redraw that changes nothing can be skipped', () => {
    expect(histogramKey(data, options)).toBe(histogramKey({ ...data, main: { ...data.main, counts: Float64Array.from([1, 3, 0, 4]) } }, { ...options }));
  });

  it('changes with every input the drawing depends on', () => {
    const base = histogramKey(data, options);
    const variants = [
      histogramKey({ ...data, main: { ...data.main, counts: [1, 3, 1, 4] } }, options),
      histogramKey({ ...data, main: { ...data.main, hi: 5 } }, options),
      histogramKey({ ...data, mean: 2.5 }, options),
      histogramKey({ ...data, std: 1.01 }, options),
      histogramKey({ ...data, domain: [0, 5] }, options),
      histogramKey({ ...data, yMax: 0.6 } as typeof data, options),
      histogramKey({ ...data, ghost: { counts: [2, 2], lo: 0, hi: 2 } } as typeof data, options),
      histogramKey(data, { ...options, label: 'b' }),
      histogramKey(data, { ...options, color: '#f00' } as typeof options),
      histogramKey(data, { ...options, emphasis: true } as typeof options),
      histogramKey(data, { ...options, width: 113 }),
      histogramKey(data, { ...options, height: 61 }),
      histogramKey(data, { ...options, ticks: 3 }),
    ];
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
  });
});
