/**
 * The subset of the ONNX protobuf schema (onnx/onnx.proto3) that Layer Lab reads and writes, as plain
 * TypeScript data. Field numbers live in encode.ts / decode.ts next to the code that uses them.
 *
 * Integers that are int64 in the schema are JS numbers here; the decoder refuses values beyond ±2^53.
 */

/** TensorProto.DataType values we name (others are kept as numbers and reported as unsupported). */
export const DataType = {
  UNDEFINED: 0,
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  INT32: 6,
  INT64: 7,
  STRING: 8,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
} as const;

export const DATA_TYPE_NAMES: Readonly<Record<number, string>> = {
  0: 'UNDEFINED', 1: 'FLOAT', 2: 'UINT8', 3: 'INT8', 4: 'UINT16', 5: 'INT16', 6: 'INT32', 7: 'INT64', 8: 'STRING',
  9: 'BOOL', 10: 'FLOAT16', 11: 'DOUBLE', 12: 'UINT32', 13: 'UINT64', 14: 'COMPLEX64', 15: 'COMPLEX128', 16: 'BFLOAT16',
};

/** AttributeProto.AttributeType values. */
export const AttributeType = {
  UNDEFINED: 0,
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  GRAPH: 5,
  FLOATS: 6,
  INTS: 7,
  STRINGS: 8,
  TENSORS: 9,
  GRAPHS: 10,
  SPARSE_TENSOR: 11,
  SPARSE_TENSORS: 12,
  TYPE_PROTO: 13,
  TYPE_PROTOS: 14,
} as const;

export interface TensorProto {
  name: string;
  dims: number[];
  dataType: number;
  /** Little-endian bytes, the usual storage of exported weights. */
  rawData?: Uint8Array;
  floatData?: number[];
  int32Data?: number[];
  int64Data?: number[];
  doubleData?: number[];
  /** True when the values live in an external file (data_location = EXTERNAL), which we cannot read. */
  external?: boolean;
}

/**
 * One attribute. `type` is the declared AttributeType; the value fields that type uses are set.
 * Sub-graphs (If/Loop bodies) and sparse tensors are not decoded: only their type is kept.
 */
export interface AttributeProto {
  name: string;
  type: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  t?: TensorProto;
  floats?: number[];
  ints?: number[];
  strings?: Uint8Array[];
}

export interface NodeProto {
  name: string;
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attributes: AttributeProto[];
}

/** A dimension is a number (dim_value), a symbolic name (dim_param), or unknown (null). */
export type Dim = number | string | null;

export interface ValueInfoProto {
  name: string;
  /** Element type of a tensor type; undefined for non-tensor types (sequences, maps). */
  elemType?: number;
  /** Undefined when the shape is not given (unknown rank). */
  shape?: Dim[];
}

export interface GraphProto {
  name: string;
  nodes: NodeProto[];
  initializers: TensorProto[];
  inputs: ValueInfoProto[];
  outputs: ValueInfoProto[];
  valueInfo: ValueInfoProto[];
}

export interface OpsetImport {
  /** '' (or 'ai.onnx') is the default ONNX domain. */
  domain: string;
  version: number;
}

export interface ModelProto {
  irVersion: number;
  producerName: string;
  producerVersion: string;
  opsetImports: OpsetImport[];
  graph: GraphProto;
}

/** Look up an attribute by name. */
export function findAttribute(node: NodeProto, name: string): AttributeProto | undefined {
  return node.attributes.find((a) => a.name === name);
}

/** The default-domain opset a model imports, or undefined when it imports none. */
export function defaultOpset(model: ModelProto): number | undefined {
  return model.opsetImports.find((o) => o.domain === '' || o.domain === 'ai.onnx')?.version;
}
