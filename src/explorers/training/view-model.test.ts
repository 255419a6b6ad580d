import { describe, expect, it } from 'vitest';
import { activationStrip, largestWorkingLr, raceClaim, racerOutcome, raceVerdict, recentLoss, scoreClaim, smoothedLoss, stdRatio, sweepSeries, thin } from './view-model.ts';
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

describe('the race sentence (raceClaim) is made of the run’s own numbers', () => {
  const run = (losses: number[], accuracy = NaN, diverged = false) => ({ losses, diverged, test: { accuracy } });
  const fall = (to: number, n: number) => Array.from({ length: n }, (_, i) => Math.max(to, 1.4 - i * 0.05));

  it('before the first step it says there is nothing to judge, without NaN', () => {
    const s = raceClaim({ step: 0, lr: 0.1, plain: run([]), bn: run([]) }, 0.5);
    expect(s).toMatch(/^Not run yet/);
    expect(s).not.toMatch(/NaN/);
  });

  it('names the step a network diverged at', () => {
    const plain = run([1.4, 2, 50, NaN, NaN], NaN, true);
    expect(racerOutcome(plain, 0.5)).toMatchObject({ divergedAt: 4, trained: false });
    const s = raceClaim({ step: 5, lr: 1, plain, bn: run(fall(0.1, 5)) }, 0.5);
    expect(s).toContain('the plain network diverged at step 4');
    expect(s).toContain('Neither network has trained');
  });

  it('says BN made the rate usable when only BN trained, with steps and accuracy', () => {
    const bn = run(fall(0.1, 100), 0.98);
    const plain = run(Array(100).fill(1.38), 0.25);
    const s = raceClaim({ step: 100, lr: 0.1, plain, bn }, 0.5);
    expect(racerOutcome(bn, 0.5).reachedAt).toBe(29);
    expect(s).toContain('the BN network reached a training loss under 0.5 at step 29 (now 0.1; held-out accuracy 98 %)');
    expect(s).toContain('the plain network has not reached a training loss under 0.5 in 100 steps (now 1.38');
    expect(s).toMatch(/batch norm made this learning rate usable; without it the network has not trained \(so far\)\.$/);
  });

  it('reports a plain network that trained too — it does not claim what the run does not show', () => {
    const s = raceClaim({ step: 200, lr: 0.02, plain: run(fall(0.2, 200)), bn: run(fall(0.2, 200)) }, 0.5);
    expect(s).toContain('does not show BN allowing a higher rate');
    const later = raceClaim({ step: 200, lr: 0.1, plain: run([...Array(60).fill(1.38), ...fall(0.2, 140)]), bn: run(fall(0.1, 200)) }, 0.5);
    expect(later).toMatch(/Both trained at this rate; the BN network got there 3\.1× sooner\./);
  });

  it('a network that reached the target and lost it again is not called trained', () => {
    const o = racerOutcome(run([...fall(0.1, 60), ...Array(40).fill(1.3)]), 0.5);
    expect(o).toMatchObject({ reachedAt: 29, trained: false });
  });
});

describe('scoreClaim', () => {
  it('ranks the scores as multiples of the photographs’ and lists those at or below it', () => {
    expect(scoreClaim(0, NaN, [])).toMatch(/^Not run yet/);
    const s = scoreClaim(50, 0.01, [{ label: 'nearest', score: 0.009 }, { label: 'k3 s2', score: 0.1 }]);
    expect(s).toBe('At step 50, highest score first (× the photographs’ 0.01): k3 s2 0.1 (×10), nearest 0.009 (×0.9). At or below the photographs’ own score: nearest.');
  });
});
