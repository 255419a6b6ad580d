/**
 * Bytes → ModelProto (the subset in proto.ts). Unknown fields are skipped, as protobuf readers must;
 * sub-graphs, sparse tensors, training info and functions are skipped too, so the work is one linear pass
 * over the bytes with no recursion beyond the schema's fixed depth. Every failure is an OnnxFormatError.
 */
import type { AttributeProto, Dim, GraphProto, ModelProto, NodeProto, OpsetImport, TensorProto, ValueInfoProto } from './proto.ts';
import {
  decodeUtf8, OnnxFormatError, type ProtoField, ProtoReader, readPackedDoubles, readPackedFloats, readPackedVarints,
} from './wire.ts';

/** Upper bound on nodes in one graph: far above any model a browser playground should open. */
export const MAX_NODES = 100_000;

function str(f: ProtoField, what: string): string {
  return decodeUtf8(bytesOf(f, what));
}

function bytesOf(f: ProtoField, what: string): Uint8Array {
  if (f.wireType !== 2) throw new OnnxFormatError(`malformed ${what}: field ${f.field} should be length-delimited`);
  return f.bytes;
}

function int(f: ProtoField, what: string): number {
  if (f.wireType !== 0) throw new OnnxFormatError(`malformed ${what}: field ${f.field} should be a varint`);
  return f.value;
}

export function decodeTensor(bytes: Uint8Array): TensorProto {
  const what = 'TensorProto';
  const r = new ProtoReader(bytes, what);
  const t: TensorProto = { name: '', dims: [], dataType: 0 };
  for (let f = r.next(); f; f = r.next()) {
    switch (f.field) {
      case 1: readPackedVarints(f, `${what}.dims`, t.dims); break;
      case 2: t.dataType = int(f, what); break;
      case 4: readPackedFloats(f, `${what}.float_data`, (t.floatData ??= [])); break;
      case 5: readPackedVarints(f, `${what}.int32_data`, (t.int32Data ??= [])); break;
      case 7: readPackedVarints(f, `${what}.int64_data`, (t.int64Data ??= [])); break;
      case 8: t.name = str(f, what); break;
      case 9: t.rawData = bytesOf(f, what); break;
      case 10: readPackedDoubles(f, r, `${what}.double_data`, (t.doubleData ??= [])); break;
      case 13: t.external = true; break; // external_data entries
      case 14: if (int(f, what) === 1) t.external = true; break;
      default: break;
    }
  }
  return t;
}

function decodeAttribute(bytes: Uint8Array): AttributeProto {
  const what = 'AttributeProto';
  const r = new ProtoReader(bytes, what);
  const a: AttributeProto = { name: '', type: 0 };
  for (let f = r.next(); f; f = r.next()) {
    switch (f.field) {
      case 1: a.name = str(f, what); break;
      case 2:
        if (f.wireType !== 5) throw new OnnxFormatError(`malformed ${what}: f should be a 32-bit float`);
        a.f = f.value;
        break;
      case 3: a.i = int(f, what); break;
      case 4: a.s = bytesOf(f, what); break;
      case 5: a.t = decodeTensor(bytesOf(f, what)); break;
      case 7: readPackedFloats(f, `${what}.floats`, (a.floats ??= [])); break;
      case 8: readPackedVarints(f, `${what}.ints`, (a.ints ??= [])); break;
      case 9: (a.strings ??= []).push(bytesOf(f, what)); break;
      case 20: a.type = int(f, what); break;
      default: break; // g, graphs, sparse tensors, type protos, doc strings: not needed
    }
  }
  return a;
}

function decodeNode(bytes: Uint8Array): NodeProto {
  const what = 'NodeProto';
  const r = new ProtoReader(bytes, what);
  const n: NodeProto = { name: '', opType: '', domain: '', inputs: [], outputs: [], attributes: [] };
  for (let f = r.next(); f; f = r.next()) {
    switch (f.field) {
      case 1: n.inputs.push(str(f, what)); break;
      case 2: n.outputs.push(str(f, what)); break;
      case 3: n.name = str(f, what); break;
      case 4: n.opType = str(f, what); break;
      case 5: n.attributes.push(decodeAttribute(bytesOf(f, what))); break;
      case 7: n.domain = str(f, what); break;
      default: break;
    }
  }
  return n;
}

