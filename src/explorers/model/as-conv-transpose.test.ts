import { describe, expect, it } from 'vitest';
import { conv2d, convTranspose2d, convTranspose2dInfo, tensor, type Tensor } from '../../kernels/index.ts';
import { mulberry32, randomTensor } from '../../onnx/testing/random.ts';
import { asConvTranspose, explorerCost, MAX_EXPLORER_TAPS, type ExplorerConvTranspose } from './as-conv-transpose.ts';
import { convNodeModel, importNode, shippedModel } from './testing.ts';

const ok = (r: ExplorerConvTranspose | { error: string }): ExplorerConvTranspose => {
  if ('error' in r) throw new Error(r.error);
  return r;
};
const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + v * b[i], 0);
const AS_WRITTEN = 'Panel 2’s parity badge has ONNX Runtime run this node as written in the file (its own attributes and weights).';

describe('asConvTranspose: a ConvTranspose node', () => {
  it('dcgan-block\'s node keeps its weight, parameters and shape (8 → 4 channels, 4×4 → 8×8)', () => {
    const { model } = shippedModel('dcgan-block');
    const imported = importNode(model, 0, 'dcgan-block.onnx');
    const l = ok(asConvTranspose(imported, 4, 4));
    expect(l.weight).toBe(imported.layer.op === 'ConvTranspose' && imported.layer.weight);
    expect(l.options).toEqual({ stride: [2, 2], padding: [1, 1, 1, 1], outputPadding: [0, 0], dilation: [1, 1], groups: 1 });
    expect(l).toMatchObject({ inChannels: 8, full: { inChannels: 8, outChannels: 4, groups: 1 }, slice: null, notes: [AS_WRITTEN] });
    expect(l.title).toMatch(/^ConvTranspose “.+” from dcgan-block\.onnx$/);
    expect(convTranspose2dInfo(tensor([1, 8, 4, 4]), l.weight, l.bias, l.options).outShape).toEqual([1, 4, 8, 8]);
  });

  it('auto_pad SAME_UPPER is re-derived for the explorer\'s input: the output is in·stride for every size', () => {
    const rng = mulberry32(5);
    const model = convNodeModel('ConvTranspose', randomTensor(rng, [1, 2, 5, 5]), randomTensor(rng, [2, 3, 3, 3]), null, { strides: [2, 2], auto_pad: 'SAME_UPPER' });
    for (const [h, w] of [[5, 5], [3, 7], [8, 1]]) {
      const l = ok(asConvTranspose(importNode(model, 0), h, w));
      expect(convTranspose2dInfo(tensor([1, 2, h, w]), l.weight, l.bias, l.options).outShape).toEqual([1, 3, 2 * h, 2 * w]);
      expect(l.notes[0]).toMatch(`re-derived for this ${h}×${w} input`);
      expect(l.notes.slice(1)).toEqual([...(h === 5 && w === 5 ? [] : [`Shown on a ${h}×${w} input; in the file it is 5×5.`]), AS_WRITTEN]);
    }
  });

  it('output_shape that an input size cannot reach is refused in terms of output_shape, naming the node', () => {
    const rng = mulberry32(6);
    const model = convNodeModel('ConvTranspose', randomTensor(rng, [1, 1, 4, 4]), randomTensor(rng, [1, 1, 3, 3]), null, { strides: [2, 2], output_shape: [8, 8] });
    // total padding 2·3 + 3 − 8 = 1, the odd unit at the beginning (not SAME_UPPER)
    expect(ok(asConvTranspose(importNode(model, 0), 4, 4)).options.padding).toEqual([1, 1, 0, 0]);
    // On 2×2 the full output is 5 rows: 3 more must be appended, more than output padding may add at stride 2.
    const r = asConvTranspose(importNode(model, 0), 2, 2);
    expect('error' in r ? r.error : '').toMatch(/^ConvTranspose “.+” from test\.onnx cannot be shown on a 2×2 input: output_shape H = 8 is larger than this layer can produce from an input of 2: at most 6 \(output padding must stay smaller than stride 2 or dilation 1\)$/);
  });

  it('a BatchNormalization node is sent to the batch-norm explorer', () => {
    const { model } = shippedModel('dcgan-block');
    expect(asConvTranspose(importNode(model, 1), 4, 4)).toEqual({ error: expect.stringMatching(/is a BatchNormalization node: it opens in the batch-norm explorer$/) });
  });
});

