/**
 * What γ and β change in the batch-norm results, computed from what they do not: compute's last steps (`affineTail`
 * for the layer's output, `foldTail` for the folding demo), and `reapplyAffine`, the same steps applied to an
 * earlier result in the page — so a γ/β slider repaints without a round trip to the worker, nor a replay of the
 * rest of compute.
 */
import { batchNorm2d, conv2d, maxAbsDiff, type Tensor } from '../../kernels/index.ts';
import type { BnResults, FoldBase, LayerResult, Normalised } from './results.ts';
import { foldConvBn } from './folding.ts';
import { normaliseState, type BnState } from './schema.ts';
import { channelStats } from '../../analysis/moments.ts';
import { sameState } from '../runtime/same-state.ts';
import { resultOnly } from '../runtime/transfer.ts';

export type { BnBase, FoldBase, Normalised } from './results.ts';

function applyAffine(x: Tensor, norm: Normalised, gamma: Float32Array, beta: Float32Array): LayerResult {
  if (norm.error) return { ...norm, output: null, outputStats: null };
  const out = batchNorm2d(x, { ...norm.base, weight: gamma, bias: beta }).output;
  resultOnly(out.data); // made for this result alone: a worker moves it to the page (transfer.ts)
  return { ...norm, output: out, outputStats: channelStats(out) };
}


/** The γ/β-independent half of a folding demo (or its error). */
export function foldBaseOf(f: NonNullable<BnResults['folding']>): FoldBase | { error: string } {
  return 'error' in f ? f : { fromPhotos: f.fromPhotos, rgb: f.rgb, convOut: f.convOut, conv: f.conv };
}

/** Everything γ and β change in the layer's output, from everything they do not. */
export interface AffineBase {
  x: Tensor;
  train: Normalised;
  eval: Normalised;
}
type AffineParts = Pick<BnResults, 'train' | 'eval' | 'trainEvalMaxDiff' | 'trainEvalMeanDiff'> & { train: LayerResult; eval: LayerResult };

export function affineTail(base: AffineBase, state: BnState): AffineParts {
  const gamma = Float32Array.from(state.gamma);
  const beta = Float32Array.from(state.beta);
  const train = applyAffine(base.x, base.train, gamma, beta);
  const evalR = applyAffine(base.x, base.eval, gamma, beta);
  const trainEvalMaxDiff = train.output && evalR.output ? maxAbsDiff(train.output.data, evalR.output.data) : null;
  let trainEvalMeanDiff: number | null = null;
  if (train.output && evalR.output) {
    let s = 0;
    for (let i = 0; i < train.output.data.length; i++) s += Math.abs(train.output.data[i] - evalR.output.data[i]);
    trainEvalMeanDiff = s / train.output.data.length;
  }
  return { train, eval: evalR, trainEvalMaxDiff, trainEvalMeanDiff };
}

/** The folding demo from its γ/β-independent half: fold the eval-mode BN into the conv, run both paths. */
export function foldTail(fold: FoldBase | { error: string }, state: BnState, running: { mean: Float32Array; variance: Float32Array }): BnResults['folding'] {
  if ('error' in fold) return fold;
  const gamma = Float32Array.from(state.gamma);
  const beta = Float32Array.from(state.beta);
  const runningMean = running.mean;
  const runningVar = running.variance;
  const { rgb, convOut: z, conv } = fold;
  const folded = foldConvBn(conv.weight, conv.bias, { gamma, beta, runningMean, runningVar, eps: state.eps });
  const unfoldedOut = batchNorm2d(z, { training: false, weight: gamma, bias: beta, runningMean, runningVar, eps: state.eps }).output;
  const foldedOut = conv2d(rgb, folded.weight, folded.bias);
  resultOnly(unfoldedOut.data);
  resultOnly(foldedOut.data);
  let maxAbsOutput = 0;
  for (const v of unfoldedOut.data) maxAbsOutput = Math.max(maxAbsOutput, Math.abs(v));
  return { ...fold, folded, unfoldedOut, foldedOut, maxDiff: maxAbsDiff(foldedOut.data, unfoldedOut.data), maxAbsOutput };
}

/** Whether `reapplyAffine(prev, state)` applies: `prev` has a batch, and `state` differs from its state only in γ and β. */
export function affineApplies(prev: BnResults, raw: BnState): boolean {
  if (!prev.batch || !prev.train || !prev.eval || !prev.running || !prev.folding || prev.dataError) return false;
  const state = normaliseState(raw);
  return sameState({ ...prev.state, gamma: state.gamma, beta: state.beta }, state);
}

/**
 * The results for `state` from the results of a state that differs only in γ and β — the same last steps compute
 * takes (affineTail, foldTail), applied to the earlier result's x̂ and folding input. Cheap (two affine passes and a
 * small conv), so the page runs it in the input event itself and a γ/β slider repaints without a worker round trip.
 * A folding demo still pending (an earlier batch's, compute.ts) stays as it is: the 'full' pass brings it.
 * Null when it does not apply (anything else changed, or the earlier result has no batch).
 */
export function reapplyAffine(prev: BnResults, raw: BnState): BnResults | null {
  const state = normaliseState(raw);
  if (!affineApplies(prev, state) || !prev.batch || !prev.train || !prev.eval || !prev.running || !prev.folding) return null;
  const normalisedOf = (l: LayerResult): Normalised => ({ base: l.base, error: l.error, errorParam: l.errorParam, xhat: l.xhat, mean: l.mean, variance: l.variance, xhatStats: l.xhatStats });
  return {
    ...prev,
    state,
    ...affineTail({ x: prev.batch.x, train: normalisedOf(prev.train), eval: normalisedOf(prev.eval) }, state),
    folding: prev.pending.includes('folding') ? prev.folding : foldTail(foldBaseOf(prev.folding), state, prev.running),
  };
}
