/**
 * The ONNX operator spec's own examples (src/onnx/cases/spec-examples.json, extracted from the `onnx` package
 * by scripts/gen_onnx_spec_cases.py) as NodeProtos and tensors.
 */
import type { Tensor } from '../../kernels/tensor.ts';
import { floatAttr, intAttr, intsAttr, stringAttr } from '../attributes.ts';
import type { AttributeProto, NodeProto } from '../proto.ts';
import cases from '../cases/spec-examples.json' with { type: 'json' };

export interface SpecCase {
  name: string;
  op: string;
  node: NodeProto;
  inputs: Tensor[];
  outputs: Tensor[];
}

/** Attributes the schema declares FLOAT; every other number is an INT. */
const FLOAT_ATTRIBUTES = new Set(['epsilon', 'momentum', 'cubic_coeff_a', 'extrapolation_value']);

function toAttribute(name: string, value: unknown): AttributeProto {
  if (typeof value === 'string') return stringAttr(name, value);
  if (Array.isArray(value)) return intsAttr(name, value as number[]);
  if (typeof value === 'number') return FLOAT_ATTRIBUTES.has(name) ? floatAttr(name, value) : intAttr(name, value);
  throw new Error(`unexpected attribute ${name}: ${JSON.stringify(value)}`);
}

interface RawTensor { shape: number[]; data: number[] }
interface RawCase {
  name: string;
  op: string;
  inputNames: string[];
  outputNames: string[];
  attributes: Record<string, unknown>;
  inputs: RawTensor[];
  outputs: RawTensor[];
}

const tensorOf = (t: RawTensor): Tensor => ({ shape: t.shape, data: Float32Array.from(t.data) });

export const SPEC_CASES: SpecCase[] = (cases.cases as RawCase[]).map((c) => ({
  name: c.name,
  op: c.op,
  node: {
    name: c.name, opType: c.op, domain: '', inputs: c.inputNames, outputs: c.outputNames,
    attributes: Object.entries(c.attributes).map(([k, v]) => toAttribute(k, v)),
  },
  inputs: c.inputs.map(tensorOf),
  outputs: c.outputs.map(tensorOf),
}));

export function specCase(name: string): SpecCase {
  const c = SPEC_CASES.find((s) => s.name === name);
  if (!c) throw new Error(`no spec case ${name}`);
  return c;
}
