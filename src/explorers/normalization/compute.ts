/**
 * compute(state) → every number the normalization page shows, from the kernels: batchNorm2d, layerNorm,
 * instanceNorm2d, groupNorm2d and rmsNorm normalise; channelMoments and rowMoments give the statistics the grid
 * shows and the sentences quote. Pure in (state, images): it runs in the worker and, as fallback, in the page.
 */
import {
  batchNorm2d, channelMoments, groupNorm2d, instanceNorm2d, layerNorm, rmsNorm, rowMoments, type Tensor,
} from '../../kernels/index.ts';
import { BatchSource, type DataSpec } from '../batch-norm/data-source.ts';
import { FEATURE_NAMES } from '../batch-norm/feature-conv.ts';
import type { RgbImage } from '../batch-norm/photo-data.ts';
import { bnSchema } from '../batch-norm/schema.ts';
import { checkCombination, groupChoices, NORMS, type NormId, type NormState } from './schema.ts';

export interface NormInputs {
  photos: readonly RgbImage[] | null;
  own: readonly RgbImage[] | null;
  ownId: number;
}

/** The page's random streams (part of the link contract: changing them changes every link's numbers). */
const STREAM = { sample0: 11, rest: 12, running: 13, spread: 14 } as const;
/** Training steps replayed for the running statistics of the train-vs-eval comparison (momentum 0.1: 1 − 0.9²⁰ ≈ 88 %). */
export const RUNNING_STEPS = 20;
export const SPREAD_SIZES = [1, 2, 4, 8, 16] as const;
const SPREAD_BATCHES = 24;

/** Mean and spread of an output, per channel (over N·H·W) and per sample (over C·H·W), plus per (n, c) map and per group. */
export interface OutputSummary {
  channelMean: number[];
  channelStd: number[];
  sampleMean: number[];
  sampleStd: number[];
  /** Largest |mean| and largest |std − 1| (|rms − 1| for RMSNorm) over the units the norm normalises. */
  unitMeanMax: number;
  unitSpreadMax: number;
  /** What the norm removed, in numbers. */
  removed: string;
}

/** The statistics of the chosen norm: one μ and σ² per group, and which group each (sample, channel) row belongs to. */
export interface GroupStats {
  mean: number[];
  variance: number[];
  /** Mean of squares (what RMSNorm divides by, with eps, under a square root). */
  meanSquare: number[];
  /** Group index of row n·C + c of the flat grid. */
  groupOfRow: number[];
  /** How many values share one group's statistics. */
  count: number;
  /** What one group is, in words ("channel 2 across the batch"). */
  describe: string[];
}

export interface NormResults {
  state: NormState;
  dataError: string | null;
  names: string[];
  /** [N, C, H, W]: sample 0 from its own stream, the rest from batch `swap`. */
  x: Tensor | null;
  /** Each norm on x, without affine. */
  outputs: Record<NormId, Tensor> | null;
  /** The chosen norm on x, with γ, β when affine is on. */
  chosen: Tensor | null;
  weight: Float32Array | null;
  bias: Float32Array | null;
  stats: GroupStats | null;
  summary: Record<NormId, OutputSummary> | null;
  knob: {
    /** max |GN(G = 1) − LN over [C, H, W]| and max |GN(G = C) − IN|. */
    atOne: number;
    atC: number;
    points: { g: number; toLN: number; toIN: number }[];
  } | null;
  batchDependence: {
    /** Sample 0's output max |change| when the other N − 1 samples are swapped for batch swap + 1. */
    change: Record<NormId, number>;
    /** Batch N: the spread (std over batches) of BN's batch mean, averaged over channels. */
    spread: { n: number; std: number }[];
    /** max |train − eval| per norm; IN with tracked running statistics separately. */
    trainEval: Record<NormId | 'inTracked', number>;
    /** The swapped batch (for the parity check). */
    swapped: Tensor;
    running: { bnMean: Float32Array; bnVar: Float32Array; inMean: Float32Array; inVar: Float32Array };
  } | null;
  rms: { sampleMeanIn: number[]; sampleMeanLN: number[]; sampleMeanRMS: number[]; maxDiff: number; rmsOfLN: number[] } | null;
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};
const maxAbs = (a: ArrayLike<number>) => Array.from(a).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
const range = (a: readonly number[]) => [Math.min(...a), Math.max(...a)] as const;
const e = (v: number) => v.toExponential(0).replace('e+', 'e');
const f2 = (v: number) => v.toFixed(2);

