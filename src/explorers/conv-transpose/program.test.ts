/**
 * The transposed-convolution program through the explorer runner and host (runtime/cloned-worker.ts): the same
 * results as compute on the main thread, latest wins, memo identity across messages, and the fallback to this thread.
 */
import { describe, expect, it, vi } from 'vitest';
import { defaults } from '../../state/schema.ts';
import { ClonedWorker } from '../runtime/cloned-worker.ts';
import { ExplorerRunner } from '../runtime/runner.ts';
import { compute, type LayerResults, type Pictures } from './compute.ts';
import type { Picture } from './presets.ts';
import { convTransposeProgram } from './program.ts';
import { convTransposeSchema, type ConvTransposeState } from './schema.ts';

/** A smooth synthetic "photo" so the tests need no image decoding. */
function picture(n = 96, phase = 0): Picture {
  const plane = Float32Array.from({ length: n * n }, (_, i) => 0.5 + 0.4 * Math.sin(Math.floor(i / n) / 11 + phase) * Math.cos((i % n) / 8));
  return { width: n, height: n, r: plane, g: plane, b: plane };
}

const ct: ConvTransposeState = defaults(convTransposeSchema);
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
