import { describe, expect, it } from 'vitest';
import { defaults } from '../../state/schema.ts';
import { BnComputer, type ComputeEnv } from './compute.ts';
import { reapplyAffine } from './affine.ts';
import { adoptAnalyses } from './analyses.ts';
import type { RgbImage } from './photo-data.ts';
import { Rng } from '../../util/random.ts';
import { bnSchema, type BnState } from './schema.ts';

function fakeImage(name: string, h: number, w: number, seed: number): RgbImage {
  const rng = new Rng(seed);
  const data = new Float32Array(3 * h * w);
  for (let i = 0; i < data.length; i++) {
    const x = i % w;
    const y = Math.floor(i / w) % h;
    data[i] = Math.min(1, Math.max(0, 0.5 + 0.3 * Math.sin(x / 4 + seed) * Math.cos(y / 6) + 0.08 * rng.normal()));
  }
  return { name, height: h, width: w, data };
}

const env: ComputeEnv = { photos: [fakeImage('a', 80, 90, 1), fakeImage('b', 70, 100, 2)], own: null, ownId: 0 };
const state = (patch: Partial<BnState> = {}): BnState => ({ ...defaults(bnSchema), ...patch });

describe('compute(state) → every number the explorer shows', () => {
  it('training mode: each output channel has mean β and std γ·√(σ²/(σ² + eps)) — the γ/β sliders in numbers', () => {
    const s = state({ gamma: [2, 0.5, -1, 1], beta: [1, -3, 0, 0.25] });
    const r = new BnComputer().compute(s, env);
    const out = r.train!.outputStats!;
    const v = r.train!.variance!;
    for (let c = 0; c < 4; c++) {
      expect(out.mean[c]).toBeCloseTo(s.beta[c], 4);
      expect(out.std[c]).toBeCloseTo(Math.abs(s.gamma[c]) * Math.sqrt(v[c] / (v[c] + s.eps)), 4);
      expect(r.train!.xhatStats!.mean[c]).toBeCloseTo(0, 5);
    }
  });

  it('the same state gives the same numbers in a fresh computer (links reproduce), another batch index other numbers', () => {
    const s = state({ steps: 30, batch: 4 });
    const a = new BnComputer().compute(s, env);
    const b = new BnComputer().compute(s, env);
    expect([...a.batch!.x.data]).toEqual([...b.batch!.x.data]);
    expect([...a.running!.mean]).toEqual([...b.running!.mean]);
    const c = new BnComputer().compute({ ...s, batch: 5 }, env);
    expect([...c.batch!.x.data]).not.toEqual([...a.batch!.x.data]);
  });

  it('stepping one at a time (cached) equals replaying all steps at once', () => {
    const comp = new BnComputer();
    for (let k = 0; k <= 12; k++) comp.compute(state({ steps: k }), env);
    const stepped = comp.compute(state({ steps: 12 }), env);
    const fresh = new BnComputer().compute(state({ steps: 12 }), env);
    expect([...stepped.running!.mean]).toEqual([...fresh.running!.mean]);
    expect([...stepped.running!.variance]).toEqual([...fresh.running!.variance]);
    expect(stepped.running!.trace.means).toHaveLength(13);
  });

  it('eval uses the running statistics: far from train output at first, close after 100 steps', () => {
    const fresh = new BnComputer().compute(state({ mode: 'eval' }), env);
    const trained = new BnComputer().compute(state({ mode: 'eval', steps: 100 }), env);
    expect(fresh.trainEvalMaxDiff!).toBeGreaterThan(1);
    expect(trained.trainEvalMaxDiff!).toBeLessThan(fresh.trainEvalMaxDiff! / 3);
    expect(trained.running!.mean[0]).toBeCloseTo(trained.running!.target.mean[0], 1);
  });

  it('a distribution shift makes eval stale; more steps on the shifted data fix it', () => {
    const stale = new BnComputer().compute(state({ mode: 'eval', steps: 100, shift: 2 }), env);
    const relearned = new BnComputer().compute(state({ mode: 'eval', steps: 100, shift: 2, shiftSteps: 100 }), env);
    const meanErr = (r: typeof stale) => Math.abs(r.eval!.outputStats!.mean[0]);
    expect(meanErr(stale)).toBeGreaterThan(1);
    expect(meanErr(relearned)).toBeLessThan(meanErr(stale) / 4);
    expect(relearned.running!.shiftAt).toBe(100);
    expect(relearned.running!.trace.means).toHaveLength(201);
  });

  it('one value per channel in training: the layer reports the kernel’s message; eval still works', () => {
    const r = new BnComputer().compute(state({ n: 1, size: 1, steps: 5 }), env);
    expect(r.train!.error).toMatch(/expected more than 1 value per channel when training/);
    expect(r.train!.output).toBeNull();
    expect(r.running!.error).toMatch(/more than 1 value per channel/);
    expect(r.eval!.error).toBeNull();
    expect(r.identity).toBeNull();
  });

  it('identity recovery and folding hold to < 1e-5 on the shown batch', () => {
    for (const mode of ['train', 'eval'] as const) {
      const r = new BnComputer().compute(state({ mode, steps: 20, gamma: [1.3, 0.7, 2, -0.4], beta: [0.1, 0.2, -0.3, 1] }), env);
      expect(r.identity!.maxDiff).toBeLessThan(1e-5);
      const f = r.folding!;
      if ('error' in f) throw new Error(f.error);
      expect(f.maxDiff).toBeLessThan(1e-5);
      expect(r.identity!.blend.maxDiffFromMix).toBeLessThan(1e-5);
    }
  });

  it('BN leaves the correlation between channels as it was (not whitening)', () => {
    const r = new BnComputer().compute(state({ source: 'synthetic', corr: 0.8, n: 16, size: 16 }), env);
    const before = r.covariance!.before.corr;
    const after = r.covariance!.after!;
    expect(before[1]).toBeGreaterThan(0.6);
    expect(after.corr[1]).toBeCloseTo(before[1], 5);
    expect(after.cov[0]).toBeCloseTo(1, 3);
    expect(after.cov[1]).toBeCloseTo(before[1], 3);
  });

  it('synthetic data folds the fixed conv on the sample photographs, and says so', () => {
    const r = new BnComputer().compute(state({ source: 'synthetic' }), env);
    const f = r.folding!;
    if ('error' in f) throw new Error(f.error);
    expect(f.fromPhotos).toBe(false);
    expect(f.maxDiff).toBeLessThan(1e-5);
  });

  it('own images that are missing fall back to the photographs; photographs still loading are reported', () => {
    expect(new BnComputer().compute(state({ source: 'own' }), env).source).toBe('photos');
    const loading = new BnComputer().compute(state(), { photos: null, own: null, ownId: 0 });
    expect(loading.dataError).toBe('Loading the sample photographs…');
  });

  it('a crop larger than the images allow is explained, not crashed on', () => {
    const small = { photos: [fakeImage('s', 30, 40, 3)], own: null, ownId: 0 };
    const r = new BnComputer().compute(state({ size: 40 }), small);
    expect(r.dataError).toMatch(/crop size 40 is larger than the smallest image allows \(28\)/);
  });
});

