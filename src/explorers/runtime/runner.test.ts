/**
 * The explorer runner end to end in Node: the real host (host.ts) serving the explorers' real compute
 * programs behind a port that copies every message with structuredClone, as postMessage does, and moves the
 * buffers the host transfers — so results, packing, identity reuse and transfer are exercised as in the browser. Fake ports stage latest-wins interleavings, worker
 * failures and the in-thread fallback.
 */
import { describe, expect, it, vi } from 'vitest';
import { defaults } from '../../state/schema.ts';
import { compute, type LayerResults, type Pictures } from '../conv-transpose/compute.ts';
import type { Picture } from '../conv-transpose/presets.ts';
import { convTransposeSchema, type ConvTransposeState } from '../conv-transpose/schema.ts';
import { BnComputer } from '../batch-norm/compute.ts';
import { bnSchema, type BnState } from '../batch-norm/schema.ts';
import { batchNormProgram } from '../batch-norm/program.ts';
import { convTransposeProgram } from '../conv-transpose/program.ts';
import { serveExplorer } from './host.ts';
import { resultOnly } from './transfer.ts';
import type { ExplorerProgram, ExplorerReply, ExplorerRequest } from './protocol.ts';
import { ExplorerRunner, type ExplorerPort } from './runner.ts';

type Listener<T> = (event: MessageEvent<T>) => void;

/** A worker stand-in: serves `program` with the real host, every message structured-cloned, in its own task. */
class ClonedWorker<S, I, R> implements ExplorerPort<S> {
  readonly posted: ExplorerRequest<S>[] = [];
  private readonly toHost: Listener<ExplorerRequest<S>>[] = [];
  private readonly toPage: Listener<ExplorerReply>[] = [];
  private readonly onError: ((event: ErrorEvent) => void)[] = [];
  terminated = false;

  constructor(program: ExplorerProgram<S, I, R>) {
    serveExplorer<S, I, R>({
      addEventListener: (_t, l) => this.toHost.push(l),
      postMessage: (message, transfer) => {
        // Throws DataCloneError for functions, as postMessage would; transferred buffers leave the host empty.
        const data = structuredClone(message, { transfer });
        setTimeout(() => !this.terminated && this.toPage.forEach((l) => l({ data } as MessageEvent<ExplorerReply>)), 0);
      },
    }, program);
  }

  postMessage(message: ExplorerRequest<S>): void {
    this.posted.push(message);
    const data = structuredClone(message);
    setTimeout(() => !this.terminated && this.toHost.forEach((l) => l({ data } as MessageEvent<ExplorerRequest<S>>)), 0);
  }

  addEventListener(type: 'message' | 'error', listener: Listener<ExplorerReply> | ((event: ErrorEvent) => void)): void {
    if (type === 'message') this.toPage.push(listener as Listener<ExplorerReply>);
    else this.onError.push(listener as (event: ErrorEvent) => void);
  }

  crash(message?: string): void {
    this.onError.forEach((l) => l({ message } as ErrorEvent));
  }

  terminate(): void {
    this.terminated = true;
  }

  computes(): number {
    return this.posted.filter((m) => m.kind === 'compute').length;
  }
}

/** A smooth synthetic "photo" so the tests need no image decoding. */
function picture(n = 96, phase = 0): Picture {
  const plane = Float32Array.from({ length: n * n }, (_, i) => 0.5 + 0.4 * Math.sin(Math.floor(i / n) / 11 + phase) * Math.cos((i % n) / 8));
  return { width: n, height: n, r: plane, g: plane, b: plane };
}

const ct: ConvTransposeState = defaults(convTransposeSchema);
const bn: BnState = { ...defaults(bnSchema), source: 'synthetic' };
const pictures: Pictures = { photo: picture() };

function ctRunner(): { runner: ExplorerRunner<ConvTransposeState, Pictures, ReturnType<typeof compute>>; worker: ClonedWorker<ConvTransposeState, Pictures, ReturnType<typeof compute>> } {
  const worker = new ClonedWorker(convTransposeProgram());
  const runner = new ExplorerRunner(() => worker, convTransposeProgram, 'conv-transpose');
  return { runner, worker };
}

const layer = (r: ReturnType<typeof compute>): LayerResults => {
  if (!r.ok) throw new Error(r.message);
  return r;
};

