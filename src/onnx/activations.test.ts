/**
 * Real activations on the real exports (src/onnx/cases/exports): every layer node is checked against ONNX Runtime
 * on the value that really reaches it when ORT runs the whole file, and our kernel on that value gives what ORT
 * passes to the next node.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { allCloseMessage, type Tensor } from '../kernels/index.ts';
import { layerInputs, withGraphOutputs } from './activations.ts';
import { decodeModel } from './decode.ts';
import { crossCheckLayer, requestForLayer } from './open-model.ts';
import { releaseOrtSessions } from './ort-runner.ts';
import { runKernel } from './cross-check.ts';
import { extractLayer, readOnnxModel } from './reader.ts';

afterAll(releaseOrtSessions);

const DIR = join(import.meta.dirname, 'cases', 'exports');
const bytesOf = (file: string) => new Uint8Array(readFileSync(join(DIR, file)));
const probeInput = (shape: number[]): Tensor => ({
  shape, data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => ((i * 7919) % 113) / 56.5 - 1),
});

describe('withGraphOutputs', () => {
  it('appends outputs and keeps everything else of the file', () => {
    const bytes = bytesOf('tiny-resnet-op11.onnx');
    const before = decodeModel(bytes);
    const after = decodeModel(withGraphOutputs(bytes, ['/Relu_output_0', '/Add_output_0']));
    expect(after.graph.outputs.map((o) => o.name)).toEqual([...before.graph.outputs.map((o) => o.name), '/Relu_output_0', '/Add_output_0']);
    expect(after.graph.nodes).toEqual(before.graph.nodes);
    expect(after.graph.initializers).toEqual(before.graph.initializers);
    expect([after.irVersion, after.opsetImports, after.producerName]).toEqual([before.irVersion, before.opsetImports, before.producerName]);
  });
});

describe('each layer node checked on the activation that really reaches it', () => {
  for (const [file, input] of [['tiny-resnet-op11.onnx', [1, 3, 17, 15]], ['dcgan-generator-op13.onnx', [1, 8, 1, 1]], ['one-d-op15.onnx', [1, 2, 20]]] as const) {
    it(`${file}: every node agrees with ONNX Runtime on its real input`, async () => {
      const bytes = bytesOf(file);
      const { model, summary } = readOnnxModel(bytes);
      const indices = summary.layers.map((l) => l.index);
      const acts = await layerInputs(model, bytes, { input: probeInput([...input]) }, indices);
      expect([...acts.keys()]).toEqual(indices);
      for (const l of summary.layers) {
        const x = acts.get(l.index)!;
        expect(x.shape, l.label).toEqual(l.inputShape);
        const layer = extractLayer(model, l.index, x.shape);
        const result = await crossCheckLayer(model, layer, { shape: layer.inputShape, data: x.data });
        expect(result, l.label).toMatchObject({ kind: 'compared', ok: true });
      }
    });
  }

  it('dcgan-generator-op13: our ConvTranspose on its real input is what ORT feeds the next BatchNormalization', async () => {
    const bytes = bytesOf('dcgan-generator-op13.onnx');
    const { model, summary } = readOnnxModel(bytes);
    const [ct, bn] = summary.layers;
    const acts = await layerInputs(model, bytes, { input: probeInput([1, 8, 1, 1]) }, [ct.index, bn.index]);
    const layer = extractLayer(model, ct.index);
    const ours = runKernel(requestForLayer(layer, acts.get(ct.index)!))[0];
    expect(allCloseMessage(ours.data, acts.get(bn.index)!.data, 1e-4, 1e-4)).toBeNull();
  });
});
