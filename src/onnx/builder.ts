/**
 * Single-node ONNX models for the current layer parameters (after onnxruntime js/web's op tests, which build
 * a one-node model per case). Every builder first validates through params.ts — the same call the kernel
 * makes — and reads the attributes from mapping.ts.
 *
 * Parameters (weights, bias, BN statistics, Resize scales) are stored either as graph **inputs** (default:
 * the bytes then depend only on the attributes, so one cached ORT session serves every weight and every
 * input size) or as **initializers** (a self-contained model, as a framework would export it).
 */
import type { Tensor } from '../kernels/tensor.ts';
import {
  batchNorm2dInfo, conv2dInfo, convTranspose2dInfo, pixelShuffleInfo, resizeConv2dInfo, upsample2dInfo,
  type BatchNormOptions, type ConvOptions, type ConvTransposeOptions, type ResizeConvOptions, type UpsampleOptions,
} from '../kernels/params.ts';
import {
  groupNorm2dInfo, instanceNorm2dInfo, layerNormInfo, rmsNormInfo,
  type GroupNormOptions, type InstanceNormOptions, type LayerNormOptions, type RmsNormOptions,
} from '../kernels/norm-params.ts';
import { batchNormAttributesToProto, convAttributesToProto, floatAttr, intAttr, stringAttr } from './attributes.ts';
import { encodeModel } from './encode.ts';
import { conv1dInfo, convTranspose1dInfo, type Conv1dOptions, type ConvTranspose1dOptions } from '../kernels/conv1d-params.ts';
import { batchNormToOnnx, conv1dInfoToOnnx, convInfoToOnnx, pixelShuffleToOnnx, upsampleToOnnx } from './mapping.ts';
import { DataType, type AttributeProto, type ModelProto, type TensorProto, type ValueInfoProto } from './proto.ts';
import { float32TensorProto, int64TensorProto } from './tensor-proto.ts';
import { outputName, traceBranch, type ExportGraph } from './export-graph.ts';

/** The default-domain opset our models import: Resize-13, BatchNormalization-15, Conv/ConvTranspose-11. */
export const OPSET = 17;
/** IR version 8 goes with opset 17 (onnx/docs/Versioning.md). */
export const IR_VERSION = 8;

/**
 * The lowest IR version that may import a default-domain opset (onnx/docs/Versioning.md): opsets 18–19 came with
 * IR 9, 20–21 with IR 10, 22–23 with IR 11. Newer ops (GroupNormalization-21, RMSNormalization-23) need them.
 */
export function irVersionFor(opset: number): number {
  if (opset >= 22) return 11;
  if (opset >= 20) return 10;
  if (opset >= 18) return 9;
  return IR_VERSION;
}

export type ParameterStorage = 'inputs' | 'initializers';

export interface SingleNodeModel {
  /** The `.onnx` bytes. */
  bytes: Uint8Array;
  /** What to feed ORT: X plus, with storage 'inputs', every parameter. */
  feeds: Record<string, Tensor>;
  /** Output names in the order our kernel's results are compared. */
  outputNames: string[];
}

interface NodeInput {
  name: string;
  tensor: Tensor;
  /** X is always fed; parameters follow the storage choice. */
  isData?: boolean;
}

function symbolicInfo(name: string, rank: number): ValueInfoProto {
  return { name, elemType: DataType.FLOAT, shape: Array.from({ length: rank }, (_, i) => `${name}_d${i}`) };
}

/** Assemble and encode a one-node model. Exported for the reader, which rebuilds a user's node. */
export function singleNodeModel(
  opType: string,
  attributes: AttributeProto[],
  inputs: (NodeInput | null)[],
  outputNames: string[],
  storage: ParameterStorage,
  opset: number = OPSET,
): SingleNodeModel {
  const feeds: Record<string, Tensor> = {};
  const graphInputs: ValueInfoProto[] = [];
  const dataRank = inputs.find((i) => i?.isData)?.tensor.shape.length ?? 4;
  const initializers = [];
  for (const input of inputs) {
    if (!input) continue;
    if (input.isData || storage === 'inputs') {
      feeds[input.name] = input.tensor;
      graphInputs.push(symbolicInfo(input.name, input.tensor.shape.length));
    } else {
      initializers.push(float32TensorProto(input.name, input.tensor.shape, input.tensor.data));
    }
  }
  const model: ModelProto = {
    irVersion: irVersionFor(opset),
    producerName: 'layer-lab',
    producerVersion: '1',
    opsetImports: [{ domain: '', version: opset }],
    graph: {
      name: `single ${opType}`,
      nodes: [{
        name: opType.toLowerCase(), opType, domain: '', attributes,
        inputs: inputs.map((i) => i?.name ?? ''), // '' = an omitted optional input (Resize's roi)
        outputs: outputNames,
      }],
      initializers,
      inputs: graphInputs,
      // Outputs carry their rank (symbolic sizes): onnx.checker refuses an output without a shape. The first output
      // has the data input's rank (4 for our layers, 3 or 2 for a file's 1-D node), the others are per-channel vectors.
      outputs: outputNames.map((name, i) => symbolicInfo(name, i === 0 ? dataRank : 1)),
      valueInfo: [],
    },
  };
  return { bytes: encodeModel(model), feeds, outputNames };
}

