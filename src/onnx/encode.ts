/**
 * ModelProto → bytes. Field numbers are those of onnx/onnx.proto3 (checked against the `onnx` Python
 * package's descriptors when this file was written). Fields equal to their proto3 default are omitted,
 * as protobuf serialisers do.
 */
import type { AttributeProto, GraphProto, ModelProto, NodeProto, TensorProto, ValueInfoProto } from './proto.ts';
import { ProtoWriter } from './wire.ts';

function writeTensor(w: ProtoWriter, t: TensorProto): void {
  // onnx.proto is proto2: `dims` is unpacked, the *_data fields are declared [packed = true].
  for (const d of t.dims) w.int64Field(1, d);
  if (t.dataType) w.int64Field(2, t.dataType);
  if (t.floatData?.length) w.packedFloats(4, t.floatData);
  if (t.int32Data?.length) w.packedVarints(5, t.int32Data);
  if (t.int64Data?.length) w.packedVarints(7, t.int64Data);
  if (t.name) w.stringField(8, t.name);
  if (t.rawData) w.bytesField(9, t.rawData);
  if (t.doubleData?.length) {
    const bytes = new Uint8Array(t.doubleData.length * 8);
    const view = new DataView(bytes.buffer);
    t.doubleData.forEach((v, i) => view.setFloat64(i * 8, v, true));
    w.bytesField(10, bytes);
  }
  if (t.external) w.int64Field(14, 1);
}

function writeAttribute(w: ProtoWriter, a: AttributeProto): void {
  w.stringField(1, a.name);
  if (a.f !== undefined) w.floatField(2, a.f);
  if (a.i !== undefined) w.int64Field(3, a.i);
  if (a.s !== undefined) w.bytesField(4, a.s);
  if (a.t !== undefined) w.messageField(5, (m) => writeTensor(m, a.t!));
  // Repeated numbers in AttributeProto are unpacked in onnx.proto (proto2), as onnx's own serialiser writes them.
  for (const v of a.floats ?? []) w.floatField(7, v);
  for (const v of a.ints ?? []) w.int64Field(8, v);
  for (const s of a.strings ?? []) w.bytesField(9, s);
  w.int64Field(20, a.type);
}

function writeValueInfo(w: ProtoWriter, v: ValueInfoProto): void {
  w.stringField(1, v.name);
  if (v.elemType === undefined) return;
  w.messageField(2, (type) =>
    type.messageField(1, (tensor) => {
      tensor.int64Field(1, v.elemType!);
      if (v.shape) {
        tensor.messageField(2, (shape) => {
          for (const d of v.shape!) {
            shape.messageField(1, (dim) => {
              if (typeof d === 'number') dim.int64Field(1, d);
              else if (typeof d === 'string') dim.stringField(2, d);
            });
          }
        });
      }
    }),
  );
}

function writeNode(w: ProtoWriter, n: NodeProto): void {
  for (const i of n.inputs) w.stringField(1, i);
  for (const o of n.outputs) w.stringField(2, o);
  if (n.name) w.stringField(3, n.name);
  w.stringField(4, n.opType);
  for (const a of n.attributes) w.messageField(5, (m) => writeAttribute(m, a));
  if (n.domain) w.stringField(7, n.domain);
}

function writeGraph(w: ProtoWriter, g: GraphProto): void {
  for (const n of g.nodes) w.messageField(1, (m) => writeNode(m, n));
  w.stringField(2, g.name);
  for (const t of g.initializers) w.messageField(5, (m) => writeTensor(m, t));
  for (const v of g.inputs) w.messageField(11, (m) => writeValueInfo(m, v));
  for (const v of g.outputs) w.messageField(12, (m) => writeValueInfo(m, v));
  for (const v of g.valueInfo) w.messageField(13, (m) => writeValueInfo(m, v));
}

/** Serialise a model to the bytes of an `.onnx` file. */
export function encodeModel(model: ModelProto): Uint8Array {
  const w = new ProtoWriter();
  w.int64Field(1, model.irVersion);
  if (model.producerName) w.stringField(2, model.producerName);
  if (model.producerVersion) w.stringField(3, model.producerVersion);
  w.messageField(7, (m) => writeGraph(m, model.graph));
  for (const o of model.opsetImports) {
    w.messageField(8, (m) => {
      if (o.domain) m.stringField(1, o.domain);
      m.int64Field(2, o.version);
    });
  }
  return w.finish();
}
