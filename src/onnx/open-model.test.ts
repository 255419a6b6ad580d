import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBatchNormModel, singleNodeModel } from './builder.ts';
import { convAttributesToProto, intAttr } from './attributes.ts';
import { crossCheckLayer, noLayersMessage, openOnnxFile } from './open-model.ts';
import { releaseOrtSessions } from './ort-runner.ts';
import { extractLayer, MAX_ONNX_BYTES } from './reader.ts';
import { encodeModel } from './encode.ts';
import { decodeModel } from './decode.ts';
import { mulberry32, randInt, randomTensor } from './testing/random.ts';

afterAll(releaseOrtSessions);

const shipped = new Uint8Array(readFileSync(join(import.meta.dirname, '..', '..', 'public', 'models', 'dcgan-block.onnx')));

describe('openOnnxFile refuses bad files with a message and never throws anything else', () => {
  it('a truncated file', async () => {
    await expect(openOnnxFile(shipped.subarray(0, 1000), 'cut.onnx')).rejects.toThrow(/^Could not open "cut\.onnx": malformed .*truncated/);
  });

  it('an empty file, a text file, and a protobuf that is not a model', async () => {
    await expect(openOnnxFile(new Uint8Array(), 'empty.onnx')).rejects.toThrow('Could not open "empty.onnx": the file is empty');
    await expect(openOnnxFile(new TextEncoder().encode('{"not": "onnx"}'), 'x.json')).rejects.toThrow(/^Could not open "x\.json": /);
    await expect(openOnnxFile(Uint8Array.of(0x08, 0x07), 'tiny.onnx')).rejects.toThrow('no graph found');
  });

  it('a file over the 50 MB limit is refused before it is read', async () => {
    const huge = { size: MAX_ONNX_BYTES + 1, arrayBuffer: () => { throw new Error('must not be read'); } } as unknown as Blob;
    Object.setPrototypeOf(huge, Blob.prototype);
    await expect(openOnnxFile(huge, 'big.onnx')).rejects.toThrow('Layer Lab opens models up to 50 MB');
  });

  it('random corruptions of a shipped model either open or give "Could not open" (bounded time)', async () => {
    const rng = mulberry32(99);
    const start = performance.now();
    for (let i = 0; i < 500; i++) {
      const bytes = shipped.slice(0, randInt(rng, 1, shipped.length));
      for (let k = randInt(rng, 0, 6); k > 0; k--) bytes[randInt(rng, 0, bytes.length - 1)] = randInt(rng, 0, 255);
      try {
        const { summary, model } = await openOnnxFile(bytes, 'c.onnx');
        for (const l of summary.layers) {
          try {
            extractLayer(model, l.index);
          } catch (err) {
            expect((err as Error).message).toMatch(/cannot be opened: /);
          }
        }
      } catch (err) {
        expect((err as Error).message).toMatch(/^Could not open "c\.onnx": /);
      }
    }
    expect(performance.now() - start).toBeLessThan(20_000);
  });
});

