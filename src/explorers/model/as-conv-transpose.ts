/**
 * A ConvTranspose or Conv node of the user's model as the transposed-convolution explorer's layer, for the input
 * size the explorer shows. Pure: no DOM, no ONNX Runtime; validation is params.ts's (through the *Info functions).
 *
 * - ConvTranspose: the node's weight, bias and parameters. auto_pad SAME_* and output_shape make the padding depend
 *   on the input size, so they are re-derived (mapping.ts, per the ONNX spec) for the explorer's input.
 * - Conv: opened as its transpose. A Conv weight [Cout, Cin/g, kH, kW] *is* a ConvTranspose weight [in, out/g, kH,
 *   kW] with in = Cout: same numbers, same stride, padding, dilation and groups — the adjoint Cᵀ of the Conv that
 *   the explorer's matrix panel shows. Output padding is chosen so the transpose maps the Conv's output size in the
 *   file back to its input size. The Conv's bias belongs to its Cout outputs, which are the transpose's inputs, so
 *   the transpose has none.
 * - A layer too big for the explorer's panels is shown as a slice of its first channels (real weights), and a slice
 *   that is still too big is refused with the numbers.
 */
import { conv2dInfo, convTranspose2dInfo, tensor, type ConvInfo, type ConvTransposeOptions, type Tensor } from '../../kernels/index.ts';
import { capText, onnxToConvTransposeOptions } from '../../onnx/index.ts';
import type { ImportedLayer } from '../imported-layer.ts';

/**
 * Largest layer the explorer lays out: entries of its convolution matrix (Cin·H·W·Cout/g·kH·kW; the largest layer
 * the sliders reach has 451,584) and output values (Cout·outH·outW). Both keep a recompute well under 100 ms.
 */
export const MAX_EXPLORER_TAPS = 1 << 20;
export const MAX_EXPLORER_OUTPUT = 1 << 20;
/** Channels kept (each way) when the whole layer is too big: the explorer's "shown channel" fields reach 4. */
export const SLICE_CHANNELS = 4;

/** What the explorer needs of an imported node (not the whole model: this can travel to a worker). */
export type ImportedNode = Pick<ImportedLayer, 'source' | 'nodeLabel' | 'layer' | 'input'>;

