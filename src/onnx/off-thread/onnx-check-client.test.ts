import { afterAll, describe, expect, it } from 'vitest';
import { crossCheck, type CrossCheckRequest } from '../cross-check.ts';
import { releaseOrtSessions } from '../ort-runner.ts';
import { checkOffThread, offThreadRunner } from './onnx-check-client.ts';
import { buildConvTransposeModel } from '../builder.ts';
import { convTranspose2d } from '../../kernels/index.ts';

afterAll(releaseOrtSessions);

describe('checkOffThread', () => {
  it('without Worker (Node) it runs the same cross-check in this thread, with the same outcome', async () => {
    const input = { shape: [1, 1, 3, 3], data: Float32Array.from({ length: 9 }, (_, i) => i - 4) };
    const weight = { shape: [1, 2, 2, 2], data: Float32Array.of(1, -1, 0.5, 2, 0, 1, -2, 0.25) };
    const req: CrossCheckRequest = { op: 'ConvTranspose', input, weight, bias: null, options: { stride: 2 } };
    const here = await checkOffThread(req);
    const direct = await crossCheck(req);
    expect(here.kind).toBe('compared');
    expect(direct.kind).toBe('compared');
    if (here.kind !== 'compared' || direct.kind !== 'compared') return;
    expect(here.ok).toBe(true);
    expect(here.maxAbsDiff).toBe(direct.maxAbsDiff);
    // Refusals come back as results too, never as a rejection.
    expect(await checkOffThread({ ...req, options: { stride: 0 } })).toEqual({ kind: 'error', message: 'invalid stride: 0 (must be a positive integer)' });
  });
});

describe('offThreadRunner', () => {
  it('runs a model the page built (a node as written in a file) and compares, like crossCheckModel', async () => {
    const input = { shape: [1, 1, 2, 2], data: Float32Array.of(1, 2, 3, 4) };
    const weight = { shape: [1, 1, 2, 2], data: Float32Array.of(1, 0, 0, -1) };
    const model = buildConvTransposeModel(input, weight, null, { stride: 2 });
    const ours = { outputs: [convTranspose2d(input, weight, null, { stride: 2 })], ms: 0 };
    const here = await offThreadRunner.checkModel(model, ours);
    expect(here).toMatchObject({ kind: 'compared', ok: true, maxAbsDiff: 0, outputs: ['Y'] });
    const wrong = await offThreadRunner.checkModel(model, { outputs: [{ ...ours.outputs[0], data: ours.outputs[0].data.map((v) => v + 1) }], ms: 0 });
    expect(wrong).toMatchObject({ kind: 'compared', ok: false, maxAbsDiff: 1 });
  });
});
