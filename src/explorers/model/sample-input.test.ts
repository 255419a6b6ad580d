import { describe, expect, it } from 'vitest';
import type { ModelProto } from '../../onnx/index.ts';
import { imageTensor, noiseTensor, OPEN_SIDE, samplePlan } from './sample-input.ts';
import { shippedModel } from './testing.ts';

const withInputs = (inputs: ModelProto['graph']['inputs'], initializers: string[] = []): ModelProto => ({
  irVersion: 3, producerName: '', producerVersion: '', opsetImports: [{ domain: '', version: 9 }],
  graph: { name: 'g', nodes: [], inputs, outputs: [], valueInfo: [], initializers: initializers.map((name) => ({ name, dims: [1], dataType: 1, floatData: [0] })) },
});

describe('samplePlan', () => {
  it('a shipped model: its one input at its declared size', () => {
    expect(samplePlan(shippedModel('dcgan-block').model)).toEqual({ name: 'input', shape: [1, 8, 4, 4], kind: 'noise' });
  });

  it('a photograph for 1- or 3-channel spatial inputs; open batch and sides are filled in; initializers listed as inputs (IR < 4) are not inputs', () => {
    const m = withInputs([{ name: 'x', elemType: 1, shape: ['N', 3, 'H', null] }, { name: 'w', elemType: 1, shape: [1] }], ['w']);
    expect(samplePlan(m)).toEqual({ name: 'x', shape: [1, 3, OPEN_SIDE, OPEN_SIDE], kind: 'image' });
    expect(samplePlan(withInputs([{ name: 'z', elemType: 1, shape: [1, 100, 1, 1] }]))).toMatchObject({ kind: 'noise' });
  });

  it('says why a model is not run whole: two inputs, an open channel count, no shape', () => {
    expect(samplePlan(withInputs([{ name: 'x', elemType: 1, shape: [1, 1, 4, 4] }, { name: 'W', elemType: 1, shape: [1, 1, 3, 3] }])))
      .toEqual({ reason: 'the model has 2 inputs; Layer Lab runs whole models with one' });
    expect(samplePlan(withInputs([{ name: 'x', elemType: 1, shape: [1, 'C', 4, 4] }]))).toEqual({ reason: 'its input "x" leaves the channel count open' });
    expect(samplePlan(withInputs([{ name: 'x', elemType: 1, shape: undefined }]))).toMatchObject({ reason: expect.stringMatching(/no declared shape/) });
  });
});

describe('imageTensor', () => {
  it('3 channels: planes R, G, B normalised with ImageNet mean and std; 1 channel: luminance in [0, 1]', () => {
    const rgba = [255, 0, 0, 255, 0, 0, 255, 255];
    const t = imageTensor(rgba, 2, 1, 1, 3);
    expect(t.shape).toEqual([1, 3, 1, 2]);
    expect(Array.from(t.data).map((v) => +v.toFixed(3))).toEqual([2.249, -2.118, -2.036, -2.036, -1.804, 2.64]);
    const y = imageTensor(rgba, 2, 1, 2, 1);
    expect(y.shape).toEqual([2, 1, 1, 2]);
    expect(Array.from(y.data).map((v) => +v.toFixed(3))).toEqual([0.299, 0.114, 0.299, 0.114]);
  });
});

describe('noiseTensor', () => {
  it('seeded: the same seed gives the same tensor; mean ≈ 0, spread ≈ 1', () => {
    const a = noiseTensor([1, 4000], 5);
    expect(noiseTensor([1, 4000], 5).data).toEqual(a.data);
    const mean = a.data.reduce((s, v) => s + v, 0) / a.data.length;
    const sd = Math.sqrt(a.data.reduce((s, v) => s + (v - mean) ** 2, 0) / a.data.length);
    expect(Math.abs(mean)).toBeLessThan(0.06);
    expect(Math.abs(sd - 1)).toBeLessThan(0.06);
  });
});