describe('asConvTranspose: a Conv node opens as its transpose', () => {
  // Strided, padded, dilated, grouped convs on inputs whose size the stride does not divide (output padding needed).
  const cases: { name: string; input: number[]; weight: number[]; attrs: Parameters<typeof convNodeModel>[4] }[] = [
    { name: 'k3 s2 p1 on 8×8', input: [1, 3, 8, 8], weight: [5, 3, 3, 3], attrs: { strides: [2, 2], pads: [1, 1, 1, 1] } },
    { name: 'k3 s2 p1 on 7×9', input: [1, 2, 7, 9], weight: [4, 2, 3, 3], attrs: { strides: [2, 2], pads: [1, 1, 1, 1] } },
    { name: 'k3×2 s(3, 2) d(2, 1) groups 2, asymmetric pads', input: [1, 4, 11, 6], weight: [6, 2, 3, 2], attrs: { strides: [3, 2], dilations: [2, 1], group: 2, pads: [2, 0, 1, 1] } },
    { name: 'SAME_UPPER k4 s2', input: [1, 2, 9, 9], weight: [3, 2, 4, 4], attrs: { strides: [2, 2], auto_pad: 'SAME_UPPER' } },
  ];
  for (const c of cases) {
    it(`${c.name}: same weight, maps the Conv's output size back to its input size, and is its adjoint`, () => {
      const rng = mulberry32(c.name.length);
      const x = randomTensor(rng, c.input);
      const model = convNodeModel('Conv', x, randomTensor(rng, c.weight), Float32Array.from({ length: c.weight[0] }, () => 1), c.attrs);
      const imported = importNode(model, 0);
      if (imported.layer.op !== 'Conv') throw new Error('not a Conv');
      const y = conv2d(x, imported.layer.weight, null, imported.layer.options);
      const l = ok(asConvTranspose(imported, y.shape[2], y.shape[3]));
      expect(l.weight).toBe(imported.layer.weight);
      expect(l.bias).toBeNull();
      expect(l.inChannels).toBe(c.weight[0]);
      expect(l.notes[0]).toMatch(/^Opened as its transpose: .* The Conv's bias .* none is used\.$/);
      // ⟨conv(x), u⟩ = ⟨x, convT(u)⟩ for a random u on the Conv's output grid.
      const u = randomTensor(rng, y.shape);
      const back = convTranspose2d(u, l.weight, null, l.options);
      expect(back.shape).toEqual(c.input);
      expect(dot(y.data, u.data)).toBeCloseTo(dot(x.data, back.data), 3);
    });
  }
});

describe('asConvTranspose: layers too big for the explorer', () => {
  it('a 64 → 32 layer on 8×8 (over the matrix limit) is shown as its first 4 → 4 channels, computing what the full layer computes there', () => {
    const rng = mulberry32(9);
    const w = randomTensor(rng, [64, 32, 4, 4]);
    const bias = randomTensor(rng, [32]).data;
    const model = convNodeModel('ConvTranspose', randomTensor(rng, [1, 64, 8, 8]), w, bias, { strides: [2, 2], pads: [1, 1, 1, 1] });
    expect(explorerCost(convTranspose2dInfo(tensor([1, 64, 8, 8]), w, bias, { stride: 2, padding: 1 })).taps).toBeGreaterThan(MAX_EXPLORER_TAPS);
    const l = ok(asConvTranspose(importNode(model, 0), 8, 8));
    expect(l).toMatchObject({ inChannels: 4, slice: { inChannels: 4, outChannels: 4 }, full: { inChannels: 64, outChannels: 32, groups: 1 } });
    expect(l.weight.shape).toEqual([4, 4, 4, 4]);
    expect(l.notes.at(-1)).toMatch(/^The whole layer \(64 → 32 channels\) is too big to draw: .*Shown: input channels 0–3 and output channels 0–3, with their real weights and bias/);
    // The slice on x equals the full layer on x padded with zero channels, restricted to output channels 0–3.
    const x = randomTensor(rng, [1, 4, 8, 8]);
    const padded: Tensor = { shape: [1, 64, 8, 8], data: new Float32Array(64 * 64) };
    padded.data.set(x.data);
    const full = convTranspose2d(padded, w, bias, { stride: 2, padding: 1 });
    const part = convTranspose2d(x, l.weight, l.bias, l.options);
    expect(Array.from(part.data)).toEqual(Array.from(full.data.subarray(0, 4 * 16 * 16)));
  });

  it('a grouped layer is sliced within its first group', () => {
    const rng = mulberry32(10);
    const w = randomTensor(rng, [64, 8, 3, 3]); // groups 4: 16 inputs and 8 outputs per group
    const model = convNodeModel('ConvTranspose', randomTensor(rng, [1, 64, 20, 20]), w, null, { group: 4 });
    const l = ok(asConvTranspose(importNode(model, 0), 20, 20));
    expect(l).toMatchObject({ slice: { inChannels: 4, outChannels: 4 }, full: { inChannels: 64, outChannels: 32, groups: 4 }, options: { groups: 1 } });
    expect(l.notes.at(-1)).toMatch('(of the first group)');
    expect(Array.from(l.weight.data.subarray(9, 18))).toEqual(Array.from(w.data.subarray(9, 18))); // w[0, 1]
    expect(Array.from(l.weight.data.subarray(36, 45))).toEqual(Array.from(w.data.subarray(8 * 9, 9 * 9))); // w[1, 0]
  });

  it('a slice that is still too big is refused with the numbers and what to do', () => {
    const rng = mulberry32(11);
    const model = convNodeModel('ConvTranspose', randomTensor(rng, [1, 8, 24, 24]), randomTensor(rng, [8, 8, 16, 16]), null, {});
    const r = asConvTranspose(importNode(model, 0), 24, 24);
    expect('error' in r ? r.error : '').toMatch(/is too big to draw, even as a 4 → 4 channel slice: its convolution matrix would have 2,359,296 entries on a 24×24 input \(the explorer draws up to 1,048,576\)\. Make the input smaller\.$/);
  });
});
