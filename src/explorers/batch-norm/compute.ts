import { batchNorm2d, conv2d, maxAbsDiff, ParamError, type Tensor } from '../../kernels/index.ts';
import { BatchSource, channelNames, type Batch, type DataSpec } from './data-source.ts';
import { featureConv } from './feature-conv.ts';
import { blendParams, identityParams } from './identity.ts';
import { batchStatSpread, epsCurve, oneValuePerChannel, type EpsPoint, type SpreadPoint } from './pitfalls.ts';
import { STREAM } from './random.ts';
import { extendTrace, expectedRunningStats, initialTrace, traceFrom, type RunningTrace } from './running.ts';
import { normaliseState, type BnState } from './schema.ts';
import type { ExplorerBatchNorm } from '../model/as-batch-norm.ts';
import { channelStats, type ChannelStats } from '../../analysis/moments.ts';
import { channelCovariance, channelValues } from './stats.ts';
import type { Detail } from '../runtime/protocol.ts';
import { affineTail, foldBaseOf, foldTail } from './affine.ts';
import {
  PART_OF, SPREAD_BATCHES, TARGET_BATCHES, type AnalysisSlot, type BnBase, type BnPending, type BnResults, type ComputeEnv, type FoldBase,
  type LayerResult, type Normalised,
} from './results.ts';

export type { BnPending, BnResults, ComputeEnv, LayerResult } from './results.ts';
export { SPREAD_BATCHES, TARGET_BATCHES } from './results.ts';

/** One compute's pass: how much to bring up to date, what it left pending, and the memo key each analysis wanted. */
interface Pass {
  detail: Detail;
  pending: BnPending[];
  keys: Partial<Record<AnalysisSlot, string>>;
}

export const SPREAD_SIZES = [1, 2, 4, 8, 16, 32] as const;
export const EPS_EXPONENTS = Array.from({ length: 25 }, (_, i) => -10 + i * 0.5);

/** One-slot memo: recompute only when the key changes (a γ slider drag must not replay the running stats). */
class Memo<V> {
  private key: string | null = null;
  private value: V | null = null;
  /** Take `value` as the one made for `key` (computed elsewhere with the same code: BnComputer.takeAnalysesFrom). */
  seed(key: string, value: V): void {
    this.key = key;
    this.value = value;
  }

  get(key: string, make: () => V): V {
    if (key !== this.key || this.value === null) {
      this.value = make();
      this.key = key;
    }
    return this.value;
  }

  /**
   * As `get`, but a 'first' pass takes the previous value (if any) instead of making a new one, and says so —
   * unless `now(previousKey)` says this change is one to show at once (the control the panel itself offers).
   */
  getOrPrevious(key: string, make: () => V, detail: Detail, now?: (previousKey: string) => boolean): { value: V; previous: boolean } {
    if (detail === 'first' && key !== this.key && this.value !== null && !(now && this.key !== null && now(this.key))) {
      return { value: this.value, previous: true };
    }
    return { value: this.get(key, make), previous: false };
  }
}

const paramOf = (e: unknown): string | null => (e instanceof ParamError ? e.param : null);

const fmt = (a: ArrayLike<number>) => Array.from(a).join(',');

function normalise(x: Tensor, base: BnBase): Normalised {
  try {
    const r = batchNorm2d(x, base);
    return {
      base, error: null, errorParam: null, xhat: r.output, xhatStats: channelStats(r.output),
      mean: base.training ? r.batchMean! : base.runningMean,
      variance: base.training ? r.batchVar! : base.runningVar,
    };
  } catch (e) {
    return { base, error: (e as Error).message, errorParam: paramOf(e), xhat: null, mean: null, variance: null, xhatStats: null };
  }
}

/**
 * compute(state) → results: every number the views show. Pure in its inputs (state + images); the memos only skip
 * work whose inputs did not change, so it can move to a worker as is.
 */
export class BnComputer {
  private readonly source = new BatchSource();
  private readonly memo = {
    batch: new Memo<Batch>(),
    photoBatch: new Memo<Batch>(),
    inputStats: new Memo<ChannelStats>(),
    norm: new Memo<{ train: Normalised; eval: Normalised }>(),
    covariance: new Memo<NonNullable<BnResults['covariance']>>(),
    identity: new Memo<BnResults['identity']>(),
    foldBase: new Memo<FoldBase | { error: string }>(),
    target: new Memo<{ mean: Float64Array; variance: Float64Array }>(),
    targetShifted: new Memo<{ mean: Float64Array; variance: Float64Array }>(),
    spread: new Memo<SpreadPoint[]>(),
    eps: new Memo<EpsPoint[]>(),
  };
  /** The unfolded path's conv output per RGB batch (batches are cached, so the same object comes back). */
  private readonly convOut = new WeakMap<Tensor, Tensor>();
  private trace1: { key: string; trace: RunningTrace } | null = null;
  private trace2: { key: string; trace: RunningTrace } | null = null;
  /** The last folding demo made: what a 'first' pass shows (pending) while a new batch's waits. */
  private lastFolding: BnResults['folding'] = null;