const vector = (data: Float32Array): Tensor => ({ shape: [data.length], data });

/** ConvTranspose for `convTranspose2d(input, weight, bias, opts)`. */
export function buildConvTransposeModel(
  input: Tensor, weight: Tensor, bias: Float32Array | null, opts: ConvTransposeOptions, storage: ParameterStorage = 'inputs',
): SingleNodeModel {
  const info = convTranspose2dInfo(input, weight, bias, opts);
  return singleNodeModel('ConvTranspose', convAttributesToProto(convInfoToOnnx(info, 'ConvTranspose')), [
    { name: 'X', tensor: input, isData: true }, { name: 'W', tensor: weight }, bias ? { name: 'B', tensor: vector(bias) } : null,
  ], ['Y'], storage);
}

/** Conv for `conv2d(input, weight, bias, opts)`. */
export function buildConvModel(
  input: Tensor, weight: Tensor, bias: Float32Array | null, opts: ConvOptions, storage: ParameterStorage = 'inputs',
): SingleNodeModel {
  const info = conv2dInfo(input, weight, bias, opts);
  return singleNodeModel('Conv', convAttributesToProto(convInfoToOnnx(info, 'Conv')), [
    { name: 'X', tensor: input, isData: true }, { name: 'W', tensor: weight }, bias ? { name: 'B', tensor: vector(bias) } : null,
  ], ['Y'], storage);
}

/** A 1-D Conv node (input `[N, C, L]`, 3-D weight) for `conv1d(input, weight, bias, opts)`. */
export function buildConv1dModel(
  input: Tensor, weight: Tensor, bias: Float32Array | null, opts: Conv1dOptions, storage: ParameterStorage = 'inputs',
): SingleNodeModel {
  const info = conv1dInfo(input, weight, bias, opts);
  return singleNodeModel('Conv', convAttributesToProto(conv1dInfoToOnnx(info, 'Conv')), [
    { name: 'X', tensor: input, isData: true }, { name: 'W', tensor: weight }, bias ? { name: 'B', tensor: vector(bias) } : null,
  ], ['Y'], storage);
}

/** A 1-D ConvTranspose node (input `[N, C, L]`, 3-D weight) for `convTranspose1d(input, weight, bias, opts)`. */
export function buildConvTranspose1dModel(
  input: Tensor, weight: Tensor, bias: Float32Array | null, opts: ConvTranspose1dOptions, storage: ParameterStorage = 'inputs',
): SingleNodeModel {
  const info = convTranspose1dInfo(input, weight, bias, opts);
  return singleNodeModel('ConvTranspose', convAttributesToProto(conv1dInfoToOnnx(info, 'ConvTranspose')), [
    { name: 'X', tensor: input, isData: true }, { name: 'W', tensor: weight }, bias ? { name: 'B', tensor: vector(bias) } : null,
  ], ['Y'], storage);
}

/**
 * BatchNormalization for `batchNorm2d(input, opts)`. ONNX always takes scale, bias, mean and variance, so
 * PyTorch's absent ones become 1, 0, 0, 1. Training (`training_mode = 1`, opset 14+) also outputs the updated
 * running statistics.
 */