describe('nodes that cannot be opened say why', () => {
  const model = (attrs = convAttributesToProto({ strides: [2, 2] }), storage: 'inputs' | 'initializers' = 'initializers') =>
    decodeModel(singleNodeModel('ConvTranspose', attrs, [
      { name: 'X', tensor: randomTensor(mulberry32(1), [1, 2, 3, 3]), isData: true },
      { name: 'W', tensor: randomTensor(mulberry32(2), [2, 3, 3, 3]) },
    ], ['Y'], storage).bytes);

  it('weights that are graph inputs are named as such, and open with seeded weights when asked', () => {
    const open = model(undefined, 'inputs'); // the builder declares W with symbolic dims
    expect(() => extractLayer(open, 0)).toThrow('its parameter "W" is a graph input whose shape the file leaves open');
    const m = model(undefined, 'inputs');
    m.graph.inputs.find((v) => v.name === 'W')!.shape = [2, 3, 3, 3];
    expect(() => extractLayer(m, 0)).toThrow('"W" is a graph input: its values come with the test data, not the model. Open it with seeded weights instead.');
    const layer = extractLayer(m, 0, [1, 2, 3, 3], { seedGraphInputs: true });
    expect(layer).toMatchObject({ op: 'ConvTranspose', seeded: ['W'], inputShape: [1, 2, 3, 3] });
    const again = extractLayer(m, 0, [1, 2, 3, 3], { seedGraphInputs: true });
    expect(again.op === 'ConvTranspose' && Array.from(again.weight.data)).toEqual(layer.op === 'ConvTranspose' && Array.from(layer.weight.data));
    // Uniform in ±1/√fan_in (fan_in = Cout/groups · kH · kW = 27 for a [2, 3, 3, 3] ConvTranspose weight).
    expect(layer.op === 'ConvTranspose' && Math.max(...layer.weight.data.map(Math.abs))).toBeLessThanOrEqual(1 / Math.sqrt(27));
  });

  it('a BatchNormalization whose parameters are all graph inputs takes its channel count from the data and agrees with ORT', async () => {
    const rng = mulberry32(7);
    const x = randomTensor(rng, [2, 3, 4, 4]);
    const c = () => new Float32Array(3).fill(1);
    const m = decodeModel(buildBatchNormModel(x, { training: false, eps: 1e-5, runningMean: c(), runningVar: c() }, 'inputs').bytes);
    m.graph.inputs[0] = { ...m.graph.inputs[0], shape: [2, 3, 4, 4] }; // parameters keep the builder's symbolic dims
    const layer = extractLayer(m, 0, undefined, { seedGraphInputs: true });
    expect(layer).toMatchObject({ op: 'BatchNormalization', inputShape: [2, 3, 4, 4], seeded: m.graph.nodes[0].inputs.slice(1) });
    if (layer.op !== 'BatchNormalization') return;
    expect(Math.min(...layer.options.runningVar!)).toBeGreaterThanOrEqual(0.5);
    expect(await crossCheckLayer(m, layer, x)).toMatchObject({ kind: 'compared', ok: true });
  });

  it('a parameter computed from the data at run time is refused, naming the op that computes it', () => {
    const m = decodeModel(encodeModel({
      irVersion: 8, producerName: '', producerVersion: '', opsetImports: [{ domain: '', version: 17 }],
      graph: {
        name: 'g', initializers: [], valueInfo: [], outputs: [{ name: 'y', elemType: 1 }],
        inputs: [{ name: 'x', elemType: 1, shape: [1, 1, 4, 4] }, { name: 'w0', elemType: 1, shape: [1, 1, 3, 3] }],
        nodes: [
          { name: '', opType: 'Relu', domain: '', inputs: ['w0'], outputs: ['w'], attributes: [] },
          { name: 'c', opType: 'Conv', domain: '', inputs: ['x', 'w'], outputs: ['y'], attributes: [] },
        ],
      },
    }));
    expect(() => extractLayer(m, 1)).toThrow('c cannot be opened: its parameter "w" is computed by the graph at run time (by a Relu node), not stored in the file');
  });

  it('parameters PyTorch cannot have (output_padding ≥ stride and dilation) give params.ts\'s message', () => {
    expect(() => extractLayer(model(convAttributesToProto({ strides: [2, 2], output_padding: [2, 0] })), 0))
      .toThrow('convtranspose cannot be opened: outputPadding (2) must be smaller than stride (2) or dilation (1)');
  });

  it('a model without layers gets a sentence listing what it has', () => {
    const m = encodeModel({
      irVersion: 8, producerName: '', producerVersion: '', opsetImports: [{ domain: '', version: 17 }],
      graph: { name: 'g', nodes: [{ name: '', opType: 'Relu', domain: '', inputs: ['x'], outputs: ['y'], attributes: [] }], initializers: [], inputs: [], outputs: [], valueInfo: [] },
    });
    return openOnnxFile(m).then(({ summary }) => expect(noLayersMessage(summary)).toBe('This model has no ConvTranspose, Conv or BatchNormalization node (it has Relu).'));
  });

  it('auto_pad nodes: ORT reads the file\'s attributes and agrees with our mapping', async () => {
    const m = model([...convAttributesToProto({ strides: [2, 2] }), { name: 'auto_pad', type: 3, s: new TextEncoder().encode('SAME_LOWER') }, intAttr('group', 1)]);
    const layer = extractLayer(m, 0, [1, 2, 3, 3]);
    expect(layer.op === 'ConvTranspose' && layer.options.padding).toEqual([1, 1, 0, 0]);
    const result = await crossCheckLayer(m, layer, randomTensor(mulberry32(3), [1, 2, 3, 3]));
    expect(result).toMatchObject({ kind: 'compared', ok: true });
  });

  it('where ORT departs from the spec the check runs on explicit padding and says so', async () => {
    // in 2, k 3, s 4: the spec asks for 8 outputs, ORT clamps and gives (2−1)·4 + 3 = 7.
    const m = model([...convAttributesToProto({ strides: [4, 4] }), { name: 'auto_pad', type: 3, s: new TextEncoder().encode('SAME_UPPER') }]);
    const layer = extractLayer(m, 0, [1, 2, 2, 2]);
    expect(layer.ortLimitation).toMatch('clamps the padding at 0 and returns 7');
    const result = await crossCheckLayer(m, layer, randomTensor(mulberry32(4), [1, 2, 2, 2]));
    expect(result).toMatchObject({ kind: 'compared', ok: true });
    expect(result.kind === 'compared' && result.note).toMatch(/^Compared with explicit padding, because ONNX Runtime does not follow the spec/);
  });
});