export interface ExplorerConvTranspose {
  weight: Tensor;
  bias: Float32Array | null;
  options: ConvTransposeOptions;
  inChannels: number;
  /** "ConvTranspose “up” from dcgan-block.onnx" */
  title: string;
  /** What the page should say about how the node became this layer. */
  notes: string[];
  /** The node's own channel counts as a transposed convolution. */
  full: { inChannels: number; outChannels: number; groups: number };
  /** The channels shown when the whole layer is too big; null when it is the whole layer. */
  slice: { inChannels: number; outChannels: number } | null;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** Entries of the convolution matrix the explorer builds, and output values, for a layer on an input. */
export function explorerCost(info: ConvInfo): { taps: number; outputs: number } {
  return {
    taps: info.inChannels * info.inH * info.inW * info.outPerGroup * info.kH * info.kW,
    outputs: info.outChannels * info.outH * info.outW,
  };
}

/** The Conv's transpose: same weight and geometry, output padding restoring the Conv's input size in the file. */
function convAsTranspose(layer: ImportedLayer['layer'] & { op: 'Conv' }): { options: ConvTransposeOptions; note: string; inputHW: [number, number] } {
  const c = conv2dInfo(tensor(layer.inputShape), layer.weight, null, layer.options);
  const restore = (size: number, out: number, s: number, pads: number, d: number, k: number) => size - ((out - 1) * s - pads + d * (k - 1) + 1);
  const opH = restore(c.inH, c.outH, c.strideH, c.padTop + c.padBottom, c.dilationH, c.kH);
  const opW = restore(c.inW, c.outW, c.strideW, c.padLeft + c.padRight, c.dilationW, c.kW);
  const options: ConvTransposeOptions = {
    stride: [c.strideH, c.strideW], padding: [c.padTop, c.padLeft, c.padBottom, c.padRight],
    outputPadding: [opH, opW], dilation: [c.dilationH, c.dilationW], groups: c.groups,
  };
  const [cout, cinPerGroup, kH, kW] = layer.weight.shape;
  const note = `Opened as its transpose: the Conv's weight [${cout}, ${cinPerGroup}, ${kH}, ${kW}] read as a ConvTranspose ` +
    `weight (in = ${cout} channels, out = ${cinPerGroup * c.groups}), with the same stride, padding, dilation and groups — ` +
    `the adjoint Cᵀ of the Conv, as panel 4 shows. Output padding ${opH} × ${opW} maps the Conv's ${c.outH}×${c.outW} output ` +
    `back to its ${c.inH}×${c.inW} input.` +
    (layer.bias ? ` The Conv's bias (one per output) has no place in the transpose, whose outputs are the Conv's inputs: none is used.` : '');
  return { options, note, inputHW: [c.outH, c.outW] };
}

/** Channels [0, ci) × [0, co) of group 0 of a `[Cin, Cout/g, kH, kW]` weight, as a groups = 1 layer. */
function sliceWeight(weight: Tensor, ci: number, co: number): Tensor {
  const [, outPerGroup, kH, kW] = weight.shape;
  const plane = kH * kW;
  const data = new Float32Array(ci * co * plane);
  for (let i = 0; i < ci; i++) {
    for (let o = 0; o < co; o++) data.set(weight.data.subarray((i * outPerGroup + o) * plane, (i * outPerGroup + o + 1) * plane), (i * co + o) * plane);
  }
  return { shape: [ci, co, kH, kW], data };
}

function tooBig(info: ConvInfo): string | null {
  const { taps, outputs } = explorerCost(info);
  if (taps > MAX_EXPLORER_TAPS) return `its convolution matrix would have ${plural(taps, 'entry', 'entries')} on a ${info.inH}×${info.inW} input (the explorer draws up to ${MAX_EXPLORER_TAPS.toLocaleString('en-US')})`;
  if (outputs > MAX_EXPLORER_OUTPUT) return `its output would have ${plural(outputs, 'value')} (the explorer draws up to ${MAX_EXPLORER_OUTPUT.toLocaleString('en-US')})`;
  return null;
}

/**
 * The explorer's layer for an imported node on a `[1, Cin, inH, inW]` input, or an error sentence naming the node
 * (params.ts's message when the node's parameters do not fit this input, or the size limit).
 */
export function asConvTranspose(imported: ImportedNode, inH: number, inW: number): ExplorerConvTranspose | { error: string } {
  const { layer } = imported;
  const title = `${layer.op} “${imported.nodeLabel}” from ${imported.source}`;
  if (layer.op === 'BatchNormalization') return { error: `${title} is a BatchNormalization node: it opens in the batch-norm explorer` };
  const notes: string[] = [];
  let options: ConvTransposeOptions;
  let bias: Float32Array | null;
  // The input the node sees in the file (for a Conv opened as its transpose: the Conv's output).
  let fileHW: [number, number] = [layer.inputShape[2], layer.inputShape[3]];
  try {
    if (layer.op === 'Conv') {
      const t = convAsTranspose(layer);
      options = t.options;
      bias = null;
      fileHW = t.inputHW;
      notes.push(t.note);
    } else {
      const a = layer.onnxAttributes;
      const sizeDependent = (a.auto_pad !== undefined && a.auto_pad !== 'NOTSET') || a.output_shape !== undefined;
      options = sizeDependent ? onnxToConvTransposeOptions(a, [layer.weight.shape[2], layer.weight.shape[3]], [inH, inW]) : layer.options;
      bias = layer.bias;
      if (sizeDependent) notes.push(`Its padding comes from ${a.output_shape ? 'output_shape' : `auto_pad ${a.auto_pad}`}, re-derived for this ${inH}×${inW} input per the ONNX spec.`);
    }
  } catch (err) {
    return { error: `${title} cannot be shown on a ${inH}×${inW} input: ${(err as Error).message}` };
  }
  if (fileHW[0] !== inH || fileHW[1] !== inW) notes.push(`Shown on a ${inH}×${inW} input; in the file it is ${fileHW[0]}×${fileHW[1]}.`);
  if (layer.fileRank === 3) notes.push(`A 1-D layer in the file (input [N, C, L]): shown as the 2-D layer with H = 1 that computes exactly the same (kernel 1 × ${layer.weight.shape[3]}).`);
  if (layer.seeded.length) notes.push(`Seeded weights: ${layer.seeded.map((n) => `"${capText(n, 60)}"`).join(', ')} ${layer.seeded.length > 1 ? 'are graph inputs' : 'is a graph input'} in the file, whose values come with the test data, not the model.`);
  const weight = layer.weight;
  const inChannels = weight.shape[0];
  let info: ConvInfo;
  try {
    info = convTranspose2dInfo(tensor([1, inChannels, inH, inW]), weight, bias, options);
  } catch (err) {
    return { error: `${title} cannot be shown on a ${inH}×${inW} input: ${(err as Error).message}` };
  }
  const full = { inChannels, outChannels: info.outChannels, groups: info.groups };
  const whole = tooBig(info);
  if (!whole) {
    if (layer.op === 'ConvTranspose') notes.push('Panel 2’s parity badge has ONNX Runtime run this node as written in the file (its own attributes and weights).');
    return { weight, bias, options, inChannels, title, notes, full, slice: null };
  }

  const ci = Math.min(SLICE_CHANNELS, info.inPerGroup);
  const co = Math.min(SLICE_CHANNELS, info.outPerGroup);
  const sliced = sliceWeight(weight, ci, co);
  const slicedBias = bias ? bias.slice(0, co) : null;
  const slicedOptions: ConvTransposeOptions = { ...options, groups: 1 };
  const sInfo = convTranspose2dInfo(tensor([1, ci, inH, inW]), sliced, slicedBias, slicedOptions);
  const still = tooBig(sInfo);
  if (still) return { error: `${title} is too big to draw, even as a ${ci} → ${co} channel slice: ${still}. Make the input smaller.` };
  notes.push(`The whole layer (${full.inChannels} → ${full.outChannels} channels${full.groups > 1 ? `, ${full.groups} groups` : ''}) is too big to draw: ` +
    `${whole}. Shown: input channels 0–${ci - 1} and output channels 0–${co - 1}${full.groups > 1 ? ' (of the first group)' : ''}, with their real weights` +
    `${slicedBias ? ' and bias' : ''}; the parity badges check this slice.`);
  return { weight: sliced, bias: slicedBias, options: slicedOptions, inChannels: ci, title, notes, full, slice: { inChannels: ci, outChannels: co } };
}
