/**
 * Runs a whole (small, linear) ONNX graph with our kernels, node by node, using the reader's extraction for the
 * layer ops — the test that our reading of a real exported file reproduces PyTorch. Test-only: it knows just the
 * ops of the reference models in public/models.
 */
import { pixelShuffle, upsample2d, type Tensor } from '../../kernels/index.ts';
import { NodeAttributes } from '../attributes.ts';
import { runKernel } from '../cross-check.ts';
import { constantTensors } from '../graph.ts';
import { onnxToPixelShuffle, onnxToUpsample } from '../mapping.ts';
import type { ModelProto } from '../proto.ts';
import { extractLayer } from '../reader.ts';
import { requestForLayer } from '../open-model.ts';
import { tensorProtoToFloat32 } from '../tensor-proto.ts';

export function runGraphWithOurKernels(model: ModelProto, feeds: Record<string, Tensor>): Record<string, Tensor> {
  const values = new Map(Object.entries(feeds));
  const constants = constantTensors(model);
  model.graph.nodes.forEach((node, index) => {
    const x = values.get(node.inputs[0] ?? '');
    let y: Tensor;
    switch (node.opType) {
      case 'Constant':
        return;
      case 'Identity':
        if (constants.has(node.outputs[0])) return;
        y = x!;
        break;
      case 'ConvTranspose':
      case 'Conv':
      case 'BatchNormalization': {
        // A 1-D node runs as the 2-D layer with H = 1 the reader returns; its output goes back to [N, C, L].
        const layer = extractLayer(model, index, x!.shape);
        const out = runKernel(requestForLayer(layer, { shape: layer.inputShape, data: x!.data }))[0];
        y = layer.fileRank === 3 ? { shape: [out.shape[0], out.shape[1], out.shape[3]], data: out.data } : out;
        break;
      }
      case 'Relu':
        y = { shape: x!.shape, data: x!.data.map((v) => Math.max(0, v)) };
        break;
      case 'Tanh':
        y = { shape: x!.shape, data: x!.data.map(Math.tanh) };
        break;
      case 'Resize': {
        const at = new NodeAttributes(node);
        const up = onnxToUpsample({
          mode: at.string('mode') as 'nearest' | 'linear',
          coordinate_transformation_mode: at.string('coordinate_transformation_mode') ?? 'half_pixel',
          nearest_mode: at.string('nearest_mode') ?? 'round_prefer_floor',
          scales: Array.from(tensorProtoToFloat32(constants.get(node.inputs[2])!)),
        });
        y = upsample2d(x!, up.alignCorners === undefined ? { scale: up.scale, mode: up.mode } : up);
        break;
      }
      case 'DepthToSpace': {
        const at = new NodeAttributes(node);
        y = pixelShuffle(x!, onnxToPixelShuffle({ blocksize: at.int('blocksize')!, mode: at.string('mode') }));
        break;
      }
      case 'MaxPool': {
        // Only what the U-Net example uses: a k × k window, stride k, no padding, over [N, C, H, W].
        const k = new NodeAttributes(node).ints('kernel_shape')![0];
        const [n, c, hh, w] = x!.shape;
        const [oh, ow] = [Math.floor(hh / k), Math.floor(w / k)];
        const data = new Float32Array(n * c * oh * ow).fill(-Infinity);
        for (let p = 0; p < n * c; p++) {
          for (let i = 0; i < oh * k; i++) {
            for (let j = 0; j < ow * k; j++) {
              const o = (p * oh + Math.floor(i / k)) * ow + Math.floor(j / k);
              data[o] = Math.max(data[o], x!.data[(p * hh + i) * w + j]);
            }
          }
        }
        y = { shape: [n, c, oh, ow], data };
        break;
      }
      case 'Concat': {
        // Along channels of [1, C, H, W] tensors: the planes one after another.
        const parts = node.inputs.map((name) => values.get(name)!);
        const data = new Float32Array(parts.reduce((a, t) => a + t.data.length, 0));
        let at = 0;
        for (const t of parts) {
          data.set(t.data, at);
          at += t.data.length;
        }
        y = { shape: [1, parts.reduce((a, t) => a + t.shape[1], 0), ...parts[0].shape.slice(2)], data };
        break;
      }
      default:
        throw new Error(`runGraphWithOurKernels: no kernel for ${node.opType}`);
    }
    values.set(node.outputs[0], y);
  });
  return Object.fromEntries(model.graph.outputs.map((o) => [o.name, values.get(o.name)!]));
}
