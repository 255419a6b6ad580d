/**
 * "Open in explorer" end to end in Node: the link a node gets, parsed by the explorer's schema exactly as main.ts
 * does, then the explorer's own compute on that state with the node beside it.
 */
import { describe, expect, it } from 'vitest';
import { batchNorm2d, maxAbsDiff } from '../../kernels/index.ts';
import { buildBatchNormModel, decodeModel } from '../../onnx/index.ts';
import { mulberry32, randomTensor } from '../../onnx/testing/random.ts';
import { parseHash } from '../../state/route.ts';
import { parseParams } from '../../state/schema.ts';
import { RESERVED_KEYS } from '../../state/presentation.ts';
import { BnComputer } from '../batch-norm/compute.ts';
import { bnSchema } from '../batch-norm/schema.ts';
import { compute } from '../conv-transpose/compute.ts';
import { convTransposeSchema } from '../conv-transpose/schema.ts';
import { asBatchNorm, type ExplorerBatchNorm } from './as-batch-norm.ts';
import { explorerLink, type ExplorerLink } from './links.ts';
import { convNodeModel, importNode, shippedModel } from './testing.ts';

const ok = <T extends object>(r: T | { error: string }): T => {
  if ('error' in r) throw new Error(r.error);
  return r;
};
function parse<S extends typeof convTransposeSchema | typeof bnSchema>(link: ExplorerLink, schema: S) {
  const { route, params, notices } = parseHash(link.hash);
  const parsed = parseParams(schema, params, RESERVED_KEYS);
  expect([...notices, ...parsed.notices]).toEqual([]);
  return { route, state: parsed.value };
}

describe('explorerLink → conv-transpose explorer', () => {
  it('dcgan-block\'s ConvTranspose: kernel=onnx on its 4×4 input; compute runs the node (8 → 4 channels, 8×8 out)', () => {
    const { model } = shippedModel('dcgan-block');
    const node = importNode(model, 0, 'dcgan-block.onnx');
    const link = ok(explorerLink(node));
    const { route, state } = parse(link, convTransposeSchema);
    expect(route).toBe('conv-transpose');
    expect(state).toMatchObject({ kernel: 'onnx', inH: 4, inW: 4, cin: 1 }); // 8 input channels do not fit the sliders
    const r = compute({ ...state, input: 'noise' }, { imported: node });
    if (!r.ok) throw new Error(r.message);
    expect(r.output.shape).toEqual([1, 4, 8, 8]);
    expect(r.weight).toBe(node.layer.op === 'ConvTranspose' ? node.layer.weight : null);
    expect(r.imported).toMatchObject({ full: { inChannels: 8, outChannels: 4 }, slice: null, editable: false });
    expect(r.agreement.max).toBeLessThan(1e-5); // scatter, gather and matrix agree on the node's real weights
  });

  it('resize-conv-block\'s Conv opens as its transpose; its geometry fits the sliders, so kernel edits keep the layer', () => {
    const { model } = shippedModel('resize-conv-block');
    const index = model.graph.nodes.findIndex((n) => n.opType === 'Conv');
    const node = importNode(model, index);
    const { state } = parse(ok(explorerLink(node)), convTransposeSchema);
    expect(state).toMatchObject({ kernel: 'onnx', inH: 10, inW: 10, cin: 3, cout: 4, kH: 3, kW: 3, sH: 1, sW: 1, pT: 1, pL: 1, padSym: true, opH: 0 });
    const r = compute({ ...state, input: 'noise' }, { imported: node });
    if (!r.ok) throw new Error(r.message);
    expect(r.output.shape).toEqual([1, 4, 10, 10]);
    expect(r.imported?.editable).toBe(true);
    // The same layer as custom weights (what a kernel edit makes of it) computes the same output.
    const custom = compute({ ...state, input: 'noise', kernel: 'custom', weights: Array.from(r.weight.data) }, {});
    if (!custom.ok) throw new Error(custom.message);
    expect(maxAbsDiff(custom.output.data, r.output.data)).toBe(0);
  });

  it('an input larger than the explorer draws is clamped to 24×24, with a note', () => {
    const rng = mulberry32(1);
    const model = convNodeModel('Conv', randomTensor(rng, [1, 2, 64, 40]), randomTensor(rng, [3, 2, 3, 3]), null, { pads: [1, 1, 1, 1] });
    const link = ok(explorerLink(importNode(model, 0)));
    expect(parse(link, convTransposeSchema).state).toMatchObject({ inH: 24, inW: 24 });
    expect(link.notes).toEqual(['The input in the file is 64×40; the explorer draws inputs up to 24×24 and uses 24×24.']);
  });

  it('without the node in memory (a reloaded link) compute falls back to the box kernel and says why', () => {
    const { model } = shippedModel('dcgan-block');
    const { state } = parse(ok(explorerLink(importNode(model, 0))), convTransposeSchema);
    const r = compute(state, {});
    if (!r.ok) throw new Error(r.message);
    expect(r.imported).toBeNull();
    expect(Array.from(r.weight.data)).toEqual(new Array(9).fill(1));
    expect(r.notes[0]).toMatch(/^the ONNX model is not loaded in this tab/);
  });
});