export function buildBatchNormModel(input: Tensor, opts: BatchNormOptions, storage: ParameterStorage = 'inputs'): SingleNodeModel {
  const info = batchNorm2dInfo(input, opts);
  const c = info.channels;
  const filled = (v: Float32Array | undefined, fill: number) => vector(v ?? new Float32Array(c).fill(fill));
  // ORT's shape inference insists on all three outputs in training mode, even when PyTorch keeps no running stats.
  const outputs = info.training ? ['Y', 'running_mean', 'running_var'] : ['Y'];
  return singleNodeModel('BatchNormalization', batchNormAttributesToProto(batchNormToOnnx(info)), [
    { name: 'X', tensor: input, isData: true },
    { name: 'scale', tensor: filled(opts.weight, 1) },
    { name: 'B', tensor: filled(opts.bias, 0) },
    { name: 'input_mean', tensor: filled(opts.runningMean, 0) },
    { name: 'input_var', tensor: filled(opts.runningVar, 1) },
  ], outputs, storage);
}

/** Resize for `upsample2d(input, opts)` (F.interpolate with scale_factor). */
export function buildResizeModel(input: Tensor, opts: UpsampleOptions, storage: ParameterStorage = 'inputs'): SingleNodeModel {
  const attrs = upsampleToOnnx(upsample2dInfo(input, opts));
  const attributes = [
    stringAttr('mode', attrs.mode),
    stringAttr('coordinate_transformation_mode', attrs.coordinate_transformation_mode),
  ];
  if (attrs.nearest_mode) attributes.push(stringAttr('nearest_mode', attrs.nearest_mode));
  return singleNodeModel('Resize', attributes, [
    { name: 'X', tensor: input, isData: true }, null, { name: 'scales', tensor: vector(Float32Array.from(attrs.scales)) },
  ], ['Y'], storage);
}

/**
 * Resize (nearest ×2) → Conv for `resizeConv2d(input, weight, bias, opts)`: the two nodes a framework exports for
 * `nn.Upsample(scale_factor=2)` then `nn.Conv2d`, weights and scales as initializers. ONNX has no fused form; ours
 * is the kernel's own business (see resize-conv.ts).
 */
export function buildResizeConvModel(input: Tensor, weight: Tensor, bias: Float32Array | null, opts: ResizeConvOptions = {}): SingleNodeModel {
  const info = resizeConv2dInfo(input, weight, bias, opts);
  const resize = upsampleToOnnx(upsample2dInfo(input, { scale: 2, mode: 'nearest' }));
  const resizeAttributes = [stringAttr('mode', resize.mode), stringAttr('coordinate_transformation_mode', resize.coordinate_transformation_mode)];
  if (resize.nearest_mode) resizeAttributes.push(stringAttr('nearest_mode', resize.nearest_mode));
  const convInputs = ['upsampled', 'W'];
  const initializers = [
    float32TensorProto('scales', [4], Float32Array.from(resize.scales)),
    float32TensorProto('W', weight.shape, weight.data),
  ];
  if (bias) {
    convInputs.push('B');
    initializers.push(float32TensorProto('B', [bias.length], bias));
  }
  const shaped = (name: string, shape: readonly number[]): ValueInfoProto => ({ name, elemType: DataType.FLOAT, shape: [...shape] });
  const model: ModelProto = {
    irVersion: IR_VERSION,
    producerName: 'layer-lab',
    producerVersion: '1',
    opsetImports: [{ domain: '', version: OPSET }],
    graph: {
      name: 'Resize nearest ×2 → Conv',
      nodes: [
        { name: 'resize', opType: 'Resize', domain: '', attributes: resizeAttributes, inputs: ['X', '', 'scales'], outputs: ['upsampled'] },
        { name: 'conv', opType: 'Conv', domain: '', attributes: convAttributesToProto(convInfoToOnnx(info.conv, 'Conv')), inputs: convInputs, outputs: ['Y'] },
      ],
      initializers,
      inputs: [shaped('X', input.shape)],
      outputs: [shaped('Y', info.outShape)],
      valueInfo: [shaped('upsampled', [input.shape[0], input.shape[1], info.conv.inH, info.conv.inW])],
    },
  };
  return { bytes: encodeModel(model), feeds: { X: input }, outputNames: ['Y'] };
}

/** DepthToSpace (mode CRD) for `pixelShuffle(input, r)`. */
export function buildDepthToSpaceModel(input: Tensor, upscaleFactor: number): SingleNodeModel {
  const { r } = pixelShuffleInfo(input, upscaleFactor);
  const attrs = pixelShuffleToOnnx(r);
  return singleNodeModel('DepthToSpace', [intAttr('blocksize', attrs.blocksize), stringAttr('mode', attrs.mode)], [
    { name: 'X', tensor: input, isData: true },
  ], ['Y'], 'inputs');
}

