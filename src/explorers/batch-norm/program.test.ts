/** The batch-norm program through the explorer runner and host (runtime/cloned-worker.ts). */
import { describe, expect, it } from 'vitest';
import { defaults } from '../../state/schema.ts';
import { ClonedWorker } from '../runtime/cloned-worker.ts';
import { ExplorerRunner } from '../runtime/runner.ts';
import { BnComputer } from './compute.ts';
import { batchNormProgram } from './program.ts';
import { bnSchema, type BnState } from './schema.ts';

const bn: BnState = { ...defaults(bnSchema), source: 'synthetic' };

describe('ExplorerRunner with the batch-norm program', () => {
  it('returns what BnComputer.compute returns; a γ move keeps the memoised statistics’ identity', async () => {
    const worker = new ClonedWorker(batchNormProgram());
    const runner = new ExplorerRunner(() => worker, batchNormProgram, 'batch-norm');
    runner.setInputs({ photos: null, own: null, ownId: 0 });
    const first = (await runner.run(bn))!.result;
    const direct = new BnComputer().compute(bn, { photos: null, own: null, ownId: 0, kernelsReady: true });
    expect(first).toStrictEqual(direct);
    const moved = { ...bn, gamma: [2, 1, 1, 1] };
    const second = (await runner.run(moved))!.result;
    expect(second.covariance).toBe(first.covariance); // the scatter panel skips its redraw on this identity
    expect(second.batch).toBe(first.batch);
    expect(second.train!.outputStats!.std[0]).toBeCloseTo(2 * first.train!.outputStats!.std[0], 4);
    runner.dispose();
  });

  it('after moving its results to the page the worker still computes every later state exactly', async () => {
    // Each state reuses some memo of the one before (batch, x̂, conv output) or returns to an earlier one; a buffer
    // moved away that the worker still read would show up here as empty or wrong numbers.
    const env = { photos: null, own: null, ownId: 0 };
    const runner = new ExplorerRunner(() => new ClonedWorker(batchNormProgram()), batchNormProgram, 'batch-norm');
    runner.setInputs(env);
    const small: BnState = { ...bn, size: 8 }; // 8×8 maps: large enough to be transferred, quick to sweep
    const states: BnState[] = [small, { ...small, n: 9 }, { ...small, n: 9, eps: 0.01 }, { ...small, n: 9, eps: 0.01, amount: 0.5 },
      { ...small, n: 9, eps: 0.01, amount: 0.5, mode: 'eval' }, { ...small, n: 9, eps: 0.01, gamma: [2, 1, 1, 1] }, small, { ...small, steps: 5 }, small];
    // 'first' passes on both sides (a direct computer walking the same states): the slow sweeps run once, not per state.
    const direct = new BnComputer();
    for (const state of states) {
      const viaWorker = (await runner.run(state, 'first'))!.result;
      expect(viaWorker).toStrictEqual(direct.compute(state, { ...env, kernelsReady: true }, 'first'));
    }
    runner.dispose();
  });
});
