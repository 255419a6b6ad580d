/**
 * The transposed-convolution explorer's whole state, one field per control (see src/state/schema.ts). The
 * limits here keep every slider move recomputable within a frame; the kernel library (params.ts) decides what
 * combinations are valid. Not in the state: the user's own image (it cannot travel in a link), the hovered pixel
 * and the animation's position.
 */
import { convTranspose2dInfo, ParamError } from '../../kernels/params.ts';
import { withCheck, type CombinationProblem, type Schema, type ValueOf } from '../../state/schema.ts';

/**
 * 'onnx': weights, bias and every layer parameter from the node opened on the model page (#/model); they live in
 * this tab only (src/explorers/imported-layer.ts), so a link with kernel=onnx falls back to 'box' elsewhere.
 */
export const KERNEL_PRESETS = ['box', 'bilinear', 'gaussian', 'edge', 'learned', 'custom', 'onnx'] as const;
export const INPUT_PRESETS = ['impulse', 'constant', 'checker', 'noise', 'photo', 'own'] as const;
export const PHOTOS = ['camera', 'cat', 'coffee', 'astronaut', 'rocket', 'brick'] as const;
/** Largest weight tensor the editor holds: Cin · Cout/groups · kH · kW = 4 · 4 · 7 · 7. */
export const MAX_WEIGHTS = 4 * 4 * 7 * 7;

const fields = {
  cin: { kind: 'int', default: 1, min: 1, max: 4, label: 'in channels' },
  cout: { kind: 'int', default: 1, min: 1, max: 4, label: 'out channels' },
  groups: { kind: 'int', default: 1, min: 1, max: 4, label: 'groups' },
  inH: { kind: 'int', default: 8, min: 1, max: 24, label: 'input height' },
  inW: { kind: 'int', default: 8, min: 1, max: 24, label: 'input width' },
  kH: { kind: 'int', default: 3, min: 1, max: 7, label: 'kernel height' },
  kW: { kind: 'int', default: 3, min: 1, max: 7, label: 'kernel width' },
  sH: { kind: 'int', default: 2, min: 1, max: 4, label: 'stride (H)' },
  sW: { kind: 'int', default: 2, min: 1, max: 4, label: 'stride (W)' },
  padSym: { kind: 'bool', default: true, label: 'symmetric padding' },
  pT: { kind: 'int', default: 1, min: 0, max: 8, label: 'padding top' },
  pL: { kind: 'int', default: 1, min: 0, max: 8, label: 'padding left' },
  pB: { kind: 'int', default: 1, min: 0, max: 8, label: 'padding bottom' },
  pR: { kind: 'int', default: 1, min: 0, max: 8, label: 'padding right' },
  opH: { kind: 'int', default: 1, min: 0, max: 3, label: 'output padding (H)' },
  opW: { kind: 'int', default: 1, min: 0, max: 3, label: 'output padding (W)' },
  dH: { kind: 'int', default: 1, min: 1, max: 3, label: 'dilation (H)' },
  dW: { kind: 'int', default: 1, min: 1, max: 3, label: 'dilation (W)' },
  bias: { kind: 'bool', default: false, label: 'bias' },
  biasValue: { kind: 'number', default: 0.5, min: -10, max: 10, label: 'bias value' },
  kernel: { kind: 'enum', default: 'box', values: KERNEL_PRESETS, label: 'kernel preset' },
  seed: { kind: 'int', default: 1, min: 0, max: 9999, label: 'random seed' },
  weights: { kind: 'numbers', default: [], min: -100, max: 100, maxLength: MAX_WEIGHTS, label: 'kernel weights' },
  input: { kind: 'enum', default: 'photo', values: INPUT_PRESETS, label: 'input' },
  image: { kind: 'enum', default: 'camera', values: PHOTOS, label: 'photograph' },
  ic: { kind: 'int', default: 0, min: 0, max: 3, label: 'shown input channel' },
  oc: { kind: 'int', default: 0, min: 0, max: 3, label: 'shown output channel' },
  shootSize: { kind: 'int', default: 64, min: 16, max: 96, label: 'shoot-out input size' },
  shootSource: { kind: 'enum', default: 'image', values: ['image', 'input'], label: 'shoot-out source' },
  icnr: { kind: 'bool', default: false, label: 'ICNR initialisation' },
  hfSource: { kind: 'enum', default: 'output', values: ['output', 'overlap'], label: '3-D surface of' },
  speed: { kind: 'number', default: 4, min: 0.5, max: 20, label: 'animation speed (steps/s)' },
} as const satisfies Schema;