  compute(raw: BnState, env: ComputeEnv, detail: Detail = 'full'): BnResults {
    const state = normaliseState(raw);
    const pass: Pass = { detail, pending: [], keys: {} };
    const { pending } = pass;
    const empty: BnResults = {
      state, dataError: null, source: state.source, names: [], batch: null, inputStats: null, running: null, train: null,
      eval: null, trainEvalMaxDiff: null, trainEvalMeanDiff: null, identity: null, covariance: null, pitfalls: null, folding: null,
      pending, analysisKeys: pass.keys,
    };
    let source = state.source;
    if (source === 'own' && !env.own) source = 'photos';
    const imported = source === 'onnx' ? env.imported ?? null : null;
    if (source === 'onnx' && !imported) source = 'photos';
    if (env.kernelsReady === false) return { ...empty, source, dataError: 'Loading the kernels…' };
    let spec: DataSpec;
    if (source === 'synthetic') {
      spec = { kind: 'synthetic', spec: { means: state.means, stds: state.stds, corr: state.corr }, seed: state.seed };
    } else if (imported) {
      spec = { kind: 'synthetic', spec: { means: imported.dataMeans, stds: imported.dataStds, corr: state.corr }, seed: state.seed };
    } else {
      const images = source === 'own' ? env.own : env.photos;
      if (!images) return { ...empty, source, dataError: 'Loading the sample photographs…' };
      spec = { kind: 'photos', images, imagesId: source === 'own' ? env.ownId : 0, seed: state.seed };
    }
    const names = imported ? imported.names : channelNames(spec);
    const maxSize = this.source.maxSize(spec);
    if (state.size > maxSize) {
      return { ...empty, source, names, dataError: `crop size ${state.size} is larger than the smallest image allows (${maxSize}); choose a size ≤ ${maxSize}` };
    }
    const specKey = spec.kind === 'photos'
      ? `p${spec.imagesId}|${spec.seed}|${state.size}`
      : `${imported ? `o${imported.id}` : ''}s${fmt(spec.spec.means)}|${fmt(spec.spec.stds)}|${spec.spec.corr}|${spec.seed}|${state.size}`;
    const dataKey = `${specKey}|${state.n}`;
    const { n, size, shift } = state;
    const draw = (sh: number, stream: number) => (k: number) => this.source.draw(spec, sh, stream, k, n, size).x;

    const batch = this.memo.batch.get(`${dataKey}|${shift}|${state.batch}`, () =>
      this.source.draw(spec, shift, STREAM.view, state.batch, n, size));
    const x = batch.x;
    const inputStats = this.memo.inputStats.get(`${dataKey}|${shift}|${state.batch}`, () => channelStats(x));

    const running = this.running(state, dataKey, draw, imported, pass);
    const normKey = `${dataKey}|${shift}|${state.batch}|${state.eps}|${fmt(running.mean)}|${fmt(running.variance)}`;
    const norm = this.memo.norm.get(normKey, () => {
      const common = { eps: state.eps, runningMean: running.mean, runningVar: running.variance };
      return { train: normalise(x, { ...common, training: true }), eval: normalise(x, { ...common, training: false }) };
    });
    const tail = affineTail({ x, train: norm.train, eval: norm.eval }, state);
    // The folding demo's batch: the shown one's RGB crops, or the sample photographs' for synthetic data.
    const foldBatchKey = `${dataKey}|${shift}|${state.batch}|${spec.kind}|${env.photos ? 1 : 0}`;
    const current = state.mode === 'train' ? tail.train : tail.eval;
    const currentKey = `${normKey}|${state.mode}`;

    return {
      ...empty,
      source,
      names,
      batch,
      inputStats,
      running,
      ...tail,
      folding: this.folding(foldBatchKey, () => this.foldBase(state, spec, env, batch), state, running, pass),
      // Both wait for the 'full' pass when the batch or the normalisation changed; the blend slider ('amount') is the
      // identity panel's own control, so a drag of it alone is shown at once.
      identity: this.slow(this.memo.identity, 'identity', `${currentKey}|${state.amount}`, () => this.identity(x, current, state), pass,
        (previousKey) => previousKey.startsWith(`${currentKey}|`)),
      covariance: this.slow(this.memo.covariance, 'covariance', currentKey, () =>
        ({ before: channelCovariance(x), after: current.xhat ? channelCovariance(current.xhat) : null }), pass),
      pitfalls: {
        one: oneValuePerChannel(x, running.mean, running.variance, state.eps),
        // Keyed without N: the sweep covers every batch size anyway, so dragging N does not redo it.
        spread: this.slow(this.memo.spread, 'spread', `${specKey}|${shift}`, () =>
          batchStatSpread((bn, k) => this.source.draw(spec, shift, STREAM.noise, k, bn, size).x, SPREAD_SIZES, SPREAD_BATCHES), pass),
        // A third of a repaint pass at the default sizes, for a panel far down the page: left to the 'full' pass.
        eps: this.slow(this.memo.eps, 'eps', `${dataKey}|${shift}|${state.batch}|${state.channel}|${state.eps}`, () =>
          epsCurve(channelValues(x, state.channel), state.eps, EPS_EXPONENTS), pass),
      },
    };
  }

