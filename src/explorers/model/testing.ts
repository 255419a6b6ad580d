/**
 * Test helpers (Node only): the shipped reference models and one-node models written in code, opened the way the
 * model page opens them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Tensor } from '../../kernels/index.ts';
import { convAttributesToProto } from '../../onnx/attributes.ts';
import { singleNodeModel } from '../../onnx/builder.ts';
import { decodeModel, extractLayer, readOnnxModel, type ModelProto, type OnnxConvAttributes } from '../../onnx/index.ts';
import type { ImportedLayer } from '../imported-layer.ts';

export const MODELS_DIR = join(import.meta.dirname, '..', '..', '..', 'public', 'models');

export function shippedModel(name: string): { model: ModelProto; bytes: Uint8Array } {
  const bytes = new Uint8Array(readFileSync(join(MODELS_DIR, `${name}.onnx`)));
  return { model: readOnnxModel(bytes).model, bytes };
}

/** A node of a model as the model page puts it into the holder. */
export function importNode(model: ModelProto, index: number, source = 'test.onnx'): ImportedLayer {
  const node = model.graph.nodes[index];
  return { source, nodeLabel: node.name || `${node.opType} #${index}`, layer: extractLayer(model, index), model };
}

/** A one-node Conv or ConvTranspose model with stored weights; its input shape is declared, as exporters do. */
export function convNodeModel(
  op: 'Conv' | 'ConvTranspose', input: Tensor, weight: Tensor, bias: Float32Array | null,
  attrs: OnnxConvAttributes,
): ModelProto {
  const inputs = [
    { name: 'X', tensor: input, isData: true },
    { name: 'W', tensor: weight },
    ...(bias ? [{ name: 'B', tensor: { shape: [bias.length], data: bias } }] : []),
  ];
  const model = decodeModel(singleNodeModel(op, convAttributesToProto(attrs), inputs, ['Y'], 'initializers').bytes);
  model.graph.inputs[0] = { ...model.graph.inputs[0], shape: [...input.shape] };
  return model;
}

