/**
 * Reading a user's `.onnx` file: list its ConvTranspose, Conv and BatchNormalization nodes, and extract one
 * node's real weights and parameters as our tensors and options (through mapping.ts, validated by params.ts).
 * Every problem is an Error with a message meant for the person who chose the file.
 */
import { batchNorm2dInfo, conv2dInfo, convTranspose2dInfo } from '../kernels/params.ts';
import type { BatchNormOptions, ConvOptions, ConvTransposeOptions } from '../kernels/params.ts';
import { MAX_ELEMENTS, tensor, type Tensor } from '../kernels/tensor.ts';
import { NodeAttributes, readBatchNormAttributes, readConvAttributes } from './attributes.ts';
import { decodeModel } from './decode.ts';
import { constantTensors, knownShapes } from './graph.ts';
import {
  onnxToBatchNorm, onnxToConvOptions, onnxToConvTransposeOptions, ortNodeLimitation, type OnnxConvAttributes,
} from './mapping.ts';
import { DATA_TYPE_NAMES, defaultOpset, type ModelProto, type NodeProto, type TensorProto } from './proto.ts';
import { tensorProtoToFloat32 } from './tensor-proto.ts';
import { OnnxFormatError } from './wire.ts';

/** The largest file we parse in the browser: 50 MB. Layer Lab is for layers, not whole production networks. */
export const MAX_ONNX_BYTES = 50 * 1024 * 1024;

export type LayerOp = 'ConvTranspose' | 'Conv' | 'BatchNormalization';
const LAYER_OPS: readonly string[] = ['ConvTranspose', 'Conv', 'BatchNormalization'];

export interface OnnxLayerSummary {
  /** Index of the node in graph.node (what extractLayer takes). */
  index: number;
  /** The node's name, or "ConvTranspose #3" when it has none. */
  label: string;
  opType: LayerOp;
  /** Every attribute, rendered for display. */
  attributes: Record<string, string>;
  /** Each input with its shape where known and whether it is a constant (weights are). */
  inputs: { name: string; shape: number[] | null; constant: boolean }[];
  /** The data input's shape, when the file (or propagation from its inputs) fixes it. */
  inputShape: number[] | null;
  outputShape: number[] | null;
  /** Why this node cannot be opened, or null. */
  problem: string | null;
}

export interface OnnxModelSummary {
  byteLength: number;
  irVersion: number;
  opset: number | null;
  producer: string;
  nodeCount: number;
  /** How many nodes of each op type the graph has. */
  opCounts: Record<string, number>;
  layers: OnnxLayerSummary[];
}

interface Common {
  index: number;
  label: string;
  /** Input shape used for the options (the file's, or the one passed to extractLayer). */
  inputShape: number[];
  /** How ONNX Runtime's reading of this node differs from the spec's, or null. */
  ortLimitation: string | null;
}

export type ExtractedLayer =
  | (Common & { op: 'ConvTranspose'; weight: Tensor; bias: Float32Array | null; options: ConvTransposeOptions; onnxAttributes: OnnxConvAttributes })
  | (Common & { op: 'Conv'; weight: Tensor; bias: Float32Array | null; options: ConvOptions; onnxAttributes: OnnxConvAttributes })
  | (Common & { op: 'BatchNormalization'; options: BatchNormOptions });

/** Decode a file's bytes, refusing files over MAX_ONNX_BYTES before looking at them. */
export function parseOnnx(bytes: Uint8Array): ModelProto {
  if (bytes.length > MAX_ONNX_BYTES) {
    throw new OnnxFormatError(
      `the file is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; Layer Lab opens models up to ${MAX_ONNX_BYTES / 1024 / 1024} MB`,
    );
  }
  const model = decodeModel(bytes);
  const opset = defaultOpset(model);
  if (opset !== undefined && opset < 7) {
    throw new OnnxFormatError(`the model uses ONNX opset ${opset}; Layer Lab reads opset 7 and newer`);
  }
  return model;
}

function labelOf(node: NodeProto, index: number): string {
  return node.name || `${node.opType} #${index}`;
}

/** Why a layer node cannot be opened (structure only; parameters are checked by extractLayer). */
function layerProblem(node: NodeProto, constants: Map<string, TensorProto>, inputShape: number[] | null): string | null {
  if (node.domain && node.domain !== 'ai.onnx') return `it is in the custom domain "${node.domain}"`;
  const paramInputs = node.opType === 'BatchNormalization' ? node.inputs.slice(1, 5) : node.inputs.slice(1, 3);
  const needed = node.opType === 'BatchNormalization' ? 4 : 1;
  if (paramInputs.filter(Boolean).length < needed) return `it has ${node.inputs.length} inputs; ${node.opType} needs ${needed + 1}`;
  for (const name of paramInputs) {
    if (!name) continue;
    const t = constants.get(name);
    if (!t) return `its parameter "${name}" is computed by the graph at run time, not stored in the file`;
    if (t.external) return `its parameter "${name}" is stored in an external data file`;
    if (![1, 10, 11].includes(t.dataType)) return `its parameter "${name}" has element type ${DATA_TYPE_NAMES[t.dataType] ?? t.dataType}`;
  }
  const w = constants.get(node.inputs[1]);
  if (node.opType !== 'BatchNormalization' && w && w.dims.length !== 4) {
    return `its weight is ${w.dims.length}-D: Layer Lab explores 2-D layers (4-D weights) only`;
  }
  if (inputShape && inputShape.length !== 4) return `its input is ${inputShape.length}-D: Layer Lab explores [N, C, H, W] data only`;
  return null;
}

