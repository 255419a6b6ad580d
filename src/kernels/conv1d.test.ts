/**
 * conv1d / convTranspose1d (the H = 1 view of the 2-D kernels) against hand-worked examples, the independent naive
 * 1-D loops of reference/conv1d.ts on seeded random configurations, PyTorch fixtures (forward and autograd
 * gradients) from scripts/gen_conv1d_fixtures.py, and the refusals of conv1d-params.ts.
 */
import { describe, expect, it } from 'vitest';
import { conv1dBackward, convTranspose1dBackward } from './backward/conv1d.ts';
import { type JsonNumber, loadFixtures, type JsonTensor, toNumbers, toTensor, toVector } from './cases/fixtures.ts';
import { convTranspose1d, conv1d } from './conv1d.ts';
import type { Conv1dOptions, ConvTranspose1dOptions } from './conv1d-params.ts';
import { closeMessage } from './reference/compare.ts';
import { naiveConv1d, naiveConvTranspose1d, type ExplicitConv1d } from './reference/conv1d.ts';
import { Random } from './reference/random.ts';
import { refuses } from './refuses.testing.ts';
import { allCloseMessage, tensor, type Tensor } from './tensor.ts';

const GENERATOR = 'scripts/gen_conv1d_fixtures.py';

describe('conv1d and convTranspose1d: shapes and sums', () => {
  it('conv1d(x, w, null, {padding: 1}) with k3 keeps the length', () => {
    expect(conv1d(tensor([2, 3, 9]), tensor([4, 3, 3]), null, { padding: 1 }).shape).toEqual([2, 4, 9]);
  });
  it('conv1d is a cross-correlation with dilation spreading the taps', () => {
    const y = conv1d(tensor([1, 1, 5], [1, 2, 3, 4, 5]), tensor([1, 1, 2], [1, 10]), Float32Array.of(0.5), { dilation: 2 });
    expect(Array.from(y.data)).toEqual([0.5 + 1 + 30, 0.5 + 2 + 40, 0.5 + 3 + 50]);
  });
  it('conv1d(x, w, null, {padding: [2, 0]}) is a causal convolution', () => {
    const y = conv1d(tensor([1, 1, 3], [1, 2, 3]), tensor([1, 1, 3], [1, 1, 1]), null, { padding: [2, 0] });
    expect(Array.from(y.data)).toEqual([1, 3, 6]);
  });
  it('convTranspose1d(x, w, null, {stride: 2, padding: 1}) with k4 doubles the length', () => {
    expect(convTranspose1d(tensor([1, 8, 7]), tensor([8, 2, 4]), null, { stride: 2, padding: 1 }).shape).toEqual([1, 2, 14]);
  });
  it('convTranspose1d paints one stamp per input sample', () => {
    const y = convTranspose1d(tensor([1, 1, 2], [1, 2]), tensor([1, 1, 2], [1, 10]), null, { stride: 3, outputPadding: 1 });
    expect(Array.from(y.data)).toEqual([1, 10, 0, 2, 20, 0]);
  });
});

interface RandomCase {
  x: Tensor;
  w: Tensor;
  bias: Float32Array | null;
  opts: ConvTranspose1dOptions;
  explicit: ExplicitConv1d;
}

/** A valid random layer; `opts` spells padding as a number or [begin, end] at random. */
function randomCase(rng: Random, transposed: boolean): RandomCase {
  for (;;) {
    const groups = rng.pick([1, 1, 2, 3]);
    const cin = groups * rng.int(1, 3);
    const cout = groups * rng.int(1, 3);
    const n = rng.pick([1, 1, 2, 3]);
    const length = rng.pick([1, 2, 3, 5, 7, 8, 9, 13, 16, 17, 31]);
    const k = rng.int(1, 5);
    const stride = rng.int(1, 3);
    const dilation = rng.int(1, 3);
    const begin = rng.int(0, 3);
    const end = rng.bool(0.6) ? begin : rng.int(0, 3);
    const outputPadding = transposed ? rng.int(0, Math.max(stride, dilation) - 1) : 0;
    const extent = dilation * (k - 1) + 1;
    const outLength = transposed
      ? (length - 1) * stride - begin - end + extent + outputPadding
      : Math.floor((length + begin + end - extent) / stride) + 1;
    if (outLength < 1 || (!transposed && extent > length + begin + end)) continue;
    const explicit: ExplicitConv1d = { stride, padding: [begin, end], dilation, groups, outputPadding };
    const opts: ConvTranspose1dOptions = { stride, dilation, groups, padding: begin === end && rng.bool() ? begin : [begin, end] };
    if (transposed) opts.outputPadding = outputPadding;
    return {
      x: rng.tensor([n, cin, length]),
      w: rng.tensor(transposed ? [cin, cout / groups, k] : [cout, cin / groups, k]),
      bias: rng.bool() ? rng.floats(cout) : null,
      opts,
      explicit,
    };
  }
}

