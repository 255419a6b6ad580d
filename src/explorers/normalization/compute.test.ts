import { describe, expect, it } from 'vitest';
import { defaults } from '../../state/schema.ts';
import { NormComputer, groupStats } from './compute.ts';
import { checkCombination, NORMS, normSchema, type NormState } from './schema.ts';

const env = { photos: null, own: null, ownId: 0 };
const base: NormState = { ...defaults(normSchema), source: 'synthetic' };
const run = (patch: Partial<NormState> = {}) => new NormComputer().compute({ ...base, ...patch }, env);

describe('the normalization page compute (seeded synthetic batches)', () => {
  it('GroupNorm with G = 1 equals LayerNorm over [C, H, W] and G = C equals InstanceNorm, to < 1e-5', () => {
    for (const seed of [1, 2, 3]) {
      const r = run({ seed, n: 3 });
      expect(r.knob!.points.map((p) => p.g)).toEqual([1, 2, 4]);
      expect(r.knob!.atOne).toBeLessThan(1e-5);
      expect(r.knob!.atC).toBeLessThan(1e-5);
      // In between, G = 2 is neither.
      const mid = r.knob!.points[1];
      expect(mid.toLN).toBeGreaterThan(1e-2);
      expect(mid.toIN).toBeGreaterThan(1e-2);
    }
  });

  it('swapping the other N − 1 samples moves sample 0 under BatchNorm only', () => {
    for (const n of [2, 8]) {
      const { change } = run({ n }).batchDependence!;
      expect(change.bn).toBeGreaterThan(1e-2);
      for (const k of ['ln', 'in', 'gn', 'rms'] as const) expect(change[k]).toBe(0);
    }
    // N = 1: there is no rest of the batch to swap.
    expect(run({ n: 1 }).batchDependence!.change.bn).toBe(0);
  });

  it('BN batch means spread less as N grows (about 1/√N)', () => {
    const spread = run().batchDependence!.spread;
    for (let i = 1; i < spread.length; i++) expect(spread[i].std).toBeLessThan(spread[i - 1].std);
    expect(spread[0].std / spread[4].std).toBeGreaterThan(2);
  });

  it('train and eval differ for BN and for IN with tracked running statistics, not for the others', () => {
    const t = run().batchDependence!.trainEval;
    expect(t.bn).toBeGreaterThan(1e-2);
    expect(t.inTracked).toBeGreaterThan(1e-2);
    expect([t.ln, t.in, t.gn, t.rms]).toEqual([0, 0, 0, 0]);
  });

  it('each norm removes what its sentence says: unit means 0 and spreads 1 (eps 1e-8, which shrinks no spread here)', () => {
    // With eps 1e-5 a synthetic channel of spread 0.05 comes out with std √(0.0025 / 0.00251) ≈ 0.998.
    const r = run({ n: 4, eps: 1e-8 });
    for (const k of NORMS) {
      expect(r.summary![k].unitSpreadMax, k).toBeLessThan(1e-3);
      if (k !== 'rms') expect(r.summary![k].unitMeanMax, k).toBeLessThan(1e-5);
    }
    // RMSNorm keeps the sample means (scaled), LayerNorm removes them.
    expect(Math.max(...r.rms!.sampleMeanRMS.map(Math.abs))).toBeGreaterThan(0.1);
    expect(Math.max(...r.rms!.sampleMeanLN.map(Math.abs))).toBeLessThan(1e-6);
    expect(r.summary!.ln.removed).toMatch(/^per-sample brightness and contrast: the per-sample means of LN's output are all 0 ± /);
  });

  it('groupStats: which rows share statistics for each norm', () => {
    const x = { shape: [2, 4, 1, 2], data: Float32Array.from({ length: 16 }, (_, i) => i) };
    expect(groupStats(x, 'bn', 2).groupOfRow).toEqual([0, 1, 2, 3, 0, 1, 2, 3]);
    expect(groupStats(x, 'ln', 2).groupOfRow).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect(groupStats(x, 'in', 2).groupOfRow).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(groupStats(x, 'gn', 2).groupOfRow).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    // Group 1 of GN: channels 2, 3 of sample 0 = values 4…7.
    const gn = groupStats(x, 'gn', 2);
    expect(gn.mean[1]).toBe(5.5);
    expect(gn.variance[1]).toBe(1.25);
    expect(gn.count).toBe(4);
    // BN channel 0: values 0, 1, 8, 9.
    expect(groupStats(x, 'bn', 1).mean[0]).toBe(4.5);
  });

  it('affine on applies γ, β to the chosen norm only; the comparisons stay without affine', () => {
    const off = run({ norm: 'in' });
    const on = run({ norm: 'in', affine: true });
    expect(on.outputs!.in.data).toEqual(off.outputs!.in.data);
    expect(on.chosen!.data).not.toEqual(off.chosen!.data);
    // Channel 1 of sample 0: γ = 1.5, β = 0.
    const hw = base.size * base.size;
    expect(on.chosen!.data[hw + 3]).toBeCloseTo(1.5 * off.chosen!.data[hw + 3], 5);
  });
});

describe('checkCombination', () => {
  it('reports a G that does not divide C, naming it and the allowed values, and uses the largest divisor below it', () => {
    const r = checkCombination({ ...base, c: 4, g: 3 });
    expect(r.notice).toBe('g=3 does not divide the 4 channels (allowed: 1, 2, 4); using 2');
    expect(r.state.g).toBe(2);
    expect(checkCombination({ ...base, c: 3, g: 2 }).state.g).toBe(1);
    expect(checkCombination(base).notice).toBeNull();
  });

  it('clamps the shown sample into the batch', () => {
    expect(checkCombination({ ...base, n: 2, sample: 5 })).toMatchObject({ state: { sample: 1 }, notice: 'sample=5 is not in a batch of 2 (allowed: 0…1); using 1' });
  });
});