  /**
   * Take a 'full' pass's slow analyses (made by another computer with the same code: the page's takes the
   * worker's) as this one's previous values, so its 'first' passes leave them pending instead of making them.
   */
  takeAnalysesFrom(full: BnResults): void {
    if (full.pending.length > 0) return;
    const k = full.analysisKeys;
    if (k.identity !== undefined) this.memo.identity.seed(k.identity, full.identity);
    const f = full.folding;
    if (k.folding !== undefined && f) {
      this.memo.foldBase.seed(k.folding, foldBaseOf(f));
      this.lastFolding = f;
    }
    if (k.covariance !== undefined && full.covariance) this.memo.covariance.seed(k.covariance, full.covariance);
    if (k.spread !== undefined && full.pitfalls) this.memo.spread.seed(k.spread, full.pitfalls.spread);
    if (k.eps !== undefined && full.pitfalls) this.memo.eps.seed(k.eps, full.pitfalls.eps);
    if (k.target !== undefined && full.running) this.memo.target.seed(k.target, full.running.target);
    if (k.targetShifted !== undefined && full.running?.targetShifted) this.memo.targetShifted.seed(k.targetShifted, full.running.targetShifted);
  }

  /** A slow analysis through its memo: on a 'first' pass a changed one keeps its previous value, listed in `pending`. */
  private slow<V>(memo: Memo<V>, slot: AnalysisSlot, key: string, make: () => V, pass: Pass, now?: (previousKey: string) => boolean): V {
    pass.keys[slot] = key;
    const r = memo.getOrPrevious(key, make, pass.detail, now);
    if (r.previous && !pass.pending.includes(PART_OF[slot])) pass.pending.push(PART_OF[slot]);
    return r.value;
  }

  private running(
    state: BnState, dataKey: string, draw: (shift: number, stream: number) => (k: number) => Tensor, imported: ExplorerBatchNorm | null,
    pass: Pass,
  ): NonNullable<BnResults['running']> {
    const C = state.gamma.length;
    // An imported node's running statistics are where its training left them; otherwise PyTorch's initial buffers.
    const initial = () => (imported
      ? { ...initialTrace(C, state.momentum), means: [imported.runningMean.slice()], vars: [imported.runningVar.slice()] }
      : initialTrace(C, state.momentum));
    const key1 = `${dataKey}|${state.momentum}`;
    let error: string | null = null;
    let errorParam: string | null = null;
    let t1: RunningTrace;
    try {
      const base = this.trace1?.key === key1 ? this.trace1.trace : initial();
      t1 = extendTrace(base, state.steps, draw(0, STREAM.train));
      if (!this.trace1 || this.trace1.key !== key1 || t1.means.length > this.trace1.trace.means.length) this.trace1 = { key: key1, trace: t1 };
    } catch (e) {
      error = (e as Error).message;
      errorParam = paramOf(e);
      t1 = initial();
    }
    let trace = t1;
    let shiftAt: number | null = null;
    if (state.shiftSteps > 0 && !error) {
      const key2 = `${key1}|${state.steps}|${state.shift}`;
      const base = this.trace2?.key === key2 ? this.trace2.trace : traceFrom(t1);
      const t2 = extendTrace(base, state.shiftSteps, draw(state.shift, STREAM.trainShifted));
      if (!this.trace2 || this.trace2.key !== key2 || t2.means.length > this.trace2.trace.means.length) this.trace2 = { key: key2, trace: t2 };
      trace = {
        momentum: t1.momentum,
        means: [...t1.means, ...t2.means.slice(1)],
        vars: [...t1.vars, ...t2.vars.slice(1)],
        batchMeans: [...t1.batchMeans, ...t2.batchMeans],
        batchVars: [...t1.batchVars, ...t2.batchVars],
      };
      shiftAt = state.steps;
    }
    const last = trace.means.length - 1;
    const targetOf = (shift: number, memo: Memo<{ mean: Float64Array; variance: Float64Array }>, slot: AnalysisSlot) =>
      this.slow(memo, slot, `${dataKey}|${shift}`, () => {
        try {
          return expectedRunningStats(draw(shift, STREAM.target), TARGET_BATCHES);
        } catch {
          return { mean: new Float64Array(C).fill(NaN), variance: new Float64Array(C).fill(NaN) };
        }
      }, pass);
    return {
      mean: trace.means[last],
      variance: trace.vars[last],
      trace,
      shiftAt,
      error,
      errorParam,
      target: targetOf(0, this.memo.target, 'target'),
      targetShifted: state.shift > 0 ? targetOf(state.shift, this.memo.targetShifted, 'targetShifted') : null,
    };
  }

