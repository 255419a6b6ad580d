/**
 * NodeProto attributes ⇄ the typed attribute records of mapping.ts. Reading checks each attribute's declared
 * type, so a file that says `strides` is a FLOAT gets a message, not a silent default.
 */
import {
  AUTO_PAD_VALUES, type AutoPad, type OnnxBatchNormAttributes, type OnnxConvAttributes,
} from './mapping.ts';
import { AttributeType, type AttributeProto, type NodeProto } from './proto.ts';
import { decodeUtf8 } from './wire.ts';

const TYPE_NAMES: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(AttributeType).map(([k, v]) => [v, k]),
);

export const intAttr = (name: string, i: number): AttributeProto => ({ name, type: AttributeType.INT, i });
export const intsAttr = (name: string, ints: readonly number[]): AttributeProto => ({ name, type: AttributeType.INTS, ints: [...ints] });
export const floatAttr = (name: string, f: number): AttributeProto => ({ name, type: AttributeType.FLOAT, f });
export const stringAttr = (name: string, s: string): AttributeProto => ({ name, type: AttributeType.STRING, s: new TextEncoder().encode(s) });

function nodeLabel(node: NodeProto): string {
  return node.name ? `${node.opType} node "${node.name}"` : `${node.opType} node`;
}

function expectType(node: NodeProto, a: AttributeProto, type: number): void {
  if (a.type !== type) {
    throw new Error(`${nodeLabel(node)}: attribute ${a.name} should be ${TYPE_NAMES[type]} but is ${TYPE_NAMES[a.type] ?? a.type}`);
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

  /** A readable rendering of every attribute (for the node list). */
  describe(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const a of this.byName.values()) {
      switch (a.type) {
        case AttributeType.INT: out[a.name] = String(a.i ?? 0); break;
        case AttributeType.INTS: out[a.name] = `[${(a.ints ?? []).join(', ')}]`; break;
        case AttributeType.FLOAT: out[a.name] = String(Math.fround(a.f ?? 0)); break;
        case AttributeType.FLOATS: out[a.name] = `[${(a.floats ?? []).join(', ')}]`; break;
        case AttributeType.STRING: out[a.name] = decodeUtf8(a.s ?? new Uint8Array()); break;
        default: out[a.name] = `(${TYPE_NAMES[a.type] ?? a.type})`;
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
    throw new Error(`${nodeLabel(node)}: auto_pad "${autoPad}" is not one of ${AUTO_PAD_VALUES.join(', ')}`);
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

export function readBatchNormAttributes(node: NodeProto): OnnxBatchNormAttributes {
  const at = new NodeAttributes(node);
  const spatial = at.int('spatial');
  if (spatial === 0) {
    throw new Error(`${nodeLabel(node)}: spatial = 0 (per-activation statistics, opset < 9) is not BatchNorm2d`);
  }
  const attrs: OnnxBatchNormAttributes = {};
  const eps = at.float('epsilon');
  const momentum = at.float('momentum');
  const training = at.int('training_mode');
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
