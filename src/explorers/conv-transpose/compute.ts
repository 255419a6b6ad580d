/**
 * compute(state, pictures) → everything the views show, in one pure function (so it can move to a worker).
 * Every number comes from our kernels (src/kernels) or from the analysis modules beside this file; validation
 * is params.ts's (via convTranspose2dInfo), and its message is routed to the control it is about.
 */
import {
  convTranspose2d, convTranspose2dInfo, maxAbsDiff, ParamError, type ConvInfo, type ConvTransposeOptions, type Tensor,
} from '../../kernels/index.ts';
import { asConvTranspose, type ExplorerConvTranspose, type ImportedNode } from '../model/as-conv-transpose.ts';
import { convMatrix, multiplyTransposed, type SparseMatrix } from '../../analysis/conv-matrix.ts';
import { notInverse, type NotInverse } from './not-inverse.ts';
import { onnxForms, type OnnxForm } from './onnx-forms.ts';
import { convOutputTaps, convTransposeOverlap, phaseGain, phaseGainSpread, phaseTapCounts } from './overlap.ts';
import { inputPreset, kernelPreset, type Picture } from './presets.ts';
import { effectivePadding, groupsProblem, weightShape, type ConvTransposeState } from './schema.ts';
import { kernelPlane, shootout, type Shootout } from './shootout.ts';
import { convTransposeByZeroInsertion, type ZeroInsertion } from './zero-insertion.ts';
import type { Detail } from '../runtime/protocol.ts';

/** The control a validation message is about, so the message can sit next to it. */
export type ControlId = 'channels' | 'groups' | 'size' | 'kernel' | 'stride' | 'padding' | 'output-padding' | 'dilation' | 'bias' | 'input';

export interface Pictures {
  /** The selected photograph, once decoded. */
  photo?: Picture;
  /** The user's own image (never in the URL). */
  own?: Picture;
  /** The node opened on the model page, used when kernel = 'onnx' (a file is never in the URL either). */
  imported?: ImportedNode;
}

/** A layer from an .onnx file: where it came from, and whether kernel edits can keep it (see `layerFor`). */
export interface ImportedInfo {
  title: string;
  notes: string[];
  full: ExplorerConvTranspose['full'];
  slice: ExplorerConvTranspose['slice'];
  /** The state's layer fields describe this layer exactly, so an edited kernel ('custom') is still this layer. */
  editable: boolean;
}

/** The parts a 'first' pass may leave to a 'full' one: the two analyses that cost more than the layer itself. */
export type PendingPart = 'shootout' | 'notInverse';
/** What a page that has not computed them itself shows meanwhile: the parts on screen (compute's `placeholders`). */
export type Placeholders = Partial<Pick<LayerResults, PendingPart>>;

export interface LayerResults {
  ok: true;
  info: ConvInfo;
  options: ConvTransposeOptions;
  input: Tensor;
  weight: Tensor;
  bias: Float32Array | null;
  /** Shown channels, clamped to the layer's channel counts. */
  ic: number;
  oc: number;
  /** Scatter: our convTranspose2d. */
  output: Tensor;
  /** Gather: zero-insertion + our conv2d. */
  gather: ZeroInsertion;
  /** Matrix: Cᵀ·vec(x) + bias, C built by index arithmetic. */
  matrix: SparseMatrix;
  matrixOutput: Float32Array;
  /** max |difference| between the three ways, pairwise, and the largest of them. */
  agreement: { gatherVsScatter: number; matrixVsScatter: number; gatherVsMatrix: number; max: number };
  overlap: Float32Array;
  convTaps: Float32Array;
  phaseGain: Float64Array;
  phaseTaps: Float64Array;
  phaseSpread: number;
  onnx: OnnxForm[];
  notInverse: NotInverse;
  shootout: Shootout | { error: string };
  /**
   * Parts that still show an earlier layer's value because this compute was a 'first' pass (runtime/protocol.ts):
   * the panels showing them wait for the 'full' pass.
   */
  pending: PendingPart[];
  /** What the shoot-out for this layer depends on, as a string: equal keys (same pictures), equal shoot-outs. */
  shootoutKey: string;
  /** The same for the not-inverse panel's analysis. */
  notInverseKey: string;
  /** Something the user should know that is not an error (e.g. custom weights resized). */
  notes: string[];
  /** Set when the layer is a node from an .onnx file (kernel = 'onnx'). */
  imported: ImportedInfo | null;
}