describe("a 'first' pass (repaint now, slow analyses later)", () => {
  it('leaves changed analyses (sweeps, target, identity, covariance, folding) at their previous values, listed in pending; the full pass fills them in', () => {
    const comp = new BnComputer();
    const before = comp.compute(state(), env, 'full');
    expect(before.pending).toEqual([]);
    const moved = state({ size: 20 });
    const first = comp.compute(moved, env, 'first');
    expect(first.pending.sort()).toEqual(['covariance', 'folding', 'identity', 'spread', 'target']);
    expect(first.folding).toBe(before.folding);
    expect(first.pitfalls!.spread).toBe(before.pitfalls!.spread);
    expect(first.pitfalls!.eps).toBe(before.pitfalls!.eps);
    expect(first.running!.target).toBe(before.running!.target);
    expect(first.identity).toBe(before.identity);
    expect(first.covariance).toBe(before.covariance);
    // Everything else is already the new batch's, as a fresh full compute has it.
    const fresh = new BnComputer().compute(moved, env, 'full');
    const { pending: _p, pitfalls: p1, running: r1, identity: _i, covariance: _c, folding: _f, ...restFirst } = first;
    const { pending: _q, pitfalls: p2, running: r2, identity: _j, covariance: _d, folding: _g, ...restFresh } = fresh;
    expect(restFirst).toStrictEqual(restFresh);
    expect(p1!.one).toStrictEqual(p2!.one);
    expect([...r1!.mean]).toEqual([...r2!.mean]);
    // The second worker's full pass: identical to a fresh computer's.
    expect(new BnComputer().compute(moved, env, 'full')).toStrictEqual(fresh);
    expect(comp.compute(moved, env, 'full')).toStrictEqual(fresh);
  });

  it('has nothing pending when the slow analyses did not change (a γ move) or nothing was computed before', () => {
    const comp = new BnComputer();
    expect(comp.compute(state(), env, 'first').pending).toEqual([]); // nothing earlier to show: computed
    expect(comp.compute(state({ gamma: [2, 1, 1, 1] }), env, 'first').pending).toEqual([]);
    // The batch-size sweep covers every N already; the eps curve is the new batch's.
    const n9 = comp.compute(state({ n: 9 }), env, 'first');
    expect(n9.pending.sort()).toEqual(['covariance', 'folding', 'identity', 'spread', 'target']);
    expect(n9.analysisKeys.spread).toBe(comp.compute(state(), env, 'first').analysisKeys.spread);
  });

  it('computes the identity at once when only its own blend slider moved; a new normalisation waits', () => {
    const comp = new BnComputer();
    comp.compute(state(), env, 'full');
    const blend = comp.compute(state({ amount: 0.25 }), env, 'first');
    expect(blend.pending).toEqual([]);
    expect(blend.identity).toStrictEqual(new BnComputer().compute(state({ amount: 0.25 }), env, 'full').identity);
    const evalMode = comp.compute(state({ amount: 0.25, mode: 'eval' }), env, 'first');
    expect(evalMode.pending.sort()).toEqual(['covariance', 'identity']);
    expect(evalMode.identity).toBe(blend.identity);
  });
});

