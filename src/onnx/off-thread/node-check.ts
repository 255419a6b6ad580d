/**
 * One node of a user's model checked against ONNX Runtime, the way the model-check worker runs it: extract the node,
 * take the activation that really reaches it (or a seeded random input when the model was not run), run our kernel
 * and ORT on it, and keep a few channels of the node's input and output for the page's feature maps. Pure apart
 * from ORT (crossCheckLayer); it never throws — a node that cannot be read gets its reason as the verdict.
 */
import { tensor, type Tensor } from '../../kernels/tensor.ts';
import { mulberry32 } from '../../util/random.ts';
import { timeKernel, type CrossCheckResult } from '../cross-check.ts';
import { crossCheckLayer, requestForLayer } from '../open-model.ts';
import type { ModelProto } from '../proto.ts';
import { extractLayer, type ExtractedLayer } from '../reader.ts';

/** Inputs larger than this are not checked on the model page (the explorers check the layer they show). */
export const MAX_CHECK_INPUT = 1 << 22;
/** Feature maps kept per node and side, and the largest side of each (larger maps are sampled). */
export const PREVIEW_CHANNELS = 4;
export const PREVIEW_SIDE = 48;

/** A few channels of a [N, C, H, W] tensor's first item, each at most PREVIEW_SIDE × PREVIEW_SIDE (every k-th value). */
export interface FeatureMaps {
  /** The tensor's shape in our kernels' layout. */
  shape: number[];
  channels: { channel: number; rows: number; cols: number; step: number; values: Float32Array }[];
}

export interface NodeVerdict {
  index: number;
  result: CrossCheckResult;
  /** Where the input came from: the model's own run on the sample, or a seeded random tensor; null when not checked. */
  input: 'real' | 'seeded' | null;
  /** The node's input shape as checked (our layout). */
  inputShape: number[] | null;
  /** Why the node cannot be opened (extraction failed), or null. */
  problem: string | null;
  maps: { input: FeatureMaps; output: FeatureMaps } | null;
  /** Set (in ms) when the check ran out of its time budget and was stopped. */
  stopped?: number;
}

export function seededInput(shape: readonly number[], seed: number): Tensor {
  const rand = mulberry32(seed);
  const t = tensor([...shape]);
  for (let i = 0; i < t.data.length; i++) t.data[i] = rand() * 2 - 1;
  return t;
}

export function featureMaps(t: Tensor, maxChannels = PREVIEW_CHANNELS, side = PREVIEW_SIDE): FeatureMaps {
  const [, c = 1, h = 1, w = 1] = t.shape.length === 4 ? t.shape : [1, ...t.shape.slice(1), 1, 1];
  const step = Math.max(1, Math.ceil(Math.max(h, w) / side));
  const rows = Math.ceil(h / step);
  const cols = Math.ceil(w / step);
  const channels: FeatureMaps['channels'] = [];
  for (let ch = 0; ch < Math.min(c, maxChannels); ch++) {
    const values = new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++) for (let q = 0; q < cols; q++) values[r * cols + q] = t.data[(ch * h + r * step) * w + q * step];
    channels.push({ channel: ch, rows, cols, step, values });
  }
  return { shape: [...t.shape], channels };
}

const count = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/** The node at the activation's size (its rank in the file, or ours), or at the file's size when there is none. */
function extractFor(model: ModelProto, index: number, activation: Tensor | null, seed: boolean): ExtractedLayer {
  if (activation) {
    try {
      return extractLayer(model, index, [...activation.shape], { seedGraphInputs: seed });
    } catch {
      // A size the node cannot take (the run said otherwise, or the activation is not a layer input): checked as declared.
    }
  }
  return extractLayer(model, index, undefined, { seedGraphInputs: seed });
}

/**
 * Check node `index` of `model`. `activation` is what reaches it in ORT's run of the whole model (file rank), or
 * null; `seed` makes the random input when there is none (and the weights of parameters that are graph inputs).
 */
export async function checkNode(model: ModelProto, index: number, activation: Tensor | null, seed: number, seedGraphInputs: boolean): Promise<NodeVerdict> {
  const verdict = (result: CrossCheckResult, rest: Partial<NodeVerdict> = {}): NodeVerdict =>
    ({ index, result, input: null, inputShape: null, problem: null, maps: null, ...rest });
  let layer: ExtractedLayer;
  try {
    layer = extractFor(model, index, activation, seedGraphInputs);
  } catch (err) {
    const problem = err instanceof Error ? err.message : String(err);
    return verdict({ kind: 'unavailable', reason: problem }, { problem });
  }
  const n = count(layer.inputShape);
  if (n > MAX_CHECK_INPUT) {
    const reason = `its input has ${n.toLocaleString('en-US')} values; this page checks nodes up to ${MAX_CHECK_INPUT.toLocaleString('en-US')} (the explorer checks the layer it shows)`;
    return verdict({ kind: 'unavailable', reason }, { inputShape: layer.inputShape });
  }
  const real = activation !== null && count(activation.shape) === n && sameShape(layer.inputShape, layer.fileRank === 4 ? activation.shape : toOurs(activation.shape));
  const input: Tensor = real ? { shape: layer.inputShape, data: activation.data } : seededInput(layer.inputShape, seed);
  let ours;
  try {
    ours = timeKernel(requestForLayer(layer, input));
  } catch (err) {
    return verdict({ kind: 'error', message: err instanceof Error ? err.message : String(err) }, { inputShape: layer.inputShape });
  }
  const result = await crossCheckLayer(model, layer, input, ours);
  return verdict(result, {
    input: real ? 'real' : 'seeded', inputShape: layer.inputShape,
    maps: { input: featureMaps(input), output: featureMaps(ours.outputs[0]) },
  });
}

/** A file-rank shape in our [N, C, H, W] layout (1-D layers have H = 1). */
function toOurs(shape: readonly number[]): number[] {
  if (shape.length === 3) return [shape[0], shape[1], 1, shape[2]];
  if (shape.length === 2) return [shape[0], shape[1], 1, 1];
  return [...shape];
}
