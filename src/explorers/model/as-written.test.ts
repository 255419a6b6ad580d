import { afterAll, describe, expect, it } from 'vitest';
import { convTranspose2d } from '../../kernels/index.ts';
import { crossCheckLayer, releaseOrtSessions } from '../../onnx/index.ts';
import { mulberry32, randomTensor } from '../../onnx/testing/random.ts';
import { asConvTranspose } from './as-conv-transpose.ts';
import { nodeAsWritten } from './as-written.ts';
import { convNodeModel, importNode, shippedModel } from './testing.ts';

afterAll(releaseOrtSessions);

describe('nodeAsWritten: the file\'s own node for the explorer\'s paint badge', () => {
  it('an auto_pad SAME_UPPER ConvTranspose on another input size: ORT runs the node as written and agrees with the explorer\'s layer', async () => {
    const rng = mulberry32(21);
    const model = convNodeModel('ConvTranspose', randomTensor(rng, [1, 2, 5, 5]), randomTensor(rng, [2, 3, 3, 3]), randomTensor(rng, [3]).data, { strides: [2, 2], auto_pad: 'SAME_UPPER' });
    const held = importNode(model, 0);
    const shown = asConvTranspose(held, 3, 7);
    if ('error' in shown) throw new Error(shown.error);
    const node = nodeAsWritten(held, shown, 3, 7);
    expect(node?.layer.inputShape).toEqual([1, 2, 3, 7]);
    expect(nodeAsWritten(held, shown, 3, 7)).toBe(node); // cached per input size
    const x = randomTensor(rng, [1, 2, 3, 7]);
    const ours = convTranspose2d(x, shown.weight, shown.bias, shown.options);
    const result = await crossCheckLayer(node!.model, node!.layer, x, { outputs: [ours], ms: 0 });
    expect(result).toMatchObject({ kind: 'compared', ok: true });
  });

  it('a Conv shown as its transpose, a BatchNormalization and a channel slice are not the file\'s node: null', () => {
    const { model } = shippedModel('resize-conv-block');
    const conv = importNode(model, model.graph.nodes.findIndex((n) => n.opType === 'Conv'));
    expect(nodeAsWritten(conv, { slice: null }, 10, 10)).toBeNull();
    const dcgan = shippedModel('dcgan-block').model;
    expect(nodeAsWritten(importNode(dcgan, 1), { slice: null }, 8, 8)).toBeNull();
    expect(nodeAsWritten(importNode(dcgan, 0), { slice: { inChannels: 4, outChannels: 4 } }, 4, 4)).toBeNull();
  });
});
