import { describe, expect, it } from 'vitest';
import { defaults } from '../../state/schema.ts';
import { createInPagePolicy, work } from './in-page.ts';
import { BUDGET_MS } from '../runtime/in-page-cost.ts';
import { convTransposeSchema, type ConvTransposeState } from './schema.ts';

const base = defaults(convTransposeSchema);
const state = (patch: Partial<ConvTransposeState>): ConvTransposeState => ({ ...base, ...patch });
const largest = state({ cin: 4, cout: 4, inH: 24, inW: 24, kH: 7, kW: 7, sH: 4, sW: 4 });

describe('work', () => {
  it('grows with every size the pass scales with', () => {
    const w = work(base);
    for (const patch of [{ inH: 9 }, { cin: 2 }, { cout: 2 }, { kH: 5 }, { sH: 3 }, { dH: 2 }] as Partial<ConvTransposeState>[]) {
      expect(work(state(patch)), JSON.stringify(patch)).toBeGreaterThan(w);
    }
  });
});

describe('createInPagePolicy', () => {
  it('before any timing, computes default-size passes in the page and the largest layer in the worker', () => {
    const policy = createInPagePolicy();
    expect(policy.plan(base).here).toBe(true);
    expect(policy.plan(base).estimateMs).toBeLessThan(BUDGET_MS);
    expect(policy.plan(largest).here).toBe(false);
  });

  it('learns the cost per unit from recent passes (one slow pass is not enough to move it)', () => {
    const policy = createInPagePolicy(10);
    for (const ms of [1, 1, 1, 1]) policy.record(base, ms);
    expect(policy.plan(base).estimateMs).toBeCloseTo(1, 6);
    policy.record(base, 200); // a garbage collection, say
    expect(policy.plan(base).estimateMs).toBeCloseTo(1, 6);
    expect(policy.plan(base).here).toBe(true);
  });

  it('a slow page sends passes to the worker; fast worker passes bring them back', () => {
    const policy = createInPagePolicy(10);
    for (let i = 0; i < 5; i++) policy.record(base, 30);
    expect(policy.plan(base).here).toBe(false);
    for (let i = 0; i < 3; i++) policy.recordWorker(base, 2);
    expect(policy.plan(base).here).toBe(true);
  });

  it('scales the estimate with the layer: twice the work, twice the time', () => {
    const policy = createInPagePolicy();
    policy.record(base, 2);
    const bigger = state({ inH: 24, inW: 24, cin: 4 });
    expect(policy.plan(bigger).estimateMs).toBeCloseTo((2 * work(bigger)) / work(base), 6);
  });

  it('never computes an imported .onnx node in the page (its size is not in the state)', () => {
    const policy = createInPagePolicy();
    expect(policy.plan(state({ kernel: 'onnx' })).here).toBe(false);
  });

  it('ignores impossible timings', () => {
    const policy = createInPagePolicy();
    const before = policy.plan(base).estimateMs;
    policy.record(base, NaN);
    policy.record(base, -1);
    policy.record(base, Infinity);
    expect(policy.plan(base).estimateMs).toBe(before);
  });
});
