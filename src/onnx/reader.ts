/**
 * Reading a user's `.onnx` file: list its ConvTranspose, Conv and BatchNormalization nodes, and extract one
 * node's real weights and parameters as our tensors and options (through mapping.ts, validated by params.ts).
 * Every problem is an Error with a message meant for the person who chose the file.
 */
import { batchNorm2dInfo, conv2dInfo, convTranspose2dInfo } from '../kernels/params.ts';
import type { BatchNormOptions, ConvOptions, ConvTransposeOptions } from '../kernels/params.ts';
import { MAX_ELEMENTS, tensor, type Tensor } from '../kernels/tensor.ts';
import { mulberry32 } from '../kernels/reference/random.ts';
import { NodeAttributes, readBatchNormAttributes, readConvAttributes } from './attributes.ts';
import { decodeModel } from './decode.ts';
import { graphFacts, type GraphFacts } from './graph.ts';
import {
  liftConv1dAttributes, onnxToBatchNorm, onnxToConvOptions, onnxToConvTransposeOptions, ortNodeLimitation, type OnnxConvAttributes,
} from './mapping.ts';
import { DATA_TYPE_NAMES, defaultOpset, type Dim, type ModelProto, type NodeProto, type TensorProto } from './proto.ts';
import { tensorProtoToFloat32 } from './tensor-proto.ts';
import { capText, listText } from './text.ts';
import { OnnxFormatError } from './wire.ts';

/** The largest file we parse in the browser: 50 MB. Layer Lab is for layers, not whole production networks. */
export const MAX_ONNX_BYTES = 50 * 1024 * 1024;

export type LayerOp = 'ConvTranspose' | 'Conv' | 'BatchNormalization';
const LAYER_OPS: readonly string[] = ['ConvTranspose', 'Conv', 'BatchNormalization'];

export interface OnnxLayerSummary {
  /** Index of the node in graph.node (what extractLayer takes). */
  index: number;
  /** The node's name, or "ConvTranspose #3" when it has none (at most 200 characters). */
  label: string;
  opType: LayerOp;
  /** Every attribute, rendered for display (long lists shortened). */
  attributes: Record<string, string>;
  /** Each input with its shape as far as known, whether it is a constant, and whether it is a graph input. */
  inputs: { name: string; shape: Dim[] | null; constant: boolean; graphInput: boolean }[];
  /** The data input's shape, when the file (or propagation from its inputs) fixes every dimension. */
  inputShape: number[] | null;
  outputShape: number[] | null;
  /** The same shapes as far as they are known: a dim is a number, the file's symbolic name, or null (open). */
  inputDims: Dim[] | null;
  outputDims: Dim[] | null;
  /** 1 for a 1-D layer (input [N, C, L], opened as 2-D with H = 1), 2 for a 2-D one, null when unknown. */
  spatialRank: number | null;
  /** BatchNormalization: whether the file's node normalises with batch statistics (per the spec at its opset). */
  training: boolean | null;
  /** Parameters that are graph inputs: their values come with the test data, so the node opens with seeded weights. */
  seededParams: string[];
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
  /** Input shape used for the options, as a 2-D layer's [N, C, H, W] (a 1-D layer's [N, C, L] has H = 1). */
  inputShape: number[];
  /** Rank of the node's data input in the file: 4 for 2-D layers, 3 for 1-D ones (and BatchNorm1d on [N, C, L]), 2 for BatchNorm1d on [N, C]. */
  fileRank: number;
  /** Parameters given seeded values because the file has them as graph inputs. */
  seeded: string[];
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
  // Every opset is read: Conv and ConvTranspose mean the same from opset 1, and BatchNormalization's older
  // attributes (is_test, spatial) are read per the spec of the model's opset (attributes.ts).
  return decodeModel(bytes);
}

function labelOf(node: NodeProto, index: number): string {
  return node.name ? capText(node.name) : `${node.opType} #${index}`;
}

const quoted = (name: string) => `"${capText(name, 80)}"`;
const numeric = (dims: Dim[] | null | undefined): number[] | null =>
  dims && dims.every((d) => typeof d === 'number') ? (dims as number[]) : null;

/** Parameter inputs of a layer node: W (and B) for Conv/ConvTranspose, scale, B, mean, var for BatchNormalization. */
function paramNames(node: NodeProto): string[] {
  return node.opType === 'BatchNormalization' ? node.inputs.slice(1, 5) : node.inputs.slice(1, 3);
}

