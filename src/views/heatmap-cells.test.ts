import { rgb } from 'd3';
import { describe, expect, it } from 'vitest';
import { divergingScale, rampTable, sequentialScale } from './color.ts';
import { cellPixels, fadedPath, gridPath, vectorCells } from './heatmap-cells.ts';

describe('cellPixels', () => {
  it('gives each cell the colour its scale gives the value (values on the colour table\'s 256 steps)', () => {
    const values = Float32Array.from({ length: 12 }, (_, i) => -1 + (2 * (i * 21)) / 255);
    const scales = [divergingScale(1), sequentialScale(-1, 1), sequentialScale(-1, 1, 'greys')];
    for (const scale of scales) {
      const px = cellPixels({ values, rows: 3, cols: 4 }, scale);
      expect(px.length).toBe(48);
      values.forEach((v, i) => {
        const c = rgb(scale(v));
        expect([...px.subarray(i * 4, i * 4 + 4)]).toEqual([c.r, c.g, c.b, 255]);
      });
    }
  });

  it('clamps values outside the domain to its ends and paints NaN and ±Infinity grey (#bdbdbd)', () => {
    const px = cellPixels({ values: [-5, 5, NaN, Infinity, -Infinity], rows: 1, cols: 5 }, sequentialScale(0, 1, 'greys'));
    expect([...px]).toEqual([0, 0, 0, 255, 255, 255, 255, 255, ...[189, 189, 189, 255], ...[189, 189, 189, 255], ...[189, 189, 189, 255]]);
  });

  it('matches a per-byte reference (round to the nearest of 256 table steps) on 10 000 random values', () => {
    const values = Float64Array.from({ length: 10_000 }, (_, i) => Math.sin(i * 12.9898) * 3);
    values[17] = NaN;
    for (const scale of [divergingScale(2.5), sequentialScale(-1, 2.2, 'cividis')]) {
      const px = cellPixels({ values, rows: 100, cols: 100 }, scale);
      const table = rampTable(scale.interpolator);
      const [d0, d1] = scale.domain;
      values.forEach((v, i) => {
        const t = Math.min(1, Math.max(0, (v - d0) / (d1 - d0)));
        const j = Math.round(t * 255) * 3;
        const want = Number.isNaN(v) ? [189, 189, 189, 255] : [table[j], table[j + 1], table[j + 2], 255];
        expect([...px.subarray(i * 4, i * 4 + 4)]).toEqual(want);
      });
    }
  });

  it('maps a zero-width domain to the middle of the ramp', () => {
    const scale = sequentialScale(2, 2, 'greys');
    const c = rgb(scale(2));
    expect([...cellPixels({ values: [2], rows: 1, cols: 1 }, scale)]).toEqual([c.r, c.g, c.b, 255]);
  });
});

describe('gridPath and fadedPath', () => {
  it('draws every row and column line of the grid in cell units', () => {
    expect(gridPath(1, 2)).toBe('M0 0H2M0 1H2M0 0V1M1 0V1M2 0V1');
  });

  it('draws one unit square per faded cell and nothing when none is faded', () => {
    expect(fadedPath(2, 3, (r, c) => (r + c) % 2 === 1)).toBe('M1 0h1v1h-1zM0 1h1v1h-1zM2 1h1v1h-1z');
    expect(fadedPath(2, 3, () => false)).toBe('');
  });
});

describe('vectorCells', () => {
  /** Just enough of the DOM: elements with attributes and children. */
  class El {
    attrs: Record<string, string> = {};
    children: El[] = [];
    constructor(public tag: string) {}
    setAttribute(n: string, v: string) {
      this.attrs[n] = v;
    }
    appendChild(c: El) {
      this.children.push(c);
    }
  }
  const doc = { createElementNS: (_ns: string, tag: string) => new El(tag) } as unknown as Document;

  it('makes one unit rect per cell, row-major, with the exact colour of its value', () => {
    const scale = divergingScale(2);
    const values = [-2, -0.3, 0, 1.7, 2, NaN];
    const g = vectorCells(doc, { values, rows: 2, cols: 3 }, scale) as unknown as El;
    expect(g.tag).toBe('g');
    expect(g.children.map((r) => [r.tag, r.attrs.x, r.attrs.y, r.attrs.width, r.attrs.height, r.attrs.fill])).toEqual(
      values.map((v, i) => ['rect', String(i % 3), String(Math.floor(i / 3)), '1', '1', scale(v)]),
    );
  });
});
