/**
 * NodeProto attributes ⇄ the typed attribute records of mapping.ts. Reading checks each attribute's declared
 * type, so a file that says `strides` is a FLOAT gets a message, not a silent default.
 */
import {
  AUTO_PAD_VALUES, type AutoPad, type OnnxBatchNormAttributes, type OnnxConvAttributes,
} from './mapping.ts';
import { AttributeType, type AttributeProto, type NodeProto } from './proto.ts';
import { capText, listText, MAX_TEXT } from './text.ts';
import { decodeUtf8 } from './wire.ts';

const TYPE_NAMES: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(AttributeType).map(([k, v]) => [v, k]),
);

export const intAttr = (name: string, i: number): AttributeProto => ({ name, type: AttributeType.INT, i });
export const intsAttr = (name: string, ints: readonly number[]): AttributeProto => ({ name, type: AttributeType.INTS, ints: [...ints] });
export const floatAttr = (name: string, f: number): AttributeProto => ({ name, type: AttributeType.FLOAT, f });
export const stringAttr = (name: string, s: string): AttributeProto => ({ name, type: AttributeType.STRING, s: new TextEncoder().encode(s) });

function nodeLabel(node: NodeProto): string {
  return node.name ? `${node.opType} node "${capText(node.name, 80)}"` : `${node.opType} node`;
}

function expectType(node: NodeProto, a: AttributeProto, type: number): void {
  if (a.type !== type) {
    throw new Error(`${nodeLabel(node)}: attribute ${capText(a.name, 80)} should be ${TYPE_NAMES[type]} but is ${TYPE_NAMES[a.type] ?? a.type}`);
  }
}

/** Typed accessors over one node's attributes. */
export class NodeAttributes {
  private readonly byName = new Map<string, AttributeProto>();

  constructor(private readonly node: NodeProto) {
    for (const a of node.attributes) this.byName.set(a.name, a);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  int(name: string): number | undefined {
    const a = this.byName.get(name);
    if (!a) return undefined;
    expectType(this.node, a, AttributeType.INT);
    return a.i ?? 0;
  }

  ints(name: string): number[] | undefined {
    const a = this.byName.get(name);
    if (!a) return undefined;
    expectType(this.node, a, AttributeType.INTS);
    return a.ints ?? [];
  }

  float(name: string): number | undefined {
    const a = this.byName.get(name);
    if (!a) return undefined;
    expectType(this.node, a, AttributeType.FLOAT);
    return a.f ?? 0;
  }

  string(name: string): string | undefined {
    const a = this.byName.get(name);
    if (!a) return undefined;
    expectType(this.node, a, AttributeType.STRING);
    return decodeUtf8(a.s ?? new Uint8Array());
  }

  /** A readable rendering of every attribute (for the node list); long lists and strings are shortened. */
  describe(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const a of this.byName.values()) {
      if (Object.keys(out).length >= 32) break; // a node with thousands of attributes shows the first ones
      const key = capText(a.name, 60);
      switch (a.type) {
        case AttributeType.INT: out[key] = String(a.i ?? 0); break;
        case AttributeType.INTS: out[key] = listText(a.ints ?? []); break;
        case AttributeType.FLOAT: out[key] = String(Math.fround(a.f ?? 0)); break;
        case AttributeType.FLOATS: out[key] = listText(a.floats ?? []); break;
        case AttributeType.STRING: out[key] = capText(decodeUtf8((a.s ?? new Uint8Array()).subarray(0, 4 * MAX_TEXT))); break;
        default: out[key] = `(${TYPE_NAMES[a.type] ?? a.type})`;
      }
    }
    return out;
  }
}

/** Conv / ConvTranspose attributes of a node, type-checked. */
export function readConvAttributes(node: NodeProto): OnnxConvAttributes {
  const at = new NodeAttributes(node);
  const autoPad = at.string('auto_pad');
  if (autoPad !== undefined && !AUTO_PAD_VALUES.includes(autoPad as AutoPad)) {
    throw new Error(`${nodeLabel(node)}: auto_pad "${capText(autoPad, 40)}" is not one of ${AUTO_PAD_VALUES.join(', ')}`);
  }
  const attrs: OnnxConvAttributes = {};
  const set = <K extends keyof OnnxConvAttributes>(k: K, v: OnnxConvAttributes[K] | undefined) => {
    if (v !== undefined) attrs[k] = v;
  };
  set('kernel_shape', at.ints('kernel_shape'));
  set('strides', at.ints('strides'));
  set('pads', at.ints('pads'));
  set('dilations', at.ints('dilations'));
  set('group', at.int('group'));
  set('auto_pad', autoPad as AutoPad | undefined);
  if (node.opType === 'ConvTranspose') {
    set('output_padding', at.ints('output_padding'));
    set('output_shape', at.ints('output_shape'));
  }
  return attrs;
}

export function convAttributesToProto(attrs: OnnxConvAttributes): AttributeProto[] {
  const out: AttributeProto[] = [];
  for (const key of ['kernel_shape', 'strides', 'pads', 'dilations', 'output_padding', 'output_shape'] as const) {
    const v = attrs[key];
    if (v !== undefined) out.push(intsAttr(key, v));
  }
  if (attrs.group !== undefined) out.push(intAttr('group', attrs.group));
  if (attrs.auto_pad !== undefined) out.push(stringAttr('auto_pad', attrs.auto_pad));
  return out;
}

/**
 * BatchNormalization attributes of a node, with its mode read per the spec of the model's `opset`:
 * - opset 14+: the `training_mode` attribute;
 * - opsets 7–13: the outputs — "Output case #1: Y, mean, var, saved_mean, saved_var (training mode); Output case #2:
 *   Y (test mode)" (BatchNormalization-7/9), so a node with more than Y trains (ONNX Runtime runs it so);
 * - opsets 1–6: the `is_test` attribute, whose default 0 means training.
 * `spatial` (opsets 1–8) = 0 normalises each activation separately, which is not BatchNorm2d. Without an opset the
 * attributes are read as opset 14+ (files Layer Lab writes).
 */
export function readBatchNormAttributes(node: NodeProto, opset?: number): OnnxBatchNormAttributes {
  const at = new NodeAttributes(node);
  const spatial = opset === undefined || opset < 9 ? at.int('spatial') : undefined;
  if (spatial === 0) {
    throw new Error(`${nodeLabel(node)}: spatial = 0 (per-activation statistics, opset < 9) is not BatchNorm2d`);
  }
  const attrs: OnnxBatchNormAttributes = {};
  const eps = at.float('epsilon');
  const momentum = at.float('momentum');
  let training: number | undefined;
  if (opset === undefined || opset >= 14) training = at.int('training_mode');
  else if (opset >= 7) training = node.outputs.slice(1).some(Boolean) ? 1 : 0;
  else training = (at.int('is_test') ?? 0) === 0 ? 1 : 0;
  if (eps !== undefined) attrs.epsilon = eps;
  if (momentum !== undefined) attrs.momentum = momentum;
  if (training !== undefined) attrs.training_mode = training;
  return attrs;
}

export function batchNormAttributesToProto(attrs: OnnxBatchNormAttributes): AttributeProto[] {
  const out: AttributeProto[] = [];
  if (attrs.epsilon !== undefined) out.push(floatAttr('epsilon', attrs.epsilon));
  if (attrs.momentum !== undefined) out.push(floatAttr('momentum', attrs.momentum));
  if (attrs.training_mode) out.push(intAttr('training_mode', attrs.training_mode));
  return out;
}