/** Why a layer node cannot be opened (structure only; parameters are checked by extractLayer), and its seeded params. */
function layerProblem(node: NodeProto, facts: GraphFacts, inputDims: Dim[] | null): { problem: string | null; seeded: string[] } {
  const seeded: string[] = [];
  const fail = (problem: string) => ({ problem, seeded });
  if (node.domain && node.domain !== 'ai.onnx') return fail(`it is in the custom domain ${quoted(node.domain)}`);
  const params = paramNames(node);
  const bn = node.opType === 'BatchNormalization';
  const needed = bn ? 4 : 1;
  if (!node.inputs[0] || params.filter(Boolean).length < needed) return fail(`it has ${node.inputs.filter(Boolean).length} inputs; ${node.opType} needs ${needed + 1}`);
  const channels = typeof inputDims?.[1] === 'number' ? inputDims[1] : null;
  for (const [i, name] of params.entries()) {
    if (!name) continue;
    const t = facts.constants.get(name);
    if (!t) {
      if (!facts.runtimeInputs.has(name)) {
        const by = facts.producers.get(name);
        return fail(`its parameter ${quoted(name)} is computed by the graph at run time${by ? ` (by a ${capText(by, 40)} node)` : ''}, not stored in the file`);
      }
      // A weight that is a graph input (ONNX's node tests keep W so): its values come with the test data.
      const declared = numeric(facts.shapes.get(name));
      if (!declared && !(bn && channels !== null)) return fail(`its parameter ${quoted(name)} is a graph input whose shape the file leaves open`);
      seeded.push(name);
      continue;
    }
    if (t.external) return fail(`its parameter ${quoted(name)} is stored in an external data file`);
    if (![1, 10, 11].includes(t.dataType)) return fail(`its parameter ${quoted(name)} has element type ${DATA_TYPE_NAMES[t.dataType] ?? t.dataType}`);
    if (bn && i === 0 && t.dims.length !== 1) return fail(`its scale is ${t.dims.length}-D; BatchNormalization's parameters are one value per channel`);
  }
  if (!bn) {
    const w = numeric(facts.shapes.get(node.inputs[1]));
    if (w && w.length === 5) return fail(`it is a 3-D layer (5-D weight ${listText(w)}): Layer Lab explores 1-D and 2-D layers`);
    if (w && w.length !== 3 && w.length !== 4) return fail(`its weight is ${w.length}-D: Layer Lab explores 1-D and 2-D layers (3-D or 4-D weights)`);
    if (w && inputDims && inputDims.length !== w.length) return fail(`its input is ${inputDims.length}-D but its weight ${w.length}-D`);
  } else if (inputDims && (inputDims.length < 2 || inputDims.length > 4)) {
    return fail(inputDims.length === 5
      ? 'its input is 5-D [N, C, D, H, W] (BatchNorm3d): Layer Lab explores 1-D and 2-D layers'
      : `its input is ${inputDims.length}-D: Layer Lab explores [N, C], [N, C, L] and [N, C, H, W] data`);
  }
  return { problem: null, seeded };
}

