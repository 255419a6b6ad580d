/** The latency marks' bookkeeping (Node has User Timing; the "after paint" step falls back to a task here). */
import { afterEach, describe, expect, it } from 'vitest';
import { createLatencyMarks, LATENCY_MEASURE } from './latency-marks.ts';

const measures = () => performance.getEntriesByName(LATENCY_MEASURE, 'measure') as PerformanceMeasure[];
const tick = () => new Promise((r) => setTimeout(r, 5));

afterEach(() => performance.clearMeasures(LATENCY_MEASURE));

describe('createLatencyMarks', () => {
  it('one measure per input, ending at the paint of the first render that reflects it', async () => {
    const marks = createLatencyMarks('test');
    const a = marks.input();
    expect(marks.input()).toBe(a); // a second update in the same event is the same input
    await Promise.resolve();
    const b = marks.input();
    expect([a, b, marks.latest]).toEqual([1, 2, 2]);
    marks.rendered(1);
    await tick();
    expect(measures().map((m) => m.detail)).toEqual([{ explorer: 'test', seq: 1, superseded: false }]);
    marks.rendered(2);
    marks.rendered(2); // a second render of the same state (e.g. hover) adds nothing
    await tick();
    expect(measures().map((m) => m.detail)).toEqual([
      { explorer: 'test', seq: 1, superseded: false },
      { explorer: 'test', seq: 2, superseded: false },
    ]);
    for (const m of measures()) expect(m.duration).toBeGreaterThanOrEqual(0);
  });

  it('inputs superseded before their result came count until the newer result is painted', async () => {
    const marks = createLatencyMarks('test');
    marks.input();
    await Promise.resolve();
    marks.input();
    await Promise.resolve();
    const newest = marks.input();
    marks.rendered(newest);
    await tick();
    expect(measures().map((m) => (m.detail as { superseded: boolean }).superseded)).toEqual([true, true, false]);
  });

  it('after dispose nothing more is recorded', async () => {
    const marks = createLatencyMarks('test');
    marks.rendered(marks.input());
    marks.dispose();
    await tick();
    expect(measures()).toHaveLength(0);
  });
});