describe('adoptAnalyses', () => {
  it('fills a first pass from a full pass that computed the same analyses, and only those', () => {
    const repaint = new BnComputer(); // the repaint worker: 'first' passes after its initial full one
    const other = new BnComputer(); // the analyses worker: 'full' passes
    repaint.compute(state(), env, 'full');
    const moved = state({ size: 20 });
    const full = other.compute(moved, env, 'full');
    // Another move on the same data (γ): the repaint worker still lacks the size-20 analyses, the page has them.
    const first = repaint.compute({ ...moved, gamma: [2, 1, 1, 1] }, env, 'first');
    expect(first.pending.sort()).toEqual(['covariance', 'folding', 'identity', 'spread', 'target']);
    const filled = adoptAnalyses(first, full);
    expect(filled.pending).toEqual([]);
    // Taken as they are, except the folding demo: the full pass's batch, this pass's γ.
    expect(filled).toStrictEqual({ ...new BnComputer().compute({ ...moved, gamma: [2, 1, 1, 1] }, env, 'full') });
    expect(filled.folding).not.toStrictEqual(full.folding);
    // Different data (N): the target and the eps curve differ. The batch-size sweep's key matches, but a part is
    // taken only when all its slots do, so nothing is.
    const otherN = repaint.compute({ ...moved, n: 9 }, env, 'first');
    const part = adoptAnalyses(otherN, full);
    expect(part.pending.sort()).toEqual(['covariance', 'folding', 'identity', 'spread', 'target']);
    expect(part).toBe(otherN);
    // The same data with another channel shown: the target matches, the eps curve (per channel) does not.
    const otherChannel = repaint.compute({ ...moved, channel: 1 }, env, 'first');
    const some = adoptAnalyses(otherChannel, full);
    expect(some.pending).toEqual(['spread']);
    expect(some.running!.target).toBe(full.running!.target);
    expect(some.identity).toBe(full.identity);
    expect(some.covariance).toBe(full.covariance);
    expect(adoptAnalyses(full, first)).toBe(full); // nothing pending: unchanged
  });

  it('a shifted target is taken only where the first pass has a shift too', () => {
    const a = new BnComputer();
    const withShift = a.compute(state({ shift: 1 }), env, 'full');
    const b = new BnComputer();
    b.compute(state({ size: 16 }), env, 'full');
    const first = b.compute(state(), env, 'first'); // shift 0: no shifted target
    const filled = adoptAnalyses(first, withShift);
    expect(filled.running!.targetShifted).toBeNull();
    expect(filled.pending).not.toContain('target');
  });
});

describe('reapplyAffine (a γ/β move, computed in the page)', () => {
  it('equals a full compute of the new state, in both modes, on photographs and synthetic data', () => {
    const cases: Partial<BnState>[] = [{}, { mode: 'eval', steps: 12 }, { source: 'synthetic', mode: 'eval', steps: 5 }, { source: 'synthetic' }];
    for (const c of cases) {
      const before = new BnComputer().compute(state(c), env);
      const moved = state({ ...c, gamma: [1.7, -0.3, 1, 0.05], beta: [0.4, 0, -2, 1] });
      const fast = reapplyAffine(before, moved);
      expect(fast).not.toBeNull();
      expect(fast).toStrictEqual(new BnComputer().compute(moved, env));
    }
  });

  it('leaves a pending folding demo (an earlier batch\'s) as it is: the full pass brings the new one', () => {
    const comp = new BnComputer();
    const before = comp.compute(state(), env, 'full');
    const first = comp.compute(state({ n: 9 }), env, 'first');
    expect(first.pending).toContain('folding');
    const fast = reapplyAffine(first, state({ n: 9, gamma: [2, 1, 1, 1] }))!;
    expect(fast.folding).toBe(before.folding);
    expect(fast.pending).toContain('folding');
    expect(fast.train).toStrictEqual(new BnComputer().compute(state({ n: 9, gamma: [2, 1, 1, 1] }), env).train);
  });

  it('refuses (null) when anything besides γ and β changed, or there is no batch to apply them to', () => {
    const before = new BnComputer().compute(state(), env);
    expect(reapplyAffine(before, state({ eps: 1e-3, gamma: [2, 1, 1, 1] }))).toBeNull();
    expect(reapplyAffine(before, state({ amount: 0.5 }))).toBeNull();
    const loading = new BnComputer().compute(state(), { photos: null, own: null, ownId: 0 });
    expect(reapplyAffine(loading, state({ gamma: [2, 1, 1, 1] }))).toBeNull();
  });
});
