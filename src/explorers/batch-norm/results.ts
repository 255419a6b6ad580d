/**
 * The batch-norm explorer's data types: what compute needs besides the state, what it returns, and the slow
 * analyses a 'first' pass may leave pending (runtime/protocol.ts). Types and constants only, so that compute.ts,
 * affine.ts and analyses.ts can all read them without importing each other in a circle.
 */
import type { Tensor } from '../../kernels/index.ts';
import type { ExplorerBatchNorm } from '../model/as-batch-norm.ts';
import type { Batch } from './data-source.ts';
import type { RgbImage } from './photo-data.ts';
import type { EpsPoint, SpreadPoint, oneValuePerChannel } from './pitfalls.ts';
import type { RunningTrace } from './running.ts';
import type { BnState } from './schema.ts';
import type { ChannelStats } from '../../analysis/moments.ts';
import type { channelCovariance } from './stats.ts';

/**
 * The slow analyses a 'first' pass may leave at their previous value (runtime/protocol.ts): 'spread', the pitfalls
 * panel's two sweeps (the batch mean's spread over batch sizes, and the eps curve); 'target', the running
 * statistics' targets; 'identity', the γ/β that undo the normalisation and the blend towards them; 'covariance',
 * the channel covariance before and after; 'folding', the conv → BN folding demo on a new batch (two convolutions
 * of its RGB crops and a BatchNorm; γ, β, eps and the running statistics on the same batch are shown at once). The
 * last three are quick on their own but are more passes over the batch (identity and covariance: 40 % of a new
 * batch's repaint in Node; folding: 40 % of what was left, in the page), for panels further down.
 */
export type BnPending = 'spread' | 'target' | 'identity' | 'covariance' | 'folding';
/** Where those analyses sit in the results: the running statistics' target has one per distribution (plain, shifted). */
export type AnalysisSlot = 'spread' | 'eps' | 'target' | 'targetShifted' | 'identity' | 'covariance' | 'folding';
/** Batches per batch size in the spread sweep. */
export const SPREAD_BATCHES = 24;
/** Batches averaged for the running statistics' target (the expected batch statistics of a distribution). */
export const TARGET_BATCHES = 24;

export const PART_OF: Record<AnalysisSlot, BnPending> = {
  spread: 'spread', eps: 'spread', target: 'target', targetShifted: 'target', identity: 'identity', covariance: 'covariance',
  folding: 'folding',
};

export type BnBase = { training: boolean; eps: number; runningMean: Float32Array; runningVar: Float32Array };
/** x̂ in one mode: independent of γ and β, so it is cached while those sliders move. */
export type Normalised = { base: BnBase; error: string | null; errorParam: string | null; xhat: Tensor | null; mean: Float32Array | null; variance: Float32Array | null; xhatStats: ChannelStats | null };
/** The folding demo's part that γ and β do not change. */
export type FoldBase = Pick<Extract<NonNullable<BnResults['folding']>, { rgb: Tensor }>, 'fromPhotos' | 'rgb' | 'convOut' | 'conv'>;

/** What compute needs besides the state: decoded images (they cannot live in the URL). */
export interface ComputeEnv {
  /** The sample photographs; null while they load. */
  photos: readonly RgbImage[] | null;
  /** The user's own images, if any; `ownId` changes whenever they change. */
  own: readonly RgbImage[] | null;
  ownId: number;
  /** False until the kernels' backend has settled (the explorer waits for it so links reproduce exactly). */
  kernelsReady?: boolean;
  /**
   * The BatchNormalization node opened on the model page (source 'onnx'): data matched to its running statistics,
   * which the running statistics also start from. `id` changes with the node.
   */
  imported?: (ExplorerBatchNorm & { id: number }) | null;
}

/** BatchNorm in one mode on the shown batch: x̂ (γ = 1, β = 0) and the output γ·x̂ + β, both from the kernel. */
export interface LayerResult {
  /** The options x̂ was computed with (training flag, eps, running statistics): what γ and β are applied with. */
  base: BnBase;
  error: string | null;
  /** The parameter the kernel named in its refusal (ParamError.param), for the panels' advice. */
  errorParam: string | null;
  xhat: Tensor | null;
  output: Tensor | null;
  /** The statistics it normalised with: the batch's (training) or the running ones (eval). */
  mean: Float32Array | null;
  variance: Float32Array | null;
  xhatStats: ChannelStats | null;
  outputStats: ChannelStats | null;
}

export interface BnResults {
  state: BnState;
  /** Why nothing could be computed (photos still loading, crop too large …); the panels show it. */
  dataError: string | null;
  source: BnState['source'];
  names: string[];
  batch: Batch | null;
  inputStats: ChannelStats | null;
  running: {
    mean: Float32Array;
    variance: Float32Array;
    /** Both phases joined: entry k = after k steps (the shift phase follows `shiftAt` steps). */
    trace: RunningTrace;
    shiftAt: number | null;
    error: string | null;
    errorParam?: string | null;
    target: { mean: Float64Array; variance: Float64Array };
    targetShifted: { mean: Float64Array; variance: Float64Array } | null;
  } | null;
  train: LayerResult | null;
  eval: LayerResult | null;
  /** max |train output − eval output| on the shown batch (same γ, β). */
  trainEvalMaxDiff: number | null;
  /** mean |train output − eval output|: the typical gap (the max sits on an outlier pixel). */
  trainEvalMeanDiff: number | null;
  identity: {
    gamma: Float32Array;
    beta: Float32Array;
    maxDiff: number;
    blend: { t: number; gamma: Float32Array; beta: Float32Array; output: Tensor; stats: ChannelStats; maxDiffFromInput: number; maxDiffFromMix: number };
  } | null;
  covariance: { before: ReturnType<typeof channelCovariance>; after: ReturnType<typeof channelCovariance> | null } | null;
  pitfalls: {
    one: ReturnType<typeof oneValuePerChannel>;
    spread: SpreadPoint[];
    eps: EpsPoint[];
  } | null;
  folding: {
    fromPhotos: boolean;
    /** The conv's input (RGB crops) and output (the batch norm's input on the unfolded path). */
    rgb: Tensor;
    convOut: Tensor;
    conv: { weight: Tensor; bias: Float32Array };
    folded: { weight: Tensor; bias: Float32Array; scale: Float64Array };
    unfoldedOut: Tensor;
    foldedOut: Tensor;
    maxDiff: number;
    maxAbsOutput: number;
  } | { error: string } | null;
  /** Parts still showing an earlier batch's value ('first' pass); their panels wait for the 'full' pass. */
  pending: BnPending[];
  /** The memo key of each slow analysis this state asked for: equal keys, equal values (see adoptAnalyses). */
  analysisKeys: Partial<Record<AnalysisSlot, string>>;
}
