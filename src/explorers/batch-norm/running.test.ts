import { describe, expect, it } from 'vitest';
import { allCloseMessage, type Tensor } from '../../kernels/index.ts';
import { extendTrace, expectedRunningStats, initialTrace, traceFrom } from './running.ts';
import { runningFixtures, toTensor } from './fixtures.ts';
import { Rng } from '../../util/random.ts';
import { sampleSyntheticBatch } from './synthetic.ts';

// Expected values: scripts/gen_bn_fixtures.py (torch.nn.BatchNorm2d in training mode, torch 1.13).
describe('extendTrace follows torch.nn.BatchNorm2d running statistics step by step', () => {
  for (const seq of runningFixtures) {
    it(seq.name, () => {
      const C = seq.steps[0].input.shape[1];
      const batches = seq.steps.map((s) => toTensor(s.input));
      const trace = extendTrace(initialTrace(C, seq.momentum), batches.length, (k) => batches[k]);
      expect(trace.means.length).toBe(batches.length + 1);
      seq.steps.forEach((s, k) => {
        const m = allCloseMessage(trace.means[k + 1], s.runningMean, 1e-5, 1e-5);
        const v = allCloseMessage(trace.vars[k + 1], s.runningVar, 1e-5, 1e-5);
        expect(m, `running mean after step ${k + 1}`).toBeNull();
        expect(v, `running var after step ${k + 1}`).toBeNull();
      });
    });
  }

  it('growing a trace in pieces gives the same numbers as one replay, and a shorter request is a prefix', () => {
    const seq = runningFixtures[0];
    const batches = seq.steps.map((s) => toTensor(s.input));
    const draw = (k: number) => batches[k];
    const whole = extendTrace(initialTrace(3, seq.momentum), 90, draw);
    let pieces = initialTrace(3, seq.momentum);
    for (const n of [1, 2, 10, 45, 90]) pieces = extendTrace(pieces, n, draw);
    expect(pieces.means.map((a) => [...a])).toEqual(whole.means.map((a) => [...a]));
    const prefix = extendTrace(whole, 30, draw);
    expect(prefix.vars.length).toBe(31);
    expect([...prefix.vars[30]]).toEqual([...whole.vars[30]]);
  });

  it('traceFrom chains a second phase from the last state (the shift replay)', () => {
    const seq = runningFixtures[0];
    const batches = seq.steps.map((s) => toTensor(s.input));
    const first = extendTrace(initialTrace(3, seq.momentum), seq.shiftAt, (k) => batches[k]);
    const second = extendTrace(traceFrom(first), batches.length - seq.shiftAt, (k) => batches[seq.shiftAt + k]);
    const last = seq.steps[batches.length - 1];
    expect(allCloseMessage(second.means[second.means.length - 1], last.runningMean, 1e-5, 1e-5)).toBeNull();
    expect(allCloseMessage(second.vars[second.vars.length - 1], last.runningVar, 1e-5, 1e-5)).toBeNull();
  });

  it('a batch with one value per channel stops the replay with the kernel’s message', () => {
    const one: Tensor = { shape: [1, 2, 1, 1], data: Float32Array.from([1, 2]) };
    expect(() => extendTrace(initialTrace(2, 0.1), 1, () => one)).toThrow(/more than 1 value per channel/);
  });
});

describe('running statistics converge to the expected batch statistics', () => {
  it('after many steps with momentum 0.1 the running mean/var sit near the average batch mean / unbiased var', () => {
    const spec = { means: [2, -1], stds: [0.5, 3], corr: 0 };
    const draw = (stream: number) => (k: number) => sampleSyntheticBatch(spec, 8, 6, new Rng(stream * 1000 + k));
    const trace = extendTrace(initialTrace(2, 0.1), 300, draw(1));
    const target = expectedRunningStats(draw(2), 200);
    const last = trace.means.length - 1;
    expect(trace.means[last][0]).toBeCloseTo(target.mean[0], 1);
    expect(trace.means[last][1]).toBeCloseTo(target.mean[1], 0);
    expect(trace.vars[last][0] / target.variance[0]).toBeGreaterThan(0.8);
    expect(trace.vars[last][0] / target.variance[0]).toBeLessThan(1.25);
    expect(trace.vars[last][1] / target.variance[1]).toBeGreaterThan(0.8);
    expect(trace.vars[last][1] / target.variance[1]).toBeLessThan(1.25);
    // And the target itself is the population's: mean 2 and −1, variance 0.25 and 9 (smoothing keeps unit variance).
    expect(target.mean[0]).toBeCloseTo(2, 1);
    expect(target.variance[1] / 9).toBeGreaterThan(0.8);
    expect(target.variance[1] / 9).toBeLessThan(1.1);
  });

  it('with momentum 0 nothing moves: running stats stay at PyTorch’s initial 0 and 1', () => {
    const spec = { means: [5], stds: [2], corr: 0 };
    const trace = extendTrace(initialTrace(1, 0), 20, (k) => sampleSyntheticBatch(spec, 4, 4, new Rng(k)));
    expect(trace.means[20][0]).toBe(0);
    expect(trace.vars[20][0]).toBe(1);
  });
});
