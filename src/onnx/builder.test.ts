import { afterAll, describe, expect, it } from 'vitest';
import {
  allCloseMessage, batchNorm2d, conv1d, convTranspose1d, convTranspose1dInfo, convTranspose2d, groupNorm2d, resizeConv2d, type Tensor,
} from '../kernels/index.ts';
import { NodeAttributes, readBatchNormAttributes, readConvAttributes } from './attributes.ts';
import {
  buildBatchNormModel, buildConv1dModel, buildConvTranspose1dModel, buildConvTransposeModel, buildDepthToSpaceModel, buildGroupNormExportModel, buildResizeConvModel, buildResizeModel, IR_VERSION, OPSET,
} from './builder.ts';
import { decodeModel } from './decode.ts';
import { convInfoToOnnx, liftConv1dAttributes, onnxToBatchNorm, onnxToConvTransposeOptions } from './mapping.ts';
import { releaseOrtSessions, runModelOnce, runSingleNodeModel } from './ort-runner.ts';
import { tensorProtoToFloat32 } from './tensor-proto.ts';
import { mulberry32, randomData, randomTensor } from './testing/random.ts';

afterAll(releaseOrtSessions);

const rng = mulberry32(42);
const x = randomTensor(rng, [2, 4, 5, 6]);
const w = randomTensor(rng, [4, 3, 3, 2]);
const bias = randomData(rng, 6);
const opts = { stride: [2, 3] as [number, number], padding: [1, 0, 2, 1] as [number, number, number, number], outputPadding: [1, 2] as [number, number], dilation: [1, 2] as [number, number], groups: 2 };