/** The channel-first slice [:, :c] of an [N, 4, H, W] batch. */
function firstChannels(x: Tensor, c: number): Tensor {
  const [n, C, h, w] = x.shape;
  if (c === C) return x;
  const hw = h * w;
  const out = new Float32Array(n * c * hw);
  for (let s = 0; s < n; s++) out.set(x.data.subarray(s * C * hw, (s * C + c) * hw), s * c * hw);
  return { shape: [n, c, h, w], data: out };
}

/** Samples of `a` then of `b` along N. */
function concatBatch(a: Tensor, b: Tensor | null): Tensor {
  if (!b) return a;
  const data = new Float32Array(a.data.length + b.data.length);
  data.set(a.data);
  data.set(b.data, a.data.length);
  return { shape: [a.shape[0] + b.shape[0], ...a.shape.slice(1)], data };
}

/** γ and β per channel when affine is on: distinct, so what each channel's parameters do stays visible. */
export function affineParams(c: number): { weight: Float32Array; bias: Float32Array } {
  return { weight: Float32Array.from({ length: c }, (_, k) => 1 + 0.5 * k), bias: Float32Array.from({ length: c }, (_, k) => 0.25 * k - 0.25) };
}

/** A per-channel vector repeated over H·W: LayerNorm([C, H, W]) and RMSNorm have one weight per (c, h, w). */
function perElement(v: Float32Array, hw: number): Float32Array {
  const out = new Float32Array(v.length * hw);
  v.forEach((val, c) => out.fill(val, c * hw, (c + 1) * hw));
  return out;
}

/** Each norm on x, PyTorch's defaults but for eps and G; without affine unless `affine` is given. */
export function runNorms(x: Tensor, g: number, eps: number, affine: { weight: Float32Array; bias: Float32Array } | null): Record<NormId, Tensor> {
  const [, c, h, w] = x.shape;
  const normalizedShape = [c, h, w];
  const elementW = affine ? perElement(affine.weight, h * w) : null;
  const elementB = affine ? perElement(affine.bias, h * w) : null;
  return {
    bn: batchNorm2d(x, { training: true, eps, weight: affine?.weight, bias: affine?.bias }).output,
    ln: layerNorm(x, { normalizedShape, eps, weight: elementW, bias: elementB }),
    in: instanceNorm2d(x, { eps, weight: affine?.weight, bias: affine?.bias }).output,
    gn: groupNorm2d(x, { numGroups: g, eps, weight: affine?.weight, bias: affine?.bias }),
    rms: rmsNorm(x, { normalizedShape, eps, weight: elementW }),
  };
}

