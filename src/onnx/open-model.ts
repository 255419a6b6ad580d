/**
 * "Bring your own .onnx": open a file the user picked or dropped, and cross-check one of its nodes.
 * Everything here resolves or rejects with an Error whose message can be shown as it is; the caller keeps
 * its previous state on rejection.
 */
import type { Tensor } from '../kernels/tensor.ts';
import { singleNodeModel, type SingleNodeModel } from './builder.ts';
import { crossCheck, crossCheckModel, timeKernel, type CrossCheckRequest, type CrossCheckResult, type OursRun } from './cross-check.ts';
import type { ModelProto } from './proto.ts';
import { MAX_ONNX_BYTES, readOnnxModel, type ExtractedLayer, type OnnxModelSummary } from './reader.ts';

export interface OpenedModel {
  fileName: string;
  model: ModelProto;
  summary: OnnxModelSummary;
}

/** Read and parse a File/Blob (from an <input type=file> or a drop) or raw bytes. */
export async function openOnnxFile(source: Blob | ArrayBuffer | Uint8Array, fileName = 'model.onnx'): Promise<OpenedModel> {
  const name = typeof File !== 'undefined' && source instanceof File ? source.name : fileName;
  try {
    let bytes: Uint8Array;
    if (source instanceof Uint8Array) bytes = source;
    else if (source instanceof ArrayBuffer) bytes = new Uint8Array(source);
    else {
      // Refuse before reading a huge file into memory.
      if (source.size > MAX_ONNX_BYTES) {
        throw new Error(`the file is ${(source.size / 1024 / 1024).toFixed(1)} MB; Layer Lab opens models up to ${MAX_ONNX_BYTES / 1024 / 1024} MB`);
      }
      bytes = new Uint8Array(await source.arrayBuffer());
    }
    const { model, summary } = readOnnxModel(bytes);
    return { fileName: name, model, summary };
  } catch (err) {
    throw new Error(`Could not open "${name}": ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

/** A sentence for a model with no layer Layer Lab can explore, or null when it has some. */
export function noLayersMessage(summary: OnnxModelSummary): string | null {
  if (summary.layers.length) return null;
  const ops = Object.entries(summary.opCounts).map(([op, n]) => (n > 1 ? `${op} ×${n}` : op)).join(', ');
  return `This model has no ConvTranspose, Conv or BatchNormalization node${ops ? ` (it has ${ops})` : ' (its graph is empty)'}.`;
}

/** The cross-check request that runs an extracted layer on an input. */
export function requestForLayer(layer: ExtractedLayer, input: Tensor): CrossCheckRequest {
  switch (layer.op) {
    case 'ConvTranspose': return { op: 'ConvTranspose', input, weight: layer.weight, bias: layer.bias, options: layer.options };
    case 'Conv': return { op: 'Conv', input, weight: layer.weight, bias: layer.bias, options: layer.options };
    case 'BatchNormalization': return { op: 'BatchNormalization', input, options: layer.options };
  }
}

/**
 * Cross-check a node of the user's model: ONNX Runtime runs the node *with the attributes as written in the
 * file* (auto_pad, output_shape…) and the file's weights, our kernel runs the options mapping.ts derived — so the
 * badge checks our reading of the file too. Where ORT itself departs from the spec for this node, both sides
 * run the explicit parameters instead and the note says so.
 */
export async function crossCheckLayer(model: ModelProto, layer: ExtractedLayer, input: Tensor, ours?: OursRun, run: CheckRunner = inThisThread): Promise<CrossCheckResult> {
  const req = requestForLayer(layer, input);
  if (layer.ortLimitation) {
    const result = await run.check(req, ours);
    const note = `Compared with explicit padding, because ${layer.ortLimitation}`;
    return result.kind === 'compared' ? { ...result, note: [result.note, note].filter(Boolean).join(' ') } : result;
  }
  if (layer.op === 'BatchNormalization' && layer.options.training) return run.check(req, ours);
  const node = model.graph.nodes[layer.index];
  let oursRun: OursRun;
  try {
    oursRun = ours ?? timeKernel(req);
  } catch (err) {
    return { kind: 'error', message: err instanceof Error ? err.message : String(err) };
  }
  // ORT runs the node at the file's rank: a 1-D node on [N, C, L] with its 3-D weight, a BatchNorm1d on [N, C] …
  const asFile = (t: Tensor, fileShape: number[]): Tensor => ({ shape: fileShape, data: t.data });
  const dropH = (shape: readonly number[]) => (layer.fileRank === 4 ? [...shape] : layer.fileRank === 3 ? [shape[0], shape[1], shape[3]] : [shape[0], shape[1]]);
  const vector = (data: Float32Array) => ({ shape: [data.length], data });
  const params: Tensor[] = layer.op === 'BatchNormalization'
    ? [layer.options.weight!, layer.options.bias!, layer.options.runningMean!, layer.options.runningVar!].map(vector)
    : [layer.fileRank === 3 ? asFile(layer.weight, dropH(layer.weight.shape)) : layer.weight, ...(layer.bias ? [vector(layer.bias)] : [])];
  const inputs = [{ name: 'X', tensor: asFile(input, dropH(input.shape)), isData: true }, ...params.map((tensor, i) => ({ name: `param${i}`, tensor }))];
  // BatchNormalization's attributes of opsets 1–8 (is_test, spatial, consumed_inputs) are read already (the mode is in
  // the options, spatial = 0 is refused); the one-node model is written at a newer opset, which has none of them.
  const attributes = node.attributes.filter((a) => !LEGACY_ATTRIBUTES.has(a.name));
  const single = singleNodeModel(node.opType, attributes, inputs, ['Y'], 'initializers');
  const oursAtFileRank = { ...oursRun, outputs: oursRun.outputs.map((t, i) => (i === 0 ? asFile(t, dropH(t.shape)) : t)) };
  return run.checkModel(single, oursAtFileRank);
}

const LEGACY_ATTRIBUTES = new Set(['is_test', 'spatial', 'consumed_inputs']);

/** Where a check's ONNX Runtime part runs: here by default; the page passes its worker (onnx-check-client.ts). */
export interface CheckRunner {
  check(req: CrossCheckRequest, ours?: OursRun): Promise<CrossCheckResult>;
  checkModel(model: SingleNodeModel, ours: OursRun): Promise<CrossCheckResult>;
}
const inThisThread: CheckRunner = { check: crossCheck, checkModel: (model, ours) => crossCheckModel(model, ours) };
