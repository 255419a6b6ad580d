/**
 * The reference models in public/models (exported from PyTorch by scripts/gen_models.py, with PyTorch's outputs
 * for a fixed input in <name>.io.json): our reader + kernels, ONNX Runtime Web and PyTorch must agree.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allCloseMessage, type Tensor } from '../kernels/index.ts';
import { openOnnxFile, crossCheckLayer } from './open-model.ts';
import { releaseOrtSessions, runSingleNodeModel } from './ort-runner.ts';
import { extractLayer } from './reader.ts';
import { runGraphWithOurKernels } from './testing/run-graph.ts';

const DIR = join(import.meta.dirname, '..', '..', 'public', 'models');
const NAMES = readdirSync(DIR).filter((f) => f.endsWith('.onnx')).map((f) => f.slice(0, -'.onnx'.length)).sort();

interface IoFile { input: { shape: number[]; data: number[] }; output: { shape: number[]; data: number[] }; ops: string[] }
const load = (name: string) => ({
  bytes: new Uint8Array(readFileSync(join(DIR, `${name}.onnx`))),
  io: JSON.parse(readFileSync(join(DIR, `${name}.io.json`), 'utf8')) as IoFile,
});
const tensorOf = (t: { shape: number[]; data: number[] }): Tensor => ({ shape: t.shape, data: Float32Array.from(t.data) });

afterAll(releaseOrtSessions);

describe('reference models in public/models', () => {
  it('are the four blocks and three example architectures gen_models.py exports, each small', () => {
    expect(NAMES).toEqual(['dcgan-block', 'dcgan-generator', 'espcn', 'odd-conv-transpose', 'resize-conv-block', 'subpixel-block', 'unet-block']);
    for (const n of NAMES) expect(load(n).bytes.length).toBeLessThan(200 * 1024);
  });

  it('dcgan-block lists its ConvTranspose and BatchNormalization with shapes and attributes', async () => {
    const { summary } = await openOnnxFile(load('dcgan-block').bytes, 'dcgan-block.onnx');
    expect(summary).toMatchObject({ irVersion: 8, opset: 17, nodeCount: 3, opCounts: { ConvTranspose: 1, BatchNormalization: 1, Relu: 1 } });
    expect(summary.producer).toMatch(/^pytorch/);
    const [ct, bn] = summary.layers;
    expect(ct).toMatchObject({
      opType: 'ConvTranspose', inputShape: [1, 8, 4, 4], outputShape: [1, 4, 8, 8], problem: null,
      attributes: { strides: '[2, 2]', pads: '[1, 1, 1, 1]', kernel_shape: '[4, 4]', group: '1', dilations: '[1, 1]' },
    });
    expect(ct.inputs[1]).toEqual({ name: 'up.weight', shape: [8, 4, 4, 4], constant: true, graphInput: false });
    // BN's input shape is not in the file: it is propagated through the ConvTranspose.
    expect(bn).toMatchObject({ opType: 'BatchNormalization', inputShape: [1, 4, 8, 8], problem: null });
  });

  it('extracts real weights and PyTorch-style parameters (odd-conv-transpose: every attribute non-default)', async () => {
    const { model } = await openOnnxFile(load('odd-conv-transpose').bytes);
    const layer = extractLayer(model, 0);
    expect(layer.op).toBe('ConvTranspose');
    if (layer.op !== 'ConvTranspose') return;
    expect(layer.weight.shape).toEqual([4, 3, 3, 2]);
    expect(layer.bias).toHaveLength(6);
    expect(layer.options).toEqual({ stride: [2, 3], dilation: [1, 2], padding: [1, 0, 1, 0], outputPadding: [1, 2], groups: 2 });
    expect(layer.inputShape).toEqual([2, 4, 3, 4]);
  });

  it('BatchNormalization comes back with PyTorch momentum and eps', async () => {
    const { model } = await openOnnxFile(load('dcgan-block').bytes);
    const bn = extractLayer(model, 1);
    expect(bn.op === 'BatchNormalization' && bn.options).toMatchObject({ eps: 1e-5, momentum: 0.1, training: false });
  });

  for (const name of NAMES) {
    it(`${name}: our kernels composed node by node reproduce PyTorch's output`, async () => {
      const { bytes, io } = load(name);
      const { model } = await openOnnxFile(bytes);
      const out = runGraphWithOurKernels(model, { input: tensorOf(io.input) }).output;
      expect(out.shape).toEqual(io.output.shape);
      expect(allCloseMessage(out.data, Float32Array.from(io.output.data))).toBeNull();
    });

    it(`${name}: ONNX Runtime Web on the whole file reproduces PyTorch's output`, async () => {
      const { bytes, io } = load(name);
      const run = await runSingleNodeModel({ bytes, feeds: { input: tensorOf(io.input) }, outputNames: ['output'] });
      expect(run.outputs[0].shape).toEqual(io.output.shape);
      expect(allCloseMessage(run.outputs[0].data, Float32Array.from(io.output.data))).toBeNull();
    });

    it(`${name}: every layer's parity check (ORT on the node as written in the file) is green`, async () => {
      const { bytes, io } = load(name);
      const { model, summary } = await openOnnxFile(bytes);
      for (const l of summary.layers) {
        const layer = extractLayer(model, l.index);
        // The graph's own input where the layer reads it, otherwise a fixed pattern of the layer's input shape.
        const input = model.graph.nodes[l.index].inputs[0] === 'input'
          ? tensorOf(io.input)
          : { shape: layer.inputShape, data: Float32Array.from({ length: layer.inputShape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i)) };
        const result = await crossCheckLayer(model, layer, input);
        expect(result, `${name} ${l.label}`).toMatchObject({ kind: 'compared', ok: true });
      }
    });
  }
});