  private identity(x: Tensor, current: LayerResult, state: BnState): BnResults['identity'] {
    if (!current.mean || !current.variance || !current.xhat) return null;
    const training = state.mode === 'train';
    const base = { training, eps: state.eps, runningMean: current.mean, runningVar: current.variance };
    const id = identityParams(current.mean, current.variance, state.eps);
    const y = batchNorm2d(x, { ...base, weight: id.gamma, bias: id.beta }).output;
    const t = state.amount;
    const bl = blendParams(current.mean, current.variance, state.eps, t);
    const yb = batchNorm2d(x, { ...base, weight: bl.gamma, bias: bl.beta }).output;
    const xhat = current.xhat.data;
    const mix = x.data.map((v, i) => (1 - t) * v + t * xhat[i]);
    return {
      gamma: id.gamma,
      beta: id.beta,
      maxDiff: maxAbsDiff(y.data, x.data),
      blend: {
        t, gamma: bl.gamma, beta: bl.beta, output: yb, stats: channelStats(yb),
        maxDiffFromInput: maxAbsDiff(yb.data, x.data), maxDiffFromMix: maxAbsDiff(yb.data, mix),
      },
    };
  }

  /**
   * The folding demo. A new batch's conv output (its RGB crops through the conv) and the rest of the demo wait for
   * the 'full' pass, for a panel at the foot of the page: the previous batch's demo stands in, pending. On the same
   * batch, γ, β, eps and the running statistics are applied at once (a folded conv and a BatchNorm).
   */
  private folding(batchKey: string, base: () => FoldBase | { error: string }, state: BnState, running: { mean: Float32Array; variance: Float32Array }, pass: Pass): BnResults['folding'] {
    const fold = this.slow(this.memo.foldBase, 'folding', batchKey, base, pass);
    if (pass.pending.includes('folding') && this.lastFolding) return this.lastFolding;
    this.lastFolding = foldTail(fold, state, running);
    return this.lastFolding;
  }

  /** The folding demo's γ/β-independent half: the conv's input (RGB crops) and output, cached per batch. */
  private foldBase(state: BnState, spec: DataSpec, env: ComputeEnv, batch: Batch): FoldBase | { error: string } {
    let rgb = batch.rgb;
    const fromPhotos = spec.kind === 'photos';
    if (!rgb) {
      // Synthetic maps have no conv in front of them: fold the fixed conv on the sample photographs instead.
      if (!env.photos) return { error: 'Loading the sample photographs…' };
      const photoSpec: DataSpec = { kind: 'photos', images: env.photos, imagesId: 0, seed: state.seed };
      if (state.size > this.source.maxSize(photoSpec)) return { error: `crop size ${state.size} is too large for the sample photographs` };
      rgb = this.memo.photoBatch.get(`${state.seed}|${state.n}|${state.size}|${state.shift}|${state.batch}`, () =>
        this.source.draw(photoSpec, state.shift, STREAM.view, state.batch, state.n, state.size)).rgb!;
    }
    const conv = featureConv();
    let z = this.convOut.get(rgb);
    if (!z) {
      z = conv2d(rgb, conv.weight, conv.bias);
      this.convOut.set(rgb, z);
    }
    return { fromPhotos, rgb, convOut: z, conv };
  }
}
