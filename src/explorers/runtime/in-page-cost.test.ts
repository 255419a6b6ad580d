import { describe, expect, it } from 'vitest';
import { createCostModel } from './in-page-cost.ts';

describe('createCostModel', () => {
  it('guesses until a pass is timed, then scales the recent cost per unit with the work', () => {
    const cost = createCostModel(1e-3);
    expect(cost.estimateMs(2000)).toBeCloseTo(2, 9);
    cost.record(1000, 0.5);
    expect(cost.estimateMs(2000)).toBeCloseTo(1, 9);
  });

  it('takes four slow passes in the last five to move the estimate (slow passes are hiccups), and forgets older ones', () => {
    const cost = createCostModel(1e-3);
    for (let i = 0; i < 5; i++) cost.record(1000, 1);
    for (let i = 0; i < 3; i++) cost.record(1000, 40);
    expect(cost.estimateMs(1000)).toBeCloseTo(1, 9);
    cost.record(1000, 40);
    expect(cost.estimateMs(1000)).toBeCloseTo(40, 9);
    for (let i = 0; i < 4; i++) cost.record(1000, 2);
    expect(cost.estimateMs(1000)).toBeCloseTo(2, 9);
  });

  it('counts a worker pass only when quicker than the estimate: it can bring passes back, never send them away', () => {
    const cost = createCostModel(1e-3);
    cost.recordWorker(1000, 500); // a cold worker, or one sharing the cores with the page's frames
    expect(cost.estimateMs(1000)).toBeCloseTo(1, 9);
    for (let i = 0; i < 5; i++) cost.record(1000, 30); // the page itself ran slow
    for (let i = 0; i < 4; i++) cost.recordWorker(1000, 2);
    expect(cost.estimateMs(1000)).toBeCloseTo(2, 9);
  });

  it('ignores impossible timings and work', () => {
    const cost = createCostModel(1e-3);
    for (const [units, ms] of [[1000, NaN], [1000, -1], [1000, Infinity], [0, 1], [NaN, 1]]) cost.record(units, ms);
    expect(cost.estimateMs(1000)).toBeCloseTo(1, 9);
  });
});