export interface LayerError {
  ok: false;
  message: string;
  control: ControlId;
}

export type Results = LayerResults | LayerError;

/** The control each kernel parameter (ParamError.param) is set with on this page. */
const CONTROL_OF_PARAM: Readonly<Record<string, ControlId>> = {
  outputPadding: 'output-padding', stride: 'stride', groups: 'groups', dilation: 'dilation', padding: 'padding',
  output: 'size', input: 'size', bias: 'bias', weight: 'channels',
};

/** Route a refusal to its control by the parameter the kernel library names (anything else: the kernel). */
export function controlFor(err: unknown): ControlId {
  const param = err instanceof ParamError ? err.param : '';
  return Object.prototype.hasOwnProperty.call(CONTROL_OF_PARAM, param) ? CONTROL_OF_PARAM[param] : 'kernel';
}

/** The layer's weights: a preset, or the custom values (zero-filled/truncated if their count does not fit). */
export function layerWeights(state: ConvTransposeState): { weight: Tensor; note: string | null } {
  const shape = weightShape(state);
  const n = shape.reduce((a, b) => a * b, 1);
  // 'onnx' without an imported node (see layerFor) falls back to the default preset.
  const preset = state.kernel === 'onnx' ? 'box' : state.kernel;
  if (preset !== 'custom') return { weight: { shape, data: kernelPreset(preset, shape, state.seed) }, note: null };
  const data = new Float32Array(n);
  data.set(state.weights.slice(0, n));
  const note = state.weights.length === n ? null
    : `the custom kernel has ${state.weights.length} values but the layer needs ${n}; missing ones are 0`;
  return { weight: { shape, data }, note };
}

function pictureFor(state: ConvTransposeState, pictures: Pictures): Picture | undefined {
  return state.input === 'own' ? pictures.own ?? pictures.photo : pictures.photo;
}

/** The state's own layer (presets, custom weights and the layer fields). */
function stateLayer(state: ConvTransposeState, notes: string[]): { weight: Tensor; bias: Float32Array | null; options: ConvTransposeOptions; cin: number } {
  const { weight, note } = layerWeights(state);
  if (note) notes.push(note);
  return {
    weight,
    cin: state.cin,
    bias: state.bias ? new Float32Array(state.cout).fill(state.biasValue) : null,
    options: {
      stride: [state.sH, state.sW],
      padding: effectivePadding(state),
      outputPadding: [state.opH, state.opW],
      dilation: [state.dH, state.dW],
      groups: state.groups,
    },
  };
}

let importedCache: { node: ImportedNode; inH: number; inW: number; value: ExplorerConvTranspose | { error: string } } | null = null;

/**
 * The layer to run: the imported node's (kernel = 'onnx', resolved for the input size and cached: a Conv's
 * transpose or a channel slice costs a copy) or the state's own. Errors name the control they are about.
 */
function layerFor(state: ConvTransposeState, pictures: Pictures, notes: string[]):
  | { weight: Tensor; bias: Float32Array | null; options: ConvTransposeOptions; cin: number; imported: ImportedInfo | null }
  | LayerError {
  const node = state.kernel === 'onnx' ? pictures.imported : undefined;
  if (!node) {
    if (state.kernel === 'onnx') notes.push('the ONNX model is not loaded in this tab (files are not stored in links): showing the box kernel — open the model again on the “Open .onnx” page');
    const groups = groupsProblem(state);
    if (groups) return { ok: false, control: 'groups', message: groups };
    return { ...stateLayer(state, notes), imported: null };
  }
  const c = importedCache;
  const l = c && c.node === node && c.inH === state.inH && c.inW === state.inW ? c.value : asConvTranspose(node, state.inH, state.inW);
  importedCache = { node, inH: state.inH, inW: state.inW, value: l };
  // What the node cannot do on this input is about the input size, the one control that still applies.
  if ('error' in l) return { ok: false, control: 'size', message: l.error };
  const own = stateLayer(state, []);
  const i = l.options;
  const sameAs = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const editable = l.bias === null && sameAs(own.weight.shape, l.weight.shape) && own.cin === l.inChannels && !state.bias &&
    sameAs([i.stride, i.padding, i.outputPadding, i.dilation, i.groups], [own.options.stride, own.options.padding, own.options.outputPadding, own.options.dilation, own.options.groups]);
  return {
    weight: l.weight, bias: l.bias, options: l.options, cin: l.inChannels,
    imported: { title: l.title, notes: l.notes, full: l.full, slice: l.slice, editable },
  };
}

