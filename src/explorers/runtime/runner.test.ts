/**
 * The explorer host behind a runner in Node, behind a port that copies every message with structuredClone, as
 * postMessage does (cloned-worker.ts): errors, transfer and unclonable results. The explorers' own programs are
 * run through it in conv-transpose/program.test.ts and batch-norm/program.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { ClonedWorker } from './cloned-worker.ts';
import type { ExplorerProgram } from './protocol.ts';
import { ExplorerRunner } from './runner.ts';
import { resultOnly } from './transfer.ts';

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