/**
 * A whole exported panel (export-graph.ts) as one self-contained model: input "X", one output per branch, weights
 * as initializers, every value's shape recorded (so `onnx.checker.check_model(…, full_check=True)` passes).
 * A training-mode BatchNorm is BatchNormalization-15 with `training_mode = 1`: it normalises with the batch's
 * statistics and also outputs the updated running statistics, as PyTorch's `train()` layer does. ONNX updates the
 * running variance with the *biased* batch variance, PyTorch with the unbiased one (× n/(n − 1)); three nodes
 * after it rescale the update, so the model's `running_var` outputs are PyTorch's — the numbers the page shows.
 */
export function buildGraphModel(g: ExportGraph): Uint8Array {
  const nodes: ModelProto['graph']['nodes'] = [];
  const initializers: TensorProto[] = [];
  const valueInfo: ValueInfoProto[] = [];
  const outputs: ValueInfoProto[] = [];
  const info = (name: string, shape: readonly number[]): ValueInfoProto => ({ name, elemType: DataType.FLOAT, shape: [...shape] });
  const init = (name: string, shape: readonly number[], data: Float32Array) => {
    initializers.push(float32TensorProto(name, shape, data));
    return name;
  };
  for (const branch of g.branches) {
    const traced = traceBranch(g.input, branch.ops);
    let x = 'X';
    traced.forEach((t, i) => {
      const p = `${branch.name}.${i}`;
      const last = i === traced.length - 1;
      const y = last ? outputName(g, branch) : `${p}.out`;
      const node = (opType: string, inputs: string[], outs: string[], attributes: AttributeProto[] = []) =>
        nodes.push({ name: `${p}.${opType}`, opType, domain: '', attributes, inputs, outputs: outs });
      const op = t.op;
      switch (op.op) {
        case 'ConvTranspose2d':
        case 'Conv2d': {
          const kind = op.op === 'Conv2d' ? 'Conv' : 'ConvTranspose';
          const ins = [x, init(`${p}.weight`, op.weight.shape, op.weight.data)];
          if (op.bias) ins.push(init(`${p}.bias`, [op.bias.length], op.bias));
          node(kind, ins, [y], convAttributesToProto(convInfoToOnnx(t.conv!, kind)));
          break;
        }
        case 'BatchNorm2d': {
          const bnInfo = batchNorm2dInfo(t.x, op);
          const ins = [x, init(`${p}.weight`, [op.weight.length], op.weight), init(`${p}.bias`, [op.bias.length], op.bias),
            init(`${p}.running_mean`, [op.runningMean.length], op.runningMean), init(`${p}.running_var`, [op.runningVar.length], op.runningVar)];
          const attrs = batchNormAttributesToProto(batchNormToOnnx(bnInfo));
          if (!op.training) {
            node('BatchNormalization', ins, [y], attrs);
            break;
          }
          const mean = `${branch.name}_bn${i}_running_mean`;
          const variance = `${branch.name}_bn${i}_running_var`;
          const biased = `${p}.running_var_biased`;
          node('BatchNormalization', ins, [y, mean, biased], attrs);
          // PyTorch: v' = (1 − m)·v + m·s²·n/(n − 1); ONNX: v'' = (1 − m)·v + m·s². So v' = a + (v'' − a)·n/(n − 1).
          const n = bnInfo.batch * bnInfo.spatial;
          const a = init(`${p}.kept_var`, [op.runningVar.length], op.runningVar.map((v) => (1 - bnInfo.momentum) * v));
          const k = init(`${p}.unbias`, [], Float32Array.of(n / (n - 1)));
          node('Sub', [biased, a], [`${p}.var_step`]);
          node('Mul', [`${p}.var_step`, k], [`${p}.var_step_unbiased`]);
          node('Add', [a, `${p}.var_step_unbiased`], [variance]);
          const c = [op.runningVar.length];
          valueInfo.push(info(biased, c), info(`${p}.var_step`, c), info(`${p}.var_step_unbiased`, c));
          outputs.push(info(mean, c), info(variance, c));
          break;
        }
        case 'Upsample': {
          const r = upsampleToOnnx(upsample2dInfo(t.x, { scale: op.scale, mode: op.mode }));
          const attributes = [stringAttr('mode', r.mode), stringAttr('coordinate_transformation_mode', r.coordinate_transformation_mode)];
          if (r.nearest_mode) attributes.push(stringAttr('nearest_mode', r.nearest_mode));
          node('Resize', [x, '', init(`${p}.scales`, [4], Float32Array.from(r.scales))], [y], attributes);
          break;
        }
        case 'PixelShuffle': {
          const r = pixelShuffleToOnnx(pixelShuffleInfo(t.x, op.factor).r);
          node('DepthToSpace', [x], [y], [intAttr('blocksize', r.blocksize), stringAttr('mode', r.mode)]);
          break;
        }
        case 'ReLU':
          node('Relu', [x], [y]);
          break;
        case 'GlobalAvgPool':
          node('GlobalAveragePool', [x], [y]);
          break;
      }
      (last ? outputs : valueInfo).push(info(y, t.y.shape));
      x = y;
    });
  }
  const model: ModelProto = {
    irVersion: IR_VERSION,
    producerName: 'layer-lab',
    producerVersion: '1',
    opsetImports: [{ domain: '', version: OPSET }],
    graph: {
      name: g.title,
      nodes,
      initializers,
      inputs: [info('X', g.input.shape)],
      outputs,
      valueInfo,
    },
  };
  return encodeModel(model);
}

