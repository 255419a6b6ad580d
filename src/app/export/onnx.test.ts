import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-web';
import { batchNorm2d, convTranspose2d, maxAbsDiff, tensor } from '../../kernels/index.ts';
import { decodeModel } from '../../onnx/decode.ts';
import { exportOnnx } from './onnx.ts';

const ramp = (n: number, k: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * k));

describe('exportOnnx', () => {
  it('writes a self-contained ConvTranspose model that ONNX Runtime runs to our output', async () => {
    const input = tensor([1, 2, 5, 4], ramp(40, 0.7));
    const weight = tensor([2, 3, 3, 3], ramp(54, 1.3));
    const bias = Float32Array.of(0.5, -1, 0.25);
    const opts = { stride: [2, 2] as [number, number], padding: [1, 0, 0, 1] as [number, number, number, number], outputPadding: [1, 0] as [number, number], dilation: [1, 1] as [number, number], groups: 1 };
    const output = convTranspose2d(input, weight, bias, opts);
    const bytes = await exportOnnx({ kind: 'ConvTranspose2d', inChannels: 2, outChannels: 3, kernelSize: [3, 3], ...opts, weight, bias, input, output });
    const model = decodeModel(bytes);
    expect(model.graph.initializers.map((t) => t.name).sort()).toEqual(['B', 'W']);
    const session = await ort.InferenceSession.create(bytes);
    const res = await session.run({ X: new ort.Tensor('float32', input.data, input.shape) });
    expect(res.Y.dims).toEqual(output.shape);
    expect(maxAbsDiff(res.Y.data as Float32Array, output.data)).toBeLessThan(1e-4);
  });

  it('writes an inference BatchNormalization model with the running statistics', async () => {
    const input = tensor([2, 3, 2, 2], ramp(24, 0.9));
    const p = { weight: Float32Array.of(2, 1, 0.5), bias: Float32Array.of(0, 1, -1), runningMean: Float32Array.of(0.1, 0, -0.2), runningVar: Float32Array.of(1, 2, 0.5) };
    const output = batchNorm2d(input, { ...p, training: false }).output;
    const bytes = await exportOnnx({ kind: 'BatchNorm2d', numFeatures: 3, eps: 1e-5, momentum: 0.1, training: false, ...p, input, output });
    const session = await ort.InferenceSession.create(bytes);
    const res = await session.run({ X: new ort.Tensor('float32', input.data, input.shape) });
    expect(maxAbsDiff(res.Y.data as Float32Array, output.data)).toBeLessThan(1e-5);
  });
});