/**
 * @param placeholders for a 'first' pass that has no earlier value of a part of its own (a page that computed
 *   none yet): the parts on screen, handed back marked pending instead of computing them
 */
export function compute(state: ConvTransposeState, pictures: Pictures, detail: Detail = 'full', placeholders: Placeholders = {}): Results {
  const notes: string[] = [];
  const layer = layerFor(state, pictures, notes);
  if ('ok' in layer) return layer;
  const { weight, bias, options, cin, imported } = layer;
  const picture = pictureFor(state, pictures);
  if (state.input === 'own' && !pictures.own) notes.push('your own image is not stored in links; showing the photograph instead');
  const input: Tensor = {
    shape: [1, cin, state.inH, state.inW],
    data: inputPreset(state.input, cin, state.inH, state.inW, state.seed, picture),
  };
  let info: ConvInfo;
  try {
    info = convTranspose2dInfo(input, weight, bias, options);
  } catch (err) {
    return { ok: false, message: (err as Error).message, control: controlFor(err) };
  }
  const output = convTranspose2d(input, weight, bias, options);
  const gather = convTransposeByZeroInsertion(input, weight, bias, info);
  const matrix = convMatrix(weight.data, info);
  const mo = multiplyTransposed(matrix, input.data);
  const plane = info.outH * info.outW;
  const matrixOutput = new Float32Array(mo.length);
  for (let i = 0; i < mo.length; i++) matrixOutput[i] = mo[i] + (bias ? bias[Math.floor(i / plane)] : 0);
  const gs = maxAbsDiff(gather.output.data, output.data);
  const ms = maxAbsDiff(matrixOutput, output.data);
  const gm = maxAbsDiff(gather.output.data, matrixOutput);
  const ic = Math.min(state.ic, info.inChannels - 1);
  const oc = Math.min(state.oc, info.outChannels - 1);
  const gain = phaseGain(weight.data, info, oc);
  const shoot = cachedShootout(state, info, weight, ic, oc, picture, detail, placeholders.shootout);
  const inverse = cachedNotInverse(state, info, weight, matrix, picture, detail, placeholders.notInverse);
  return {
    ok: true, info, options, input, weight, bias, ic, oc, output, gather, matrix, matrixOutput,
    agreement: { gatherVsScatter: gs, matrixVsScatter: ms, gatherVsMatrix: gm, max: Math.max(gs, ms, gm) },
    overlap: convTransposeOverlap(info),
    convTaps: convOutputTaps(info),
    phaseGain: gain,
    phaseTaps: phaseTapCounts(info),
    phaseSpread: phaseGainSpread(gain),
    onnx: onnxForms(info),
    notInverse: inverse.value,
    notInverseKey: inverse.key,
    shootout: shoot.value,
    shootoutKey: shoot.key,
    pending: [...(shoot.pending ? ['shootout' as const] : []), ...(inverse.pending ? ['notInverse' as const] : [])],
    notes,
    imported,
  };
}

/** A part's value for this pass: computed, cached, or (a 'first' pass) an earlier one marked pending. */
interface Part<V> {
  value: V;
  key: string;
  pending: boolean;
}

/** The last value of a part, for the key and pictures it was computed from. */
interface PartCache<V> {
  last: { key: string; picture: Picture | undefined; value: V } | null;
}

