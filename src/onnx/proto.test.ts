import { describe, expect, it } from 'vitest';
import { decodeModel, decodeTensor } from './decode.ts';
import { encodeModel } from './encode.ts';
import { AttributeType, DataType, type ModelProto } from './proto.ts';
import { float32TensorProto, int64TensorProto, tensorProtoToFloat32, tensorProtoToInts } from './tensor-proto.ts';
import { OnnxFormatError, ProtoReader, ProtoWriter } from './wire.ts';
import { buildConvTransposeModel } from './builder.ts';
import { mulberry32, randInt, randomTensor } from './testing/random.ts';

const bytesOf = (w: ProtoWriter) => Array.from(w.finish());

describe('protobuf wire format', () => {
  it('writes varints as the protobuf docs show (150 → 96 01, −1 → ten bytes)', () => {
    expect(bytesOf(new ProtoWriter().varint(150))).toEqual([0x96, 0x01]);
    expect(bytesOf(new ProtoWriter().varint(-1))).toEqual([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
    expect(bytesOf(new ProtoWriter().tag(1, 0).varint(150))).toEqual([0x08, 0x96, 0x01]);
  });

  it('reads back every safe int64, positive and negative', () => {
    const values = [0, 1, 127, 128, 300, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 35 + 7, 2 ** 53 - 1, -1, -2, -(2 ** 31), -(2 ** 40) - 3, -(2 ** 53 - 1)];
    const w = new ProtoWriter();
    for (const v of values) w.varint(v);
    const r = new ProtoReader(w.finish(), 'test');
    expect(values.map(() => r.varint())).toEqual(values);
    expect(r.done).toBe(true);
  });

  it('refuses truncated, over-long and over-size input with a message, never reading past the end', () => {
    expect(() => new ProtoReader(Uint8Array.of(0x96), 'test').varint()).toThrow('truncated varint');
    expect(() => new ProtoReader(new Uint8Array(11).fill(0x80), 'test').varint()).toThrow('longer than 10 bytes');
    expect(() => new ProtoReader(Uint8Array.of(0x0a, 0x05, 1, 2), 'test').next()).toThrow('field needs 5 bytes but only 2 remain');
    expect(() => new ProtoReader(Uint8Array.of(0x0b), 'test').next()).toThrow('unsupported wire type 3');
    // 2^63 does not fit a JS number exactly.
    expect(() => new ProtoReader(Uint8Array.of(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01), 'test').varint())
      .toThrow(OnnxFormatError);
  });
});

function sampleModel(): ModelProto {
  return {
    irVersion: 8, producerName: 'test', producerVersion: '0.1',
    opsetImports: [{ domain: '', version: 17 }, { domain: 'com.microsoft', version: 1 }],
    graph: {
      name: 'g',
      nodes: [{
        name: 'n0', opType: 'ConvTranspose', domain: '', inputs: ['X', 'W', ''], outputs: ['Y'],
        attributes: [
          { name: 'strides', type: AttributeType.INTS, ints: [2, -3] },
          { name: 'group', type: AttributeType.INT, i: 1 },
          { name: 'alpha', type: AttributeType.FLOAT, f: Math.fround(0.1) },
          { name: 'auto_pad', type: AttributeType.STRING, s: new TextEncoder().encode('SAME_UPPER') },
          { name: 'fs', type: AttributeType.FLOATS, floats: [1.5, -2] },
          { name: 'ss', type: AttributeType.STRINGS, strings: [new TextEncoder().encode('a'), new TextEncoder().encode('')] },
          { name: 't', type: AttributeType.TENSOR, t: float32TensorProto('c', [2], Float32Array.of(1, 2)) },
        ],
      }],
      initializers: [
        float32TensorProto('W', [1, 2, 2, 1], Float32Array.of(1, -2, 3.5, 1e-8)),
        { name: 'F', dims: [3], dataType: DataType.FLOAT, floatData: [1, 2, 3] },
        int64TensorProto('I', [2], [-5, 2 ** 40]),
        { name: 'D', dims: [2], dataType: DataType.DOUBLE, doubleData: [0.1, -1e300] },
      ],
      inputs: [{ name: 'X', elemType: DataType.FLOAT, shape: [1, 'C', null, 8] }],
      outputs: [{ name: 'Y', elemType: DataType.FLOAT }],
      valueInfo: [{ name: 'Z' }],
    },
  };
}

describe('ModelProto encode ⇄ decode', () => {
  it('round-trips every field of the subset', () => {
    const model = sampleModel();
    const decoded = decodeModel(encodeModel(model));
    expect(decoded).toEqual(model);
    expect(Array.from(tensorProtoToFloat32(decoded.graph.initializers[0]))).toEqual(Array.from(Float32Array.of(1, -2, 3.5, 1e-8)));
    expect(Array.from(tensorProtoToFloat32(decoded.graph.initializers[1]))).toEqual([1, 2, 3]);
    expect(tensorProtoToInts(decoded.graph.initializers[2])).toEqual([-5, 2 ** 40]);
    expect(tensorProtoToFloat32(decoded.graph.initializers[3])[1]).toBe(-Infinity); // narrowed to float32
  });

  it('accepts packed and unpacked repeated fields alike (proto2 and proto3 writers differ)', () => {
    const w = new ProtoWriter();
    w.packedVarints(1, [2, 3]).int64Field(1, 4).int64Field(2, DataType.FLOAT);
    expect(decodeTensor(w.finish()).dims).toEqual([2, 3, 4]);
  });

  it('skips fields it does not know (forward compatibility)', () => {
    const inner = encodeModel(sampleModel());
    const w = new ProtoWriter();
    w.stringField(99, 'future field').int64Field(98, 7).floatField(97, 1);
    const withUnknown = new Uint8Array(inner.length + w.finish().length);
    withUnknown.set(inner);
    withUnknown.set(w.finish(), inner.length);
    expect(decodeModel(withUnknown)).toEqual(sampleModel());
  });

  it('reads float16 weights stored in raw_data and in int32_data', () => {
    const raw = new Uint8Array([0x00, 0x3c, 0x00, 0xc0, 0x00, 0x7c, 0x01, 0x00]); // 1, −2, +Inf, 2^−24
    const fromRaw = tensorProtoToFloat32({ name: 'h', dims: [4], dataType: DataType.FLOAT16, rawData: raw });
    expect(Array.from(fromRaw)).toEqual([1, -2, Infinity, 2 ** -24]);
    const fromInts = tensorProtoToFloat32({ name: 'h', dims: [2], dataType: DataType.FLOAT16, int32Data: [0x3c00, 0x3800] });
    expect(Array.from(fromInts)).toEqual([1, 0.5]);
  });

  it('says which tensor is inconsistent or unreadable', () => {
    expect(() => tensorProtoToFloat32({ name: 'w', dims: [2, 2], dataType: DataType.FLOAT, rawData: new Uint8Array(12) }))
      .toThrow('tensor "w" declares shape [2, 2] (4 values) but its raw_data holds 3');
    expect(() => tensorProtoToFloat32({ name: 'w', dims: [1], dataType: DataType.INT8, rawData: new Uint8Array(1) }))
      .toThrow('element type INT8; only FLOAT, FLOAT16 and DOUBLE');
    expect(() => tensorProtoToFloat32({ name: 'w', dims: [1], dataType: DataType.FLOAT, external: true }))
      .toThrow('external data file');
  });

  it('refuses bytes that are not a model', () => {
    expect(() => decodeModel(new Uint8Array())).toThrow('the file is empty');
    expect(() => decodeModel(new TextEncoder().encode('hello'))).toThrow(OnnxFormatError);
    expect(() => decodeModel(new ProtoWriter().int64Field(1, 8).finish())).toThrow('no graph found');
  });
});

describe('decodeModel on corrupted bytes', () => {
  const valid = buildConvTransposeModel(
    randomTensor(mulberry32(1), [1, 2, 3, 3]), randomTensor(mulberry32(2), [2, 2, 3, 3]), null, { stride: 2 }, 'initializers',
  ).bytes;

  /** Either a model or an OnnxFormatError: any other exception (RangeError, TypeError, …) is a bug. */
  function decodeOrFormatError(bytes: Uint8Array): 'ok' | 'error' {
    try {
      decodeModel(bytes);
      return 'ok';
    } catch (err) {
      expect(err).toBeInstanceOf(OnnxFormatError);
      return 'error';
    }
  }

  it('every truncation of a valid model decodes or fails with OnnxFormatError', () => {
    const outcomes = new Set<string>();
    for (let n = 0; n < valid.length; n++) outcomes.add(decodeOrFormatError(valid.subarray(0, n)));
    expect(outcomes.has('error')).toBe(true);
  });

  it('2000 random byte flips and 2000 random buffers decode or fail with OnnxFormatError', () => {
    const rng = mulberry32(7);
    for (let i = 0; i < 2000; i++) {
      const corrupted = valid.slice();
      for (let k = randInt(rng, 1, 8); k > 0; k--) corrupted[randInt(rng, 0, corrupted.length - 1)] = randInt(rng, 0, 255);
      decodeOrFormatError(corrupted);
      const noise = Uint8Array.from({ length: randInt(rng, 1, 300) }, () => randInt(rng, 0, 255));
      decodeOrFormatError(noise);
    }
  });
});