/** The fields that describe the layer, i.e. everything `layerProblem` reads. */
const LAYER_FIELDS = ['cin', 'cout', 'groups', 'inH', 'inW', 'kH', 'kW', 'sH', 'sW', 'padSym', 'pT', 'pL', 'pB', 'pR', 'opH', 'opW', 'dH', 'dW', 'bias'] as const;
/** The fields that set each kernel parameter (ParamError.param). */
const FIELDS_OF_PARAM: Readonly<Record<string, readonly (typeof LAYER_FIELDS)[number][]>> = {
  stride: ['sH', 'sW'], dilation: ['dH', 'dW'], padding: ['pT', 'pL', 'pB', 'pR', 'padSym'], outputPadding: ['opH', 'opW'],
  groups: ['groups'], input: ['inH', 'inW'], output: ['inH', 'inW'], weight: ['cin', 'cout', 'kH', 'kW'], bias: ['bias'],
};

/** The state as the page computes it: links with a combination the kernels refuse are reported as they are read. */
export const convTransposeSchema = withCheck(fields, layerProblem, LAYER_FIELDS);

export type ConvTransposeSchema = typeof fields;
export type ConvTransposeState = ValueOf<ConvTransposeSchema>;
export type KernelPreset = (typeof KERNEL_PRESETS)[number];
export type InputPreset = (typeof INPUT_PRESETS)[number];
export type Photo = (typeof PHOTOS)[number];

/** Effective padding [top, left, bottom, right]: with padSym the bottom/right fields are ignored. */
export function effectivePadding(s: ConvTransposeState): [number, number, number, number] {
  return s.padSym ? [s.pT, s.pL, s.pT, s.pL] : [s.pT, s.pL, s.pB, s.pR];
}

/** The weight tensor's shape for the current state: `[Cin, Cout/groups, kH, kW]` (Cout/groups rounded up). */
export function weightShape(s: ConvTransposeState): [number, number, number, number] {
  return [s.cin, Math.max(1, Math.ceil(s.cout / s.groups)), s.kH, s.kW];
}

/** PyTorch's ConvTranspose2d constructor checks this; the functional kernel has no out_channels argument to check. */
export function groupsProblem(s: ConvTransposeState): string | null {
  return s.cout % s.groups === 0 ? null : `out channels (${s.cout}) must be divisible by groups (${s.groups})`;
}

/**
 * What the kernel library says about the state's own layer, through the same `convTranspose2dInfo` the page
 * computes with (shape-only tensors: the values do not matter to the checks); null when it is valid.
 */
export function layerProblem(s: ConvTransposeState): CombinationProblem | null {
  const groups = groupsProblem(s);
  if (groups) return { param: 'groups', message: groups, fields: ['groups'] };
  const w = weightShape(s);
  try {
    convTranspose2dInfo(
      { shape: [1, s.cin, s.inH, s.inW], data: new Float32Array(s.cin * s.inH * s.inW) },
      { shape: w, data: new Float32Array(w[0] * w[1] * w[2] * w[3]) },
      s.bias ? new Float32Array(s.cout) : null,
      { stride: [s.sH, s.sW], padding: effectivePadding(s), outputPadding: [s.opH, s.opW], dilation: [s.dH, s.dW], groups: s.groups },
    );
    return null;
  } catch (e) {
    if (!(e instanceof ParamError)) throw e;
    return { param: e.param, message: e.message, fields: FIELDS_OF_PARAM[e.param] ?? [] };
  }
}