describe('ExplorerRunner with the transposed-convolution program', () => {
  it('returns exactly what compute(state, pictures) returns on the main thread', async () => {
    const { runner } = ctRunner();
    runner.setInputs(pictures);
    const done = await runner.run(ct);
    expect(done?.where).toBe('worker');
    expect(done!.result).toStrictEqual(compute(ct, pictures));
    const invalid = await runner.run({ ...ct, opH: 2, opW: 2 });
    expect(invalid!.result).toEqual({ ok: false, control: 'output-padding', message: 'outputPadding (2) must be smaller than stride (2) or dilation (1)' });
    runner.dispose();
  });

  it('latest wins: of three quick states the middle one is never computed, the first is dropped, the last is shown', async () => {
    const { runner, worker } = ctRunner();
    runner.setInputs(pictures);
    const [a, b, c] = [runner.run({ ...ct, inH: 5 }), runner.run({ ...ct, inH: 6 }), runner.run({ ...ct, inH: 7 })];
    expect(await b).toBeNull();
    expect(await a).toBeNull();
    const last = await c;
    expect(layer(last!.result).output.shape).toEqual([1, 1, 14, 16]); // (7 − 1)·2 − 2 + 2 + 1 + 1
    expect(worker.computes()).toBe(2);
    runner.dispose();
  });

  it('memoised parts are not sent again and keep their identity: the shoot-out survives an input-size change', async () => {
    const { runner } = ctRunner();
    runner.setInputs(pictures);
    const first = layer((await runner.run(ct))!.result);
    const second = layer((await runner.run({ ...ct, inH: 9 }))!.result);
    expect(second.output.shape).toEqual([1, 1, 18, 16]);
    expect(second.shootout).toBe(first.shootout); // same object on this side too: nothing re-cloned, panels can skip
    expect(second.output).not.toBe(first.output);
    const third = layer((await runner.run({ ...ct, sH: 3 }))!.result); // stride feeds the shoot-out: a new one
    expect(third.shootout).not.toBe(first.shootout);
    expect(third).toStrictEqual(compute({ ...ct, sH: 3 }, pictures));
    runner.dispose();
  });

  it('pictures travel once and keep their identity in the worker when another one changes', async () => {
    const { runner, worker } = ctRunner();
    runner.setInputs(pictures);
    await runner.run(ct);
    const own = picture(40, 1);
    runner.setInputs({ ...pictures, own });
    const inputs = worker.posted.filter((m) => m.kind === 'inputs');
    expect(inputs).toHaveLength(2);
    expect(inputs[1].kind === 'inputs' && inputs[1].packed.reused).toEqual([['photo']]);
    const withOwn = layer((await runner.run({ ...ct, input: 'own' }))!.result);
    expect(withOwn).toStrictEqual(compute({ ...ct, input: 'own' }, { ...pictures, own }));
    runner.dispose();
  });

  it('cancel() drops what is outstanding', async () => {
    const { runner } = ctRunner();
    runner.setInputs(pictures);
    const pending = runner.run(ct);
    runner.cancel();
    expect(await pending).toBeNull();
    runner.dispose();
  });
});

describe('ExplorerRunner fallback to the main thread', () => {
  it('computes in this thread when no worker can be started, with the same results', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const runner = new ExplorerRunner<ConvTransposeState, Pictures, ReturnType<typeof compute>>(() => {
      throw new Error('blocked by CSP');
    }, convTransposeProgram, 'conv-transpose');
    expect(runner.where).toBe('main thread');
    expect(runner.fallbackReason).toBe('the worker could not be started: blocked by CSP');
    runner.setInputs(pictures);
    const done = await runner.run(ct);
    expect(done?.where).toBe('main thread');
    expect(done!.result).toStrictEqual(compute(ct, pictures));
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });

  it('a worker that fails (script not loaded, crash) hands over: inputs re-sent, only the newest state recomputed', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { runner, worker } = ctRunner();
    runner.setInputs(pictures);
    const older = runner.run({ ...ct, inH: 5 });
    const newer = runner.run({ ...ct, inH: 6 });
    worker.crash(); // an Event without a message, as a module worker that failed to load gives
    expect(await older).toBeNull();
    const done = await newer;
    expect(done?.where).toBe('main thread');
    expect(runner.fallbackReason).toBe('conv-transpose worker failed');
    expect(done!.result).toStrictEqual(compute({ ...ct, inH: 6 }, pictures)); // the photo made it across
    const later = await runner.run({ ...ct, inH: 7 });
    expect(layer(later!.result).output.shape).toEqual([1, 1, 14, 16]); // (7 − 1)·2 − 2 + 2 + 1 + 1
    warn.mockRestore();
  });
});

describe('explorer host', () => {
  it('a throwing compute rejects that run with its message; the next run starts from a fresh baseline', async () => {
    let fail = true;
    const memo = { big: new Float32Array(4) };
    const program: ExplorerProgram<number, null, { n: number; memo: typeof memo }> = {
      setInputs: () => undefined,
      compute: (n) => {
        if (fail) throw new Error(`cannot compute ${n}`);
        return { n, memo };
      },
    };
    const runner = new ExplorerRunner(() => new ClonedWorker(program), () => program);
    await expect(runner.run(1)).rejects.toThrow('cannot compute 1');
    fail = false;
    const a = await runner.run(2);
    const b = await runner.run(3);
    expect(a!.result).toEqual({ n: 2, memo });
    expect(b!.result.memo).toBe(a!.result.memo);
    fail = true;
    await expect(runner.run(4)).rejects.toThrow('cannot compute 4');
    fail = false;
    expect((await runner.run(5))!.result.memo).toEqual(memo); // sent whole again, not as a path into nothing
    runner.dispose();
  });

  it('moves result-only arrays to the page and copies the ones the program keeps, which stay usable', async () => {
    const kept = new Float32Array(4096).fill(3);
    let made: Float32Array | null = null;
    const program: ExplorerProgram<number, null, { made: Float32Array; kept: Float32Array }> = {
      setInputs: () => undefined,
      compute: (n) => ({ made: (made = resultOnly(new Float32Array(4096).fill(n))), kept }),
    };
    const runner = new ExplorerRunner(() => new ClonedWorker(program), () => program);
    const r = (await runner.run(7))!.result;
    expect(r.made[4095]).toBe(7);
    expect(made!.length).toBe(0); // moved, not copied
    expect(r.kept[4095]).toBe(3);
    expect(kept.length).toBe(4096);
    expect(r.kept).not.toBe(kept);
    runner.dispose();
  });

  it('results that cannot be cloned come back as a clear error, not a hang', async () => {
    const program: ExplorerProgram<number, null, { f: () => number }> = { setInputs: () => undefined, compute: (n) => ({ f: () => n }) };
    const runner = new ExplorerRunner(() => new ClonedWorker(program), () => program);
    await expect(runner.run(1)).rejects.toThrow(/^the results could not be sent from the worker: /);
    runner.dispose();
  });
});

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
