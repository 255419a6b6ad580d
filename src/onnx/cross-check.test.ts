import { afterAll, describe, expect, it } from 'vitest';
import { crossCheck, crossCheckModel, createLatestCrossChecker, runKernel, timeKernel, type CrossCheckRequest } from './cross-check.ts';
import { singleNodeModel } from './builder.ts';
import { modelKey, ortErrorMessage, releaseOrtSessions } from './ort-runner.ts';
import { mulberry32, randomData, randomTensor } from './testing/random.ts';

afterAll(releaseOrtSessions);

const rng = mulberry32(3);
const x = randomTensor(rng, [1, 2, 4, 4]);
const w = randomTensor(rng, [2, 3, 3, 3]);
const convT = (options: object): CrossCheckRequest => ({ op: 'ConvTranspose', input: x, weight: w, bias: null, options });

describe('crossCheck never throws', () => {
  it('invalid parameters come back as an error with params.ts\'s message', async () => {
    expect(await crossCheck(convT({ stride: 0 }))).toEqual({ kind: 'error', message: 'invalid stride: 0 (must be a positive integer)' });
  });

  it('a configuration ONNX cannot express comes back as unavailable with the reason', async () => {
    const r = await crossCheck(convT({ dilation: 2, outputPadding: 1 }));
    expect(r.kind).toBe('unavailable');
    expect(r.kind === 'unavailable' && r.reason).toMatch(/^ONNX Runtime rejects output_padding \(1\) ≥ stride \(1\)/);
  });

  it('ORT refusing a model comes back as an error with ORT\'s own message, without its error-code prefix', async () => {
    const bad = singleNodeModel('ConvTranspose', [], [{ name: 'X', tensor: x, isData: true }, { name: 'W', tensor: randomTensor(rng, [3, 3, 3, 3]) }], ['Y'], 'inputs');
    const r = await crossCheckModel(bad, { outputs: [x], ms: 1 });
    expect(r.kind).toBe('error');
    expect(r.kind === 'error' && r.message).toMatch(/^ONNX Runtime failed: /);
    expect(r.kind === 'error' && r.message).not.toMatch(/ERROR_CODE/);
  });

  it('a wrong result from our side is red, with the first differing element', async () => {
    const ok = await crossCheck(convT({ stride: 2 }));
    expect(ok).toMatchObject({ kind: 'compared', ok: true, outputs: ['Y'] });
    const req = convT({ stride: 2 });
    const wrong = await crossCheck(req, { outputs: [{ shape: [1, 3, 9, 9], data: new Float32Array(243) }], ms: 0.5 });
    expect(wrong).toMatchObject({ kind: 'compared', ok: false, oursMs: 0.5 });
    expect(wrong.kind === 'compared' && wrong.note).toMatch(/^Y: element \d+: 0 vs expected/);
    const misshapen = await crossCheck(req, { outputs: [{ shape: [1, 3, 8, 8], data: new Float32Array(192) }], ms: 0.5 });
    expect(misshapen).toMatchObject({ kind: 'compared', ok: false, note: 'Y has shape [1, 3, 8, 8] here but [1, 3, 9, 9] in ONNX Runtime' });
    expect(misshapen.kind === 'compared' && Number.isNaN(misshapen.maxAbsDiff)).toBe(true);
  });

  it('training BatchNorm compares Y, running_mean and running_var, and explains the variance conversion', async () => {
    const r = await crossCheck({ op: 'BatchNormalization', input: x, options: { training: true, runningMean: randomData(rng, 2), runningVar: Float32Array.of(1, 2), momentum: 0.3 } });
    expect(r).toMatchObject({ kind: 'compared', ok: true, outputs: ['Y', 'running_mean', 'running_var'] });
    expect(r.kind === 'compared' && r.note).toMatch(/biased batch variance.*n = N·H·W = 16/);
    const noStats = await crossCheck({ op: 'BatchNormalization', input: x, options: { training: true } });
    expect(noStats).toMatchObject({ kind: 'compared', ok: true, outputs: ['Y'] });
  });
});

describe('createLatestCrossChecker', () => {
  it('runs at most one check behind the latest: superseded waiting requests resolve to null', async () => {
    const check = createLatestCrossChecker();
    const first = check(convT({ stride: 1 }));
    const second = check(convT({ stride: 2 }));
    const third = check(convT({ stride: 3 }));
    const [a, b, c] = await Promise.all([first, second, third]);
    expect(a).toMatchObject({ kind: 'compared', ok: true });
    expect(b).toBeNull();
    expect(c).toMatchObject({ kind: 'compared', ok: true });
  });
});

describe('ort-runner helpers', () => {
  it('modelKey distinguishes bytes that differ anywhere, including length', () => {
    const a = Uint8Array.of(1, 2, 3);
    expect(modelKey(a)).toBe(modelKey(Uint8Array.of(1, 2, 3)));
    expect(modelKey(a)).not.toBe(modelKey(Uint8Array.of(1, 2, 4)));
    expect(modelKey(a)).not.toBe(modelKey(Uint8Array.of(1, 2, 3, 0)));
  });

  it('ortErrorMessage keeps the status message only', () => {
    const e = new Error("failed to call OrtRun(). ERROR_CODE: 2, ERROR_MESSAGE: Non-zero status code returned while running ConvTranspose node. Name:'' Status Message: output_padding (1) may be too large");
    expect(ortErrorMessage(e)).toBe('output_padding (1) may be too large');
    expect(ortErrorMessage('plain')).toBe('plain');
  });
});

describe('timeKernel', () => {
  it('returns what the kernel computes, with a time, on the first run of an op in this thread and after it', () => {
    const rand = mulberry32(7);
    const req: CrossCheckRequest = {
      op: 'BatchNormalization',
      input: randomTensor(rand, [2, 3, 4, 4]),
      options: { training: true, eps: 1e-5, momentum: 0.1, runningMean: new Float32Array(3), runningVar: new Float32Array(3).fill(1) },
    };
    const want = runKernel(req);
    for (let i = 0; i < 2; i++) {
      const run = timeKernel(req);
      expect(run.outputs.map((t) => [t.shape, Array.from(t.data)])).toEqual(want.map((t) => [t.shape, Array.from(t.data)]));
      expect(run.ms).toBeGreaterThanOrEqual(0);
    }
    // Running the kernel more than once changed nothing it was given (the warm-up run is not an update).
    expect(Array.from(req.options.runningVar!)).toEqual([1, 1, 1]);
  });
});
