/**
 * "Open in explorer": the link that opens an imported node in its explorer. The node's weights travel through the
 * imported-layer holder (a file cannot go in a URL); the link says `kernel=onnx` / `source=onnx` and carries what
 * the explorer's URL state can hold: the input size, and for the transposed convolution the layer's geometry when it
 * fits the sliders (so another preset or a kernel edit keeps it), for batch norm γ, β, eps, momentum and the mode.
 * Every value goes through the explorer's schema, so the link is one the explorer parses without a notice.
 */
import { conv2dInfo, convTranspose2dInfo, tensor } from '../../kernels/index.ts';
import { buildHash } from '../../state/route.ts';
import { checkField, defaults, serialiseParams, type FieldSpec, type Schema } from '../../state/schema.ts';
import { bnSchema, type BnState } from '../batch-norm/schema.ts';
import { convTransposeSchema, type ConvTransposeState } from '../conv-transpose/schema.ts';
import { asBatchNorm } from './as-batch-norm.ts';
import { asConvTranspose, type ImportedNode } from './as-conv-transpose.ts';

export interface ExplorerLink {
  route: 'conv-transpose' | 'batch-norm';
  hash: string;
  /** What the link could not carry exactly (the page shows these next to the button). */
  notes: string[];
}

const clamp = (v: number, f: { min: number; max: number }) => Math.min(f.max, Math.max(f.min, v));
const fits = (schema: Schema, values: Record<string, number | boolean>) =>
  Object.entries(values).every(([k, v]) => checkField(k, schema[k] as FieldSpec, typeof v === 'boolean' ? (v ? '1' : '0') : String(v)).ok);

function convTransposeLink(imported: ImportedNode): ExplorerLink | { error: string } {
  const { layer } = imported;
  if (layer.op === 'BatchNormalization') return { error: 'not a convolution' };
  const notes: string[] = [];
  // The explorer's input: the node's input, or for a Conv opened as its transpose, the Conv's output.
  let [h, w] = [layer.inputShape[2], layer.inputShape[3]];
  if (layer.op === 'Conv') {
    const c = conv2dInfo(tensor(layer.inputShape), layer.weight, null, layer.options);
    [h, w] = [c.outH, c.outW];
  }
  const inH = clamp(h, convTransposeSchema.inH);
  const inW = clamp(w, convTransposeSchema.inW);
  if (inH !== h || inW !== w) notes.push(`The input in the file is ${h}×${w}; the explorer draws inputs up to ${convTransposeSchema.inH.max}×${convTransposeSchema.inW.max} and uses ${inH}×${inW}.`);
  const layerFor = asConvTranspose(imported, inH, inW);
  if ('error' in layerFor) return layerFor;
  const i = convTranspose2dInfo(tensor([1, layerFor.inChannels, inH, inW]), layerFor.weight, layerFor.bias, layerFor.options);
  const geometry = {
    cin: i.inChannels, cout: i.outChannels, groups: i.groups, kH: i.kH, kW: i.kW, sH: i.strideH, sW: i.strideW,
    padSym: i.padTop === i.padBottom && i.padLeft === i.padRight, pT: i.padTop, pL: i.padLeft, pB: i.padBottom, pR: i.padRight,
    opH: i.outPadH, opW: i.outPadW, dH: i.dilationH, dW: i.dilationW,
  };
  const state: ConvTransposeState = { ...defaults(convTransposeSchema), kernel: 'onnx', inH, inW, ...(fits(convTransposeSchema, geometry) ? geometry : {}) };
  return { route: 'conv-transpose', hash: buildHash('conv-transpose', serialiseParams(convTransposeSchema, state)), notes };
}

function batchNormLink(imported: ImportedNode): ExplorerLink | { error: string } {
  const bn = asBatchNorm(imported);
  if ('error' in bn) return bn;
  const notes: string[] = [];
  const list = (values: Float32Array, f: { min: number; max: number }, name: string) => {
    const out = Array.from(values, (v) => clamp(v, f));
    if (out.some((v, c) => v !== values[c])) notes.push(`${name} outside ${f.min}…${f.max} (the explorer's range) is clamped.`);
    return out;
  };
  const eps = clamp(bn.eps, bnSchema.eps);
  if (eps !== bn.eps) notes.push(`eps ${bn.eps} is outside the explorer's ${bnSchema.eps.min}…${bnSchema.eps.max}; it uses ${eps}.`);
  const state: BnState = {
    ...defaults(bnSchema),
    source: 'onnx',
    mode: bn.training ? 'train' : 'eval',
    gamma: list(bn.gamma, bnSchema.gamma, 'γ'),
    beta: list(bn.beta, bnSchema.beta, 'β'),
    eps,
    momentum: clamp(bn.momentum, bnSchema.momentum),
  };
  return { route: 'batch-norm', hash: buildHash('batch-norm', serialiseParams(bnSchema, state)), notes };
}

/** The link for a node: ConvTranspose and Conv open in the transposed-convolution explorer, BatchNormalization in batch norm. */
export function explorerLink(imported: ImportedNode): ExplorerLink | { error: string } {
  try {
    return imported.layer.op === 'BatchNormalization' ? batchNormLink(imported) : convTransposeLink(imported);
  } catch (err) {
    return { error: `${imported.nodeLabel} cannot be opened: ${(err as Error).message}` };
  }
}