function decodeShape(bytes: Uint8Array): Dim[] {
  const r = new ProtoReader(bytes, 'TensorShapeProto');
  const dims: Dim[] = [];
  for (let f = r.next(); f; f = r.next()) {
    if (f.field !== 1) continue;
    const dr = new ProtoReader(bytesOf(f, 'TensorShapeProto'), 'TensorShapeProto.Dimension');
    let dim: Dim = null;
    for (let g = dr.next(); g; g = dr.next()) {
      if (g.field === 1) dim = int(g, 'Dimension');
      else if (g.field === 2) dim = str(g, 'Dimension');
    }
    dims.push(dim);
  }
  return dims;
}

function decodeValueInfo(bytes: Uint8Array): ValueInfoProto {
  const what = 'ValueInfoProto';
  const r = new ProtoReader(bytes, what);
  const v: ValueInfoProto = { name: '' };
  for (let f = r.next(); f; f = r.next()) {
    if (f.field === 1) v.name = str(f, what);
    else if (f.field === 2) {
      const tr = new ProtoReader(bytesOf(f, what), 'TypeProto');
      for (let g = tr.next(); g; g = tr.next()) {
        if (g.field !== 1) continue; // only tensor types
        const tt = new ProtoReader(bytesOf(g, 'TypeProto'), 'TypeProto.Tensor');
        v.elemType = 0;
        for (let h = tt.next(); h; h = tt.next()) {
          if (h.field === 1) v.elemType = int(h, 'TypeProto.Tensor');
          else if (h.field === 2) v.shape = decodeShape(bytesOf(h, 'TypeProto.Tensor'));
        }
      }
    }
  }
  return v;
}

function decodeGraph(bytes: Uint8Array): GraphProto {
  const what = 'GraphProto';
  const r = new ProtoReader(bytes, what);
  const g: GraphProto = { name: '', nodes: [], initializers: [], inputs: [], outputs: [], valueInfo: [] };
  for (let f = r.next(); f; f = r.next()) {
    switch (f.field) {
      case 1:
        if (g.nodes.length >= MAX_NODES) throw new OnnxFormatError(`graph has more than ${MAX_NODES.toLocaleString('en-US')} nodes`);
        g.nodes.push(decodeNode(bytesOf(f, what)));
        break;
      case 2: g.name = str(f, what); break;
      case 5: g.initializers.push(decodeTensor(bytesOf(f, what))); break;
      case 11: g.inputs.push(decodeValueInfo(bytesOf(f, what))); break;
      case 12: g.outputs.push(decodeValueInfo(bytesOf(f, what))); break;
      case 13: g.valueInfo.push(decodeValueInfo(bytesOf(f, what))); break;
      default: break;
    }
  }
  return g;
}

/**
 * Decode the bytes of an `.onnx` file. Throws OnnxFormatError when the bytes are not a well-formed
 * ModelProto (including an empty file or one with no graph).
 */
export function decodeModel(bytes: Uint8Array): ModelProto {
  if (bytes.length === 0) throw new OnnxFormatError('the file is empty');
  const what = 'ModelProto';
  const r = new ProtoReader(bytes, what);
  const model: ModelProto = {
    irVersion: 0, producerName: '', producerVersion: '', opsetImports: [],
    graph: { name: '', nodes: [], initializers: [], inputs: [], outputs: [], valueInfo: [] },
  };
  let sawGraph = false;
  for (let f = r.next(); f; f = r.next()) {
    switch (f.field) {
      case 1: model.irVersion = int(f, what); break;
      case 2: model.producerName = str(f, what); break;
      case 3: model.producerVersion = str(f, what); break;
      case 7: model.graph = decodeGraph(bytesOf(f, what)); sawGraph = true; break;
      case 8: {
        const o: OpsetImport = { domain: '', version: 0 };
        const or = new ProtoReader(bytesOf(f, what), 'OperatorSetIdProto');
        for (let g = or.next(); g; g = or.next()) {
          if (g.field === 1) o.domain = str(g, 'OperatorSetIdProto');
          else if (g.field === 2) o.version = int(g, 'OperatorSetIdProto');
        }
        model.opsetImports.push(o);
        break;
      }
      default: break;
    }
  }
  if (!sawGraph) throw new OnnxFormatError('no graph found: this is not an ONNX model (ModelProto.graph is missing)');
  if (model.irVersion < 1) throw new OnnxFormatError('no ir_version found: this is not an ONNX model');
  return model;
}
