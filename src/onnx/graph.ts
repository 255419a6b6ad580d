/**
 * Static facts about a decoded graph: which values are constants (initializers, Constant nodes) and which
 * shapes are known. Shapes come from the graph's declared inputs/value_info and, where an exporter wrote none
 * (torch.onnx.export writes none for intermediate values), from propagating through the ops we understand.
 */
import { conv2dInfo, convTranspose2dInfo, pixelShuffleInfo, upsample2dInfo } from '../kernels/params.ts';
import type { Tensor } from '../kernels/tensor.ts';
import { NodeAttributes, readConvAttributes } from './attributes.ts';
import { onnxToConvOptions, onnxToConvTransposeOptions, onnxToUpsample } from './mapping.ts';
import { AttributeType, type GraphProto, type NodeProto, type TensorProto } from './proto.ts';
import { tensorProtoToFloat32 } from './tensor-proto.ts';

/** Ops whose output has the shape of their first input. */
const SHAPE_PRESERVING = new Set([
  'BatchNormalization', 'Relu', 'LeakyRelu', 'PRelu', 'Sigmoid', 'Tanh', 'Elu', 'Selu', 'HardSigmoid', 'HardSwish',
  'Identity', 'Dropout', 'Clip', 'Softplus', 'Mish', 'Gelu', 'InstanceNormalization', 'LRN',
]);

/** Constant tensors by value name: initializers and the `value` of Constant nodes. */
export function constantTensors(graph: GraphProto): Map<string, TensorProto> {
  const out = new Map<string, TensorProto>();
  for (const t of graph.initializers) out.set(t.name, t);
  for (const node of graph.nodes) {
    if (node.opType !== 'Constant' || node.domain) continue;
    const value = node.attributes.find((a) => a.name === 'value' && a.type === AttributeType.TENSOR);
    if (value?.t && node.outputs[0]) out.set(node.outputs[0], { ...value.t, name: node.outputs[0] });
  }
  return out;
}

const fullyKnown = (dims: readonly unknown[] | undefined): dims is number[] =>
  Array.isArray(dims) && dims.every((d) => typeof d === 'number' && d >= 0);

const MAX_PROBE_ELEMENTS = 1 << 22;

/**
 * Zero tensors to ask params.ts for output shapes (its *Info functions take tensors but never read the values).
 * All probes of one propagation are views of one buffer, so a 50-node model does not allocate 50 inputs.
 */
class Probes {
  private buffer = new ArrayBuffer(0);

  tensor(shape: number[]): Tensor {
    const n = shape.reduce((a, b) => a * b, 1);
    if (this.buffer.byteLength < n * 4) this.buffer = new ArrayBuffer(n * 4);
    return { shape, data: new Float32Array(this.buffer, 0, n) };
  }
}

function outputShape(node: NodeProto, inShape: number[], constants: Map<string, TensorProto>, probes: Probes): number[] | null {
  if (SHAPE_PRESERVING.has(node.opType)) return inShape;
  if (inShape.length !== 4 || inShape.reduce((a, b) => a * b, 1) > MAX_PROBE_ELEMENTS) return null;
  const probe = (shape: number[]) => probes.tensor(shape);
  const hw: [number, number] = [inShape[2], inShape[3]];
  switch (node.opType) {
    case 'Conv':
    case 'ConvTranspose': {
      const w = constants.get(node.inputs[1]);
      if (!w || !fullyKnown(w.dims) || w.dims.length !== 4 || w.dims.reduce((a, b) => a * b, 1) > MAX_PROBE_ELEMENTS) return null;
      const weight: Tensor = { shape: w.dims, data: new Float32Array(w.dims.reduce((a, b) => a * b, 1)) };
      const k: [number, number] = [w.dims[2], w.dims[3]];
      const attrs = readConvAttributes(node);
      return node.opType === 'Conv'
        ? conv2dInfo(probe(inShape), weight, null, onnxToConvOptions(attrs, k, hw)).outShape
        : convTranspose2dInfo(probe(inShape), weight, null, onnxToConvTransposeOptions(attrs, k, hw)).outShape;
    }
    case 'DepthToSpace':
      return pixelShuffleInfo(probe(inShape), new NodeAttributes(node).int('blocksize') ?? 0).outShape;
    case 'Resize': {
      const scales = constants.get(node.inputs[2] ?? '');
      if (!scales) return null;
      const at = new NodeAttributes(node);
      const mode = at.string('mode') ?? 'nearest';
      if (mode !== 'nearest' && mode !== 'linear') return null;
      const up = onnxToUpsample({
        mode, scales: Array.from(tensorProtoToFloat32(scales)),
        coordinate_transformation_mode: at.string('coordinate_transformation_mode') ?? 'half_pixel',
        nearest_mode: at.string('nearest_mode') ?? 'round_prefer_floor',
      });
      return upsample2dInfo(probe(inShape), up.alignCorners === undefined ? { scale: up.scale, mode: up.mode } : up).outShape;
    }
    default:
      return null;
  }
}

/**
 * Known, fully numeric shapes by value name. A node whose shape cannot be derived (unknown op, dynamic
 * weights, an attribute we do not map) just leaves its outputs unknown; nothing here throws.
 */
export function knownShapes(graph: GraphProto, constants: Map<string, TensorProto>): Map<string, number[]> {
  const shapes = new Map<string, number[]>();
  for (const v of [...graph.inputs, ...graph.valueInfo, ...graph.outputs]) {
    if (fullyKnown(v.shape)) shapes.set(v.name, v.shape);
  }
  for (const [name, t] of constants) if (fullyKnown(t.dims)) shapes.set(name, t.dims);
  const probes = new Probes();
  for (const node of graph.nodes) {
    const out = node.outputs[0];
    const inShape = shapes.get(node.inputs[0] ?? '');
    if (!out || shapes.has(out) || !inShape || node.domain) continue;
    try {
      const s = outputShape(node, inShape, constants, probes);
      if (s) shapes.set(out, s);
    } catch {
      // an invalid configuration: the shape stays unknown and opening the node will report the problem
    }
  }
  return shapes;
}