describe('single-node model builder', () => {
  it('decodes to one ConvTranspose node whose attributes map back to the same options', () => {
    const model = decodeModel(buildConvTransposeModel(x, w, bias, opts, 'initializers').bytes);
    expect(model.irVersion).toBe(IR_VERSION);
    expect(model.opsetImports).toEqual([{ domain: '', version: OPSET }]);
    expect(model.graph.nodes).toHaveLength(1);
    const node = model.graph.nodes[0];
    expect(node).toMatchObject({ opType: 'ConvTranspose', inputs: ['X', 'W', 'B'], outputs: ['Y'] });
    expect(onnxToConvTransposeOptions(readConvAttributes(node), [3, 2], [5, 6])).toEqual({ ...opts });
    const [wInit, bInit] = model.graph.initializers;
    expect(wInit.dims).toEqual([4, 3, 3, 2]);
    expect(tensorProtoToFloat32(wInit)).toEqual(w.data);
    expect(tensorProtoToFloat32(bInit)).toEqual(bias);
    expect(model.graph.inputs.map((i) => i.name)).toEqual(['X']);
  });

  it('with parameters as inputs the bytes depend only on the attributes (one ORT session for all weights)', () => {
    const a = buildConvTransposeModel(x, w, bias, opts).bytes;
    const b = buildConvTransposeModel(randomTensor(rng, [2, 4, 7, 3]), randomTensor(rng, [4, 3, 3, 2]), randomData(rng, 6), opts).bytes;
    expect(b).toEqual(a);
    expect(decodeModel(a).graph.inputs.map((i) => i.name)).toEqual(['X', 'W', 'B']);
    expect(decodeModel(a).graph.inputs[0].shape).toEqual(['X_d0', 'X_d1', 'X_d2', 'X_d3']);
  });

  it('round trip: build → ORT runs it → our kernel\'s numbers, for both storages', async () => {
    const ours = convTranspose2d(x, w, bias, opts);
    for (const storage of ['inputs', 'initializers'] as const) {
      const run = await runSingleNodeModel(buildConvTransposeModel(x, w, bias, opts, storage));
      expect(run.outputs[0].shape).toEqual(ours.shape);
      expect(allCloseMessage(run.outputs[0].data, ours.data)).toBeNull();
    }
  });

  it('1-D Conv / ConvTranspose nodes (3-D input) lift to the H = 1 layer and ORT gives conv1d / convTranspose1d\'s numbers', async () => {
    const x1 = randomTensor(rng, [2, 4, 9]);
    const wt = randomTensor(rng, [4, 3, 4]);
    const topts = { stride: 2, padding: [1, 2] as [number, number], outputPadding: 1, dilation: 2, groups: 2 };
    const built = buildConvTranspose1dModel(x1, wt, bias, topts, 'initializers');
    const node = decodeModel(built.bytes).graph.nodes[0];
    expect(readConvAttributes(node)).toMatchObject({ kernel_shape: [4], strides: [2], pads: [1, 2], dilations: [2], output_padding: [1] });
    expect(liftConv1dAttributes(readConvAttributes(node))).toEqual(convInfoToOnnx(convTranspose1dInfo(x1, wt, bias, topts).conv, 'ConvTranspose'));
    const wc = randomTensor(rng, [6, 2, 3]);
    const copts = { padding: [2, 0] as [number, number], dilation: 3, groups: 2 };
    const runs = [
      [built, convTranspose1d(x1, wt, bias, topts)],
      [buildConvTranspose1dModel(x1, wt, null, { stride: 3 }), convTranspose1d(x1, wt, null, { stride: 3 })],
      [buildConv1dModel(x1, wc, bias, copts), conv1d(x1, wc, bias, copts)],
      [buildConv1dModel(x1, wc, null, { stride: 2, padding: 1, groups: 2 }), conv1d(x1, wc, null, { stride: 2, padding: 1, groups: 2 })],
    ] as const;
    for (const [model, ours] of runs) {
      const [y] = await runModelOnce(model.bytes, model.feeds, model.outputNames);
      expect(y.shape).toEqual(ours.shape);
      expect(allCloseMessage(y.data, ours.data)).toBeNull();
    }
  });

  it('BatchNormalization: absent PyTorch parameters become 1, 0; momentum is stored as ONNX\'s 1 − m', async () => {
    const bx = randomTensor(rng, [2, 3, 4, 4]);
    const options = { training: false, runningMean: randomData(rng, 3), runningVar: Float32Array.of(0.5, 1, 2), momentum: 0.2, eps: 1e-3 };
    const built = buildBatchNormModel(bx, options, 'initializers');
    const node = decodeModel(built.bytes).graph.nodes[0];
    expect(onnxToBatchNorm(readBatchNormAttributes(node))).toEqual({ eps: 1e-3, momentum: 0.2, training: false });
    const inits = decodeModel(built.bytes).graph.initializers;
    expect(Array.from(tensorProtoToFloat32(inits[0]))).toEqual([1, 1, 1]);
    expect(Array.from(tensorProtoToFloat32(inits[1]))).toEqual([0, 0, 0]);
    const run = await runSingleNodeModel(built);
    expect(allCloseMessage(run.outputs[0].data, batchNorm2d(bx, options).output.data)).toBeNull();
    expect(buildBatchNormModel(bx, { ...options, training: true }).outputNames).toEqual(['Y', 'running_mean', 'running_var']);
  });

  it('GroupNorm as PyTorch exports it at opset 17 (Reshape → InstanceNormalization → Reshape → Mul → Add): ORT gives our numbers', async () => {
    const gx = { shape: [2, 6, 3, 5], data: randomTensor(rng, [2, 6, 3, 5]).data.map((v) => 2 + v) };
    for (const options of [{ numGroups: 3, weight: randomData(rng, 6), bias: randomData(rng, 6), eps: 1e-3 }, { numGroups: 6 }]) {
      const built = buildGroupNormExportModel(gx, options);
      const graph = decodeModel(built.bytes).graph;
      expect(graph.nodes.map((n) => n.opType)).toEqual(['Reshape', 'InstanceNormalization', 'Shape', 'Reshape', 'Mul', 'Add']);
      expect(graph.initializers.find((i) => i.name === 'weight')?.dims).toEqual([6, 1, 1]);
      const [y] = await runModelOnce(built.bytes, built.feeds, built.outputNames);
      expect(y.shape).toEqual(gx.shape);
      expect(allCloseMessage(y.data, groupNorm2d(gx, options).data)).toBeNull();
    }
  });

  it('Resize nearest ×2 → Conv (two nodes, initializers): ORT gives the numbers of our fused resizeConv2d', async () => {
    const rx = randomTensor(rng, [2, 4, 5, 3]);
    const cases = [
      { weight: randomTensor(rng, [6, 4, 3, 3]), bias: randomData(rng, 6), options: { padding: 1 } },
      { weight: randomTensor(rng, [2, 2, 4, 2]), bias: null, options: { padding: [1, 0, 2, 1] as [number, number, number, number], groups: 2 } },
    ];
    for (const { weight, bias: b, options } of cases) {
      const built = buildResizeConvModel(rx, weight, b, options);
      const graph = decodeModel(built.bytes).graph;
      expect(graph.nodes.map((n) => n.opType)).toEqual(['Resize', 'Conv']);
      expect(graph.inputs.map((i) => i.name)).toEqual(['X']);
      const ours = resizeConv2d(rx, weight, b, options);
      const [y] = await runModelOnce(built.bytes, built.feeds, built.outputNames);
      expect(y.shape).toEqual(ours.shape);
      expect(allCloseMessage(y.data, ours.data)).toBeNull();
    }
    expect(() => buildResizeConvModel(rx, cases[0].weight, null, { stride: 2 })).toThrow(/supports only stride 1/);
  });

  it('Resize and DepthToSpace carry the attributes that match PyTorch', () => {
    const r = decodeModel(buildResizeModel(x, { scale: 2, mode: 'bilinear', alignCorners: true }, 'initializers').bytes);
    const at = new NodeAttributes(r.graph.nodes[0]);
    expect([at.string('mode'), at.string('coordinate_transformation_mode')]).toEqual(['linear', 'align_corners']);
    expect(r.graph.nodes[0].inputs).toEqual(['X', '', 'scales']);
    expect(Array.from(tensorProtoToFloat32(r.graph.initializers[0]))).toEqual([1, 1, 2, 2]);
    const d = decodeModel(buildDepthToSpaceModel({ shape: [1, 8, 2, 2], data: new Float32Array(32) } as Tensor, 2).bytes);
    expect(new NodeAttributes(d.graph.nodes[0]).describe()).toEqual({ blocksize: '2', mode: 'CRD' });
  });

  it('refuses invalid parameters with params.ts\'s message before building anything', () => {
    expect(() => buildConvTransposeModel(x, w, bias, { ...opts, stride: 0 })).toThrow('invalid stride: 0 (must be a positive integer)');
  });
});
