/**
 * Conversions between ONNX TensorProto and our float32 data. Weights are written as little-endian
 * `raw_data` (what torch.onnx.export writes); reading accepts raw_data as well as float_data/double_data,
 * and float16/double weights are widened/narrowed to float32.
 */
import { DATA_TYPE_NAMES, DataType, type TensorProto } from './proto.ts';
import { capText, listText } from './text.ts';
import { OnnxFormatError } from './wire.ts';

export function float32TensorProto(name: string, dims: readonly number[], data: Float32Array): TensorProto {
  const raw = new Uint8Array(data.length * 4);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i], true);
  return { name, dims: [...dims], dataType: DataType.FLOAT, rawData: raw };
}

export function int64TensorProto(name: string, dims: readonly number[], values: readonly number[]): TensorProto {
  return { name, dims: [...dims], dataType: DataType.INT64, int64Data: [...values] };
}

/** Number of elements the dims describe; refuses negative or absurd dims. */
export function elementCount(t: TensorProto): number {
  let n = 1;
  for (const d of t.dims) {
    if (!Number.isSafeInteger(d) || d < 0) {
      throw new OnnxFormatError(`tensor "${capText(t.name, 80)}" has an invalid dimension ${d} in ${listText(t.dims)}`);
    }
    n *= d;
  }
  if (!Number.isSafeInteger(n)) throw new OnnxFormatError(`tensor "${capText(t.name, 80)}" is too large: ${listText(t.dims)}`);
  return n;
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

function checkedLength(t: TensorProto, have: number, n: number, source: string): void {
  if (have !== n) {
    throw new OnnxFormatError(
      `tensor "${capText(t.name, 80)}" declares shape ${listText(t.dims)} (${n} values) but its ${source} holds ${have}`,
    );
  }
}

/** Read a FLOAT / DOUBLE / FLOAT16 tensor's values as float32. */
export function tensorProtoToFloat32(t: TensorProto): Float32Array {
  if (t.external) {
    throw new OnnxFormatError(
      `tensor "${capText(t.name, 80)}" keeps its values in an external data file, which a browser cannot open alongside the .onnx; re-export with the weights inside the model`,
    );
  }
  const n = elementCount(t);
  const raw = t.rawData;
  switch (t.dataType) {
    case DataType.FLOAT: {
      if (raw) {
        checkedLength(t, raw.length / 4, n, 'raw_data');
        const out = new Float32Array(n);
        const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
        for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, true);
        return out;
      }
      const values = t.floatData ?? [];
      checkedLength(t, values.length, n, 'float_data');
      return Float32Array.from(values);
    }
    case DataType.DOUBLE: {
      if (raw) {
        checkedLength(t, raw.length / 8, n, 'raw_data');
        const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
        return Float32Array.from({ length: n }, (_, i) => view.getFloat64(i * 8, true));
      }
      const values = t.doubleData ?? [];
      checkedLength(t, values.length, n, 'double_data');
      return Float32Array.from(values);
    }
    case DataType.FLOAT16: {
      // float16 lives in raw_data, or as one value per int32_data entry (onnx.proto's rule for 16-bit types).
      if (raw) {
        checkedLength(t, raw.length / 2, n, 'raw_data');
        const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
        return Float32Array.from({ length: n }, (_, i) => halfToFloat(view.getUint16(i * 2, true)));
      }
      const values = t.int32Data ?? [];
      checkedLength(t, values.length, n, 'int32_data');
      return Float32Array.from(values, halfToFloat);
    }
    default:
      throw new OnnxFormatError(
        `tensor "${capText(t.name, 80)}" has element type ${DATA_TYPE_NAMES[t.dataType] ?? t.dataType}; only FLOAT, FLOAT16 and DOUBLE weights can be opened`,
      );
  }
}

/** Read an INT64 / INT32 tensor (e.g. a Resize `sizes` or a Reshape shape) as numbers. */
export function tensorProtoToInts(t: TensorProto): number[] {
  const n = elementCount(t);
  if (t.dataType === DataType.INT64 || t.dataType === DataType.INT32) {
    const width = t.dataType === DataType.INT64 ? 8 : 4;
    if (t.rawData) {
      checkedLength(t, t.rawData.length / width, n, 'raw_data');
      const view = new DataView(t.rawData.buffer, t.rawData.byteOffset, t.rawData.byteLength);
      return Array.from({ length: n }, (_, i) =>
        width === 8 ? Number(view.getBigInt64(i * 8, true)) : view.getInt32(i * 4, true));
    }
    const values = (t.dataType === DataType.INT64 ? t.int64Data : t.int32Data) ?? [];
    checkedLength(t, values.length, n, t.dataType === DataType.INT64 ? 'int64_data' : 'int32_data');
    return [...values];
  }
  throw new OnnxFormatError(`tensor "${capText(t.name, 80)}" should hold integers but has element type ${DATA_TYPE_NAMES[t.dataType] ?? t.dataType}`);
}
