import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { releaseOrtSessions } from '../ort-runner.ts';
import { readOnnxModel } from '../reader.ts';
import { createModelChecker, stoppedVerdict } from './model-check-client.ts';
import { checkNode, featureMaps, seededInput } from './node-check.ts';

afterAll(releaseOrtSessions);

const MODELS = join(import.meta.dirname, '..', '..', '..', 'public', 'models');
const bytesOf = (name: string) => new Uint8Array(readFileSync(join(MODELS, `${name}.onnx`)));

describe('featureMaps', () => {
  it('keeps the first channels of item 0, every k-th value when a side is longer than the preview', () => {
    const t = { shape: [2, 5, 100, 3], data: Float32Array.from({ length: 2 * 5 * 100 * 3 }, (_, i) => i) };
    const f = featureMaps(t, 4, 48);
    expect(f.shape).toEqual([2, 5, 100, 3]);
    expect(f.channels.map((c) => c.channel)).toEqual([0, 1, 2, 3]);
    const c1 = f.channels[1];
    expect([c1.rows, c1.cols, c1.step]).toEqual([34, 1, 3]);
    // channel 1, row 3 (sampled row 1), col 0 of a [100, 3] map.
    expect(c1.values[1]).toBe(300 + 3 * 3);
  });
});

describe('checkNode', () => {
  it('a node of a shipped model on a seeded input: compared and green, with its feature maps', async () => {
    const { model } = readOnnxModel(bytesOf('dcgan-block'));
    const v = await checkNode(model, 0, null, 1, false);
    expect(v).toMatchObject({ index: 0, input: 'seeded', inputShape: [1, 8, 4, 4], problem: null, result: { kind: 'compared', ok: true } });
    expect(v.maps?.output.shape).toEqual([1, 4, 8, 8]);
  });

  it('takes the activation that reaches the node when its size fits, and says so', async () => {
    const { model } = readOnnxModel(bytesOf('dcgan-block'));
    const x = seededInput([1, 8, 4, 4], 7);
    const v = await checkNode(model, 0, x, 1, false);
    expect(v.input).toBe('real');
    expect(Array.from(v.maps!.input.channels[0].values)).toEqual(Array.from(x.data.subarray(0, 16)));
  });

  it('a node that cannot be read gets its reason, not a throw', async () => {
    const { model } = readOnnxModel(bytesOf('dcgan-block'));
    const v = await checkNode(model, 99, null, 1, false);
    expect(v.problem).toMatch(/node 99 is not/);
    expect(v.result.kind).toBe('unavailable');
  });
});

describe('createModelChecker (in this thread, as in Node)', () => {
  it('runs the model once on the sample input, then checks every node on what really reaches it', async () => {
    const bytes = bytesOf('dcgan-block');
    const { summary } = readOnnxModel(bytes);
    const checker = createModelChecker(bytes);
    expect(await checker.activations({ input: seededInput([1, 8, 4, 4], 3) })).toEqual({ ok: true, nodes: summary.layers.length });
    for (const l of summary.layers) {
      const v = await checker.check(l.index, 1);
      expect(v.input, l.label).toBe('real');
      expect(v.result).toMatchObject({ kind: 'compared', ok: true });
    }
    checker.dispose();
  });

  it('a sample input the model cannot take: the reason, and checks fall back to seeded inputs', async () => {
    const checker = createModelChecker(bytesOf('dcgan-block'));
    const r = await checker.activations({ input: seededInput([1, 3, 4, 4], 3) });
    expect(r.ok).toBe(false);
    expect((await checker.check(0, 1)).input).toBe('seeded');
    checker.dispose();
  });

  it('a stopped check reads as such: its time in the verdict, a sentence for the card', () => {
    const v = stoppedVerdict(4, 8000);
    expect(v).toMatchObject({ index: 4, stopped: 8000, result: { kind: 'unavailable', reason: 'check stopped after 8 s' } });
    expect(v.problem).toMatch(/^Check stopped after 8 s: /);
  });
});
