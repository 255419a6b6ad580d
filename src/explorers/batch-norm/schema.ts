import { batchNorm2dInfo, ParamError } from '../../kernels/params.ts';
import { withCheck, type CombinationProblem, type Schema, type ValueOf } from '../../state/schema.ts';
import { FEATURE_CHANNELS } from './feature-conv.ts';

/**
 * The batch-norm explorer's whole state, one row per control (URL keys are the field names). Running statistics are
 * not stored: they are replayed from (seed, steps, shiftSteps, momentum, data) — every step k sees batch k of a
 * seeded stream — so a link reproduces the chart and every number exactly, and the URL stays short. The user's own
 * images are the one thing that cannot live in a URL; they are kept in memory while the page is open.
 */
export const CHANNELS = FEATURE_CHANNELS;
/** Replays above this many steps would make a link slow to open; 1000 steps is far past convergence for momentum ≥ 0.01. */
export const MAX_STEPS = 1000;

const fields = {
  // 'onnx': synthetic maps matched to the running statistics of the node opened on the model page (this tab only).
  source: { kind: 'enum', default: 'photos', values: ['photos', 'synthetic', 'own', 'onnx'], label: 'data' },
  n: { kind: 'int', default: 8, min: 1, max: 32, label: 'batch size N' },
  // 48: a 32×4×48×48 batch (295k values) keeps a γ drag near 0.2 s and 100 replayed steps near 2 s in the browser.
  size: { kind: 'int', default: 24, min: 1, max: 48, label: 'feature-map size H = W' },
  seed: { kind: 'int', default: 1, min: 0, max: 999_999, label: 'seed' },
  batch: { kind: 'int', default: 0, min: 0, max: 999_999, label: 'batch index' },
  means: { kind: 'numbers', default: [0.5, -2, 0, 3], min: -10, max: 10, maxLength: CHANNELS, label: 'synthetic means' },
  stds: { kind: 'numbers', default: [1, 0.5, 0.05, 2], min: 0, max: 10, maxLength: CHANNELS, label: 'synthetic spreads' },
  corr: { kind: 'number', default: 0.6, min: 0, max: 0.95, label: 'synthetic correlation' },
  shift: { kind: 'number', default: 0, min: 0, max: 3, label: 'distribution shift' },
  mode: { kind: 'enum', default: 'train', values: ['train', 'eval'], label: 'mode' },
  gamma: { kind: 'numbers', default: [1, 1, 1, 1], min: -100, max: 100, maxLength: CHANNELS, label: 'γ' },
  beta: { kind: 'numbers', default: [0, 0, 0, 0], min: -100, max: 100, maxLength: CHANNELS, label: 'β' },
  linked: { kind: 'bool', default: false, label: 'link all channels' },
  eps: { kind: 'number', default: 1e-5, min: 1e-8, max: 1, label: 'eps' },
  momentum: { kind: 'number', default: 0.1, min: 0, max: 1, label: 'momentum' },
  steps: { kind: 'int', default: 0, min: 0, max: MAX_STEPS, label: 'training steps' },
  shiftSteps: { kind: 'int', default: 0, min: 0, max: MAX_STEPS, label: 'training steps after the shift' },
  amount: { kind: 'number', default: 1, min: 0, max: 1, label: 'normalisation amount' },
  channel: { kind: 'int', default: 0, min: 0, max: CHANNELS - 1, label: 'selected channel' },
  pairA: { kind: 'int', default: 2, min: 0, max: CHANNELS - 1, label: 'scatter x channel' },
  pairB: { kind: 'int', default: 3, min: 0, max: CHANNELS - 1, label: 'scatter y channel' },
  sample: { kind: 'int', default: 0, min: 0, max: 31, label: 'sample shown' },
  colour: { kind: 'enum', default: 'shared', values: ['shared', 'per-map'], label: 'colour scale' },
  stage3d: { kind: 'enum', default: 'output', values: ['input', 'output'], label: '3-D view shows' },
} as const satisfies Schema;

/** The fields `layerProblem` reads, and the fields that set each kernel parameter it can name. */
const LAYER_FIELDS = ['n', 'size', 'eps', 'momentum'] as const;
const FIELDS_OF_PARAM: Readonly<Record<string, readonly (typeof LAYER_FIELDS)[number][]>> = {
  eps: ['eps'], momentum: ['momentum'], input: ['n', 'size'], output: ['n', 'size'],
};

export const bnSchema = withCheck(fields, layerProblem, LAYER_FIELDS);

export type BnSchema = typeof fields;
export type BnState = ValueOf<BnSchema>;

/**
 * A per-channel list from the URL may be shorter than the number of channels (e.g. `gamma=2`); missing entries take
 * the default. Returns the full list and whether anything was filled in.
 */
export function perChannel(values: readonly number[], fallback: readonly number[]): { values: number[]; filled: boolean } {
  const out = fallback.map((d, c) => (c < values.length ? values[c] : d));
  return { values: out, filled: values.length < fallback.length };
}

/**
 * What the kernel library says about the layer every state computes: eval mode on an N × C × size × size batch
 * with the state's eps and momentum (through `batchNorm2dInfo`, shape-only input); null when it is valid.
 * Training on one value per channel (N = size = 1) is refused by the kernel but not here: the page shows that
 * refusal on purpose, next to the eval result it still computes, so such a link is a lesson, not a mistake.
 */
export function layerProblem(s: BnState): CombinationProblem | null {
  try {
    batchNorm2dInfo({ shape: [s.n, CHANNELS, s.size, s.size], data: new Float32Array(s.n * CHANNELS * s.size * s.size) }, {
      training: false, eps: s.eps, momentum: s.momentum,
      runningMean: new Float32Array(CHANNELS), runningVar: new Float32Array(CHANNELS).fill(1),
    });
    return null;
  } catch (e) {
    if (!(e instanceof ParamError)) throw e;
    return { param: e.param, message: e.message, fields: FIELDS_OF_PARAM[e.param] ?? [] };
  }
}

/** The state with per-channel lists completed and the shown sample clamped into the batch. */
export function normaliseState(s: BnState): BnState {
  return {
    ...s,
    gamma: perChannel(s.gamma, bnSchema.gamma.default).values,
    beta: perChannel(s.beta, bnSchema.beta.default).values,
    means: perChannel(s.means, bnSchema.means.default).values,
    stds: perChannel(s.stds, bnSchema.stds.default).values,
    sample: Math.min(s.sample, s.n - 1),
  };
}
