import type { Pair, Padding } from '../params.ts';
import type { Tensor } from '../tensor.ts';
import type { ExplicitConv, ExplicitConvTranspose } from './conv.ts';
import type { Random } from './random.ts';

/**
 * Random valid layer configurations for property tests. Each carries the options twice: in one of the
 * API's accepted spellings (number, [h, w], [top, left, bottom, right], chosen at random so normalisation is
 * exercised too) and fully explicit for the oracles, which accept no shorthand.
 */
export interface ConvTransposeCase {
  x: Tensor;
  w: Tensor;
  bias: Float32Array | null;
  opts: { stride: Pair; padding: Padding; outputPadding: Pair; dilation: Pair; groups: number };
  explicit: ExplicitConvTranspose;
}

export interface ConvCase {
  x: Tensor;
  w: Tensor;
  bias: Float32Array | null;
  opts: { stride: Pair; padding: Padding; dilation: Pair; groups: number };
  explicit: ExplicitConv;
}

/** One spelling of a pair, as the API accepts it. */
function spellPair(rng: Random, [h, w]: [number, number]): Pair {
  return h === w && rng.bool() ? h : [h, w];
}

function spellPadding(rng: Random, p: [number, number, number, number]): Padding {
  const [t, l, b, r] = p;
  if (t === b && l === r && rng.bool(0.6)) return spellPair(rng, [t, l]);
  return [t, l, b, r];
}

/** Small dimensions keep a thousand naive evaluations within a second. */
function shapeParts(rng: Random) {
  const groups = rng.pick([1, 1, 1, 2, 3]);
  return {
    groups,
    batch: rng.int(1, 2),
    inPerGroup: rng.int(1, 3),
    outPerGroup: rng.int(1, 3),
    kernel: [rng.int(1, 4), rng.int(1, 4)] as [number, number],
    stride: [rng.int(1, 3), rng.int(1, 3)] as [number, number],
    dilation: [rng.pick([1, 1, 2, 3]), rng.pick([1, 1, 2, 3])] as [number, number],
  };
}

export function randomConvTransposeCase(rng: Random): ConvTransposeCase {
  for (;;) {
    const s = shapeParts(rng);
    const H = rng.int(1, 6);
    const W = rng.int(1, 6);
    // output_padding must be smaller than stride or dilation (PyTorch); half the cases use it.
    const outputPadding: [number, number] = [0, 1].map((a) =>
      rng.bool() ? rng.int(0, Math.max(s.stride[a], s.dilation[a]) - 1) : 0) as [number, number];
    const padding: [number, number, number, number] = [rng.int(0, 3), rng.int(0, 3), rng.int(0, 3), rng.int(0, 3)];
    if (rng.bool(0.3)) [padding[2], padding[3]] = [padding[0], padding[1]];
    const outH = (H - 1) * s.stride[0] - padding[0] - padding[2] + s.dilation[0] * (s.kernel[0] - 1) + outputPadding[0] + 1;
    const outW = (W - 1) * s.stride[1] - padding[1] - padding[3] + s.dilation[1] * (s.kernel[1] - 1) + outputPadding[1] + 1;
    if (outH < 1 || outW < 1) continue;
    const cin = s.inPerGroup * s.groups;
    const cout = s.outPerGroup * s.groups;
    return {
      x: rng.tensor([s.batch, cin, H, W]),
      w: rng.tensor([cin, s.outPerGroup, ...s.kernel], rng.pick([0, 0, 0.2])),
      bias: rng.bool() ? rng.floats(cout) : null,
      opts: {
        stride: spellPair(rng, s.stride),
        padding: spellPadding(rng, padding),
        outputPadding: spellPair(rng, outputPadding),
        dilation: spellPair(rng, s.dilation),
        groups: s.groups,
      },
      explicit: { stride: s.stride, padding, dilation: s.dilation, groups: s.groups, outputPadding },
    };
  }
}

export function randomConvCase(rng: Random): ConvCase {
  for (;;) {
    const s = shapeParts(rng);
    const H = rng.int(1, 8);
    const W = rng.int(1, 8);
    const padding: [number, number, number, number] = [rng.int(0, 3), rng.int(0, 3), rng.int(0, 3), rng.int(0, 3)];
    if (rng.bool(0.3)) [padding[2], padding[3]] = [padding[0], padding[1]];
    // The dilated kernel must fit in the padded input.
    if (s.dilation[0] * (s.kernel[0] - 1) + 1 > H + padding[0] + padding[2]) continue;
    if (s.dilation[1] * (s.kernel[1] - 1) + 1 > W + padding[1] + padding[3]) continue;
    const cin = s.inPerGroup * s.groups;
    const cout = s.outPerGroup * s.groups;
    return {
      x: rng.tensor([s.batch, cin, H, W]),
      w: rng.tensor([cout, s.inPerGroup, ...s.kernel], rng.pick([0, 0, 0.2])),
      bias: rng.bool() ? rng.floats(cout) : null,
      opts: {
        stride: spellPair(rng, s.stride),
        padding: spellPadding(rng, padding),
        dilation: spellPair(rng, s.dilation),
        groups: s.groups,
      },
      explicit: { stride: s.stride, padding, dilation: s.dilation, groups: s.groups },
    };
  }
}

/** A compact description for failure messages. */
export function describeCase(c: { x: Tensor; w: Tensor; bias: Float32Array | null; opts: object }): string {
  return `x [${c.x.shape.join(', ')}], w [${c.w.shape.join(', ')}], bias ${c.bias ? 'yes' : 'no'}, opts ${JSON.stringify(c.opts)}`;
}
