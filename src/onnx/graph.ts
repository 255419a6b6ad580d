/**
 * Static facts about a decoded graph, found in one pass over its nodes in graph order and kept per model: which
 * values are constants (initializers, Constant nodes, and what folds from them: constants.ts) and which shapes are
 * known (declared inputs/value_info, then propagated through the common ops: shape-inference.ts). Every node of the
 * model page reads the same facts, so listing and opening all nodes costs one pass, not one per node.
 */
import { decodeConst, encodeConst, foldNode, MAX_FOLD_ELEMENTS, type ConstValue } from './constants.ts';
import { defaultOpset, type GraphProto, type ModelProto, type TensorProto } from './proto.ts';
import { inferShapes, type Shape } from './shape-inference.ts';

export type { Shape } from './shape-inference.ts';

/** All computed folds of one model together stay under this many values. */
const FOLD_BUDGET = 1 << 24;

export interface GraphFacts {
  /** The default-domain opset (1 when the file imports none, as the spec's oldest reading). */
  opset: number;
  /** Constant tensors by value name. */
  constants: Map<string, TensorProto>;
  /** Shapes by value name, as far as they are known; a dim is a number, a symbolic name, or null (open). */
  shapes: Map<string, Shape>;
  /** Graph inputs that are not initializers: their values are fed at run time (the data, or test-data weights). */
  runtimeInputs: Set<string>;
  /** The op type of the node that computes each value. */
  producers: Map<string, string>;
}

const cache = new WeakMap<GraphProto, GraphFacts>();

/** Counts how often a graph is analysed (tests assert that the model page does it once per model). */
export const analysisStats = { passes: 0 };

/** The facts of a model's graph, computed on first use. */
export function graphFacts(model: ModelProto): GraphFacts {
  const hit = cache.get(model.graph);
  if (hit) return hit;
  const facts = analyze(model.graph, defaultOpset(model) ?? 1);
  cache.set(model.graph, facts);
  return facts;
}

function analyze(graph: GraphProto, opset: number): GraphFacts {
  analysisStats.passes++;
  const constants = new Map<string, TensorProto>();
  const shapes = new Map<string, Shape>();
  const decoded = new Map<string, ConstValue | null>();
  for (const t of graph.initializers) constants.set(t.name, t);
  const runtimeInputs = new Set(graph.inputs.map((v) => v.name).filter((n) => n && !constants.has(n)));
  for (const v of [...graph.inputs, ...graph.valueInfo, ...graph.outputs]) {
    if (v.shape) shapes.set(v.name, v.shape.map((d) => ((typeof d === 'number' && d < 0) || d === '' ? null : d)));
  }
  for (const [name, t] of constants) shapes.set(name, t.dims);

  const value = (name: string): ConstValue | null => {
    if (decoded.has(name)) return decoded.get(name)!;
    const t = constants.get(name);
    let c: ConstValue | null = null;
    // Only small constants are decoded for folding and shape rules; weights are read when a node is opened.
    if (t && t.dims.reduce((a, b) => a * b, 1) <= MAX_FOLD_ELEMENTS) {
      try {
        c = decodeConst(t);
      } catch {
        c = null;
      }
    }
    decoded.set(name, c);
    return c;
  };
  const numericShape = (name: string): number[] | null => {
    const s = shapes.get(name);
    return s && s.every((d) => typeof d === 'number') ? (s as number[]) : null;
  };
  const ctx = { opset, proto: (name: string) => constants.get(name), value, numericShape, shape: (name: string) => shapes.get(name) };
  let budget = FOLD_BUDGET;
  const producers = new Map<string, string>();

  for (const node of graph.nodes) {
    for (const o of node.outputs) if (o && !producers.has(o)) producers.set(o, node.opType);
    if (node.domain && node.domain !== 'ai.onnx') continue;
    try {
      const folded = budget > 0 ? foldNode(node, ctx) : null;
      if (folded) {
        folded.forEach((f, i) => {
          const name = node.outputs[i];
          if (!name) return;
          if ('values' in f) {
            budget -= f.values.length;
            decoded.set(name, f);
            constants.set(name, encodeConst(name, f));
          } else {
            constants.set(name, { ...f, name });
          }
          shapes.set(name, constants.get(name)!.dims);
        });
        continue;
      }
    } catch {
      // a malformed constant subgraph: its outputs are run-time values, and shape rules may still apply
    }
    try {
      const out = inferShapes(node, ctx);
      out?.forEach((s, i) => {
        const name = node.outputs[i];
        if (s && name && !shapes.has(name)) shapes.set(name, s);
      });
    } catch {
      // a configuration the spec does not allow: the shape stays unknown and opening the node reports the problem
    }
  }
  return { opset, constants, shapes, runtimeInputs, producers };
}

/** Constant tensors by value name (initializers, Constant nodes, folded subgraphs). */
export function constantTensors(model: ModelProto): Map<string, TensorProto> {
  return graphFacts(model).constants;
}