/** Which values share one μ, σ² under `norm`: the groups and their statistics (of the input x). */
export function groupStats(x: Tensor, norm: NormId, g: number): GroupStats {
  const [n, c, h, w] = x.shape;
  const hw = h * w;
  const rows = Array.from({ length: n * c }, (_, r) => r);
  const withSquares = (m: { mean: Float64Array; variance: Float64Array; count: number }, groupOfRow: number[], describe: string[]): GroupStats => ({
    mean: Array.from(m.mean), variance: Array.from(m.variance), meanSquare: Array.from(m.mean, (mu, i) => m.variance[i] + mu * mu),
    groupOfRow, count: m.count, describe,
  });
  switch (norm) {
    case 'bn':
      return withSquares(channelMoments(x.data, n, c, hw), rows.map((r) => r % c),
        Array.from({ length: c }, (_, k) => `channel ${k} across all ${n} samples`));
    case 'ln':
    case 'rms':
      return withSquares(rowMoments(x.data, n, c * hw), rows.map((r) => Math.floor(r / c)),
        Array.from({ length: n }, (_, s) => `every channel of sample ${s}`));
    case 'in':
      return withSquares(rowMoments(x.data, n * c, hw), rows,
        rows.map((r) => `channel ${r % c} of sample ${Math.floor(r / c)}`));
    case 'gn': {
      const per = c / g;
      return withSquares(rowMoments(x.data, n * g, per * hw), rows.map((r) => Math.floor(r / c) * g + Math.floor((r % c) / per)),
        Array.from({ length: n * g }, (_, k) => `channels ${(k % g) * per}…${(k % g) * per + per - 1} of sample ${Math.floor(k / g)}`));
    }
  }
}

function summarise(norm: NormId, y: Tensor, g: number): OutputSummary {
  const [n, c, h, w] = y.shape;
  const hw = h * w;
  const ch = channelMoments(y.data, n, c, hw);
  const sm = rowMoments(y.data, n, c * hw);
  const units = norm === 'bn' ? ch : norm === 'ln' || norm === 'rms' ? sm : norm === 'in' ? rowMoments(y.data, n * c, hw) : rowMoments(y.data, n * g, (c / g) * hw);
  const unitMeanMax = maxAbs(units.mean);
  const spread = Array.from(units.variance, (v, i) => (norm === 'rms' ? Math.sqrt(v + units.mean[i] ** 2) : Math.sqrt(v)));
  const unitSpreadMax = spread.reduce((m, s) => Math.max(m, Math.abs(s - 1)), 0);
  const channelMean = Array.from(ch.mean);
  const sampleMean = Array.from(sm.mean);
  const [cLo, cHi] = range(channelMean);
  const [sLo, sHi] = range(sampleMean);
  const removed = {
    bn: `per-channel offset and scale across the batch: the per-channel means of BN's output are all 0 ± ${e(unitMeanMax)}, their stds 1 ± ${e(unitSpreadMax)}; per-sample means still range ${f2(sLo)} … ${f2(sHi)}.`,
    ln: `per-sample brightness and contrast: the per-sample means of LN's output are all 0 ± ${e(unitMeanMax)}, their stds 1 ± ${e(unitSpreadMax)}; per-channel means still range ${f2(cLo)} … ${f2(cHi)}.`,
    in: `each map's own offset and scale: every (sample, channel) map of IN's output has mean 0 ± ${e(unitMeanMax)} and std 1 ± ${e(unitSpreadMax)} — per-channel and per-sample differences both gone.`,
    gn: `each sample's offset and scale per group of ${c / g} channel${c / g > 1 ? 's' : ''}: the ${n * g} group means of GN's output are 0 ± ${e(unitMeanMax)}, stds 1 ± ${e(unitSpreadMax)}; per-channel means still range ${f2(cLo)} … ${f2(cHi)}.`,
    rms: `per-sample scale only: each sample's root mean square is 1 ± ${e(unitSpreadMax)}, but its mean is not removed — per-sample means range ${f2(sLo)} … ${f2(sHi)}.`,
  }[norm] + (unitSpreadMax > 0.1
    ? ` (The largest miss is a nearly constant ${norm === 'bn' ? 'channel' : norm === 'gn' ? 'group' : norm === 'in' ? 'map' : 'sample'}: with σ² ≈ 0, eps dominates and its std stays near 0.)`
    : '');
  return {
    channelMean, channelStd: Array.from(ch.variance, Math.sqrt), sampleMean, sampleStd: Array.from(sm.variance, Math.sqrt),
    unitMeanMax, unitSpreadMax, removed,
  };
}

