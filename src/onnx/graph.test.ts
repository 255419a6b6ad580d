/**
 * graph.ts on graphs written here: constant folding (constants.ts) and shape propagation (shape-inference.ts), each
 * rule against the ONNX operator spec's formula worked by hand in the test, and the cost of a 2,000-node model.
 */
import { describe, expect, it } from 'vitest';
import { floatAttr, intAttr, intsAttr, stringAttr } from './attributes.ts';
import { decodeModel } from './decode.ts';
import { encodeModel } from './encode.ts';
import { analysisStats, graphFacts } from './graph.ts';
import { AttributeType, DataType, type Dim, type ModelProto, type NodeProto, type TensorProto, type ValueInfoProto } from './proto.ts';
import { extractLayer, readOnnxModel } from './reader.ts';
import { float32TensorProto, int64TensorProto, tensorProtoToFloat32, tensorProtoToInts } from './tensor-proto.ts';

const node = (opType: string, inputs: string[], outputs: string[], attributes: NodeProto['attributes'] = []): NodeProto =>
  ({ name: '', opType, domain: '', inputs, outputs, attributes });
const input = (name: string, shape: Dim[]): ValueInfoProto => ({ name, elemType: DataType.FLOAT, shape });
const f32 = (name: string, dims: number[], values: number[]) => float32TensorProto(name, dims, Float32Array.from(values));
const constant = (out: string, t: TensorProto): NodeProto => node('Constant', [], [out], [{ name: 'value', type: AttributeType.TENSOR, t }]);

/** A model as a file would hold it (encoded and decoded again, so nothing here is shared with the writer's objects). */
function model(nodes: NodeProto[], inputs: ValueInfoProto[] = [], initializers: TensorProto[] = [], opset = 17): ModelProto {
  return decodeModel(encodeModel({
    irVersion: 8, producerName: 'test', producerVersion: '', opsetImports: [{ domain: '', version: opset }],
    graph: { name: 'g', nodes, initializers, inputs, outputs: [], valueInfo: [] },
  }));
}