/** ONNX's normalization ops take a scale (and bias) always: PyTorch's absent ones are ones (and zeros). */
const filledVector = (v: Float32Array | null, length: number, fill: number): Tensor => vector(v ?? new Float32Array(length).fill(fill));

/**
 * GroupNormalization for `groupNorm2d(input, opts)`, at opset 21 (the default) or 18. Opset 21 takes scale and
 * bias per channel, as PyTorch does. Opset 18 took them per *group* (and was deprecated for it): it can express
 * PyTorch's layer only when every channel of a group has the same weight and bias, otherwise this throws.
 */
export function buildGroupNormModel(input: Tensor, opts: GroupNormOptions, storage: ParameterStorage = 'inputs', opset: 18 | 21 = 21): SingleNodeModel {
  const info = groupNorm2dInfo(input, opts);
  const c = info.channels;
  let scale = filledVector(info.weight, c, 1);
  let bias = filledVector(info.bias, c, 0);
  if (opset === 18) {
    const per = c / info.groups;
    const perGroup = (t: Tensor, name: string): Tensor => {
      const out = new Float32Array(info.groups);
      for (let g = 0; g < info.groups; g++) {
        out[g] = t.data[g * per];
        for (let k = 1; k < per; k++) {
          if (t.data[g * per + k] !== out[g]) {
            throw new Error(`invalid ${name} for GroupNormalization-18: it takes one ${name} per group, but channels ${g * per} and ${g * per + k} of group ${g} differ (use opset 21)`);
          }
        }
      }
      return vector(out);
    };
    scale = perGroup(scale, 'weight');
    bias = perGroup(bias, 'bias');
  }
  return singleNodeModel('GroupNormalization', [intAttr('num_groups', info.groups), floatAttr('epsilon', info.eps)], [
    { name: 'X', tensor: input, isData: true }, { name: 'scale', tensor: scale }, { name: 'bias', tensor: bias },
  ], ['Y'], storage, opset);
}

/**
 * GroupNorm as PyTorch's opset-17 export writes it (torch.onnx `group_norm` symbolic), for runtimes and opsets
 * without GroupNormalization: Reshape to [N, G, −1] → InstanceNormalization with unit scale and zero bias per group
 * → Reshape back to Shape(X) → Mul by γ [C, 1, 1] → Add β [C, 1, 1]. The parameters are initializers, as exported.
 */