/** Sample `s` of a batch as its own [1, C, H, W] data. */
const sampleOf = (t: Tensor, s: number) => t.data.subarray(s * (t.data.length / t.shape[0]), (s + 1) * (t.data.length / t.shape[0]));

/** The last value made for a key: the sweeps below depend on few controls, and most moves change none of them. */
class Last<V> {
  private key: string | null = null;
  private value: V | null = null;
  get(key: string, make: () => V): V {
    if (key !== this.key || this.value === null) {
      this.value = make();
      this.key = key;
    }
    return this.value;
  }
}

export class NormComputer {
  private readonly source = new BatchSource();
  private readonly spreadMemo = new Last<{ n: number; std: number }[]>();
  private readonly runningMemo = new Last<{ bnMean: Float32Array; bnVar: Float32Array; inMean: Float32Array; inVar: Float32Array }>();

  compute(raw: NormState, env: NormInputs): NormResults {
    const state = checkCombination(raw).state;
    const empty: NormResults = {
      state, dataError: null, names: [], x: null, outputs: null, chosen: null, weight: null, bias: null, stats: null, summary: null,
      knob: null, batchDependence: null, rms: null,
    };
    let spec: DataSpec;
    if (state.source === 'synthetic') {
      spec = { kind: 'synthetic', spec: { means: bnSchema.means.default, stds: bnSchema.stds.default, corr: bnSchema.corr.default }, seed: state.seed };
    } else {
      const own = state.source === 'own' ? env.own : null;
      const images = own ?? env.photos;
      if (!images) return { ...empty, dataError: 'Loading the sample photographs…' };
      spec = { kind: 'photos', images, imagesId: own ? env.ownId : 0, seed: state.seed };
    }
    const names = (spec.kind === 'photos' ? [...FEATURE_NAMES] : FEATURE_NAMES.map((_, k) => `channel ${k}`)).slice(0, state.c);
    const { n, c, g, size, eps } = state;
    if (size > this.source.maxSize(spec)) return { ...empty, names, dataError: `feature-map size ${size} is larger than the images allow (${this.source.maxSize(spec)})` };
    const draw = (stream: number, index: number, count: number) => firstChannels(this.source.draw(spec, 0, stream, index, count, size).x, c);
    const first = draw(STREAM.sample0, 0, 1);
    const rest = (k: number) => (n > 1 ? draw(STREAM.rest, k, n - 1) : null);
    const x = concatBatch(first, rest(state.swap));
    const swapped = concatBatch(first, rest(state.swap + 1));

    const affine = state.affine ? affineParams(c) : null;
    const outputs = runNorms(x, g, eps, null);
    const chosen = affine ? runNorms(x, g, eps, affine)[state.norm] : outputs[state.norm];
    const summary = Object.fromEntries(NORMS.map((k) => [k, summarise(k, outputs[k], g)])) as Record<NormId, OutputSummary>;

    // The knob: GroupNorm at every G that divides C against LayerNorm over [C, H, W] and InstanceNorm.
    const points = groupChoices(c).map((gg) => {
      const y = gg === g ? outputs.gn : groupNorm2d(x, { numGroups: gg, eps });
      return { g: gg, toLN: maxAbsDiff(y.data, outputs.ln.data), toIN: maxAbsDiff(y.data, outputs.in.data) };
    });

    // Batch dependence: sample 0 is the same in both batches; only the other N − 1 differ.
    const other = runNorms(swapped, g, eps, null);
    const change = Object.fromEntries(NORMS.map((k) => [k, maxAbsDiff(sampleOf(outputs[k], 0), sampleOf(other[k], 0))])) as Record<NormId, number>;
    const dataKey = `${spec.kind === 'photos' ? `p${spec.imagesId}` : 's'}|${state.seed}|${c}|${size}`;
    const spread = this.spreadMemo.get(dataKey, () => SPREAD_SIZES.map((bn) => {
      const means: Float64Array[] = [];
      for (let k = 0; k < SPREAD_BATCHES; k++) {
        const b = draw(STREAM.spread, k, bn);
        means.push(channelMoments(b.data, bn, c, size * size).mean);
      }
      let std = 0;
      for (let ch = 0; ch < c; ch++) {
        const v = means.map((m) => m[ch]);
        const mu = v.reduce((a, b) => a + b, 0) / v.length;
        std += Math.sqrt(v.reduce((a, b) => a + (b - mu) ** 2, 0) / v.length) / c;
      }
      return { n: bn, std };
    }));
    // Running statistics from RUNNING_STEPS training steps (PyTorch's initial buffers 0 and 1, momentum 0.1).
    const { bnMean, bnVar, inMean, inVar } = this.runningMemo.get(`${dataKey}|${n}|${eps}`, () => this.running(draw, n, c, eps));
    const bnEval = batchNorm2d(x, { training: false, eps, runningMean: bnMean, runningVar: bnVar }).output;
    const inTrain = instanceNorm2d(x, { eps, runningMean: inMean, runningVar: inVar }).output;
    const inEval = instanceNorm2d(x, { eps, runningMean: inMean, runningVar: inVar, useInputStats: false }).output;
    // LayerNorm, GroupNorm, RMSNorm and InstanceNorm without running statistics have no mode: eval runs the same
    // call as training. Computed anyway, so the zero on the page is a measurement, not a claim.
    const evalAgain = runNorms(x, g, eps, null);
    const trainEval = {
      bn: maxAbsDiff(outputs.bn.data, bnEval.data),
      ln: maxAbsDiff(outputs.ln.data, evalAgain.ln.data),
      in: maxAbsDiff(outputs.in.data, evalAgain.in.data),
      gn: maxAbsDiff(outputs.gn.data, evalAgain.gn.data),
      rms: maxAbsDiff(outputs.rms.data, evalAgain.rms.data),
      inTracked: maxAbsDiff(inTrain.data, inEval.data),
    };

    const perSample = (t: Tensor) => Array.from(rowMoments(t.data, n, c * size * size).mean);
    const rmsOfLN = Array.from({ length: n }, (_, s) => {
      const v = sampleOf(outputs.ln, s);
      return Math.sqrt(v.reduce((a, b) => a + b * b, 0) / v.length);
    });

    return {
      ...empty, names, x, outputs, chosen, weight: affine?.weight ?? null, bias: affine?.bias ?? null,
      stats: groupStats(x, state.norm, g), summary,
      knob: { atOne: points[0].toLN, atC: points[points.length - 1].toIN, points },
      batchDependence: { change, spread, trainEval, swapped, running: { bnMean, bnVar, inMean, inVar } },
      rms: {
        sampleMeanIn: perSample(x), sampleMeanLN: perSample(outputs.ln), sampleMeanRMS: perSample(outputs.rms),
        maxDiff: maxAbsDiff(outputs.ln.data, outputs.rms.data), rmsOfLN,
      },
    };
  }

  /** BN's and tracked IN's running statistics after RUNNING_STEPS training steps on batches of the running stream. */
  private running(draw: (stream: number, index: number, count: number) => Tensor, n: number, c: number, eps: number) {
    let bnMean: Float32Array = new Float32Array(c);
    let bnVar: Float32Array = new Float32Array(c).fill(1);
    let inMean: Float32Array = new Float32Array(c);
    let inVar: Float32Array = new Float32Array(c).fill(1);
    for (let k = 0; k < RUNNING_STEPS; k++) {
      const b = draw(STREAM.running, k, n);
      const r = batchNorm2d(b, { training: true, eps, runningMean: bnMean, runningVar: bnVar });
      bnMean = r.runningMean!;
      bnVar = r.runningVar!;
      const i = instanceNorm2d(b, { eps, runningMean: inMean, runningVar: inVar });
      inMean = i.runningMean!;
      inVar = i.runningVar!;
    }
    return { bnMean, bnVar, inMean, inVar };
  }
}