describe('constants: what exporters write around parameters folds exactly', () => {
  it('Identity, Cast, Reshape, Unsqueeze, Squeeze and Flatten of an initializer are the same values', () => {
    const w = f32('w', [2, 3], [1, 2, 3, 4, 5, 6]);
    const m = model([
      node('Identity', ['w'], ['a']),
      node('Cast', ['a'], ['b'], [intAttr('to', DataType.FLOAT)]),
      constant('shape', int64TensorProto('shape', [3], [3, 1, -1])),
      node('Reshape', ['b', 'shape'], ['c']),
      node('Squeeze', ['c'], ['d'], [intsAttr('axes', [1])]),
      node('Unsqueeze', ['d'], ['e'], [intsAttr('axes', [0])]),
      node('Flatten', ['e'], ['f'], [intAttr('axis', 2)]),
    ], [], [w], 11);
    const { constants } = graphFacts(m);
    expect(['a', 'b', 'c', 'd', 'e', 'f'].map((n) => constants.get(n)!.dims)).toEqual([[2, 3], [2, 3], [3, 1, 2], [3, 2], [1, 3, 2], [3, 2]]);
    expect(Array.from(tensorProtoToFloat32(constants.get('f')!))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('Mul / Add / Sub / Div / Sqrt of constants round once to float32, with broadcasting', () => {
    const m = model([
      constant('a', f32('a', [2, 1], [0.1, 0.2])),
      constant('b', f32('b', [3], [3, 7, 11])),
      node('Mul', ['a', 'b'], ['ab']),
      node('Add', ['ab', 'b'], ['s']),
      node('Div', ['s', 'b'], ['q']),
      node('Sub', ['q', 'a'], ['d']),
      node('Sqrt', ['b'], ['r']),
    ]);
    const { constants } = graphFacts(m);
    const a = [Math.fround(0.1), Math.fround(0.2)];
    const b = [3, 7, 11];
    const ab = a.flatMap((x) => b.map((y) => Math.fround(x * y)));
    expect(constants.get('ab')!.dims).toEqual([2, 3]);
    expect(Array.from(tensorProtoToFloat32(constants.get('ab')!))).toEqual(ab);
    const s = ab.map((v, i) => Math.fround(v + b[i % 3]));
    const q = s.map((v, i) => Math.fround(v / b[i % 3]));
    expect(Array.from(tensorProtoToFloat32(constants.get('d')!))).toEqual(q.map((v, i) => Math.fround(v - a[Math.floor(i / 3)])));
    expect(Array.from(tensorProtoToFloat32(constants.get('r')!))).toEqual(b.map((v) => Math.fround(Math.sqrt(v))));
  });

  it('a shape computed from a known input shape (Shape → Gather → Unsqueeze → Concat) folds, and feeds Reshape', () => {
    const m = model([
      node('Shape', ['x'], ['s']),
      constant('i0', int64TensorProto('i0', [], [0])),
      node('Gather', ['s', 'i0'], ['n'], [intAttr('axis', 0)]),
      constant('ax', int64TensorProto('ax', [1], [0])),
      node('Unsqueeze', ['n', 'ax'], ['n1']),
      constant('m1', int64TensorProto('m1', [1], [-1])),
      node('Concat', ['n1', 'm1'], ['target'], [intAttr('axis', 0)]),
      node('Reshape', ['x', 'target'], ['y']),
    ], [input('x', [2, 3, 4, 5])]);
    const facts = graphFacts(m);
    expect(tensorProtoToInts(facts.constants.get('target')!)).toEqual([2, -1]);
    expect(facts.shapes.get('y')).toEqual([2, 60]);
    expect(facts.constants.has('y')).toBe(false);
  });

  it('does not fold what is not exact or not constant: Pow, Exp, anything fed by the data', () => {
    const m = model([
      constant('a', f32('a', [1], [2])),
      node('Pow', ['a', 'a'], ['p']),
      node('Exp', ['a'], ['e']),
      node('Mul', ['x', 'a'], ['xa']),
    ], [input('x', [1])]);
    const { constants } = graphFacts(m);
    expect(['p', 'e', 'xa'].map((n) => constants.has(n))).toEqual([false, false, false]);
  });

  it('a malformed constant subgraph leaves its outputs unknown instead of throwing', () => {
    const m = model([
      constant('a', f32('a', [2], [1, 2])),
      constant('b', f32('b', [3], [1, 2, 3])),
      node('Add', ['a', 'b'], ['bad']),
      constant('shape', int64TensorProto('shape', [1], [5])),
      node('Reshape', ['a', 'shape'], ['bad2']),
    ]);
    const facts = graphFacts(m);
    expect([facts.constants.has('bad'), facts.constants.has('bad2'), facts.shapes.has('bad')]).toEqual([false, false, false]);
  });
});

describe('shape propagation through the common ops', () => {
  const shapesOf = (nodes: NodeProto[], inputs: ValueInfoProto[], initializers: TensorProto[] = [], opset = 17) =>
    graphFacts(model(nodes, inputs, initializers, opset)).shapes;

  it('Conv and pools by the spec formula, including ceil_mode, dilation and SAME_UPPER', () => {
    const w = f32('w', [6, 3, 3, 3], new Array(162).fill(0));
    const s = shapesOf([
      node('Conv', ['x', 'w'], ['c'], [intsAttr('strides', [2, 2]), intsAttr('pads', [1, 1, 1, 1])]),
      // floor((17 + 2 − 3)/2) + 1 = 9 along H; floor((15 + 2 − 3)/2) + 1 = 8 along W
      node('MaxPool', ['c'], ['p'], [intsAttr('kernel_shape', [2, 2]), intsAttr('strides', [2, 2]), intAttr('ceil_mode', 1)]),
      // ceil((9 − 2)/2) + 1 = 5, ceil((8 − 2)/2) + 1 = 4
      node('AveragePool', ['p'], ['a'], [intsAttr('kernel_shape', [3, 3]), stringAttr('auto_pad', 'SAME_UPPER'), intsAttr('strides', [2, 2])]),
      // ceil(5/2) = 3, ceil(4/2) = 2
      node('MaxPool', ['c'], ['d'], [intsAttr('kernel_shape', [2, 2]), intsAttr('dilations', [2, 2])]),
      // 9 − 2·1 − 1 + 1 = 7, 8 − 2 = 6
      node('GlobalAveragePool', ['a'], ['g']),
    ], [input('x', [1, 3, 17, 15])], [w]);
    expect([s.get('c'), s.get('p'), s.get('a'), s.get('d'), s.get('g')]).toEqual([[1, 6, 9, 8], [1, 6, 5, 4], [1, 6, 3, 2], [1, 6, 7, 6], [1, 6, 1, 1]]);
  });

  it('ceil_mode drops a last window that would start in the padding (PyTorch and ORT)', () => {
    // H: ceil((4 + 2 − 2)/2) + 1 = 3; the last window starts at (3 − 1)·2 = 4 < 4 + 1, so it stays: 3.
    // W: ceil((5 + 2 − 2)/2) + 1 = 4; the last window would start at (4 − 1)·2 = 6 ≥ 5 + 1, in the padding: 3.
    const s = shapesOf([
      node('MaxPool', ['x'], ['p'], [intsAttr('kernel_shape', [2, 2]), intsAttr('strides', [2, 2]), intsAttr('pads', [1, 1, 1, 1]), intAttr('ceil_mode', 1)]),
    ], [input('x', [1, 1, 4, 5])]);
    expect(s.get('p')).toEqual([1, 1, 3, 3]);
  });

  it('Add / Mul broadcast; Concat adds along its axis; Split divides; Pad and Resize grow', () => {
    const s = shapesOf([
      node('Add', ['x', 'bias'], ['a']),
      node('Mul', ['a', 'y'], ['m']),
      node('Concat', ['m', 'm'], ['c'], [intAttr('axis', 1)]),
      constant('split', int64TensorProto('split', [2], [2, 6])),
      node('Split', ['c', 'split'], ['s0', 's1'], [intAttr('axis', 1)]),
      node('Split', ['c'], ['e0', 'e1'], [intAttr('axis', 1)]),
      constant('pads', int64TensorProto('pads', [8], [0, 0, 1, 2, 0, 0, 3, 4])),
      node('Pad', ['m', 'pads'], ['padded']),
      constant('scales', f32('scales', [4], [1, 1, 2, 1.5])),
      node('Resize', ['m', '', 'scales'], ['r'], [stringAttr('mode', 'nearest')]),
      constant('sizes', int64TensorProto('sizes', [4], [1, 4, 9, 9])),
      node('Resize', ['m', '', '', 'sizes'], ['rs']),
    ], [input('x', [1, 4, 5, 5]), input('bias', [4, 1, 1]), input('y', [5])]);
    expect(s.get('m')).toEqual([1, 4, 5, 5]);
    expect(s.get('c')).toEqual([1, 8, 5, 5]);
    expect([s.get('s0'), s.get('s1'), s.get('e0'), s.get('e1')]).toEqual([[1, 2, 5, 5], [1, 6, 5, 5], [1, 4, 5, 5], [1, 4, 5, 5]]);
    expect(s.get('padded')).toEqual([1, 4, 9, 11]);
    expect(s.get('r')).toEqual([1, 4, 10, 7]);
    expect(s.get('rs')).toEqual([1, 4, 9, 9]);
  });

  it('Upsample at opset 7 (scales attribute) and 9 (scales input); Pad at opset 2 (pads attribute)', () => {
    expect(shapesOf([node('Upsample', ['x'], ['u'], [{ name: 'scales', type: AttributeType.FLOATS, floats: [1, 1, 2, 3] }])], [input('x', [1, 2, 3, 3])], [], 7).get('u'))
      .toEqual([1, 2, 6, 9]);
    expect(shapesOf([constant('sc', f32('sc', [4], [1, 1, 2, 2])), node('Upsample', ['x', 'sc'], ['u'])], [input('x', [1, 2, 3, 3])], [], 9).get('u'))
      .toEqual([1, 2, 6, 6]);
    expect(shapesOf([node('Pad', ['x'], ['p'], [intsAttr('pads', [0, 0, 1, 1, 0, 0, 1, 1])])], [input('x', [1, 2, 3, 3])], [], 2).get('p'))
      .toEqual([1, 2, 5, 5]);
  });

  it('Reshape, Flatten, Transpose, Gemm and MatMul heads', () => {
    const s = shapesOf([
      node('Flatten', ['x'], ['f']),
      node('Gemm', ['f', 'w'], ['g'], [intAttr('transB', 1)]),
      node('Transpose', ['x'], ['t'], [intsAttr('perm', [0, 2, 3, 1])]),
      constant('shape', int64TensorProto('shape', [3], [0, -1, 4])),
      node('Reshape', ['t', 'shape'], ['r']),
      node('MatMul', ['r', 'm'], ['mm']),
    ], [input('x', [2, 4, 3, 3]), input('w', [10, 36]), input('m', [4, 7])]);
    expect([s.get('f'), s.get('g'), s.get('t'), s.get('r'), s.get('mm')]).toEqual([[2, 36], [2, 10], [2, 3, 3, 4], [2, 9, 4], [2, 9, 7]]);
  });

  it('a symbolic batch passes through and stays open; fixed sizes stay known', () => {
    const w = f32('w', [4, 3, 3, 3], new Array(108).fill(0));
    const s = shapesOf([
      node('Conv', ['x', 'w'], ['c'], [intsAttr('pads', [1, 1, 1, 1])]),
      node('Relu', ['c'], ['r']),
      node('Flatten', ['r'], ['f']),
    ], [input('x', ['batch_size', 3, 8, 8])], [w]);
    expect(s.get('c')).toEqual(['batch_size', 4, 8, 8]);
    expect(s.get('f')).toEqual([null, 256]);
  });

  it('Expand broadcasts to a constant shape; Tile multiplies by its repeats', () => {
    const s = shapesOf([
      constant('shape', int64TensorProto('shape', [4], [2, 1, 3, 1])),
      node('Expand', ['x', 'shape'], ['e']),
      constant('reps', int64TensorProto('reps', [4], [1, 2, 1, 3])),
      node('Tile', ['e', 'reps'], ['t']),
    ], [input('x', ['n', 4, 1, 5])]);
    expect(s.get('e')).toEqual([2, 4, 3, 5]);
    expect(s.get('t')).toEqual([2, 8, 3, 15]);
  });

  it('opset 6 Add with broadcast = 1 and axis (legacy broadcasting) keeps A\'s shape', () => {
    const s = shapesOf([node('Add', ['x', 'b'], ['y'], [intAttr('broadcast', 1), intAttr('axis', 1)])], [input('x', [1, 4, 8, 8]), input('b', [4])], [], 6);
    expect(s.get('y')).toEqual([1, 4, 8, 8]);
  });

  it('Squeeze with axes computed at run time leaves the shape unknown rather than guessing', () => {
    const s = shapesOf([node('Shape', ['y'], ['axes']), node('Squeeze', ['x', 'axes'], ['q'])], [input('x', [1, 3, 1, 5]), input('y', ['n'])]);
    expect(s.has('q')).toBe(false);
  });

  it('a truly unknown size is not invented: no declared input shape, no output shape', () => {
    const w = f32('w', [4, 3, 3, 3], new Array(108).fill(0));
    const m = model([node('Conv', ['x', 'w'], ['c'])], [{ name: 'x', elemType: 1 }], [w]);
    const { summary } = readOnnxModel(encodeModel(m));
    expect(summary.layers[0]).toMatchObject({ inputShape: null, inputDims: null, outputDims: null, problem: null });
    expect(extractLayer(m, 0).inputShape).toEqual([1, 3, 8, 8]);
  });
});

describe('one analysis per model', () => {
  /** A chain of `n` small Conv nodes (1 channel, 3×3, padding 1) on 1×1×6×6, each with its own weight. */
  function chain(n: number): Uint8Array {
    const nodes: NodeProto[] = [];
    const initializers: TensorProto[] = [];
    for (let i = 0; i < n; i++) {
      initializers.push(f32(`w${i}`, [1, 1, 3, 3], new Array(9).fill(1 / 9)));
      nodes.push({ ...node('Conv', [i === 0 ? 'x' : `y${i - 1}`, `w${i}`], [`y${i}`], [intsAttr('pads', [1, 1, 1, 1])]), name: `conv${i}` });
    }
    return encodeModel({
      irVersion: 8, producerName: 'test', producerVersion: '', opsetImports: [{ domain: '', version: 17 }],
      graph: { name: 'g', nodes, initializers, inputs: [input('x', [1, 1, 6, 6])], outputs: [], valueInfo: [] },
    });
  }

  it('2,000 Conv nodes: listed and every node extracted with one shape propagation, every size known', () => {
    const bytes = chain(2000);
    const before = analysisStats.passes;
    const { model: m, summary } = readOnnxModel(bytes);
    expect(summary.layers).toHaveLength(2000);
    for (const l of summary.layers) {
      expect(l.outputShape).toEqual([1, 1, 6, 6]);
      expect(extractLayer(m, l.index).inputShape).toEqual([1, 1, 6, 6]);
    }
    expect(analysisStats.passes - before).toBe(1);
  });
});

describe('text from the file is bounded', () => {
  it('a Conv with 3,000,000 dilations: its attribute text and its message stay short', () => {
    const m = model([{ ...node('Conv', ['x', 'w'], ['y'], [intsAttr('dilations', new Array(3_000_000).fill(1))]), name: 'n'.repeat(10_000) }],
      [input('x', [1, 1, 4, 4])], [f32('w', [1, 1, 3, 3], new Array(9).fill(0))]);
    const { summary } = readOnnxModel(encodeModel(m));
    const l = summary.layers[0];
    expect(l.attributes.dilations).toBe('[1, 1, 1, 1, 1, 1, 1, 1, …] (3,000,000 values)');
    expect(l.label.length).toBeLessThanOrEqual(200);
    expect(() => extractLayer(m, 0)).toThrow(/cannot be opened: dilations has 3000000 entries \[1, 1, 1, 1, 1, 1, 1, 1, …\] \(3,000,000 values\); only 2-D layers/);
    try {
      extractLayer(m, 0);
    } catch (err) {
      expect((err as Error).message.length).toBeLessThan(700);
    }
  });

  it('control and bidi characters in names are dropped; a long name ends with "…"', () => {
    const m = model([{ ...node('Conv', ['x', 'w'], ['y']), name: `a\u202Eb\u0007c${'x'.repeat(300)}` }],
      [input('x', [1, 1, 4, 4])], [f32('w', [1, 1, 3, 3], new Array(9).fill(0))]);
    const label = readOnnxModel(encodeModel(m)).summary.layers[0].label;
    expect(label.startsWith('abcx')).toBe(true);
    expect(label).toHaveLength(200);
    expect(label.endsWith('…')).toBe(true);
  });
});

describe('older files: every opset is read', () => {
  /** PyTorch's own opset-6 test files: IR 3, initializers also listed as graph inputs, BN with is_test / spatial. */
  function legacy(opset: number, bnAttrs: NodeProto['attributes'], bnOutputs = ['y']): ModelProto {
    const c = 2;
    const params = [f32('scale', [c], [1.5, 0.5]), f32('b', [c], [0.1, -0.2]), f32('mean', [c], [0.3, -0.1]), f32('var', [c], [0.8, 1.2])];
    const w = f32('w', [c, 1, 3, 3], Array.from({ length: 18 }, (_, i) => (i % 5) / 5 - 0.4));
    return decodeModel(encodeModel({
      irVersion: 3, producerName: 'pytorch', producerVersion: '0.3', opsetImports: [{ domain: '', version: opset }],
      graph: {
        name: 'g', initializers: [w, ...params], outputs: [], valueInfo: [],
        inputs: [input('x', [2, 1, 5, 5]), ...[w, ...params].map((t) => input(t.name, t.dims))],
        nodes: [
          node('Conv', ['x', 'w'], ['h'], [intsAttr('kernel_shape', [3, 3]), intsAttr('pads', [1, 1, 1, 1])]),
          node('BatchNormalization', ['h', 'scale', 'b', 'mean', 'var'], bnOutputs, bnAttrs),
        ],
      },
    }));
  }

  it('opset 6 with is_test = 1: inference; initializers listed as inputs are still stored parameters; ORT agrees', async () => {
    const m = legacy(6, [intAttr('is_test', 1), intAttr('spatial', 1), floatAttr('epsilon', 1e-3), intsAttr('consumed_inputs', [0, 0, 0, 1, 1])]);
    const { summary } = readOnnxModel(encodeModel(m));
    expect(summary.opset).toBe(6);
    expect(summary.layers.map((l) => [l.opType, l.problem, l.training, l.inputShape])).toEqual([
      ['Conv', null, null, [2, 1, 5, 5]], ['BatchNormalization', null, false, [2, 2, 5, 5]],
    ]);
    expect(summary.layers[1].inputs.slice(1).every((p) => p.constant && !p.graphInput)).toBe(true);
    const { crossCheckLayer } = await import('./open-model.ts');
    const { randomTensor, mulberry32 } = await import('./testing/random.ts');
    for (const l of summary.layers) {
      const layer = extractLayer(m, l.index);
      expect(await crossCheckLayer(m, layer, randomTensor(mulberry32(l.index + 1), layer.inputShape))).toMatchObject({ kind: 'compared', ok: true });
    }
  });

  it('BatchNormalization\'s mode per the spec of each opset', () => {
    const training = (opset: number, attrs: NodeProto['attributes'], outputs?: string[]) =>
      readOnnxModel(encodeModel(legacy(opset, attrs, outputs))).summary.layers[1].training;
    expect(training(6, [])).toBe(true); // is_test defaults to 0: training
    expect(training(6, [intAttr('is_test', 0)])).toBe(true);
    expect(training(7, [], ['y', 'rm', 'rv', 'sm', 'sv'])).toBe(true);
    expect(training(9, [], ['y'])).toBe(false);
    expect(training(13, [], ['y', 'rm', 'rv', 'sm', 'sv'])).toBe(true);
    expect(training(14, [], ['y', 'rm', 'rv'])).toBe(false); // from 14 only training_mode counts
    expect(training(15, [intAttr('training_mode', 1)], ['y', 'rm', 'rv'])).toBe(true);
  });

  it('BatchNorm1d on [N, C] (after a Linear layer) opens as [N, C, 1, 1] and agrees with ONNX Runtime at rank 2', async () => {
    const params = [f32('s', [3], [1.5, 0.5, 1]), f32('b', [3], [0.1, -0.2, 0]), f32('m', [3], [0.3, -0.1, 0]), f32('v', [3], [0.8, 1.2, 1])];
    const m = model([node('BatchNormalization', ['x', 's', 'b', 'm', 'v'], ['y'])], [input('x', [4, 3])], params, 15);
    const { summary } = readOnnxModel(encodeModel(m));
    expect(summary.layers[0]).toMatchObject({ spatialRank: 1, inputShape: [4, 3], outputShape: [4, 3], problem: null, training: false });
    const layer = extractLayer(m, 0);
    expect(layer).toMatchObject({ fileRank: 2, inputShape: [4, 3, 1, 1] });
    const { crossCheckLayer } = await import('./open-model.ts');
    const { randomTensor, mulberry32 } = await import('./testing/random.ts');
    expect(await crossCheckLayer(m, layer, randomTensor(mulberry32(9), layer.inputShape))).toMatchObject({ kind: 'compared', ok: true });
  });

  it('spatial = 0 (per-activation statistics) is refused with the reason', () => {
    const m = legacy(7, [intAttr('spatial', 0)]);
    expect(() => extractLayer(m, 1)).toThrow('spatial = 0 (per-activation statistics, opset < 9) is not BatchNorm2d');
  });
});
