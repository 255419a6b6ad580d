/**
 * What torch.onnx.export really writes, at opsets 9–17 (src/onnx/cases/exports, made by scripts/gen_real_exports.py
 * with PyTorch 1.13): every Conv / ConvTranspose / BatchNormalization node is listed with the sizes PyTorch saw
 * (recorded by forward hooks in manifest.json), the mode the spec gives it, and opens; ONNX Runtime and our kernels,
 * composed node by node from what the reader extracts, reproduce PyTorch's output.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allCloseMessage, type Tensor } from '../kernels/index.ts';
import { crossCheckLayer } from './open-model.ts';
import { releaseOrtSessions, runSingleNodeModel } from './ort-runner.ts';
import { extractLayer, readOnnxModel } from './reader.ts';
import { runGraphWithOurKernels } from './testing/run-graph.ts';

afterAll(releaseOrtSessions);

const DIR = join(import.meta.dirname, 'cases', 'exports');

interface Export {
  file: string;
  model: string;
  opset: number;
  training: string;
  do_constant_folding: boolean;
  ops: string[];
  layers: { op: string; name: string; input_shape: number[]; output_shape: number[]; training?: boolean }[];
  input_shape: number[];
  output: { shape: number[]; data: number[] };
}
const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as { exports: Export[] };
const EXPORTS = manifest.exports.filter((e) => e.model !== 'conv3d');
const bytesOf = (e: Export) => new Uint8Array(readFileSync(join(DIR, e.file)));

/** The script's probe input: x[i] = float32(((i·7919) mod 113) / 56.5 − 1). */
function probeInput(shape: number[]): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return { shape, data: Float32Array.from({ length: n }, (_, i) => ((i * 7919) % 113) / 56.5 - 1) };
}

describe('real exports: the reader', () => {
  it('the fixtures cover every opset, folded and unfolded BN, training BN at 11 and 15, 1-D layers; each file is small', () => {
    expect(new Set(EXPORTS.map((e) => e.opset))).toEqual(new Set([9, 11, 13, 15, 17]));
    expect(EXPORTS.filter((e) => e.model === 'bn-training').map((e) => e.opset)).toEqual([11, 15]);
    for (const e of manifest.exports) expect(bytesOf(e).length).toBeLessThan(50 * 1024);
    expect(EXPORTS.find((e) => e.file === 'fresh-conv-bn-op13.onnx')!.ops).toContain('Identity');
    expect(EXPORTS.find((e) => e.file === 'conv-bn-folded-op13.onnx')!.ops).not.toContain('BatchNormalization');
  });

  for (const e of EXPORTS) {
    it(`${e.file}: every layer node is listed with PyTorch's sizes and its mode, and opens`, () => {
      const { model, summary } = readOnnxModel(bytesOf(e));
      expect(summary.opset).toBe(e.opset);
      expect(summary.layers.map((l) => [l.opType, l.label])).toEqual(e.layers.map((l) => [l.op, l.name]));
      summary.layers.forEach((l, i) => {
        const want = e.layers[i];
        expect({ problem: l.problem, inputShape: l.inputShape, outputShape: l.outputShape })
          .toEqual({ problem: null, inputShape: want.input_shape, outputShape: want.output_shape });
        if (l.opType === 'BatchNormalization') expect(l.training).toBe(want.training);
        expect(l.spatialRank).toBe(want.input_shape.length === 3 ? 1 : 2);
        const layer = extractLayer(model, l.index);
        expect(layer.fileRank).toBe(want.input_shape.length);
        if (layer.op === 'BatchNormalization') expect(layer.options.training).toBe(want.training);
      });
    });
  }

  it('fresh-conv-bn: running_mean and running_var come through Identity from the bias and weight (the issue\'s reproduction)', () => {
    for (const opset of [9, 11, 13, 15, 17]) {
      const { model, summary } = readOnnxModel(bytesOf(EXPORTS.find((e) => e.file === `fresh-conv-bn-op${opset}.onnx`)!));
      const bn = summary.layers.find((l) => l.opType === 'BatchNormalization')!;
      expect(bn.inputs.slice(1).every((p) => p.constant && !p.graphInput)).toBe(true);
      const layer = extractLayer(model, bn.index);
      if (layer.op !== 'BatchNormalization') throw new Error('not BN');
      expect(Array.from(layer.options.runningMean!)).toEqual(Array.from(layer.options.bias!));
      expect(Array.from(layer.options.runningVar!)).toEqual(Array.from(layer.options.weight!));
    }
  });

  it('the unfolded Pad subgraph (Shape → Gather → ConstantOfShape → Concat → Reshape → Slice → Transpose → Cast) folds to the pads', () => {
    const { summary } = readOnnxModel(bytesOf(EXPORTS.find((e) => e.file === 'tiny-resnet-op11.onnx')!));
    expect(summary.opCounts).toMatchObject({ Shape: 1, Gather: 1, ConstantOfShape: 1, Slice: 1, Transpose: 1 });
    // ZeroPad2d((1, 2, 0, 1)) on 17×15: 18×18 into the stem.
    expect(summary.layers[0].inputShape).toEqual([1, 3, 18, 18]);
  });

  it('a Conv3d is refused with the reason', () => {
    const { summary } = readOnnxModel(bytesOf(manifest.exports.find((e) => e.model === 'conv3d')!));
    expect(summary.layers[0].problem).toMatch(/^it is a 3-D layer \(5-D weight \[2, 1, 3, 3, 3\]\): Layer Lab explores 1-D and 2-D layers$/);
  });
});

describe('real exports: the numbers', () => {
  for (const e of EXPORTS) {
    it(`${e.file}: ONNX Runtime runs the file and reproduces PyTorch`, async () => {
      const run = await runSingleNodeModel({ bytes: bytesOf(e), feeds: { input: probeInput(e.input_shape) }, outputNames: ['output'] });
      expect(run.outputs[0].shape).toEqual(e.output.shape);
      expect(allCloseMessage(run.outputs[0].data, Float32Array.from(e.output.data), 1e-4, 1e-3)).toBeNull();
    });
  }

  const linear = EXPORTS.filter((e) => ['fresh-conv-bn', 'conv-bn-folded', 'conv-bn-unfolded', 'one-d', 'dcgan-generator'].includes(e.model));
  for (const e of linear) {
    it(`${e.file}: our kernels, composed from the extracted layers, reproduce PyTorch`, () => {
      const { model } = readOnnxModel(bytesOf(e));
      const y = runGraphWithOurKernels(model, { input: probeInput(e.input_shape) }).output;
      expect(y.shape).toEqual(e.output.shape);
      expect(allCloseMessage(y.data, Float32Array.from(e.output.data), 1e-4, 1e-3)).toBeNull();
    });
  }

  for (const file of ['bn-training-op11.onnx', 'bn-training-op15.onnx', 'one-d-op13.onnx']) {
    it(`${file}: each layer node agrees with ONNX Runtime running it (training BN in training mode, 1-D nodes at their rank)`, async () => {
      const { model, summary } = readOnnxModel(bytesOf(EXPORTS.find((e) => e.file === file)!));
      for (const l of summary.layers) {
        const layer = extractLayer(model, l.index);
        const result = await crossCheckLayer(model, layer, probeInput(layer.inputShape));
        expect(result, l.label).toMatchObject({ kind: 'compared', ok: true });
      }
    });
  }
});