/** Summarise a decoded model: counts, and every ConvTranspose / Conv / BatchNormalization node. */
export function summarizeModel(model: ModelProto, byteLength: number): OnnxModelSummary {
  const { graph } = model;
  const facts = graphFacts(model);
  const opCounts: Record<string, number> = {};
  const layers: OnnxLayerSummary[] = [];
  graph.nodes.forEach((node, index) => {
    const op = capText(node.opType, 60);
    opCounts[op] = (opCounts[op] ?? 0) + 1;
    if (!LAYER_OPS.includes(node.opType)) return;
    let attributes: Record<string, string>;
    try {
      attributes = new NodeAttributes(node).describe();
    } catch (err) {
      attributes = { error: capText((err as Error).message) };
    }
    const inputDims = facts.shapes.get(node.inputs[0] ?? '') ?? null;
    const outputDims = facts.shapes.get(node.outputs[0] ?? '') ?? null;
    const { problem, seeded } = layerProblem(node, facts, inputDims);
    let training: boolean | null = null;
    if (node.opType === 'BatchNormalization') {
      try {
        training = (readBatchNormAttributes(node, facts.opset).training_mode ?? 0) !== 0;
      } catch {
        training = null;
      }
    }
    // The dimensionality: from the data input, or for a convolution from its weight ([Cout, Cin/g, k…]).
    const weightRank = node.opType === 'BatchNormalization' ? null : numeric(facts.shapes.get(node.inputs[1] ?? ''))?.length ?? null;
    const rank = inputDims?.length ?? weightRank;
    layers.push({
      index, label: labelOf(node, index), opType: node.opType as LayerOp, attributes,
      inputs: node.inputs.filter(Boolean).slice(0, 5).map((name) => ({
        name: capText(name), shape: facts.shapes.get(name) ?? null, constant: facts.constants.has(name), graphInput: facts.runtimeInputs.has(name),
      })),
      inputShape: numeric(inputDims), outputShape: numeric(outputDims), inputDims, outputDims,
      spatialRank: rank === null ? null : node.opType === 'BatchNormalization' ? (rank === 4 ? 2 : 1) : rank - 2,
      training, seededParams: seeded.map((n) => capText(n)), problem: problem && capText(problem, 400),
    });
  });
  return {
    byteLength, irVersion: model.irVersion, opset: defaultOpset(model) ?? null,
    producer: capText([model.producerName, model.producerVersion].filter(Boolean).join(' '), 80),
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
  if (count > MAX_ELEMENTS) throw new Error(`parameter ${quoted(name)} has ${count.toLocaleString('en-US')} values, over the limit of ${MAX_ELEMENTS.toLocaleString('en-US')}`);
  return { shape: [...t.dims], data: tensorProtoToFloat32(t) };
}

/**
 * Seeded values for a parameter the file has as a graph input: weights uniform in ±1/√fan_in (PyTorch's default
 * initialisation bound), BatchNormalization's scale, bias, mean and variance in ranges a trained layer has.
 */
function seededParam(name: string, shape: number[], role: string, seed: number): Tensor {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count > MAX_ELEMENTS) throw new Error(`parameter ${quoted(name)} would have ${count.toLocaleString('en-US')} values, over the limit of ${MAX_ELEMENTS.toLocaleString('en-US')}`);
  const rand = mulberry32(seed);
  const fanIn = shape.length > 1 ? count / shape[0] : 1;
  const [lo, hi] = { weight: [-1, 1].map((b) => b / Math.sqrt(fanIn)), bias: [-0.2, 0.2], scale: [0.5, 1.5], mean: [-0.5, 0.5], var: [0.5, 1.5] }[role] ?? [-1, 1];
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) data[i] = lo + (hi - lo) * rand();
  return { shape, data };
}

function vector(t: Tensor, name: string, length: number, what: string): Float32Array {
  if (t.data.length !== length) throw new Error(`${what} ${quoted(name)} has ${t.data.length} values; the layer has ${length} channels`);
  return t.data;
}

/** The 4-D shape a node's data input takes as a 2-D layer: [N, C, L] → [N, C, 1, L], [N, C] → [N, C, 1, 1]. */
function asFourD(shape: number[]): number[] {
  if (shape.length === 3) return [shape[0], shape[1], 1, shape[2]];
  if (shape.length === 2) return [shape[0], shape[1], 1, 1];
  return shape;
}

export interface ExtractOptions {
  /** Give parameters that are graph inputs seeded values (what "Open with seeded weights" does); otherwise they are refused. */
  seedGraphInputs?: boolean;
}

/**
 * A node's weights and options. `inputShape` overrides the file's (needed when the file leaves the batch or
 * spatial size open, and when auto_pad / output_shape make the padding depend on it): the file's rank, or for a
 * 1-D layer also [N, C, 1, L]. Open dimensions are taken as batch 1, the weight's channels and 8 along each spatial
 * axis. A 1-D layer comes back as the 2-D layer with H = 1 that computes exactly the same. The result has passed
 * params.ts's validation for that input shape.
 */