describe('explorerLink → batch-norm explorer', () => {
  const env = (imported: ExplorerBatchNorm, id = 1) => ({ photos: null, own: null, ownId: 0, kernelsReady: true, imported: { ...imported, id } });

  it('dcgan-block\'s BatchNormalization: source=onnx, eval, its γ and β exactly; eval output is the node applied to the data', () => {
    const { model } = shippedModel('dcgan-block');
    const node = importNode(model, 1);
    const bn = ok(asBatchNorm(node));
    const { route, state } = parse(ok(explorerLink(node)), bnSchema);
    expect(route).toBe('batch-norm');
    expect(state).toMatchObject({ source: 'onnx', mode: 'eval', eps: 1e-5, momentum: 0.1, steps: 0 });
    expect(Float32Array.from(state.gamma)).toEqual(bn.gamma); // float32-exact through the URL
    expect(Float32Array.from(state.beta)).toEqual(bn.beta);
    const r = new BnComputer().compute(state, env(bn));
    expect(r).toMatchObject({ source: 'onnx', dataError: null, names: bn.names });
    expect(Array.from(r.running!.mean)).toEqual(Array.from(bn.runningMean)); // no training steps: the node's own statistics
    const x = r.batch!.x;
    const reference = batchNorm2d(x, { training: false, eps: bn.eps, weight: bn.gamma, bias: bn.beta, runningMean: bn.runningMean, runningVar: bn.runningVar });
    expect(maxAbsDiff(r.eval!.output!.data, reference.output.data)).toBe(0);
    // The data matches the running statistics, so x̂ comes out standardised (loosely: one batch of smooth maps).
    for (const m of r.eval!.xhatStats!.mean) expect(Math.abs(m)).toBeLessThan(0.5);
    for (const s of r.eval!.xhatStats!.std) expect(s).toBeGreaterThan(0.5);
  });

  it('training steps start from the node\'s running statistics, and another node gets fresh caches', () => {
    const { model } = shippedModel('dcgan-block');
    const bn = ok(asBatchNorm(importNode(model, 1)));
    const { state } = parse(ok(explorerLink(importNode(model, 1))), bnSchema);
    const computer = new BnComputer();
    const one = computer.compute({ ...state, steps: 1 }, env(bn));
    const m = state.momentum;
    const batchMean = one.running!.trace.batchMeans[0];
    one.running!.mean.forEach((v, c) => expect(v).toBeCloseTo((1 - m) * bn.runningMean[c] + m * batchMean[c], 5));
    const rng = mulberry32(2);
    const other = { training: false, eps: 1e-5, weight: randomTensor(rng, [4]).data, bias: randomTensor(rng, [4]).data, runningMean: randomTensor(rng, [4]).data, runningVar: new Float32Array(4).fill(2) };
    const otherBn = ok(asBatchNorm(importNode(decodeModel(buildBatchNormModel(randomTensor(rng, [1, 4, 2, 2]), other, 'initializers').bytes), 0)));
    const again = computer.compute({ ...state, steps: 0 }, env(otherBn, 2));
    expect(Array.from(again.running!.mean)).toEqual(Array.from(other.runningMean));
  });

  it('γ outside the explorer\'s ±100 is clamped with a note', () => {
    const rng = mulberry32(3);
    const opts = { training: false, eps: 1e-5, weight: Float32Array.of(250, 1, 1, 1), bias: new Float32Array(4), runningMean: new Float32Array(4), runningVar: new Float32Array(4).fill(1) };
    const model = decodeModel(buildBatchNormModel(randomTensor(rng, [1, 4, 2, 2]), opts, 'initializers').bytes);
    const link = ok(explorerLink(importNode(model, 0)));
    expect(parse(link, bnSchema).state.gamma).toEqual([100, 1, 1, 1]);
    expect(link.notes).toEqual(['γ outside -100…100 (the explorer\'s range) is clamped.']);
  });

  it('without the node in memory compute falls back to the photographs', () => {
    const { model } = shippedModel('dcgan-block');
    const { state } = parse(ok(explorerLink(importNode(model, 1))), bnSchema);
    expect(new BnComputer().compute(state, { photos: null, own: null, ownId: 0, kernelsReady: true }).source).toBe('photos');
  });
});