const text = (c: RandomCase): string => `x [${c.x.shape.join(', ')}], w [${c.w.shape.join(', ')}], ${JSON.stringify(c.opts)}`;

describe('conv1d and convTranspose1d match the naive 1-D loops (reference/conv1d.ts)', () => {
  for (const transposed of [false, true]) {
    const name = transposed ? 'convTranspose1d' : 'conv1d';
    it(`${name} on 600 seeded random configurations: stride and dilation 1–3, pads, groups, batch, length 1`, () => {
      const rng = new Random(transposed ? 17011 : 17010);
      const seen = { strided: 0, dilated: 0, groups: 0, asymmetric: 0, batch: 0, length1: 0, outputPadding: 0 };
      for (let i = 0; i < 600; i++) {
        const c = randomCase(rng, transposed);
        const expected = transposed ? naiveConvTranspose1d(c.x, c.w, c.bias, c.explicit) : naiveConv1d(c.x, c.w, c.bias, c.explicit);
        const actual = transposed ? convTranspose1d(c.x, c.w, c.bias, c.opts) : conv1d(c.x, c.w, c.bias, c.opts as Conv1dOptions);
        expect(actual.shape, `case ${i}: ${text(c)}`).toEqual(expected.shape);
        expect(closeMessage(actual.data, expected.data), `case ${i}: ${text(c)}`).toBeNull();
        const e = c.explicit;
        seen.strided += e.stride > 1 ? 1 : 0;
        seen.dilated += e.dilation > 1 ? 1 : 0;
        seen.groups += e.groups > 1 ? 1 : 0;
        seen.asymmetric += e.padding[0] !== e.padding[1] ? 1 : 0;
        seen.batch += c.x.shape[0] > 1 ? 1 : 0;
        seen.length1 += c.x.shape[2] === 1 ? 1 : 0;
        seen.outputPadding += (e.outputPadding ?? 0) > 0 ? 1 : 0;
      }
      for (const [feature, count] of Object.entries(seen)) {
        if (feature !== 'outputPadding' || transposed) expect(count, feature).toBeGreaterThan(20);
      }
    });
  }
});

interface Conv1dFixture {
  name: string;
  opts: ConvTranspose1dOptions;
  input: JsonTensor;
  weight: JsonTensor;
  bias: JsonNumber[] | null;
  expected: JsonTensor;
  gradOutput: JsonTensor;
  gradInput: JsonTensor;
  gradWeight: JsonTensor;
  gradBias: JsonNumber[];
}

for (const [family, forward, backward] of [
  ['conv1d', conv1d, conv1dBackward],
  ['conv-transpose1d', convTranspose1d, convTranspose1dBackward],
] as const) {
  describe(`${family} matches PyTorch, forward and autograd (fixtures from ${GENERATOR})`, () => {
    const file = loadFixtures<Conv1dFixture>(family);
    it('fixture file is present and was made by the generator', () => {
      expect(file.generator).toBe(GENERATOR);
      expect(file.cases.length).toBeGreaterThanOrEqual(10);
    });
    it.each(file.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const x = toTensor(c.input);
      const w = toTensor(c.weight);
      const y = forward(x, w, toVector(c.bias) ?? null, c.opts);
      expect(y.shape).toEqual(c.expected.shape);
      expect(allCloseMessage(y.data, toNumbers(c.expected.data))).toBeNull();
      const g = backward(x, w, toTensor(c.gradOutput), c.opts);
      expect(g.gradInput.shape).toEqual(c.gradInput.shape);
      expect(g.gradWeight.shape).toEqual(c.gradWeight.shape);
      expect(allCloseMessage(g.gradInput.data, toNumbers(c.gradInput.data)), 'gradInput').toBeNull();
      expect(allCloseMessage(g.gradWeight.data, toNumbers(c.gradWeight.data)), 'gradWeight').toBeNull();
      expect(allCloseMessage(g.gradBias, toNumbers(c.gradBias)), 'gradBias').toBeNull();
    });
  });
}

const t = (...shape: number[]) => tensor(shape);
const loose = <T>(v: unknown): T => v as T;

