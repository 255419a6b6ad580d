import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allCloseMessage, batchNorm2d, convTranspose2d, type Tensor } from '../../kernels/index.ts';
import { readBatchNormAttributes } from '../../onnx/attributes.ts';
import { buildBatchNormModel, decodeModel } from '../../onnx/index.ts';
import { mulberry32, randomTensor } from '../../onnx/testing/random.ts';
import { asBatchNorm, type ExplorerBatchNorm } from './as-batch-norm.ts';
import { asConvTranspose } from './as-conv-transpose.ts';
import { importNode, MODELS_DIR, shippedModel } from './testing.ts';

const ok = <T extends object>(r: T | { error: string }): T => {
  if ('error' in r) throw new Error(r.error);
  return r;
};
const relu = (t: Tensor): Tensor => ({ shape: t.shape, data: t.data.map((v) => Math.max(0, v)) });

/** A one-node BatchNormalization model with C channels and stored parameters, opened like a user's file. */
function bnNode(channels: number, seed: number) {
  const rng = mulberry32(seed);
  const v = () => randomTensor(rng, [channels]).data;
  const opts = { training: false, eps: 1e-3, weight: v(), bias: v(), runningMean: v(), runningVar: v().map((x) => Math.abs(x) + 0.1) };
  const model = decodeModel(buildBatchNormModel(randomTensor(rng, [1, channels, 3, 3]), opts, 'initializers').bytes);
  return { model, opts };
}

describe('asBatchNorm', () => {
  it('dcgan-block: the ConvTranspose and BatchNormalization windows reproduce PyTorch\'s block output (4 channels: the whole node)', () => {
    const { model } = shippedModel('dcgan-block');
    const io = JSON.parse(readFileSync(join(MODELS_DIR, 'dcgan-block.io.json'), 'utf8')) as { input: { shape: number[]; data: number[] }; output: { data: number[] } };
    const ct = ok(asConvTranspose(importNode(model, 0), 4, 4));
    const bn: ExplorerBatchNorm = ok(asBatchNorm(importNode(model, 1, 'dcgan-block.onnx')));
    expect(bn).toMatchObject({ channels: 4, real: 4, eps: 1e-5, momentum: 0.1, training: false, notes: [], names: ['channel 0', 'channel 1', 'channel 2', 'channel 3'] });
    expect(bn.title).toMatch(/^BatchNormalization “.+” from dcgan-block\.onnx$/);
    const x: Tensor = { shape: io.input.shape, data: Float32Array.from(io.input.data) };
    const y = batchNorm2d(convTranspose2d(x, ct.weight, ct.bias, ct.options), {
      training: false, eps: bn.eps, weight: bn.gamma, bias: bn.beta, runningMean: bn.runningMean, runningVar: bn.runningVar,
    }).output;
    expect(allCloseMessage(relu(y).data, Float32Array.from(io.output.data), 1e-4, 1e-4)).toBeNull();
  });

  it('data for the node: each channel\'s mean is its running mean and its spread √running_var', () => {
    const { model, opts } = bnNode(4, 3);
    const bn = ok(asBatchNorm(importNode(model, 0)));
    expect(bn.dataMeans).toEqual(Array.from(opts.runningMean));
    bn.dataStds.forEach((s, c) => expect(s).toBeCloseTo(Math.sqrt(opts.runningVar[c]), 6));
    expect(bn.eps).toBeCloseTo(1e-3, 9);
  });

  it('more than four channels: channels 0–3 with their own parameters, and a note saying so', () => {
    const { model, opts } = bnNode(64, 4);
    const bn = ok(asBatchNorm(importNode(model, 0)));
    expect(bn).toMatchObject({ channels: 64, real: 4 });
    expect(Array.from(bn.gamma)).toEqual(Array.from(opts.weight.subarray(0, 4)));
    expect(Array.from(bn.runningVar)).toEqual(Array.from(opts.runningVar.subarray(0, 4)));
    expect(bn.notes).toEqual(['The node has 64 channels; the explorer shows channels 0–3 with their real parameters.']);
  });

  it('fewer than four channels: neutral filler channels (γ 1, β 0, mean 0, var 1), named and explained', () => {
    const { model, opts } = bnNode(2, 5);
    const bn = ok(asBatchNorm(importNode(model, 0)));
    expect(bn.names).toEqual(['channel 0', 'channel 1', 'filler 2', 'filler 3']);
    expect(Array.from(bn.beta)).toEqual([opts.bias[0], opts.bias[1], 0, 0]);
    expect(Array.from(bn.runningVar)).toEqual([opts.runningVar[0], opts.runningVar[1], 1, 1]);
    expect(bn.notes[0]).toBe('The node has 2 channels; the explorer always shows 4, so filler 2, filler 3 are neutral filler channels (γ 1, β 0, running mean 0, running var 1).');
  });

  it('a convolution is sent to the other explorer; the node\'s attributes are what the window uses', () => {
    const { model } = shippedModel('dcgan-block');
    expect(asBatchNorm(importNode(model, 0))).toEqual({ error: expect.stringMatching(/is a ConvTranspose node: it opens in the transposed-convolution explorer$/) });
    expect(readBatchNormAttributes(model.graph.nodes[1]).momentum).toBeCloseTo(0.9, 6); // ONNX's momentum is PyTorch's 1 − m
  });
});

describe('asBatchNorm with the activation that reached the node', () => {
  it('the data take that activation\'s per-channel mean and spread (filler channels keep 0 and 1), and a note says so', () => {
    const { model } = shippedModel('dcgan-block');
    // [1, 4, 2, 1]: channel c holds c, c + 2 → mean c + 1, spread 1.
    const input: Tensor = { shape: [1, 4, 2, 1], data: Float32Array.of(0, 2, 1, 3, 2, 4, 3, 5) };
    const bn = ok(asBatchNorm({ ...importNode(model, 1), input }));
    expect(bn.dataMeans).toEqual([1, 2, 3, 4]);
    expect(bn.dataStds).toEqual([1, 1, 1, 1]);
    expect(bn.notes.at(-1)).toMatch(/^Data: feature maps with the per-channel mean and spread of the activation/);
    // An activation of another channel count is not this node's: the running statistics stay.
    const other = ok(asBatchNorm({ ...importNode(model, 1), input: { shape: [1, 3, 1, 1], data: new Float32Array(3) } }));
    expect(other.dataMeans).toEqual(Array.from(other.runningMean));
  });
});