export function buildGroupNormExportModel(input: Tensor, opts: GroupNormOptions): SingleNodeModel {
  const info = groupNorm2dInfo(input, opts);
  const { channels: c, groups: g } = info;
  const rank = input.shape.length;
  const perChannel = [c, ...Array.from({ length: rank - 2 }, () => 1)];
  const node = (opType: string, inputs: string[], outputs: string[], attributes: AttributeProto[] = []) =>
    ({ name: `${opType.toLowerCase()}_${outputs[0]}`, opType, domain: '', attributes, inputs, outputs });
  const model: ModelProto = {
    irVersion: IR_VERSION,
    producerName: 'layer-lab',
    producerVersion: '1',
    opsetImports: [{ domain: '', version: OPSET }],
    graph: {
      name: 'GroupNorm (PyTorch opset-17 export)',
      nodes: [
        node('Reshape', ['X', 'grouped_shape'], ['grouped']),
        node('InstanceNormalization', ['grouped', 'group_scale', 'group_bias'], ['normalized'], [floatAttr('epsilon', info.eps)]),
        node('Shape', ['X'], ['x_shape']),
        node('Reshape', ['normalized', 'x_shape'], ['restored']),
        node('Mul', ['restored', 'weight'], ['scaled']),
        node('Add', ['scaled', 'bias'], ['Y']),
      ],
      initializers: [
        int64TensorProto('grouped_shape', [3], [0, g, -1]),
        float32TensorProto('group_scale', [g], new Float32Array(g).fill(1)),
        float32TensorProto('group_bias', [g], new Float32Array(g)),
        float32TensorProto('weight', perChannel, filledVector(info.weight, c, 1).data),
        float32TensorProto('bias', perChannel, filledVector(info.bias, c, 0).data),
      ],
      inputs: [symbolicInfo('X', rank)],
      outputs: [symbolicInfo('Y', rank)],
      valueInfo: [],
    },
  };
  return { bytes: encodeModel(model), feeds: { X: input }, outputNames: ['Y'] };
}

/** The `axis` of ONNX's LayerNormalization/RMSNormalization: where the normalized trailing dims start. */
const firstNormalizedAxis = (input: Tensor, normalizedShape: readonly number[]) => input.shape.length - normalizedShape.length;
const normalizedTensor = (v: Float32Array | null, shape: readonly number[], fill: number): Tensor => {
  const length = shape.reduce((a, b) => a * b, 1);
  return { shape: [...shape], data: v ?? new Float32Array(length).fill(fill) };
};

/** LayerNormalization (opset 17) for `layerNorm(input, opts)`: scale and bias have the normalized shape. */
export function buildLayerNormModel(input: Tensor, opts: LayerNormOptions, storage: ParameterStorage = 'inputs'): SingleNodeModel {
  const info = layerNormInfo(input, opts);
  return singleNodeModel('LayerNormalization', [intAttr('axis', firstNormalizedAxis(input, opts.normalizedShape)), floatAttr('epsilon', info.eps)], [
    { name: 'X', tensor: input, isData: true },
    { name: 'Scale', tensor: normalizedTensor(info.weight, opts.normalizedShape, 1) },
    { name: 'B', tensor: normalizedTensor(info.bias, opts.normalizedShape, 0) },
  ], ['Y'], storage, 17);
}

/**
 * InstanceNormalization (opset 6) for `instanceNorm2d(input, opts)` with the instance's own statistics. ONNX's op
 * has no running statistics, so the kernel's eval path (useInputStats false) has no single-node equivalent here.
 */
export function buildInstanceNormModel(input: Tensor, opts: InstanceNormOptions, storage: ParameterStorage = 'inputs'): SingleNodeModel {
  const info = instanceNorm2dInfo(input, opts);
  if (!info.useInputStats) {
    throw new Error('invalid useInputStats: false has no ONNX InstanceNormalization equivalent (the op always uses the instance statistics)');
  }
  return singleNodeModel('InstanceNormalization', [floatAttr('epsilon', info.eps)], [
    { name: 'input', tensor: input, isData: true },
    { name: 'scale', tensor: filledVector(info.weight, info.channels, 1) },
    { name: 'B', tensor: filledVector(info.bias, info.channels, 0) },
  ], ['Y'], storage, 17);
}

/** RMSNormalization (opset 23) for `rmsNorm(input, opts)`; eps is written out, since ONNX's default (1e-5) is not PyTorch's. */
export function buildRmsNormModel(input: Tensor, opts: RmsNormOptions, storage: ParameterStorage = 'inputs'): SingleNodeModel {
  const info = rmsNormInfo(input, opts);
  return singleNodeModel('RMSNormalization', [intAttr('axis', firstNormalizedAxis(input, opts.normalizedShape)), floatAttr('epsilon', info.eps)], [
    { name: 'X', tensor: input, isData: true },
    { name: 'scale', tensor: normalizedTensor(info.weight, opts.normalizedShape, 1) },
  ], ['Y'], storage, 23);
}