describe('conv1d and convTranspose1d refuse bad layers, naming the parameter', () => {
  it('a 4-D input or a 2-D weight is refused', () => {
    refuses(() => conv1d(t(1, 2, 1, 8), t(3, 2, 3), null), 'input', 'input must be 3-D [N, C, L], got 4-D shape [1, 2, 1, 8]');
    refuses(() => convTranspose1d(t(1, 2, 8), t(2, 3), null), 'weight', 'weight must be 3-D [Cin, Cout/groups, k], got 2-D shape [2, 3]');
    refuses(() => conv1dBackward(t(1, 2, 8), t(3, 2, 3), t(1, 3, 1, 6)), 'gradOutput', 'gradOutput must be 3-D [N, Cout, Lo], got 4-D shape [1, 3, 1, 6]');
    refuses(() => conv1dBackward(t(1, 2, 8), t(3, 2, 3), t(1, 3, 5)), 'gradOutput', 'gradOutput has shape [1, 3, 5] but conv1d produced [1, 3, 6]');
    refuses(() => convTranspose1dBackward(t(1, 2, 8), t(2, 3, 3), t(1, 3, 9)), 'gradOutput', 'gradOutput has shape [1, 3, 9] but convTranspose1d produced [1, 3, 10]');
  });
  it('a weight whose channels do not fit the input is refused', () => {
    refuses(() => conv1d(t(1, 4, 8), t(3, 3, 3), null), 'weight', 'weight expects 3 input channels');
    refuses(() => convTranspose1d(t(1, 4, 8), t(2, 3, 3), null), 'weight', 'weight has 2 input channels');
    refuses(() => conv1d(t(1, 2, 4), t(1, 2, 3), null, { dilation: 3 }), 'weight', 'is larger than the padded input');
  });
  it('speaks of the shapes the caller passed, never of the H = 1 layer it runs as', () => {
    refuses(() => conv1d(t(1, 4, 8), t(3, 3, 3), null), 'weight', 'weight expects 3 input channels (shape [Cout, Cin/groups, k] = [3, 3, 3], groups 1) but the input has 4');
    refuses(() => convTranspose1d(t(1, 4, 8), t(2, 3, 3), null), 'weight', 'weight has 2 input channels (shape [Cin, Cout/groups, k] = [2, 3, 3]) but the input has 4');
    refuses(() => conv1d(t(1, 2, 4), t(1, 2, 3), null, { dilation: 3 }), 'weight', 'kernel (effective size 7 with dilation) is larger than the padded input (4)');
    refuses(() => convTranspose1d(t(1, 1, 1), t(1, 1, 1), null, { padding: 3 }), 'padding',
      'output size -5 is not positive: (L−1)·s − pad_begin − pad_end + d·(k−1) + output_padding + 1 = (1−1)·1 − 3 − 3 + 1·(1−1) + 0 + 1');
    refuses(() => conv1d({ shape: [1, 2, 4], data: new Float32Array(5) }, t(3, 2, 3), null), 'input', 'input data length 5 does not match shape [1, 2, 4] (needs 8)');
    refuses(() => conv1d(t(1, 2, 4), { shape: [3, 2, 3], data: new Float32Array(5) }, null), 'weight', 'weight data length 5 does not match shape [3, 2, 3] (needs 18)');
    refuses(() => conv1d(t(1, 2, 0), t(3, 2, 3), null), 'input', 'invalid input shape [1, 2, 0] (all dimensions must be at least 1)');
  });
  it('pairs and lists are refused where PyTorch\'s 1-d modules take one integer', () => {
    refuses(() => conv1d(t(1, 1, 8), t(1, 1, 3), null, loose({ stride: [2, 2] })), 'stride', 'invalid stride: [2, 2] (a 1-D layer takes a single integer)');
    refuses(() => conv1d(t(1, 1, 8), t(1, 1, 3), null, loose({ dilation: [1] })), 'dilation', 'a 1-D layer takes a single integer');
    refuses(() => conv1d(t(1, 1, 8), t(1, 1, 3), null, loose({ padding: [1, 0, 1, 0] })), 'padding', 'a 1-D layer takes a number or [begin, end]');
    refuses(() => conv1d(t(1, 1, 8), t(1, 1, 3), null, { stride: 0 }), 'stride', 'invalid stride: 0 (must be a positive integer)');
    refuses(() => conv1d(t(1, 1, 8), t(1, 1, 3), null, { padding: [1, -1] }), 'padding', 'invalid padding: [1, -1]');
    refuses(() => conv1d(t(1, 1, 8), t(1, 1, 3), null, loose('p1')), 'options', 'invalid options');
  });
  it('outputPadding must be smaller than stride or dilation', () => {
    refuses(() => convTranspose1d(t(1, 1, 4), t(1, 1, 3), null, { stride: 2, outputPadding: 2 }), 'outputPadding', 'outputPadding (2) must be smaller than stride (2) or dilation (1)');
    refuses(() => convTranspose1d(t(1, 1, 4), t(1, 1, 3), null, { dilation: 2, outputPadding: 2 }), 'outputPadding', 'outputPadding (2) must be smaller than stride (1) or dilation (2)');
    refuses(() => convTranspose1d(t(1, 1, 4), t(1, 1, 3), null, loose({ outputPadding: [1, 1] })), 'outputPadding', 'a 1-D layer takes a single integer');
  });
  it('groups and bias are checked as in 2-D', () => {
    refuses(() => conv1d(t(1, 3, 8), t(2, 1, 3), null, { groups: 2 }), 'groups', 'groups (2) must divide the input channels (3)');
    refuses(() => conv1d(t(1, 2, 8), t(4, 2, 3), new Float32Array(3), null as never), 'options', 'invalid options');
    refuses(() => conv1d(t(1, 2, 8), t(4, 2, 3), new Float32Array(3)), 'bias', 'bias has 3 values but the layer has 4 output channels');
  });
});