/** Summarise a decoded model: counts, and every ConvTranspose / Conv / BatchNormalization node. */
export function summarizeModel(model: ModelProto, byteLength: number): OnnxModelSummary {
  const { graph } = model;
  const constants = constantTensors(graph);
  const shapes = knownShapes(graph, constants);
  const opCounts: Record<string, number> = {};
  const layers: OnnxLayerSummary[] = [];
  graph.nodes.forEach((node, index) => {
    opCounts[node.opType] = (opCounts[node.opType] ?? 0) + 1;
    if (!LAYER_OPS.includes(node.opType)) return;
    let attributes: Record<string, string>;
    try {
      attributes = new NodeAttributes(node).describe();
    } catch (err) {
      attributes = { error: (err as Error).message };
    }
    const inputShape = shapes.get(node.inputs[0] ?? '') ?? null;
    layers.push({
      index, label: labelOf(node, index), opType: node.opType as LayerOp, attributes,
      inputs: node.inputs.filter(Boolean).map((name) => ({ name, shape: shapes.get(name) ?? null, constant: constants.has(name) })),
      inputShape, outputShape: shapes.get(node.outputs[0] ?? '') ?? null,
      problem: layerProblem(node, constants, inputShape),
    });
  });
  return {
    byteLength, irVersion: model.irVersion, opset: defaultOpset(model) ?? null, producer: [model.producerName, model.producerVersion].filter(Boolean).join(' '),
    nodeCount: graph.nodes.length, opCounts, layers,
  };
}

/** Parse and summarise in one step (what the file picker calls). */
export function readOnnxModel(bytes: Uint8Array): { model: ModelProto; summary: OnnxModelSummary } {
  const model = parseOnnx(bytes);
  return { model, summary: summarizeModel(model, bytes.length) };
}

function floatParam(constants: Map<string, TensorProto>, name: string): Tensor {
  const t = constants.get(name)!;
  const count = t.dims.reduce((a, b) => a * b, 1);
  if (count > MAX_ELEMENTS) throw new Error(`parameter "${name}" has ${count.toLocaleString('en-US')} values, over the limit of ${MAX_ELEMENTS.toLocaleString('en-US')}`);
  return { shape: [...t.dims], data: tensorProtoToFloat32(t) };
}

function vectorParam(constants: Map<string, TensorProto>, name: string, length: number, what: string): Float32Array {
  const t = floatParam(constants, name);
  if (t.data.length !== length) throw new Error(`${what} "${name}" has ${t.data.length} values; the layer has ${length} channels`);
  return t.data;
}

/**
 * A node's weights and options. `inputShape` overrides the file's (needed when the file leaves the batch or
 * spatial size open, and when auto_pad / output_shape make the padding depend on it); without either, a
 * 1 × C × 8 × 8 input is assumed. The result has passed params.ts's validation for that input shape.
 */
export function extractLayer(model: ModelProto, index: number, inputShape?: number[]): ExtractedLayer {
  const node = model.graph.nodes[index];
  if (!node || !LAYER_OPS.includes(node.opType)) throw new Error(`node ${index} is not a ConvTranspose, Conv or BatchNormalization node`);
  const constants = constantTensors(model.graph);
  const fileShape = knownShapes(model.graph, constants).get(node.inputs[0]) ?? null;
  const problem = layerProblem(node, constants, inputShape ?? fileShape);
  const label = labelOf(node, index);
  if (problem) throw new Error(`${label} cannot be opened: ${problem}`);
  try {
    if (node.opType === 'BatchNormalization') {
      const attrs = readBatchNormAttributes(node);
      const channels = constants.get(node.inputs[1])!.dims[0] ?? 0;
      const shape = inputShape ?? fileShape ?? [1, channels, 8, 8];
      const { eps, momentum, training } = onnxToBatchNorm(attrs);
      const [weight, bias, runningMean, runningVar] = node.inputs.slice(1, 5).map((n, i) => vectorParam(constants, n, channels, ['scale', 'B', 'input_mean', 'input_var'][i]));
      const options: BatchNormOptions = { weight, bias, runningMean, runningVar, eps, momentum, training };
      batchNorm2dInfo(tensor(shape), options);
      return { op: 'BatchNormalization', index, label, inputShape: shape, ortLimitation: null, options };
    }
    const weight = floatParam(constants, node.inputs[1]);
    const [w0, w1, kH, kW] = weight.shape;
    const onnxAttributes = readConvAttributes(node);
    const group = onnxAttributes.group ?? 1;
    const cin = node.opType === 'Conv' ? w1 * group : w0;
    const shape = inputShape ?? fileShape ?? [1, cin, 8, 8];
    const outChannels = node.opType === 'Conv' ? w0 : w1 * group;
    const bias = node.inputs[2] ? vectorParam(constants, node.inputs[2], outChannels, 'bias') : null;
    const hw: [number, number] = [shape[2], shape[3]];
    const ortLimitation = ortNodeLimitation(node.opType as 'Conv' | 'ConvTranspose', onnxAttributes, [kH, kW], hw);
    if (node.opType === 'Conv') {
      const options = onnxToConvOptions(onnxAttributes, [kH, kW], hw);
      conv2dInfo(tensor(shape), weight, bias, options);
      return { op: 'Conv', index, label, inputShape: shape, ortLimitation, weight, bias, options, onnxAttributes };
    }
    const options = onnxToConvTransposeOptions(onnxAttributes, [kH, kW], hw);
    convTranspose2dInfo(tensor(shape), weight, bias, options);
    return { op: 'ConvTranspose', index, label, inputShape: shape, ortLimitation, weight, bias, options, onnxAttributes };
  } catch (err) {
    throw new Error(`${label} cannot be opened: ${(err as Error).message}`);
  }
}
