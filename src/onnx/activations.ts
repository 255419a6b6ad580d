/**
 * Real activations: run the user's whole model once in ONNX Runtime with the values that reach its layer nodes
 * exposed as extra graph outputs, so each node can be checked on the input it really sees (not random data).
 *
 * The extra outputs are appended to the file's own bytes — every other byte is copied as it is — because our
 * decoder keeps only the subset of ONNX that Layer Lab reads (no sub-graphs, doc strings, functions …): re-encoding
 * the decoded model could change what the model computes, appending `GraphProto.output` entries cannot.
 */
import type { Tensor } from '../kernels/tensor.ts';
import { graphFacts } from './graph.ts';
import { runModelOnce } from './ort-runner.ts';
import { DataType, type ModelProto } from './proto.ts';
import { ProtoReader, ProtoWriter } from './wire.ts';

const MODEL_GRAPH = 7;
const GRAPH_OUTPUT = 12;

/** The model's bytes with `names` added as graph outputs (float tensors of any shape). */
export function withGraphOutputs(bytes: Uint8Array, names: readonly string[]): Uint8Array {
  const r = new ProtoReader(bytes, 'ModelProto');
  const w = new ProtoWriter();
  let start = 0;
  for (let f = r.next(); f; f = r.next()) {
    const end = r.offset;
    if (f.field === MODEL_GRAPH && f.wireType === 2 && f.bytes) {
      const extra = new ProtoWriter().raw(f.bytes);
      for (const name of names) {
        extra.messageField(GRAPH_OUTPUT, (v) => {
          v.stringField(1, name);
          v.messageField(2, (type) => type.messageField(1, (tensor) => tensor.int64Field(1, DataType.FLOAT)));
        });
      }
      w.bytesField(MODEL_GRAPH, extra.finish());
    } else {
      w.raw(bytes.subarray(start, end));
    }
    start = end;
  }
  return w.finish();
}

/**
 * The value reaching each of the given nodes' data input when ORT runs the model on `feeds`, by node index.
 * Inputs that are graph inputs come from the feeds themselves; the rest are exposed and computed in one run.
 */
export async function layerInputs(
  model: ModelProto, bytes: Uint8Array, feeds: Record<string, Tensor>, nodeIndices: readonly number[],
): Promise<Map<number, Tensor>> {
  const facts = graphFacts(model);
  const declared = new Set(model.graph.outputs.map((o) => o.name));
  const wanted = [...new Set(nodeIndices.map((i) => model.graph.nodes[i]?.inputs[0]).filter((n): n is string => !!n && !(n in feeds)))];
  const constant = wanted.filter((n) => facts.constants.has(n));
  if (constant.length) throw new Error(`"${constant[0]}" is a constant, not an activation`);
  const extra = wanted.filter((n) => !declared.has(n));
  // Every layer reading a graph input: nothing to run (ORT refuses a run that asks for no output).
  const values = wanted.length ? await runModelOnce(extra.length ? withGraphOutputs(bytes, extra) : bytes, feeds, wanted) : [];
  const byName = new Map<string, Tensor>(Object.entries(feeds));
  wanted.forEach((n, i) => byName.set(n, values[i]));
  const out = new Map<number, Tensor>();
  for (const i of nodeIndices) {
    const t = byName.get(model.graph.nodes[i]?.inputs[0] ?? '');
    if (t) out.set(i, t);
  }
  return out;
}
