import { rgb } from 'd3';
import { describe, expect, it } from 'vitest';
import { divergingScale, rampTable, sequentialScale } from './color.ts';

describe('rampTable', () => {
  it('samples the ramp at 256 points as RGB bytes, once per ramp however many scales use it', () => {
    const a = divergingScale(1);
    const b = divergingScale(7);
    const t = rampTable(a.interpolator);
    expect(rampTable(b.interpolator)).toBe(t);
    const end = rgb(a.interpolator(1));
    expect([t[255 * 3], t[255 * 3 + 1], t[255 * 3 + 2]]).toEqual([end.r, end.g, end.b]);
    const mid = rgb(a.interpolator(128 / 255));
    expect([t[128 * 3], t[128 * 3 + 1], t[128 * 3 + 2]]).toEqual([mid.r, mid.g, mid.b]);
    expect(rampTable(sequentialScale(0, 1, 'greys').interpolator)).not.toBe(t);
  });
});