/**
 * A part through its one-entry cache: the cached value when the key and the picture are the same; on a 'first' pass
 * the previous value (or the caller's placeholder), marked pending; otherwise computed now.
 */
function cachedPart<V>(cache: PartCache<V>, key: string, picture: Picture | undefined, detail: Detail, placeholder: V | undefined, make: () => V): Part<V> {
  const c = cache.last;
  if (c && c.key === key && c.picture === picture) return { value: c.value, key, pending: false };
  const previous = c?.value ?? placeholder;
  if (previous !== undefined && detail === 'first') return { value: previous, key, pending: true };
  const value = make();
  cache.last = { key, picture, value };
  return { value, key, pending: false };
}

/**
 * The shoot-out depends on far fewer controls than the layer (kernel, stride, dilation, image, its own options),
 * and is the most expensive part (10–50 ms against 2–5 ms for everything else); moving any other slider reuses the
 * last one. Same inputs, same result.
 */
const shootoutCache: PartCache<LayerResults['shootout']> = { last: null };
function cachedShootout(state: ConvTransposeState, info: ConvInfo, weight: Tensor, ic: number, oc: number, picture: Picture | undefined, detail: Detail,
  placeholder: LayerResults['shootout'] | undefined): Part<LayerResults['shootout']> {
  const plane = kernelPlane(weight, info, ic, oc).data;
  const key = `${JSON.stringify([state.shootSize, state.shootSource, state.icnr, state.shootSource === 'input' ? [state.input, state.seed] : state.image,
    info.kH, info.kW, info.strideH, info.strideW, info.dilationH, info.dilationW])}|${Array.from(plane).join(',')}`;
  return cachedPart(shootoutCache, key, picture, detail, placeholder, () => shootout(state, info, weight, ic, oc, picture));
}

/**
 * "Transpose is not inverse" depends on the whole layer and the input, so nearly every move changes it; its
 * least-squares solve (up to 400 unknowns) costs more than the rest of a repaint pass at the default sizes. The
 * panel is far down the page: a 'first' pass leaves it pending, as the shoot-out.
 */
const notInverseCache: PartCache<NotInverse> = { last: null };
function cachedNotInverse(state: ConvTransposeState, info: ConvInfo, weight: Tensor, matrix: SparseMatrix, picture: Picture | undefined, detail: Detail,
  placeholder: NotInverse | undefined): Part<NotInverse> {
  const key = `${JSON.stringify([state.input, state.seed, picture ? state.image : null, info])}|${Array.from(weight.data).join(',')}`;
  return cachedPart(notInverseCache, key, picture, detail, placeholder, () => notInverse(state, info, weight, matrix, picture));
}

/**
 * A 'first' pass's results with its pending parts taken from an earlier 'full' pass that computed them for the same
 * keys (the page clears its 'full' pass when the pictures change). Returns `first` itself when nothing applies.
 */
export function adoptPending(first: LayerResults, full: LayerResults): LayerResults {
  if (first.pending.length === 0 || full.pending.length > 0) return first;
  const adopt = (part: PendingPart) => first.pending.includes(part) && first[`${part}Key`] === full[`${part}Key`];
  const taken = first.pending.filter(adopt);
  if (taken.length === 0) return first;
  const r: LayerResults = { ...first, pending: first.pending.filter((p) => !taken.includes(p)) };
  if (taken.includes('shootout')) r.shootout = full.shootout;
  if (taken.includes('notInverse')) r.notInverse = full.notInverse;
  return r;
}

/**
 * The output after only the first `steps` input pixels (row-major over the shown input channel) have painted
 * their squares: the step-through animation of the scatter view. Bias is included from the start.
 */
export function partialOutput(r: LayerResults, steps: number): Tensor {
  const [, c, h, w] = r.input.shape;
  const masked = new Float32Array(r.input.data.length);
  const n = Math.max(0, Math.min(steps, h * w));
  for (let ch = 0; ch < c; ch++) {
    if (ch !== r.ic) continue;
    masked.set(r.input.data.subarray(ch * h * w, ch * h * w + n), ch * h * w);
  }
  return convTranspose2d({ shape: r.input.shape, data: masked }, r.weight, r.bias, r.options);
}
