import { describe, expect, it } from 'vitest';
import { defaults } from '../../state/schema.ts';
import { adoptAnalyses } from './analyses.ts';
import { BnComputer, type ComputeEnv } from './compute.ts';
import { createPageCompute, work } from './in-page.ts';
import { BUDGET_MS } from '../runtime/in-page-cost.ts';
import type { RgbImage } from './photo-data.ts';
import { bnSchema, type BnState } from './schema.ts';

function image(name: string, h: number, w: number, phase: number): RgbImage {
  const data = new Float32Array(3 * h * w);
  for (let i = 0; i < data.length; i++) data[i] = 0.5 + 0.4 * Math.sin((i % w) / 5 + phase) * Math.cos(Math.floor(i / w) / 7);
  return { name, height: h, width: w, data };
}

const env: ComputeEnv = { photos: [image('a', 64, 72, 0), image('b', 60, 80, 1)], own: null, ownId: 0 };
const base = defaults(bnSchema);
const state = (patch: Partial<BnState>): BnState => ({ ...base, ...patch });
const largest = state({ source: 'synthetic', n: 32, size: 48 });

describe('work', () => {
  it('grows with the batch: N and the map size', () => {
    const w = work(state({ n: 9 }), base);
    expect(work(state({ n: 16 }), base)).toBeGreaterThan(w);
    expect(work(state({ n: 9, size: 32 }), base)).toBeGreaterThan(w);
  });

  it('a change that keeps the batch costs no draw; a new batch does; nothing cached costs everything', () => {
    const kept = work(base, base);
    for (const patch of [{ eps: 1e-3 }, { mode: 'eval' }, { gamma: [2, 1, 1, 1] }, { channel: 2 }, { amount: 0.5 }] as Partial<BnState>[]) {
      expect(work(state(patch), base), JSON.stringify(patch)).toBe(kept);
    }
    expect(work(state({ batch: 1 }), base)).toBeGreaterThan(kept);
    expect(work(base, null)).toBeGreaterThan(work(state({ batch: 1 }), base));
  });

  it('replays every training step when the data changes, only the new ones when steps are added', () => {
    const at = state({ steps: 50 });
    const oneMore = work(state({ steps: 51 }), at);
    expect(oneMore).toBeLessThan(work(state({ steps: 50, n: 9 }), at) / 5);
    expect(work(state({ steps: 49 }), at)).toBe(work(at, at)); // fewer steps: the replay is cut, not redone
    // After a distribution shift, a change of the steps before it replays the steps after it.
    const shifted = state({ steps: 50, shift: 1, shiftSteps: 40 });
    expect(work(state({ steps: 51, shift: 1, shiftSteps: 40 }), shifted)).toBeGreaterThan(work(state({ steps: 50, shift: 1, shiftSteps: 41 }), shifted));
  });

  it('counts re-making the shifted photographs and the first shifted target', () => {
    expect(work(state({ shift: 0.5 }), base)).toBeGreaterThan(work(state({ batch: 1 }), base));
    expect(work(state({ shift: 1 }), state({ shift: 0.5 }))).toBeLessThan(work(state({ shift: 0.5 }), base));
  });
});

describe('createPageCompute', () => {
  it('plans a new batch at the default sizes for the page once it has a pass cached, the largest batch for the worker', () => {
    const page = createPageCompute();
    const full = new BnComputer().compute(base, env);
    page.compute(base, env, full, false);
    expect(page.plan(state({ n: 9 })).here).toBe(true);
    expect(page.plan(largest).here).toBe(false);
    expect(page.plan(largest).estimateMs).toBeGreaterThan(BUDGET_MS);
  });

  it('learns from the worker\'s timings only when they are quick: slow ones never keep passes from the page', () => {
    const page = createPageCompute();
    const full = new BnComputer().compute(base, env);
    page.compute(base, env, full, false);
    const next = state({ n: 9 });
    const states = [base, next, base, next, base, next];
    for (const s of states) {
      page.sentToWorker(s);
      page.recordWorker(s, 500); // a cold worker
    }
    expect(page.plan(next).here).toBe(true);
    // A page too slow for its budget sends passes to the worker; quick worker passes bring them back.
    const slow = createPageCompute(0.001);
    slow.compute(base, env, full);
    expect(slow.plan(next).here).toBe(false);
    for (const s of states) {
      slow.sentToWorker(s);
      slow.recordWorker(s, 1e-7);
    }
    expect(slow.plan(next).here).toBe(true);
  });

  it('a pass here gives the worker\'s numbers, with the slow analyses taken from the last full pass, never made', () => {
    const worker = new BnComputer();
    const full = worker.compute(base, env);
    const page = createPageCompute();
    const next = state({ n: 9, eps: 1e-3 });
    const { results } = page.compute(next, env, full);
    const direct = new BnComputer().compute(next, env);
    // Everything a 'first' pass brings up to date is the same, to the bit.
    expect(results.batch!.x.data).toEqual(direct.batch!.x.data);
    expect(results.train!.output!.data).toEqual(direct.train!.output!.data);
    expect(results.eval!.xhat!.data).toEqual(direct.eval!.xhat!.data);
    expect(results.running!.mean).toEqual(direct.running!.mean);
    expect(results.pitfalls!.one).toEqual(direct.pitfalls!.one);
    // The new batch's analyses are left pending, holding the full pass's values (not computed here).
    expect([...results.pending].sort()).toEqual(['covariance', 'folding', 'identity', 'spread', 'target']);
    expect(results.folding).toBe(full.folding);
    expect(results.covariance).toBe(full.covariance);
    expect(results.identity).toBe(full.identity);
    expect(results.pitfalls!.spread).toBe(full.pitfalls!.spread);
    expect(results.running!.target).toBe(full.running!.target);
    expect(results.analysisKeys).toEqual(direct.analysisKeys);
    // The analyses worker's full pass of the same state completes it.
    const completed = adoptAnalyses(results, direct);
    expect(completed.pending).toEqual([]);
    expect(completed.identity).toBe(direct.identity);
  });
});
