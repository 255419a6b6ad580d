/**
 * A BatchNormalization node of the user's model as the batch-norm explorer's layer. The explorer is built around
 * four channels (four γ/β rows, four histograms, a 4×4 covariance), so it shows a four-channel window of the node:
 * its first four channels with their real γ, β, running mean and running variance. Data: synthetic feature maps
 * whose per-channel mean and spread are the node's running mean and √running_var — the distribution the layer was
 * trained on, so eval mode normalises it to mean ≈ 0, spread ≈ 1 and the output to ≈ β, |γ|. A node with fewer
 * than four channels gets neutral filler channels (γ 1, β 0, running mean 0, var 1), labelled as such. When the
 * model page ran the whole model on its sample input, the data take the per-channel mean and spread of the activation
 * that really reached the node instead, so the explorer shows what the layer does to that input's statistics.
 */
import type { Tensor } from '../../kernels/index.ts';
import { capText } from '../../onnx/index.ts';
import { CHANNELS } from '../batch-norm/schema.ts';
import type { ImportedNode } from './as-conv-transpose.ts';

export interface ExplorerBatchNorm {
  /** "BatchNormalization “bn” from dcgan-block.onnx" */
  title: string;
  /** The node's channel count. */
  channels: number;
  /** How many of the explorer's four channels are the node's (the rest are filler). */
  real: number;
  names: string[];
  gamma: Float32Array;
  beta: Float32Array;
  runningMean: Float32Array;
  runningVar: Float32Array;
  eps: number;
  momentum: number;
  training: boolean;
  /** The synthetic data's per-channel mean and spread. */
  dataMeans: number[];
  dataStds: number[];
  notes: string[];
}

function fourChannels(values: Float32Array | undefined, real: number, filler: number): Float32Array {
  const out = new Float32Array(CHANNELS).fill(filler);
  if (values) out.set(values.subarray(0, real));
  return out;
}

/** Per-channel mean and (population) standard deviation of the first `real` channels of an [N, C, …] tensor. */
export function channelStats(t: Tensor, real: number): { means: number[]; stds: number[] } {
  const [n, c] = t.shape;
  const plane = t.data.length / (n * c);
  const means: number[] = [];
  const stds: number[] = [];
  for (let ch = 0; ch < real; ch++) {
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const base = (i * c + ch) * plane;
      for (let p = 0; p < plane; p++) sum += t.data[base + p];
    }
    const mean = sum / (n * plane);
    for (let i = 0; i < n; i++) {
      const base = (i * c + ch) * plane;
      for (let p = 0; p < plane; p++) sq += (t.data[base + p] - mean) ** 2;
    }
    means.push(mean);
    stds.push(Math.sqrt(sq / (n * plane)));
  }
  return { means, stds };
}

export function asBatchNorm(imported: ImportedNode): ExplorerBatchNorm | { error: string } {
  const { layer } = imported;
  const title = `${layer.op} “${imported.nodeLabel}” from ${imported.source}`;
  if (layer.op !== 'BatchNormalization') return { error: `${title} is a ${layer.op} node: it opens in the transposed-convolution explorer` };
  const o = layer.options;
  const channels = o.weight?.length ?? layer.inputShape[1];
  const real = Math.min(CHANNELS, channels);
  const runningMean = fourChannels(o.runningMean, real, 0);
  const runningVar = fourChannels(o.runningVar, real, 1);
  const names = Array.from({ length: CHANNELS }, (_, c) => (c < real ? `channel ${c}` : `filler ${c}`));
  const notes: string[] = [];
  if (layer.fileRank < 4) notes.push(`A 1-D batch norm in the file (input ${layer.fileRank === 3 ? '[N, C, L]' : '[N, C]'}): the same per-channel normalisation as on [N, C, H, W] with H = 1.`);
  if (layer.seeded.length) notes.push(`Seeded parameters: ${layer.seeded.map((n) => `"${capText(n, 60)}"`).join(', ')} ${layer.seeded.length > 1 ? 'are graph inputs' : 'is a graph input'} in the file, whose values come with the test data, not the model.`);
  if (channels > CHANNELS) notes.push(`The node has ${channels} channels; the explorer shows channels 0–${CHANNELS - 1} with their real parameters.`);
  if (channels < CHANNELS) {
    notes.push(`The node has ${channels} channel${channels === 1 ? '' : 's'}; the explorer always shows ${CHANNELS}, so ${names.slice(real).join(', ')} ` +
      `${CHANNELS - real === 1 ? 'is a neutral filler channel' : 'are neutral filler channels'} (γ 1, β 0, running mean 0, running var 1).`);
  }
  const measured = imported.input && imported.input.shape[1] === channels ? channelStats(imported.input, real) : null;
  if (measured) notes.push('Data: feature maps with the per-channel mean and spread of the activation that reaches this node when the model runs on the model page\'s sample input.');
  return {
    title, channels, real, names,
    gamma: fourChannels(o.weight, real, 1),
    beta: fourChannels(o.bias, real, 0),
    runningMean, runningVar,
    eps: o.eps ?? 1e-5,
    momentum: o.momentum ?? 0.1,
    training: o.training,
    dataMeans: measured ? [...measured.means, ...Array.from(runningMean.subarray(real))] : Array.from(runningMean),
    dataStds: measured ? [...measured.stds, ...Array.from(runningVar.subarray(real), (v) => Math.sqrt(Math.max(0, v)))] : Array.from(runningVar, (v) => Math.sqrt(Math.max(0, v))),
    notes,
  };
}