export function extractLayer(model: ModelProto, index: number, inputShape?: number[], opts: ExtractOptions = {}): ExtractedLayer {
  const node = model.graph.nodes[index];
  if (!node || !LAYER_OPS.includes(node.opType)) throw new Error(`node ${index} is not a ConvTranspose, Conv or BatchNormalization node`);
  const facts = graphFacts(model);
  const fileDims = facts.shapes.get(node.inputs[0]) ?? null;
  const label = labelOf(node, index);
  const { problem, seeded } = layerProblem(node, facts, fileDims);
  if (problem) throw new Error(`${label} cannot be opened: ${problem}`);
  if (seeded.length && !opts.seedGraphInputs) {
    const names = seeded.map(quoted).join(', ');
    throw new Error(`${label} cannot be opened as stored: ${names} ${seeded.length > 1 ? 'are graph inputs' : 'is a graph input'}: ` +
      'its values come with the test data, not the model. Open it with seeded weights instead.');
  }
  const param = (name: string, role: string, shape: number[] | null, k: number): Tensor => {
    if (!seeded.includes(name)) return floatParam(facts.constants, name);
    const declared = numeric(facts.shapes.get(name)) ?? shape;
    if (!declared) throw new Error(`parameter ${quoted(name)} is a graph input whose shape the file leaves open`);
    return seededParam(name, declared, role, index * 8 + k + 1);
  };
  /** The input shape to use: the caller's, else the file's with open dimensions filled in. */
  const pickShape = (channels: number, rank: number): number[] => {
    if (inputShape) {
      if (inputShape.length === 4 && rank === 3 && inputShape[2] !== 1) throw new Error(`a 1-D layer's input has height 1, not ${inputShape[2]}`);
      if (inputShape.length !== rank && !(inputShape.length === 4 && rank < 4)) throw new Error(`the input shape ${listText(inputShape)} does not have the node's rank ${rank}`);
      return inputShape;
    }
    const dims = fileDims && fileDims.length === rank ? fileDims : null;
    return Array.from({ length: rank }, (_, i) => {
      const d = dims?.[i];
      return typeof d === 'number' ? d : i === 0 ? 1 : i === 1 ? channels : 8;
    });
  };
  try {
    if (node.opType === 'BatchNormalization') {
      const attrs = readBatchNormAttributes(node, facts.opset);
      const scaleDims = numeric(facts.shapes.get(node.inputs[1]));
      const channels = scaleDims?.[0] ?? (typeof fileDims?.[1] === 'number' ? fileDims[1] : 0);
      const fileRank = fileDims?.length ?? (inputShape && inputShape.length < 4 ? inputShape.length : 4);
      const shape = asFourD(pickShape(channels, fileRank));
      const { eps, momentum, training } = onnxToBatchNorm(attrs);
      const roles = ['scale', 'bias', 'mean', 'var'];
      const [weight, bias, runningMean, runningVar] = node.inputs.slice(1, 5)
        .map((n, i) => vector(param(n, roles[i], [channels], i), n, channels, ['scale', 'B', 'input_mean', 'input_var'][i]));
      const options: BatchNormOptions = { weight, bias, runningMean, runningVar, eps, momentum, training };
      batchNorm2dInfo(tensor(shape), options);
      return { op: 'BatchNormalization', index, label, inputShape: shape, fileRank, seeded, ortLimitation: null, options };
    }
    const fileWeight = param(node.inputs[1], 'weight', null, 0);
    const oneD = fileWeight.shape.length === 3;
    const weight: Tensor = oneD ? { shape: [fileWeight.shape[0], fileWeight.shape[1], 1, fileWeight.shape[2]], data: fileWeight.data } : fileWeight;
    const [w0, w1, kH, kW] = weight.shape;
    const fileAttributes = readConvAttributes(node);
    const onnxAttributes = oneD ? liftConv1dAttributes(fileAttributes) : fileAttributes;
    const group = onnxAttributes.group ?? 1;
    const cin = node.opType === 'Conv' ? w1 * group : w0;
    const shape = asFourD(pickShape(cin, oneD ? 3 : 4));
    const outChannels = node.opType === 'Conv' ? w0 : w1 * group;
    const bias = node.inputs[2] ? vector(param(node.inputs[2], 'bias', [outChannels], 1), node.inputs[2], outChannels, 'bias') : null;
    const hw: [number, number] = [shape[2], shape[3]];
    const ortLimitation = ortNodeLimitation(node.opType as 'Conv' | 'ConvTranspose', onnxAttributes, [kH, kW], hw);
    const common = { index, label, inputShape: shape, fileRank: oneD ? 3 : 4, seeded, ortLimitation, weight, bias, onnxAttributes };
    if (node.opType === 'Conv') {
      const options = onnxToConvOptions(onnxAttributes, [kH, kW], hw);
      conv2dInfo(tensor(shape), weight, bias, options);
      return { op: 'Conv', ...common, options };
    }
    const options = onnxToConvTransposeOptions(onnxAttributes, [kH, kW], hw);
    convTranspose2dInfo(tensor(shape), weight, bias, options);
    return { op: 'ConvTranspose', ...common, options };
  } catch (err) {
    throw new Error(`${label} cannot be opened: ${capText((err as Error).message, 400)}`);
  }
}
