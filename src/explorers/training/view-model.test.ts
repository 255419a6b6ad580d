import { describe, expect, it } from 'vitest';
import { activationStrip, largestWorkingLr, raceVerdict, recentLoss, smoothedLoss, stdRatio, sweepSeries, thin } from './view-model.ts';
import { summarise } from '../../training/stats.ts';

const record = (step: number, values: number[]) => ({ step, blocks: [summarise(Float32Array.from(values))] });

describe('training view model', () => {
  it('thin keeps the ends and spreads the rest evenly', () => {
    expect(thin(3, 5)).toEqual([0, 1, 2]);
    expect(thin(11, 3)).toEqual([0, 5, 10]);
  });

  it('activationStrip puts each record in a column that sums to 1 over the non-zero values, large values at the top', () => {
    const s = activationStrip([record(0, [0, 0, 1, 1]), record(10, [4, 4, 4, 0])], 0, 4, 60, 4);
    expect([s.grid.rows, s.grid.cols]).toEqual([4, 2]);
    const col = (c: number) => Array.from({ length: 4 }, (_, r) => s.grid.values[r * 2 + c]);
    expect(col(0)).toEqual([0, 0, 1, 0]); // zeros left out; 1 → second bin from the bottom
    expect(col(1)).toEqual([1, 0, 0, 0]); // 4 = hi → top bin
    expect(s.steps).toEqual([0, 10]);
  });

  it('stdRatio compares the last record with the first', () => {
    expect(stdRatio([record(0, [0, 2]), record(5, [0, 8])], 0)).toBeCloseTo(4, 12);
  });

  it('smoothedLoss averages whole windows', () => {
    expect(smoothedLoss([1, 3, 5, 7, 9], 2)).toEqual([[2, 2], [4, 6]]);
  });

  it('sweepSeries separates diverged runs and largestWorkingLr finds the highest rate that trained', () => {
    const pts = [
      { lr: 1, finalLoss: { plain: NaN, bn: 0.2 }, stepsToTarget: { plain: null, bn: 40 } },
      { lr: 0.1, finalLoss: { plain: 0.3, bn: 0.1 }, stepsToTarget: { plain: 90, bn: 30 } },
    ];
    expect(sweepSeries(pts, 'plain')).toEqual({ line: [[0.1, 0.3]], diverged: [[1, 10]] });
    expect(largestWorkingLr(pts, 'plain')).toBe(0.1);
    expect(largestWorkingLr(pts, 'bn')).toBe(1);
  });
});

describe('race readout', () => {
  it('says "not trained yet" before the first step (no losses is not a divergence)', () => {
    expect(recentLoss({ losses: [] })).toBeNaN();
    expect(raceVerdict({ losses: [], diverged: false })).toBe('not trained yet (Step or Run)');
  });

  it('diverged once flagged or once a recent loss is not finite; stalled near chance after 40 steps; else the recent loss', () => {
    expect(raceVerdict({ losses: [], diverged: true })).toBe('diverged (loss became NaN/∞)');
    expect(raceVerdict({ losses: [1, Infinity], diverged: false })).toBe('diverged (loss became NaN/∞)');
    expect(raceVerdict({ losses: Array(40).fill(1.38), diverged: false })).toMatch(/^stalled near chance/);
    expect(raceVerdict({ losses: [0.5, 0.3], diverged: false })).toBe('loss 0.4');
    expect(recentLoss({ losses: [...Array(30).fill(9), ...Array(20).fill(0.25)] })).toBe(0.25);
  });
});
