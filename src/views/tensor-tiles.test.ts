import { describe, expect, it } from 'vitest';
import { PlaneGeometry, Scene } from 'three';
import { fitTiles, tileLayout, type TileSet } from './tensor-tiles.ts';

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

describe('fitTiles', () => {
  const fresh = (): TileSet => ({ scene: new Scene(), tiles: [], unitSquare: new PlaneGeometry(1, 1) });
  const placed = (set: TileSet, shape: [number, number, number, number]) => {
    const L = tileLayout(shape);
    set.tiles.forEach((m, i) => {
      expect(m.position.toArray()).toEqual(L.centres[i]);
      expect(m.scale.toArray()).toEqual([L.tileW, L.tileH, 1]);
      expect(m.userData).toEqual({ channel: i % shape[1], sample: Math.floor(i / shape[1]) });
      expect(m.geometry).toBe(set.unitSquare);
    });
    expect(set.scene.children).toEqual(set.tiles);
  };

  it('makes N·C tiles, sample-major, each at its place in the layout, all on the shared unit square', () => {
    const set = fresh();
    fitTiles(set, [8, 4, 24, 24]);
    expect(set.tiles).toHaveLength(32);
    placed(set, [8, 4, 24, 24]);
  });

  it('a new shape keeps the meshes and materials it still needs, moves every one, and disposes only the rest', () => {
    const set = fresh();
    fitTiles(set, [8, 4, 24, 24]);
    const before = [...set.tiles];
    const disposed: unknown[] = [];
    for (const m of before) m.material.addEventListener('dispose', () => disposed.push(m));
    fitTiles(set, [3, 4, 20, 30]); // fewer samples, non-square maps
    const same = (a: unknown[], b: unknown[]) => a.length === b.length && a.every((x, i) => x === b[i]);
    expect(same(set.tiles, before.slice(0, 12))).toBe(true); // the very meshes (and materials), not copies
    expect(same(disposed, before.slice(12).reverse())).toBe(true);
    placed(set, [3, 4, 20, 30]);
    fitTiles(set, [5, 4, 20, 30]); // more again: 8 new tiles after the 12 kept
    expect(same(set.tiles.slice(0, 12), before.slice(0, 12))).toBe(true);
    expect(set.tiles).toHaveLength(20);
    placed(set, [5, 4, 20, 30]);
  });
});
